# cover-table.awk prints the coverage table of make cover from the profiles
# of its runs (bin/cover-RUN.out): each run against the statements of its
# own build, as go tool cover reports it, and against all statements of
# both builds, the set the merged figure is of.
FNR == 1 {
	run = FILENAME
	sub(/.*cover-/, "", run)
	sub(/\.out$/, "", run)
	runs[++nruns] = run
	next
}
{
	stmts[$1] = $2
	inrun[run, $1] = 1
	if ($3 > 0) {
		covered[run, $1] = 1
		any[$1] = 1
	}
}
END {
	for (block in stmts) all += stmts[block]
	for (block in any) merged += stmts[block]
	printf "%-9s %21s %8s %14s\n", "", "its build's statements", "", "all statements"
	for (i = 1; i <= nruns; i++) {
		run = runs[i]
		own = 0; hit = 0
		for (block in stmts) {
			if ((run, block) in inrun) {
				own += stmts[block]
				if ((run, block) in covered) hit += stmts[block]
			}
		}
		printf "%-9s %10d/%-5d %6.1f%%   %12.1f%%\n", run, hit, own, 100 * hit / own, 100 * hit / all
	}
	printf "%-9s %10d/%-5d %6s    %12.1f%%\n", "merged", merged, all, "", 100 * merged / all
	print "Each run covers its own build: native has no js/wasm files, so its first figure is of fewer"
	print "statements; the last column measures every run against the same set, all " all " statements"
	print "of both builds, where merged counts a statement covered when any run covered it."
}
