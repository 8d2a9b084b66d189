#!/bin/sh
# Pinned diagnostics: every directory under tests/bad/ is a project with an
# `args` file (the command line), an `expected` file (the exact stderr) and
# a `status` file (the exit code).  Bad input must give exactly that, with
# nothing on stdout.  The search path in "unknown dialect" messages varies
# by machine and is replaced by DIRS.  Regenerate with UPDATE_GOLDEN=1, then
# read every changed file.
#
# `args` is read as sh words (quotes work: --var 'x=a b', ''), without
# globbing.  Optional files in a case directory:
#   setup         a script run with `sh setup` in the case's copy before
#                 migsql, for what git and a tarball cannot hold (symlinks,
#                 modes, NUL bytes, CR, a 5 MB file)
#   stdout        the exact stdout, for tricky input that is accepted; when
#                 absent stdout must be empty.  UPDATE_GOLDEN=1 rewrites it
#                 only where it exists.
#   unprivileged  when we are root, run migsql as nobody (root reads
#                 chmod-000 files); the copy is readable to nobody except
#                 what setup makes unreadable
# Each case runs in a fresh copy of its directory (the source tree may be
# read-only), under `timeout 10`, and must leave the copy with exactly the
# files it had before the run: no partial output, no temporary left behind.
# shellcheck disable=SC2154 # top_srcdir comes from the environment
. "$top_srcdir/tests/lib.sh"

# Valgrind runs (make check-valgrind) are slower: they set a longer limit.
LIMIT=${MIGSQL_TEST_TIMEOUT:-10}
ROOT=false
[ "$(id -u)" = 0 ] && ROOT=true

# listing DIR: every path under DIR, sorted, then a checksum of every
# regular file that can be read.
listing() {
	(cd "$1" && find . -print 2>/dev/null | LC_ALL=C sort &&
	    find . -type f -exec cksum {} + 2>/dev/null | LC_ALL=C sort)
}

for dir in "$top_srcdir"/tests/bad/*/; do
	name=$(basename "$dir")
	work=$T_TMP/case/$name
	mkdir -p "$T_TMP/case"
	if ! cp -PR "$dir" "$work" || ! chmod -R u+w "$work"; then
		fail "$name: cannot copy the case"
		continue
	fi
	priv=
	if [ -f "$work/unprivileged" ] && $ROOT; then
		priv="setpriv --reuid=$(id -u nobody) --regid=$(id -g nobody) --clear-groups"
		chmod a+rx "$T_TMP/case"
		chmod -R a+rX "$work"
	fi
	if [ -f "$work/setup" ] && ! (cd "$work" && sh ./setup) >"$T_TMP/setup.out" 2>&1; then
		fail "$name: setup failed"
		cat "$T_TMP/setup.out"
		continue
	fi
	listing "$work" >"$T_TMP/before"
	set -f
	eval "set -- $(cat "$dir/args")"
	set +f
	# shellcheck disable=SC2086
	(cd "$work" && exec timeout "$LIMIT" $priv "$MIGSQL" "$@") \
		>"$T_TMP/out" 2>"$T_TMP/err.raw" </dev/null
	status=$?
	listing "$work" >"$T_TMP/after"
	sed 's/(looked in .*)$/(looked in DIRS)/' "$T_TMP/err.raw" >"$T_TMP/err"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$T_TMP/err" "$dir/expected"
		echo "$status" >"$dir/status"
		[ -f "$dir/stdout" ] && cp "$T_TMP/out" "$dir/stdout"
	fi
	if [ -f "$dir/stdout" ]; then
		out_ok=false
		cmp -s "$T_TMP/out" "$dir/stdout" && out_ok=true
	else
		out_ok=true
		[ -s "$T_TMP/out" ] && out_ok=false
	fi
	if [ "$status" = 124 ]; then
		fail "$name: migsql did not finish within ${LIMIT}s (killed)"
	elif ! cmp -s "$T_TMP/before" "$T_TMP/after"; then
		fail "$name: exit $status, and the run changed the case's files"
		diff -u "$T_TMP/before" "$T_TMP/after"
	elif [ "$status" = "$(cat "$dir/status")" ] &&
	    cmp -s "$T_TMP/err" "$dir/expected" && $out_ok; then
		pass "$name (exit $status)"
	else
		fail "$name: exit $status (want $(cat "$dir/status"))"
		diff -u "$dir/expected" "$T_TMP/err"
		if [ -f "$dir/stdout" ]; then
			$out_ok || diff -u "$dir/stdout" "$T_TMP/out" | head -40
		else
			$out_ok || echo "stdout was not empty"
		fi
	fi
	chmod -R u+rwX "$work" 2>/dev/null
	rm -rf "$work"
done
finish
