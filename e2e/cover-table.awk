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
	printf "%-9s %9s %10s %10s\n", "", "covered", "its build", "all"
	for (i = 1; i <= nruns; i++) {
		run = runs[i]
		own = 0; hit = 0
		for (block in stmts) {
			if ((run, block) in inrun) {
				own += stmts[block]
				if ((run, block) in covered) hit += stmts[block]
			}
		}
		printf "%-9s %9s %9.1f%% %9.1f%%\n", run, hit "/" own, 100 * hit / own, 100 * hit / all
	}
	printf "%-9s %9s %10s %9.1f%%\n", "merged", merged "/" all, "", 100 * merged / all
	print "Statements covered. \"its build\": of the statements the run's own build has, as go tool cover"
	print "says; the native build has none of the js/wasm files, so it is of fewer statements. \"all\": of"
	print "all " all " statements of both builds, the same set for every run and for merged, which counts"
	print "a statement covered when any run covered it."
}
