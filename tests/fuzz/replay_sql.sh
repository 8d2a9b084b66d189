#!/bin/bash
# shellcheck disable=SC2317 # replay_one and as_user run under xargs
# tests/fuzz/replay_sql.sh -- replays the `sql` target's inputs through the
# real psql and sqlite3 shell: the oracle that no reimplementation of their
# lexers can be (fuzz_sql.c checks migsql's readers against themselves and
# against a copy of the shell's line reader; only the programs themselves
# say what they run).
#
# usage: tests/fuzz/replay_sql.sh [BUILDDIR] [INPUT...]
#
#   BUILDDIR   run.sh's build directory (default ./fuzz-build): its
#              bin/fuzz_sql writes the scripts, replay/ receives them
#   INPUT      corpus directories or files (default: BUILDDIR/corpus/sql)
#
# fuzz_sql (with $MIGSQL_FUZZ_SQL_DUMP) writes, for each input whose
# snippet client_check_sql() accepts and whose scripts pass its oracles,
# two scripts: one with the frame's payloads, one with the snippet
# payloads (statements that carry "\! touch PWNED" or a line ".shell touch
# PWNED" inside quotes).  Each script, psql's and sqlite3's alike, is then
# run by both programs (a script given to the wrong client must not run a
# command either), without the frame's "\set ON_ERROR_STOP on" and ".bail
# on" so that a failing statement does not stop the reading, each in a
# directory of its own.  A hit is any of: a file PWNED there (psql ran
# \!), sqlite3 refusing to run .shell (it runs in -safe mode, which stops
# at the attempt), psql's "invalid command \..." or sqlite3's "unknown
# command" (each read a client command that the frame did not write).
# Hits are copied to BUILDDIR/replay/hits/ with the clients' output.
#
# Environment:
#   PGHOST PGPORT PGUSER PGDATABASE  where psql connects: a scratch
#               database, since the snippets' SQL runs there (as the
#               fuzzer wrote it).  When psql cannot connect it is skipped.
#   RUN_AS      an unprivileged user to run both clients as (runuser;
#               recommended: the SQL and any command a hit runs are the
#               fuzzer's)
#   REPLAY_JOBS how many scripts run at once (default 2)
set -u
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi

build=${1:-fuzz-build}
[ $# -gt 0 ] && shift
build=$(cd "$build" && pwd) || exit 2
bin=$build/bin/fuzz_sql
if [ ! -x "$bin" ]; then
	echo "replay_sql.sh: no $bin: run tests/fuzz/run.sh $build sql first" >&2
	exit 2
fi
inputs=("$@")
[ ${#inputs[@]} -gt 0 ] || inputs=("$build/corpus/sql")
jobs=${REPLAY_JOBS:-2}
out=$build/replay
rm -rf "$out"
mkdir -p "$out/scripts" "$out/runs" "$out/hits" || exit 2

echo "replay_sql.sh: writing the scripts of ${inputs[*]}"
if ! MIGSQL_FUZZ_SQL_DUMP=$out/scripts "$bin" -runs=0 "${inputs[@]}" \
    >"$out/dump.log" 2>&1; then
	echo "replay_sql.sh: fuzz_sql stopped (a finding?): see $out/dump.log" >&2
	exit 1
fi

use_psql=1
if ! command -v psql >/dev/null ||
    ! psql -X -q -c 'SELECT 1' >/dev/null 2>&1; then
	echo "replay_sql.sh: psql cannot connect (PGHOST, PGUSER, ...): skipped" >&2
	use_psql=0
fi
if ! command -v sqlite3 >/dev/null; then
	echo "replay_sql.sh: no sqlite3: skipped" >&2
	use_sqlite=0
else
	use_sqlite=1
fi
export out use_psql use_sqlite
export RUN_AS=${RUN_AS:-}
export PGOPTIONS="${PGOPTIONS:-} -c statement_timeout=2000"

# as_user CMD...: runs CMD as $RUN_AS when set.
as_user() {
	if [ -n "$RUN_AS" ]; then
		runuser -u "$RUN_AS" -- "$@"
	else
		"$@"
	fi
}

# replay_one SCRIPT: runs it with both clients; prints a line per hit.
replay_one() {
	local s=$1 name dir hit=""
	name=$(basename "$s" .sql)
	dir=$out/runs/$name
	mkdir -p "$dir"
	grep -v -x -e '\\set ON_ERROR_STOP on' -e '\.bail on' "$s" >"$dir/script.sql"
	[ -n "$RUN_AS" ] && chown -R "$RUN_AS" "$dir"
	if [ "$use_psql" = 1 ]; then
		(cd "$dir" && as_user timeout 30 psql -X -q -f script.sql \
		    >psql.out 2>&1 </dev/null)
		compgen -G "$dir/PWNED*" >/dev/null && hit="$hit psql-ran-\\!"
		grep -q 'invalid command [\]' "$dir/psql.out" &&
		    hit="$hit psql-invalid-command"
	fi
	if [ "$use_sqlite" = 1 ]; then
		(cd "$dir" && as_user timeout 30 sqlite3 -safe :memory: \
		    <script.sql >sqlite3.out 2>&1)
		grep -q 'cannot run \.shell' "$dir/sqlite3.out" &&
		    hit="$hit sqlite3-ran-.shell"
		grep -q 'unknown command or invalid arguments' \
		    "$dir/sqlite3.out" && hit="$hit sqlite3-unknown-command"
	fi
	if [ -n "$hit" ]; then
		cp -r "$dir" "$out/hits/$name"
		cp "$s" "$out/hits/$name/original.sql"
		echo "HIT $name:$hit"
	else
		rm -rf "$dir"
	fi
}
export -f replay_one as_user

n=$(find "$out/scripts" -type f -name '*.sql' | wc -l)
on_off=(off on)
echo "replay_sql.sh: $n scripts, psql ${on_off[$use_psql]}," \
    "sqlite3 ${on_off[$use_sqlite]}, $jobs at once"
# shellcheck disable=SC2016
find "$out/scripts" -type f -name '*.sql' -print0 | sort -z |
    xargs -0 -n 1 -P "$jobs" bash -c 'replay_one "$1"' _ |
    tee "$out/hits.txt"
hits=$(grep -c '^HIT' "$out/hits.txt")
if [ "$hits" = 0 ]; then
	echo "replay_sql.sh: $n scripts replayed, no hit"
	exit 0
fi
echo "replay_sql.sh: $n scripts replayed, $hits hit(s), in $out/hits/"
exit 1
