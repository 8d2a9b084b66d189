#!/bin/sh
# Pinned diagnostics: every directory under tests/bad/ is a project with an
# `args` file (the command line), an `expected` file (the exact stderr) and
# a `status` file (the exit code).  Bad input must give exactly that, with
# nothing on stdout.  The search path in "unknown dialect" messages varies
# by machine and is replaced by DIRS.  Regenerate with UPDATE_GOLDEN=1, then
# read every changed file.
. "$top_srcdir/tests/lib.sh"

for dir in "$top_srcdir"/tests/bad/*/; do
	name=$(basename "$dir")
	args=$(cat "$dir/args")
	# shellcheck disable=SC2086
	(cd "$dir" && exec "$MIGSQL" $args) >"$T_TMP/out" 2>"$T_TMP/err.raw"
	status=$?
	sed 's/(looked in .*)$/(looked in DIRS)/' "$T_TMP/err.raw" >"$T_TMP/err"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$T_TMP/err" "$dir/expected"
		echo "$status" >"$dir/status"
	fi
	if [ "$status" = "$(cat "$dir/status")" ] &&
	    cmp -s "$T_TMP/err" "$dir/expected" && [ ! -s "$T_TMP/out" ]; then
		pass "$name (exit $status)"
	else
		fail "$name: exit $status (want $(cat "$dir/status"))"
		diff -u "$dir/expected" "$T_TMP/err"
		[ -s "$T_TMP/out" ] && echo "stdout was not empty"
	fi
done
finish
