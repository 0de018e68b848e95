// Package web holds the pages and scripts of web/ (the demo page, the
// cross-check harness, the benchmark page and the shim's JavaScript),
// embedded, so that the servers that serve them (make serve, the cross-check,
// make bench) serve these files and nothing else from the disk.
package web

import "embed"

// Files are web/'s pages, scripts and style sheets, at the root of the FS.
//
//go:embed *.html *.js *.css
var Files embed.FS
