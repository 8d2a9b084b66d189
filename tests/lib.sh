# tests/lib.sh -- shared helpers for the shell tests (sourced, not run).
#
# Counts checks and prints the closing line "N passed, N failed" (and
# ", N skipped"), then exits non-zero on any failure.  A test that needs an
# engine that is missing skips visibly; with CI=true a skip is a failure.

: "${MIGSQL:?MIGSQL must point at the built binary}"
: "${top_srcdir:?top_srcdir must be set}"

T_PASS=0
T_FAIL=0
T_SKIP=0
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/migsql-test.XXXXXX")
chmod 755 "$T_TMP"

pass() { T_PASS=$((T_PASS + 1)); echo "ok - $*"; }
fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL - $*"; }

skip_all() {
	echo "SKIP: $*"
	if [ "${CI:-}" = true ]; then
		echo "FAIL: CI=true and a real-engine test skipped"
		exit 1
	fi
	exit 77
}

# skip_check DESCRIPTION: a check that cannot run here, shown and counted;
# with CI=true a failure, as a skipped real-engine test is.
skip_check() {
	if [ "${CI:-}" = true ]; then
		fail "$* (skipped, and CI=true)"
	else
		T_SKIP=$((T_SKIP + 1))
		echo "skip - $*"
	fi
}

# check DESCRIPTION COMMAND...: passes when COMMAND succeeds.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

finish() {
	if [ "$T_SKIP" -gt 0 ]; then
		echo "$T_PASS passed, $T_FAIL failed, $T_SKIP skipped"
	else
		echo "$T_PASS passed, $T_FAIL failed"
	fi
	[ "$T_FAIL" -eq 0 ]
}

# --- PostgreSQL: a throwaway cluster on a Unix socket in a temp dir -------

PG_BIN=
pg_find() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/initdb" ] && PG_BIN=$d
	done
	[ -n "$PG_BIN" ] && command -v psql >/dev/null 2>&1
}

# Runs a command as the postgres system user when we are root (initdb and
# postgres refuse to run as root), else as ourselves.
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_start() {
	PG_DIR=$T_TMP/pg
	PG_SOCK=$T_TMP/pgsock
	mkdir -p "$PG_DIR" "$PG_SOCK"
	if [ "$(id -u)" = 0 ]; then
		chown postgres "$PG_DIR" "$PG_SOCK"
	fi
	pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust \
		--no-sync >"$T_TMP/initdb.log" 2>&1 || return 1
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
		-o "-c listen_addresses='' -k $PG_SOCK -c fsync=off" start \
		>"$T_TMP/pgctl.log" 2>&1 || return 1
	trap pg_stop EXIT
	export PGHOST=$PG_SOCK PGUSER=postgres PGDATABASE=postgres
}

pg_stop() {
	if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
		pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop \
			>/dev/null 2>&1
	fi
	rm -rf "$T_TMP"
}

# psql_q SQL: runs SQL, prints unaligned tuples only.
psql_q() { psql -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }
