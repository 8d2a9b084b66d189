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

# --- MariaDB: a throwaway server on a Unix socket in a temp dir ------------
# No networking, no option files read (--no-defaults everywhere, so that a
# ~/.my.cnf or /etc/mysql cannot change what the tests see), root over the
# socket with no password.

MARIA_BIN= MARIA_INSTALL= MARIA_CLIENT= MARIA_ADMIN=
maria_find() {
	local d
	for d in $(echo "$PATH" | tr ':' ' ') /usr/sbin /usr/bin; do
		[ -z "$MARIA_BIN" ] && [ -x "$d/mariadbd" ] && MARIA_BIN=$d/mariadbd
		[ -z "$MARIA_INSTALL" ] && [ -x "$d/mariadb-install-db" ] &&
		    MARIA_INSTALL=$d/mariadb-install-db
		[ -z "$MARIA_CLIENT" ] && [ -x "$d/mariadb" ] && MARIA_CLIENT=$d/mariadb
		[ -z "$MARIA_ADMIN" ] && [ -x "$d/mariadb-admin" ] &&
		    MARIA_ADMIN=$d/mariadb-admin
	done
	[ -n "$MARIA_BIN" ] && [ -n "$MARIA_INSTALL" ] && [ -n "$MARIA_CLIENT" ] &&
	    [ -n "$MARIA_ADMIN" ]
}

# maria_start: mariadb-install-db, then mariadbd in the background; waits
# (up to 30 s) until mariadb-admin ping answers.  Returns 1 if it does not
# (the logs are under $T_TMP/maria), having stopped what it started.
maria_start() {
	local user i
	MARIA_DIR=$T_TMP/maria
	MARIA_SOCK=$MARIA_DIR/sock
	mkdir -p "$MARIA_DIR"
	user=$(id -un)
	trap maria_stop EXIT
	"$MARIA_INSTALL" --no-defaults --datadir="$MARIA_DIR/data" --user="$user" \
	    --auth-root-authentication-method=normal --skip-test-db \
	    >"$MARIA_DIR/install.log" 2>&1 || return 1
	# A tmpdir of its own: the server's temporary tables (information_
	# schema queries make them) are files there, and /tmp is shared with
	# every other test running at the same time.
	mkdir -p "$MARIA_DIR/tmp"
	set -- --no-defaults --datadir="$MARIA_DIR/data" --socket="$MARIA_SOCK" \
	    --tmpdir="$MARIA_DIR/tmp" \
	    --skip-networking --pid-file="$MARIA_DIR/pid" \
	    --log-error="$MARIA_DIR/error.log" --innodb-buffer-pool-size=32M \
	    --innodb-log-file-size=8M --character-set-server=utf8mb4 \
	    --collation-server=utf8mb4_general_ci
	[ "$(id -u)" = 0 ] && set -- "$@" --user=root
	"$MARIA_BIN" "$@" >"$MARIA_DIR/stdout.log" 2>&1 &
	MARIA_PID=$!
	i=0
	while [ "$i" -lt 300 ]; do
		i=$((i + 1))
		"$MARIA_ADMIN" --no-defaults -S "$MARIA_SOCK" -u root ping \
		    >/dev/null 2>&1 && return 0
		kill -0 "$MARIA_PID" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# maria_stop: kills the server (its pid file's pid, else the one started),
# waits (up to 30 s) for it to exit, removes $T_TMP.
maria_stop() {
	local pid i
	if [ -n "${MARIA_DIR:-}" ]; then
		pid=$(cat "$MARIA_DIR/pid" 2>/dev/null)
		pid=${pid:-${MARIA_PID:-}}
		if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
			kill -9 "$pid" 2>/dev/null
			# Our child: wait reaps it (kill -0 succeeds on a zombie).
			[ "$pid" = "${MARIA_PID:-}" ] && wait "$pid" 2>/dev/null
			i=0
			while [ "$i" -lt 300 ]; do
				i=$((i + 1))
				kill -0 "$pid" 2>/dev/null || break
				sleep 0.1
			done
		fi
	fi
	rm -rf "$T_TMP"
}

# maria_q SQL: runs SQL as root, prints tab-separated rows, no header.
maria_q() {
	"$MARIA_CLIENT" --no-defaults -S "$MARIA_SOCK" -u root -N -B -e "$1"
}
