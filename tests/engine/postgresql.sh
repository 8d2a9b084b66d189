#!/bin/sh
# Real-engine test: every example's scripts applied with plain `psql -X -f`
# to a throwaway PostgreSQL cluster this test starts (initdb + pg_ctl, Unix
# socket in a temp dir) and stops.  No ON_ERROR_STOP on the command line:
# the scripts must protect themselves.
. "$top_srcdir/tests/lib.sh"
command -v bash >/dev/null || skip_all "bash not found"
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

pg_find || skip_all "PostgreSQL server binaries (initdb) or psql not found"
pg_start || { cat "$T_TMP"/*.log; skip_all "could not start PostgreSQL"; }
DIALECT=postgresql
DB=migsql_test

db_reset() {
	dropdb --if-exists "$DB" >/dev/null 2>&1
	createdb "$DB"
}
db_apply() { psql -X -d "$DB" -f "$1" >>"$T_TMP/psql.log" 2>&1; }
db_exec() { psql -X -q -d "$DB" -v ON_ERROR_STOP=1 -c "$1" >/dev/null; }
db_query() { psql -X -q -At -d "$DB" -c "$1"; }
db_schema() {
	pg_dump --schema-only --no-owner --exclude-table=alembic_version \
	    -d "$DB" | grep -v -E '^(--|SET |SELECT pg_catalog|\\(un)?restrict |$)'
}
db_versions() {
	if [ -n "$(db_query "SELECT to_regclass('alembic_version')")" ]; then
		db_query "SELECT version_num FROM alembic_version ORDER BY 1" |
		    paste -sd, -
	fi
}
db_apply_concurrently() {
	local key="('x' || substr(md5('migsql:' || 'alembic_version'), 1, 15))::bit(60)::bigint"
	# Hold the script's advisory lock so that both runs are waiting on it
	# at once, then let them go.
	psql -X -q -d "$DB" -c "SELECT pg_advisory_lock($key); SELECT pg_sleep(2);" \
	    >/dev/null 2>&1 &
	local holder=$!
	sleep 0.5
	db_apply "$1" & local a=$!
	db_apply "$2" & local b=$!
	wait "$holder"
	wait "$a"; local ra=$?
	wait "$b"; local rb=$?
	echo "$ra $rb"
}

. "$top_srcdir/tests/engine/suite.sh"
for ex in sark shop; do
	suite_example "$ex"
done
finish
