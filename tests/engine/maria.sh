# tests/engine/maria.sh -- sourced by the MariaDB real-engine test programs
# (mariadb.sh: suite.sh's checks on every example and fixture;
# mariadb-faults.sh: the guard, the lock, reruns after a failure or a
# killed client, --force, hostile execute SQL).  Every one applies scripts
# with plain `mariadb --no-defaults -S SOCK -u root migsql_test < FILE` to a
# throwaway server it starts (mariadb-install-db + mariadbd, Unix socket in
# a temp dir, no networking) and stops.  No --force on the command line:
# the scripts must protect themselves.  (`migsql schema` output, which has
# no frame, is loaded the same way: the client stops at the first error
# when it reads a file from stdin without --force.)
# bash first: lib.sh makes $T_TMP, which a re-exec would leave behind.
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then
	exec bash "$0" "$@"
fi
. "$top_srcdir/tests/lib.sh"
[ -n "${BASH_VERSION:-}" ] || skip_all "bash not found"

maria_find || skip_all "MariaDB server binaries (mariadbd, mariadb-install-db) or the mariadb client not found"
maria_start || {
	cat "$T_TMP"/maria/*.log 2>/dev/null | tail -n 20
	skip_all "could not start MariaDB"
}
DIALECT=mariadb
DB=migsql_test

# maria_client ARGS...: the client, on our server, in the test database.
maria_client() {
	"$MARIA_CLIENT" --no-defaults -S "$MARIA_SOCK" -u root "$@" "$DB"
}
# maria_client_exec ARGS...: the same, replacing the shell, so that
# `(maria_client_exec ...) &` gives the client's own pid in $! (a function
# run in the background is a subshell with the client as its child:
# kill -9 $! would leave the client running).
maria_client_exec() {
	exec "$MARIA_CLIENT" --no-defaults -S "$MARIA_SOCK" -u root "$@" "$DB"
}
db_reset() {
	maria_q "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB"
}
db_apply() { maria_client <"$1" >>"$T_TMP/mariadb.log" 2>&1; }
db_apply_log() { maria_client <"$1" >"$2" 2>&1; }	# FILE LOG
# db_apply_force FILE LOG: as a DBA who wants the rest run "anyway".
db_apply_force() { maria_client --force <"$1" >"$2" 2>&1; }
db_load() { maria_client <"$1" >"$T_TMP/load.log" 2>&1; }
db_exec() { maria_client -N -B -e "$1" >/dev/null; }
db_query() { maria_client -N -B -e "$1"; }
db_table_exists() {	# the name as a string literal, quotes doubled
	local q
	q=$(printf '%s' "$1" | sed "s/\\\\/\\\\\\\\/g; s/'/''/g")
	test "$(db_query "SELECT count(*) FROM information_schema.TABLES
	    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '$q'")" = 1
}

# The user schema from information_schema, one line per item, sorted by
# bytes within each section; the version table left out.  Values as the
# client prints them in batch mode (tab, newline and backslash escaped),
# so that every item stays on one line; "(none)" for SQL NULL.
#   table|T|ENGINE|ROW_FORMAT|COLLATION|CREATE_OPTIONS
#   column|T|POSITION|NAME|COLUMN_TYPE|NULL or NOT NULL|DEFAULT|EXTRA|
#     CHARSET|COLLATION|GENERATION_EXPRESSION
#     (EXTRA holds auto_increment, STORED/VIRTUAL GENERATED, ON UPDATE;
#     the table's AUTO_INCREMENT counter is in no line: it moves with
#     the rows, not the schema)
#   index|T|NAME|UNIQUE or -|TYPE|COL[(SUB_PART)][ DESC],...
#     (not an index named after a foreign key of its table: InnoDB's own
#     index for the key, which is part of the key, and which the scripts
#     add when the key would lose its last index, as PostgreSQL keeps a
#     key without one; it goes with the key)
#   foreign key|T|NAME|COLS|REF_TABLE|REF_COLS|ON DELETE R|ON UPDATE R
#   check|T|NAME|LEVEL|CLAUSE
#   view|NAME|DEFINITION|CHECK_OPTION
#   trigger|T|NAME|TIMING EVENT|STATEMENT
#   routine|NAME|TYPE
#   comment|T|TEXT  and  comment|T.COL|TEXT  (non-empty comments only)
cat >"$T_TMP/schema.sql" <<'SQL'
SELECT CONCAT_WS('|', 'table', TABLE_NAME, IFNULL(ENGINE, '(none)'),
    IFNULL(ROW_FORMAT, '(none)'), IFNULL(TABLE_COLLATION, '(none)'),
    IFNULL(CREATE_OPTIONS, '')) AS l
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
  AND TABLE_NAME <> 'alembic_version'
ORDER BY CAST(l AS BINARY);
SELECT CONCAT_WS('|', 'column', c.TABLE_NAME, c.ORDINAL_POSITION, c.COLUMN_NAME,
    c.COLUMN_TYPE, IF(c.IS_NULLABLE = 'YES', 'NULL', 'NOT NULL'),
    IFNULL(c.COLUMN_DEFAULT, '(none)'), c.EXTRA,
    IFNULL(c.CHARACTER_SET_NAME, '-'), IFNULL(c.COLLATION_NAME, '-'),
    IFNULL(c.GENERATION_EXPRESSION, '-')) AS l
FROM information_schema.COLUMNS c
WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME <> 'alembic_version'
ORDER BY CAST(c.TABLE_NAME AS BINARY), c.ORDINAL_POSITION;
SELECT l FROM (SELECT CONCAT_WS('|', 'index', TABLE_NAME, INDEX_NAME,
    IF(MAX(NON_UNIQUE) = 0, 'UNIQUE', '-'), MAX(INDEX_TYPE),
    GROUP_CONCAT(CONCAT(COLUMN_NAME, IFNULL(CONCAT('(', SUB_PART, ')'), ''),
        IF(COLLATION = 'D', ' DESC', ''))
      ORDER BY SEQ_IN_INDEX SEPARATOR ',')) AS l
FROM information_schema.STATISTICS s
WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'alembic_version'
  AND NOT EXISTS (SELECT 1 FROM information_schema.REFERENTIAL_CONSTRAINTS r
    WHERE r.CONSTRAINT_SCHEMA = s.TABLE_SCHEMA AND r.TABLE_NAME = s.TABLE_NAME
      AND r.CONSTRAINT_NAME = s.INDEX_NAME)
GROUP BY TABLE_NAME, INDEX_NAME) AS x
ORDER BY CAST(l AS BINARY);
SELECT l FROM (SELECT CONCAT_WS('|', 'foreign key', k.TABLE_NAME, k.CONSTRAINT_NAME,
    GROUP_CONCAT(k.COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ','),
    MAX(k.REFERENCED_TABLE_NAME),
    GROUP_CONCAT(k.REFERENCED_COLUMN_NAME ORDER BY k.ORDINAL_POSITION SEPARATOR ','),
    CONCAT('ON DELETE ', MAX(r.DELETE_RULE)), CONCAT('ON UPDATE ', MAX(r.UPDATE_RULE))) AS l
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.TABLE_NAME = k.TABLE_NAME
 AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
GROUP BY k.TABLE_NAME, k.CONSTRAINT_NAME) AS x
ORDER BY CAST(l AS BINARY);
SELECT CONCAT_WS('|', 'check', TABLE_NAME, CONSTRAINT_NAME, LEVEL, CHECK_CLAUSE) AS l
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME <> 'alembic_version'
ORDER BY CAST(l AS BINARY);
SELECT CONCAT_WS('|', 'view', TABLE_NAME, VIEW_DEFINITION, CHECK_OPTION) AS l
FROM information_schema.VIEWS WHERE TABLE_SCHEMA = DATABASE()
ORDER BY CAST(l AS BINARY);
SELECT CONCAT_WS('|', 'trigger', EVENT_OBJECT_TABLE, TRIGGER_NAME,
    CONCAT(ACTION_TIMING, ' ', EVENT_MANIPULATION), ACTION_STATEMENT) AS l
FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()
ORDER BY CAST(l AS BINARY);
SELECT CONCAT_WS('|', 'routine', ROUTINE_NAME, ROUTINE_TYPE) AS l
FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
ORDER BY CAST(l AS BINARY);
SELECT l FROM (
  SELECT CONCAT_WS('|', 'comment', TABLE_NAME, TABLE_COMMENT) AS l
  FROM information_schema.TABLES
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'
    AND TABLE_NAME <> 'alembic_version' AND TABLE_COMMENT <> ''
  UNION ALL
  SELECT CONCAT_WS('|', 'comment', CONCAT(TABLE_NAME, '.', COLUMN_NAME), COLUMN_COMMENT)
  FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'alembic_version'
    AND COLUMN_COMMENT <> '') AS x
ORDER BY CAST(l AS BINARY);
SQL
db_schema() {
	maria_client -N -B <"$T_TMP/schema.sql" 2>>"$T_TMP/db_schema.err" ||
	    echo "db_schema failed" >>"$T_TMP/db_schema.err"
}
# One client per call.  The version table may be missing: the query is
# chosen on the server (a prepared statement) rather than by a second call.
# Sorted as bytes.
db_versions() {
	maria_client -N -B <<'SQL'
SET @migsql_q = IF((SELECT count(*) FROM information_schema.TABLES
    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'alembic_version') = 1,
  'SELECT IFNULL(GROUP_CONCAT(version_num ORDER BY CAST(version_num AS BINARY) SEPARATOR '',''), '''') FROM alembic_version',
  'SELECT ''''');
PREPARE migsql_s FROM @migsql_q;
EXECUTE migsql_s;
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
# progress of a revision that is part way, kept in the version table's
# comment: e.g. "f1 (migsql: upgrade f2: 1 of 3 parts applied)".
db_state() {
	printf '%s%s\n' "$(db_versions)" "$(db_query "SELECT IF(TABLE_COMMENT = '',
	    '', CONCAT(' (', TABLE_COMMENT, ')')) FROM information_schema.TABLES
	    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'alembic_version'")"
}
# The session lock every script takes first, as the spec writes it.
LOCK_NAME="CONCAT('migsql:', MD5(CONCAT(DATABASE(), '.', 'alembic_version')))"
RESUMES=1
DDL_COMMITS=1	# suite.sh: each DDL statement commits on its own

# wait_for SQL: polls (up to 30 s) until the query prints 1.
wait_for() {
	local i
	for ((i = 0; i < 300; i++)); do
		[ "$(db_query "$1")" = 1 ] && return 0
		sleep 0.1
	done
	return 1
}

. "$top_srcdir/tests/engine/suite.sh"
