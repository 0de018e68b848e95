// Package counted is a fixture of countTests.
package counted
