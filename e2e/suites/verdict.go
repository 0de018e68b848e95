package suites

// problems returns what fails the run, one sentence each: a package that
// fails in Node, which leaves the browsers nothing to be held to; a
// package Node passes that one of our browsers fails without a leftOut
// entry; and an entry whose package passes in its browser now.
func problems(pkgs []string, runners []runner, results map[key]result, entries []leftOut) []string {
	var out []string
	for _, pkg := range pkgs {
		node, ok := results[key{pkg, "node"}]
		if !ok {
			continue
		}
		if !node.passed {
			out = append(out, pkg+" fails in Node, the reference the browsers are held to")
			continue
		}
		for _, r := range runners {
			res, ok := results[key{pkg, r.name}]
			if !ok || !r.ours {
				continue
			}
			reason := leftOutReason(entries, pkg, r.name)
			switch {
			case !res.passed && reason == "":
				out = append(out, pkg+" passes in Node but fails in "+r.title)
			case res.passed && reason != "":
				out = append(out, pkg+" passes in "+r.title+" now: remove its leftOuts entry ("+reason+")")
			}
		}
	}
	return out
}
