# tests/engine/pg.sh -- sourced by the PostgreSQL real-engine test programs
# (postgresql-1.sh to -4.sh: the examples and fixtures, a quarter each;
# postgresql-faults.sh: locks, timeouts, interrupted runs, variables), so
# that each of them stays well under a minute on two cores.  Every one
# applies scripts with plain `psql -X -f` to a throwaway PostgreSQL cluster
# it starts (initdb + pg_ctl, Unix socket in a temp dir) and stops.  No
# ON_ERROR_STOP on the command line: the scripts must protect themselves.
# (`migsql schema` output, which has no frame, is loaded as a user would:
# psql -X -v ON_ERROR_STOP=1 -f.)
# bash first: lib.sh makes $T_TMP, which a re-exec would leave behind.
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then
	exec bash "$0" "$@"
fi
. "$top_srcdir/tests/lib.sh"
[ -n "${BASH_VERSION:-}" ] || skip_all "bash not found"

pg_find || skip_all "PostgreSQL server binaries (initdb) or psql not found"
pg_start || { cat "$T_TMP"/*.log; skip_all "could not start PostgreSQL"; }
DIALECT=postgresql
DB=migsql_test

db_reset() {
	dropdb --if-exists "$DB" >/dev/null 2>&1
	createdb "$DB"
}
db_apply() { psql -X -d "$DB" -f "$1" >>"$T_TMP/psql.log" 2>&1; }
db_apply_log() { psql -X -d "$DB" -f "$1" >"$2" 2>&1; }	# FILE LOG
RESUMES=1
db_load() {
	psql -X -v ON_ERROR_STOP=1 -d "$DB" -f "$1" >"$T_TMP/load.log" 2>&1
}
db_exec() { psql -X -q -d "$DB" -v ON_ERROR_STOP=1 -c "$1" >/dev/null; }
db_query() { psql -X -q -At -d "$DB" -c "$1"; }
db_table_exists() {	# psql quotes the name (:'name'), read from stdin
	test "$(echo "SELECT count(*) FROM pg_class WHERE relname = :'name' AND relkind = 'r';" |
	    psql -X -q -At -d "$DB" -v name="$1")" = 1
}

# The user schema from the catalogs, one line per object, each section
# sorted with the C collation: non-public schemas; enum (labels in order),
# domain and other user-defined types; relations (kind, UNLOGGED, row level
# security, storage options); columns
# (position among the live columns, type with modifiers, NOT NULL, default
# expression, identity, generated, non-default collation); constraints
# (table, name, pg_get_constraintdef: kind, columns, check expression,
# referenced table and columns, actions, deferrability, NOT VALID); indexes
# (pg_get_indexdef: unique, method, columns or expressions, predicate; and
# INVALID); views (definition, whitespace folded); comments on relations
# and columns; functions; triggers.  The version table, its constraint and
# index are left out.
#
# Not pg_dump: it names an identity column's sequence, which keeps the name
# of the table it was created with (rename_table does not rename it), so
# `migsql schema` after a rename_table could never match it; here the
# column's identity is compared instead, and such sequences are left out.
cat >"$T_TMP/schema.sql" <<'SQL'
\pset footer off
SELECT format('schema|%I', nspname) COLLATE "C" AS l FROM pg_namespace
WHERE nspname NOT IN ('public', 'information_schema') AND nspname NOT LIKE 'pg\_%'
ORDER BY l;
SELECT (format('type|%I.%I|', n.nspname, t.typname) ||
  CASE t.typtype
    WHEN 'e' THEN 'enum (' || coalesce((SELECT string_agg(quote_literal(e.enumlabel),
        ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '') || ')'
    WHEN 'd' THEN 'domain ' || format_type(t.typbasetype, t.typtypmod) ||
        CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END ||
        coalesce(' DEFAULT ' || t.typdefault, '')
    ELSE 'typtype ' || t.typtype::text END) COLLATE "C" AS l
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
  AND (t.typtype IN ('e', 'd', 'r', 'm') OR (t.typtype = 'c' AND
       (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
ORDER BY l;
CREATE TEMP VIEW migsql_rel AS
SELECT c.oid, c.relkind, c.relpersistence, c.relrowsecurity, c.reloptions,
  format('%I.%I', n.nspname, c.relname) COLLATE "C" AS name
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
  AND NOT (c.relname = 'alembic_version' AND c.relkind IN ('r', 'p'))
  AND NOT (c.relkind = 'i' AND EXISTS (SELECT 1 FROM pg_index x JOIN pg_class t
      ON t.oid = x.indrelid WHERE x.indexrelid = c.oid AND t.relname = 'alembic_version'))
  AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'i'));
SELECT 'relation|' || name || '|' || relkind::text
  || CASE relpersistence WHEN 'u' THEN ' UNLOGGED' WHEN 't' THEN ' TEMP' ELSE '' END
  || CASE WHEN relrowsecurity THEN ' ROW LEVEL SECURITY' ELSE '' END
  || coalesce(' WITH ' || array_to_string(reloptions, ','), '') AS l
FROM migsql_rel WHERE relkind <> 'i' ORDER BY l;
SELECT 'column|' || r.name || '|' || row_number() OVER (PARTITION BY r.oid ORDER BY a.attnum)
  || format('|%I|', a.attname) || format_type(a.atttypid, a.atttypmod)
  || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE ' NULL' END
  || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
  || CASE a.attidentity WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY'
       WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY' ELSE '' END
  || CASE WHEN a.attgenerated = 's' THEN ' STORED' ELSE '' END
  || CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation
       THEN ' COLLATE ' || a.attcollation::regcollation::text ELSE '' END
FROM migsql_rel r JOIN pg_attribute a ON a.attrelid = r.oid
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE r.relkind IN ('r', 'p', 'v', 'm', 'f') AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY r.name, a.attnum;
SELECT ('constraint|' || coalesce(r.name, format_type(c.contypid, NULL))
  || format('|%I|', c.conname) || pg_get_constraintdef(c.oid)) COLLATE "C" AS l
FROM pg_constraint c LEFT JOIN migsql_rel r ON r.oid = c.conrelid
WHERE (r.oid IS NOT NULL OR c.contypid <> 0) AND c.connamespace IN (SELECT oid
  FROM pg_namespace WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\_%')
ORDER BY l;
SELECT 'index|' || r.name || '|' || pg_get_indexdef(x.indexrelid)
  || CASE WHEN x.indisvalid THEN '' ELSE ' INVALID' END AS l
FROM pg_index x JOIN migsql_rel r ON r.oid = x.indrelid
JOIN migsql_rel i ON i.oid = x.indexrelid
ORDER BY l;
SELECT 'view|' || r.name || '|'
  || regexp_replace(pg_get_viewdef(r.oid), '\s+', ' ', 'g') AS l
FROM migsql_rel r WHERE r.relkind IN ('v', 'm') ORDER BY l;
SELECT 'comment|' || r.name
  || CASE WHEN a.attname IS NULL THEN '' ELSE format('.%I', a.attname) END || '|'
  || d.description AS l
FROM pg_description d
JOIN migsql_rel r ON d.classoid = 'pg_class'::regclass AND d.objoid = r.oid
LEFT JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum = d.objsubid
  AND d.objsubid > 0
ORDER BY l;
SELECT ('function|' || p.oid::regprocedure::text) COLLATE "C" AS l FROM pg_proc p
JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\_%'
ORDER BY l;
SELECT 'trigger|' || r.name || '|' || pg_get_triggerdef(g.oid) AS l FROM pg_trigger g
JOIN migsql_rel r ON r.oid = g.tgrelid WHERE NOT g.tgisinternal
ORDER BY l;
SQL
db_schema() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" -f "$T_TMP/schema.sql" \
	    2>>"$T_TMP/db_schema.err" || echo "db_schema failed" >>"$T_TMP/db_schema.err"
}
# One psql per call (the suite asks for the version set very often).
db_versions() {
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" <<'SQL'
SELECT to_regclass('alembic_version') IS NOT NULL AS migsql_has \gset
\if :migsql_has
SELECT string_agg(version_num, ',' ORDER BY version_num COLLATE "C")
FROM alembic_version HAVING count(*) > 0;
\endif
SQL
}
db_apply_concurrently() {
	db_apply "$1" & local a=$!
	db_apply "$2" & local b=$!
	wait "$a"; local ra=$?
	wait "$b"; local rb=$?
	echo "$ra $rb"
}
# The version state as the scripts compare it: the version set, then the
# progress of a revision that is part way, e.g. "c1 (migsql: upgrade c2:
# 1 of 3 parts applied)".
db_state() {
	db_query "SELECT coalesce(string_agg(version_num, ','), '') ||
	    coalesce(' (' || obj_description('alembic_version'::regclass,
	    'pg_class') || ')', '') FROM alembic_version"
}
LOCK_KEY="('x' || substr(md5('migsql:' || 'alembic_version'), 1, 15))::bit(60)::bigint"

# wait_for SQL: polls (up to 30 s) until the query returns t.
wait_for() {
	local i
	for ((i = 0; i < 300; i++)); do
		[ "$(db_query "$1")" = t ] && return 0
		sleep 0.1
	done
	return 1
}

# refused_at_lock WHAT SCRIPT PID: SCRIPT, run while process PID holds
# the migration lock, must fail at once: before timeout(1) stops it (a
# run that waited would never end, the holder letting go only when the
# test says so), while PID still runs, saying another run holds the lock.
refused_at_lock() {
	local rc
	timeout 60 psql -X -d "$DB" -f "$2" >"$T_TMP/refused.log" 2>&1
	rc=$?
	check "$1: fails" test "$rc" != 0 -a "$rc" != 124
	check "$1: at once, while the other still holds the lock" kill -0 "$3"
	check "$1: saying another run is migrating the database" \
	    grep -q "another run is migrating this database" "$T_TMP/refused.log"
}

# The advisory lock: while another session holds it, a run fails at once
# with a message saying so, changing nothing (waiting for it could deadlock
# with a run building an index concurrently: engines.md).
pg_lock_fails_fast() {
	local s=$T_TMP/lock-fast holder f
	mkdir -p "$s"
	(cd "$top_srcdir/examples/sark" &&
	    "$MIGSQL" upgrade heads -d postgresql) >"$s/up.sql"
	(cd "$top_srcdir/examples/sark" &&
	    "$MIGSQL" upgrade heads -d postgresql --transaction-per-revision) \
	    >"$s/per-rev.sql"
	for f in up per-rev; do
		db_reset
		psql -X -q -d "$DB" -c "SELECT pg_advisory_lock($LOCK_KEY), pg_sleep(120);" \
		    >/dev/null 2>&1 &
		holder=$!
		wait_for "SELECT count(*) = 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
		refused_at_lock "lock ($f)" "$s/$f.sql" "$holder"
		check "lock ($f): nothing was changed" test -z "$(db_schema)"
		check "lock ($f): no version table" test -z "$(db_versions)"
		db_query "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_advisory_lock(%pg_sleep(120)%' AND pid <> pg_backend_pid()" >/dev/null
		wait "$holder"
		check "lock ($f): the same script runs once the lock is free" \
		    db_apply "$s/$f.sql"
	done
}

# lock_timeout: a run whose DDL waits for a lock an application holds (a
# transaction writing to users, whose ROW EXCLUSIVE lock conflicts with a
# foreign key to users) fails with PostgreSQL's lock timeout, having
# changed nothing, instead of waiting for the holder (who lets go only
# when the test ends its session, after the run).
pg_lock_timeout() {
	local s=$T_TMP/lock-timeout holder rc
	mkdir -p "$s"
	db_reset
	(cd "$top_srcdir/examples/sark" &&
	    "$MIGSQL" upgrade 5d1f0a8c3b72 -d postgresql) >"$s/first.sql"
	(cd "$top_srcdir/examples/sark" &&
	    "$MIGSQL" upgrade 5d1f0a8c3b72:heads -d postgresql --lock-timeout 300ms) >"$s/up.sql"
	check "lock_timeout: the script sets it" \
	    grep -q "^SET LOCAL lock_timeout = '300ms';$" "$s/up.sql"
	db_apply "$s/first.sql"
	db_schema >"$s/before"
	psql -X -q -d "$DB" -c "BEGIN; LOCK TABLE users IN ROW EXCLUSIVE MODE; SELECT pg_sleep(120); COMMIT;" \
	    >/dev/null 2>&1 &
	holder=$!
	wait_for "SELECT count(*) = 1 FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = 'users' AND l.mode = 'RowExclusiveLock'"
	timeout 60 psql -X -d "$DB" -f "$s/up.sql" >"$T_TMP/psql.log" 2>&1
	rc=$?
	db_query "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%LOCK TABLE users IN ROW EXCLUSIVE MODE%pg_sleep(120)%' AND pid <> pg_backend_pid()" >/dev/null
	wait "$holder"
	check "lock_timeout: the run fails while the lock is held" test "$rc" != 0
	check "lock_timeout: with PostgreSQL's lock timeout error" \
	    grep -q "canceling statement due to lock timeout" "$T_TMP/psql.log"
	db_schema >"$s/after"
	same_text "lock_timeout: nothing was changed" "$s/before" "$s/after"
	check "lock_timeout: the version is the first revision's" \
	    test "$(db_versions)" = 5d1f0a8c3b72
	check "lock_timeout: the same script runs once the lock is free" \
	    db_apply "$s/up.sql"
}

# Statements outside a transaction (tests/engine/fixtures/concurrently;
# round trips and schema equivalence come from suite_all).  To stop a run
# inside its CREATE INDEX CONCURRENTLY, a session in the same database
# holds a snapshot (pg_sleep): the build waits for every transaction with
# an older snapshot before it marks the index valid (PostgreSQL 15 docs,
# CREATE INDEX, "Building Indexes Concurrently"), so the test sees the run
# waiting there, with the index built but INVALID, then kills it:
#   killed, client and server: the index stays INVALID; the rerun of the
#     same script drops it and builds it again;
#   client killed, its server process left to finish: the index is VALID
#     but c2 is not recorded; the rerun keeps the index and records c2.
#     This run starts at base (script base:heads), so the rerun also
#     skips c1, a whole revision before the one part way.
# During the first, a second run of the same script fails at once at the
# lock, changing nothing; a script that expects c1 itself is refused.
CIC="query LIKE 'CREATE INDEX CONCURRENTLY items_n_idx%'"
snapshot_hold() {
	psql -X -q -d "$DB" -c "SELECT pg_sleep(120);" >/dev/null 2>&1 &
	HOLDER=$!
	wait_for "SELECT count(*) = 1 FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(120);' AND state = 'active'"
}
snapshot_release() {
	db_query "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(120);'" >/dev/null
	wait "$HOLDER"
}
index_valid() {	# index_valid NAME: t, f, or nothing when there is none
	db_query "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('$1')"
}
pg_concurrently() {
	local dir=$top_srcdir/tests/engine/fixtures/concurrently
	local s=$T_TMP/concurrently run before mode
	local at_c2="c1 (migsql: upgrade c2: 1 of 3 parts applied)"
	mkdir -p "$s"
	(cd "$dir" && "$MIGSQL" upgrade c1 -d postgresql --var rows=100000) >"$s/c1.sql"
	(cd "$dir" && "$MIGSQL" upgrade c1:heads -d postgresql) >"$s/server.sql"
	(cd "$dir" && "$MIGSQL" upgrade heads -d postgresql --var rows=100000) >"$s/client.sql"
	(cd "$dir" && "$MIGSQL" downgrade c1:base -d postgresql) >"$s/down.sql"
	check "concurrently: the header says why each revision commits on its own" \
	    grep -q "^-- create_index at versions/c2_index_n.yaml:10 (concurrently: true) cannot run in a transaction:$" \
	    "$s/server.sql"
	for mode in server client; do
		db_reset
		[ "$mode" = server ] && db_apply "$s/c1.sql"
		snapshot_hold
		psql -X -d "$DB" -f "$s/$mode.sql" >"$s/run1.log" 2>&1 &
		run=$!
		if wait_for "SELECT count(*) = 1 FROM pg_stat_activity WHERE $CIC AND wait_event_type = 'Lock'"; then
			pass "concurrently ($mode): the run waits in CREATE INDEX CONCURRENTLY"
		else
			fail "concurrently ($mode): the run waits in CREATE INDEX CONCURRENTLY"
			kill -9 "$run"; snapshot_release; continue
		fi
		check "concurrently ($mode): 100000 rows" \
		    test "$(db_query 'SELECT count(*) FROM items')" = 100000
		check "concurrently ($mode): c2's first part is committed" \
		    test "$(db_state)" = "$at_c2"
		if [ "$mode" = server ]; then
			before=$(db_state; db_schema)
			refused_at_lock "concurrently: a second run during the build" \
			    "$s/$mode.sql" "$run"
			check "concurrently: the second run changed nothing" \
			    test "$(db_state; db_schema)" = "$before"
		fi
		kill -9 "$run"
		wait "$run" 2>/dev/null
		if [ "$mode" = server ]; then
			db_query "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE $CIC" >/dev/null
			snapshot_release
			check "concurrently (server): the killed build left an INVALID index" \
			    test "$(index_valid items_n_idx)" = f
		else
			snapshot_release
			check "concurrently (client): the server finished the build" \
			    wait_for "SELECT count(*) = 0 FROM pg_stat_activity WHERE $CIC"
			check "concurrently (client): the index is VALID" \
			    test "$(index_valid items_n_idx)" = t
		fi
		check "concurrently ($mode): the version state is c1, c2 part way" \
		    test "$(db_state)" = "$at_c2"
		db_apply_log "$s/down.sql" "$s/down.log"
		check "concurrently ($mode): a script that expects c1 is refused, naming the progress" \
		    grep -q "the database is at $at_c2, this script expects c1" "$s/down.log"
		check "concurrently ($mode): the same script runs again and finishes" \
		    db_apply_log "$s/$mode.sql" "$s/rerun.log"
		if [ "$mode" = server ]; then
			check "concurrently (server): the rerun dropped the INVALID index and built it again" \
			    grep -q "index items_n_idx is INVALID (its build was interrupted): dropping it and building it again" \
			    "$s/rerun.log"
		else
			check "concurrently (client): the rerun skipped c1" \
			    grep -q "c1 is applied already: skipping it" "$s/rerun.log"
			check "concurrently (client): the rerun kept the VALID index" \
			    grep -q "index items_n_idx was built by the run that stopped and is valid: keeping it" \
			    "$s/rerun.log"
		fi
		check "concurrently ($mode): the version is c3, nothing part way" \
		    test "$(db_state)" = c3
		check "concurrently ($mode): every index is valid" test \
		    "$(db_query 'SELECT bool_and(indisvalid) FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid WHERE c.relname = '"'items'")" = t
		check "concurrently ($mode): items_label_key and items_flagged_idx are there" \
		    test "$(index_valid items_label_key)$(index_valid items_flagged_idx)" = tt
	done
}

. "$top_srcdir/tests/engine/suite.sh"

# tests/engine/fixtures/index-methods-postgresql: each option reaches the
# catalog (the model and round-trip checks compare migsql with itself;
# here the server says what it made).
pg_index_methods() {
	local dir=$top_srcdir/tests/engine/fixtures/index-methods-postgresql
	local s=$T_TMP/index-methods def
	mkdir -p "$s"
	(cd "$dir" && "$MIGSQL" upgrade m1 -d postgresql) >"$s/up.sql"
	db_reset
	check "index methods: m1 applies" db_load "$s/up.sql"
	for def in \
	    "docs_body_gin|gin|{fastupdate=false,gin_pending_list_limit=128}" \
	    "docs_tags_live_gin|gin|" "docs_search_gist|gist|" \
	    "docs_created_brin|brin|{pages_per_range=32}" \
	    "docs_email_hash|hash|" \
	    "docs_email_tenant_key|btree|{fillfactor=70}"; do
		check "index methods: ${def%%|*} is ${def#*|}" test "$(db_query \
		    "SELECT c.relname || '|' || a.amname || '|' || coalesce(c.reloptions::text, '') FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE c.relname = '${def%%|*}'")" = "$def"
	done
	check "index methods: the partial GIN index has its predicate" \
	    test "$(db_query "SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = 'docs_tags_live_gin'::regclass")" = "(NOT archived)"
	check "index methods: INCLUDE (tenant) and NULLS NOT DISTINCT" \
	    test "$(db_query "SELECT format('%s/%s/%s/%s', indnkeyatts, indnatts, indisunique, indnullsnotdistinct) FROM pg_index WHERE indexrelid = 'docs_email_tenant_key'::regclass")" = "1/2/t/t"
	db_exec "INSERT INTO docs (id, email) VALUES (1, NULL)"
	check "index methods: NULLS NOT DISTINCT refuses a second NULL email" \
	    not db_exec "INSERT INTO docs (id, email) VALUES (2, NULL)"
}

# tests/engine/fixtures/not-valid and constraint-options-postgresql: the
# server says what each constraint option made (convalidated,
# condeferrable, the definition pg_get_constraintdef gives back).
pg_constraint_options() {
	local nv=$top_srcdir/tests/engine/fixtures/not-valid
	local co=$top_srcdir/tests/engine/fixtures/constraint-options-postgresql
	local s=$T_TMP/constraint-options
	local valid="SELECT string_agg(conname || '=' || convalidated, ',' ORDER BY conname) FROM pg_constraint WHERE conname IN ('orders_qty_positive', 'orders_buyer_id_fkey')"
	mkdir -p "$s"
	(cd "$nv" && "$MIGSQL" upgrade n2 -d postgresql) >"$s/n2.sql"
	(cd "$nv" && "$MIGSQL" upgrade n2:n3 -d postgresql) >"$s/n3.sql"
	(cd "$nv" && "$MIGSQL" downgrade n3:n2 -d postgresql) >"$s/back.sql"
	db_reset
	check "not valid: n2 applies" db_apply "$s/n2.sql"
	check "not valid: both constraints are NOT VALID after n2" \
	    test "$(db_query "$valid")" = "orders_buyer_id_fkey=false,orders_qty_positive=false"
	check "not valid: the NOT VALID check still refuses a new bad row" \
	    not db_exec "INSERT INTO orders (id, user_id, buyer_id, qty) VALUES (12, 1, 1, 0)"
	check "not valid: the column's foreign key is DEFERRABLE" \
	    test "$(db_query "SELECT condeferrable FROM pg_constraint WHERE conname = 'orders_user_id_fkey'")" = t
	check "not valid: n3 validates them" db_apply "$s/n3.sql"
	check "not valid: both constraints are valid after n3" \
	    test "$(db_query "$valid")" = "orders_buyer_id_fkey=true,orders_qty_positive=true"
	check "not valid: the downgrade applies" db_apply "$s/back.sql"
	check "not valid: the downgrade makes them NOT VALID again" \
	    test "$(db_query "$valid")" = "orders_buyer_id_fkey=false,orders_qty_positive=false"
	(cd "$co" && "$MIGSQL" upgrade o1 -d postgresql) >"$s/o1.sql"
	db_reset
	check "constraint options: o1 applies" db_apply "$s/o1.sql"
	check "constraint options: the unique constraint as written" \
	    test "$(db_query "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'accounts_email_key'")" = \
	    "UNIQUE NULLS NOT DISTINCT (email) INCLUDE (tenant) DEFERRABLE"
	check "constraint options: the foreign key as written" \
	    test "$(db_query "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'members_account_fkey'")" = \
	    "FOREIGN KEY (account_id, account_region) REFERENCES accounts(id, region) MATCH FULL DEFERRABLE INITIALLY DEFERRED"
}

# tests/engine/fixtures/identity-postgresql: identity, serial and computed
# columns as the server made them.
pg_generated_columns() {
	local dir=$top_srcdir/tests/engine/fixtures/identity-postgresql
	local s=$T_TMP/generated
	mkdir -p "$s"
	(cd "$dir" && "$MIGSQL" upgrade i2 -d postgresql) >"$s/up.sql"
	db_reset
	check "generated: i2 applies" db_apply "$s/up.sql"
	check "generated: invoices.id is SERIAL (a sequence's nextval default)" \
	    test "$(db_query "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid = 'invoices'::regclass AND a.attname = 'id'")" = \
	    "nextval('invoices_id_seq'::regclass)"
	check "generated: invoices.number is ALWAYS, from 1000 by 10" \
	    test "$(db_query "SELECT format('%s/%s/%s', a.attidentity, s.seqstart, s.seqincrement) FROM pg_attribute a, pg_sequence s WHERE a.attrelid = 'invoices'::regclass AND a.attname = 'number' AND s.seqrelid = pg_get_serial_sequence('invoices', 'number')::regclass")" = "a/1000/10"
	check "generated: the row got number 1000 and total 10.00" \
	    test "$(db_query "SELECT number || '/' || total FROM invoices")" = "1000/10.00"
	check "generated: an ALWAYS identity refuses a value" \
	    not db_exec "INSERT INTO invoices (number, price, qty) VALUES (1, 1, 1)"
	check "generated: total is a stored generated column" \
	    test "$(db_query "SELECT attgenerated FROM pg_attribute WHERE attrelid = 'invoices'::regclass AND attname = 'total'")" = s
	check "generated: i2 made tags.legacy_no an identity from 500" \
	    test "$(db_query "SELECT format('%s/%s', a.attidentity, s.seqstart) FROM pg_attribute a, pg_sequence s WHERE a.attrelid = 'tags'::regclass AND a.attname = 'legacy_no' AND s.seqrelid = pg_get_serial_sequence('tags', 'legacy_no')::regclass")" = "d/500"
}

# tests/engine/fixtures/exclude-postgresql: create_exclude_constraint makes
# an exclusion constraint (contype 'x') as written, which refuses an
# overlapping row and lets a cancelled one by (its WHERE); the downgrade
# inferred from x2's drop_constraint adds it back whole; x3's column
# element follows its column's rename.
pg_exclude() {
	local dir=$top_srcdir/tests/engine/fixtures/exclude-postgresql
	local s=$T_TMP/exclude
	local def="SELECT format('%s|%s|%s|%s', contype, condeferrable, condeferred, pg_get_constraintdef(oid)) FROM pg_constraint WHERE conname = 'booking_no_overlap'"
	local want="x|t|t|EXCLUDE USING gist (int4range(lo, hi) WITH &&) WHERE ((NOT cancelled)) DEFERRABLE INITIALLY DEFERRED"
	mkdir -p "$s"
	(cd "$dir" && "$MIGSQL" upgrade x1 -d postgresql) >"$s/x1.sql"
	(cd "$dir" && "$MIGSQL" upgrade x1:x3 -d postgresql) >"$s/x3.sql"
	(cd "$dir" && "$MIGSQL" downgrade x3:x1 -d postgresql) >"$s/back.sql"
	db_reset
	check "exclude: x1 applies" db_apply "$s/x1.sql"
	check "exclude: booking_no_overlap is an exclusion constraint as written" \
	    test "$(db_query "$def")" = "$want"
	db_exec "INSERT INTO booking (id, lo, hi) VALUES (1, 1, 5)"
	check "exclude: an overlapping row is refused" \
	    not db_exec "INSERT INTO booking (id, lo, hi) VALUES (2, 3, 8)"
	check "exclude: a cancelled overlapping row is let by (WHERE NOT cancelled)" \
	    db_exec "INSERT INTO booking (id, lo, hi, cancelled) VALUES (3, 3, 8, true)"
	check "exclude: x2 and x3 apply" db_apply "$s/x3.sql"
	check "exclude: x2 dropped booking_no_overlap" test -z "$(db_query "$def")"
	check "exclude: x3's constraint names the renamed column" \
	    test "$(db_query "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'booking_span_excl'")" = \
	    "EXCLUDE USING gist (slot WITH &&)"
	check "exclude: the downgrade to x1 applies" db_apply "$s/back.sql"
	check "exclude: the downgrade added booking_no_overlap back whole" \
	    test "$(db_query "$def")" = "$want"
	check "exclude: ... and it refuses an overlapping row again" \
	    not db_exec "INSERT INTO booking (id, lo, hi) VALUES (4, 4, 6)"
}
