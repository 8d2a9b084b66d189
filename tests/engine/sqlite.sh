#!/bin/sh
# Real-engine test: every example's scripts applied with plain
# `sqlite3 DB < FILE`.  No -bail on the command line: the scripts must
# protect themselves.  Runs once as is and once with PRAGMA foreign_keys=ON
# in the session, as a user's .sqliterc may set it.  Besides suite.sh's
# checks (steps, guards, `migsql schema` against the upgrade, round trips),
# table rebuilds with rows in the tables (fixtures/rebuild, below).
# bash first: lib.sh makes $T_TMP, which a re-exec would leave behind.
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then
	exec bash "$0" "$@"
fi
. "$top_srcdir/tests/lib.sh"
[ -n "${BASH_VERSION:-}" ] || skip_all "bash not found"

command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 not found"
trap 'rm -rf "$T_TMP"' EXIT
DIALECT=sqlite
FK=OFF

db_reset() { rm -f "$T_TMP/db.sqlite"; }
db_apply() {
	sqlite3 -cmd "PRAGMA foreign_keys=$FK" "$T_TMP/db.sqlite" <"$1" \
	    >>"$T_TMP/sqlite.log" 2>&1
}
db_load() {
	sqlite3 -bail -cmd "PRAGMA foreign_keys=$FK" "$T_TMP/db.sqlite" <"$1" \
	    >"$T_TMP/load.log" 2>&1
}
db_exec() { sqlite3 -bail "$T_TMP/db.sqlite" "$1"; }
db_query() { sqlite3 "$T_TMP/db.sqlite" "$1"; }

# The schema as SQLite describes it (PRAGMA table_info, index_list,
# index_info, foreign_key_list) plus what only the CREATE text holds,
# normalised.  Not the raw CREATE text: ALTER TABLE rewrites it (RENAME
# quotes the new name, ADD COLUMN appends the column after the table
# constraints), and a rebuilt table's text comes from the rebuild, so the
# same schema reached by different paths (`migsql schema REV` against
# `upgrade base:REV`, or a round trip) has differently written CREATE
# statements.  From the text, sql_normalise keeps, one line each and
# sorted, every constraint with its name (or "-"): PRIMARY KEY (with
# AUTOINCREMENT, which no PRAGMA shows), UNIQUE, CHECK (whose expression no
# PRAGMA shows), FOREIGN KEY, written the same whether declared on the
# column or on the table; COLLATE and GENERATED; table options (STRICT,
# WITHOUT ROWID); and the CREATE INDEX, VIEW and TRIGGER statements
# (expression columns and WHERE of an index are in no PRAGMA).  Normalised
# means tokens: whitespace and comments dropped, names unquoted and, like
# keywords, upper-cased (SQLite's names are case-insensitive); string
# literals as written.  NOT NULL, DEFAULT and the declared type come from
# PRAGMA table_info.
USER_TABLES="m.type = 'table' AND m.name NOT IN ('alembic_version', 'sqlite_sequence')"
db_schema() {
	db_query "SELECT 'column', m.name, p.cid, p.name, p.type, p.\"notnull\",
	    p.dflt_value, p.pk FROM sqlite_master m, pragma_table_info(m.name) p
	    WHERE $USER_TABLES ORDER BY m.name, p.cid;
	    SELECT 'index', m.name, il.name, il.\"unique\", il.origin,
	    il.partial, (SELECT group_concat(ii.name) FROM
	    pragma_index_info(il.name) ii) FROM sqlite_master m,
	    pragma_index_list(m.name) il WHERE $USER_TABLES ORDER BY 2, 3;
	    SELECT 'foreign key', m.name, fk.* FROM sqlite_master m,
	    pragma_foreign_key_list(m.name) fk WHERE $USER_TABLES
	    ORDER BY m.name, fk.id, fk.seq;
	    SELECT type, name, tbl_name FROM sqlite_master
	    WHERE type IN ('view', 'trigger') ORDER BY 1, 2"
	db_query "SELECT m.type || char(1) || m.tbl_name || char(1) || m.sql ||
	    char(2) FROM sqlite_master m WHERE m.sql IS NOT NULL AND
	    (($USER_TABLES) OR (m.type <> 'table' AND
	    m.tbl_name <> 'alembic_version')) ORDER BY m.type, m.name" |
	    sql_normalise | LC_ALL=C sort
} 2>>"$T_TMP/db_schema.err"
sql_normalise() { awk -f "$T_TMP/normalise.awk"; }
cat >"$T_TMP/normalise.awk" <<'AWK'
# sql_normalise: reads records TYPE \001 TABLE \001 SQL \002 (from
# sqlite_master).  A table: one line per constraint of its CREATE TABLE;
# anything else: "TYPE|TABLE|" and the statement's tokens.
function tokenize(s,    n, i, j, c, q, t, L) {
	split("", tok); n = 0; L = length(s); i = 1
	while (i <= L) {
		c = substr(s, i, 1)
		if (c ~ /[ \t\r\n]/) { i++; continue }
		if (substr(s, i, 2) == "--") {
			j = index(substr(s, i), "\n")
			if (j == 0) break
			i += j; continue
		}
		if (substr(s, i, 2) == "/*") {
			j = index(substr(s, i + 2), "*/")
			if (j == 0) break
			i += j + 3; continue
		}
		if (c == "'" || c == "\"" || c == "`" || c == "[") {
			q = (c == "[") ? "]" : c
			t = ""; i++
			while (i <= L) {
				c = substr(s, i, 1)
				if (c == q) {
					if (q != "]" && substr(s, i + 1, 1) == q) { t = t c c; i += 2; continue }
					i++; break
				}
				t = t c; i++
			}
			# A string literal stays as written; a quoted name is a name.
			tok[++n] = (q == "'") ? "'" t "'" : toupper(t)
			continue
		}
		if (c ~ /[A-Za-z0-9_$]/) {
			j = i
			while (j <= L && substr(s, j, 1) ~ /[A-Za-z0-9_$]/) j++
			tok[++n] = toupper(substr(s, i, j - i)); i = j; continue
		}
		if (c ~ /[<>=!|]/) {
			j = i
			while (j <= L && substr(s, j, 1) ~ /[<>=!|]/) j++
			tok[++n] = substr(s, i, j - i); i = j; continue
		}
		tok[++n] = c; i++
	}
	return n
}
function join(a, b,    k, r) {
	r = ""
	for (k = a; k <= b; k++) r = r (k > a ? " " : "") tok[k]
	return r
}
# Words that start a column constraint (or a clause skipped here).
function clause_start(k) {
	return tok[k] ~ /^(CONSTRAINT|PRIMARY|NOT|NULL|UNIQUE|CHECK|DEFAULT|COLLATE|REFERENCES|GENERATED|AS)$/ &&
	    !(tok[k] == "NOT" && tok[k + 1] == "DEFERRABLE") &&
	    !(tok[k] ~ /^(NULL|DEFAULT)$/ && tok[k - 1] == "SET") &&
	    !(tok[k] == "AS" && tok[k - 1] == "ALWAYS")
}
# End (exclusive) of the clause starting at k, within [k, e].
function clause_end(k, e,    d) {
	d = 0; k++
	for (; k <= e; k++) {
		if (tok[k] == "(") d++
		else if (tok[k] == ")") d--
		else if (d == 0 && clause_start(k)) return k
	}
	return k
}
function emit(tbl, name, def) { print "constraint|" tbl "|" name "|" def }
function column(tbl, a, e,    col, k, z, name) {
	col = tok[a]; name = "-"
	for (k = a + 1; k <= e && !clause_start(k); k++) ;	# the type
	while (k <= e) {
		z = clause_end(k, e)
		if (tok[k] == "CONSTRAINT") { name = tok[k + 1]; k += 2; continue }
		if (tok[k] == "PRIMARY")
			emit(tbl, name, "PRIMARY KEY ( " col " )" (z > k + 2 ? " " join(k + 2, z - 1) : ""))
		else if (tok[k] == "UNIQUE")
			emit(tbl, name, "UNIQUE ( " col " )" (z > k + 1 ? " " join(k + 1, z - 1) : ""))
		else if (tok[k] == "CHECK")	# the same on a column or the table
			emit(tbl, name, join(k, z - 1))
		else if (tok[k] == "COLLATE" || tok[k] == "GENERATED" || tok[k] == "AS")
			emit(tbl, name, join(k, z - 1) " ( " col " )")
		else if (tok[k] == "REFERENCES")
			emit(tbl, name, "FOREIGN KEY ( " col " ) " join(k, z - 1))
		# NOT NULL, NULL and DEFAULT: PRAGMA table_info has them.
		name = "-"
		k = z
	}
}
function table(tbl, n,    k, d, a) {
	for (k = 1; k <= n && tok[k] != "("; k++) ;
	d = 0; a = k + 1
	for (; k <= n; k++) {
		if (tok[k] == "(") { d++; continue }
		if (tok[k] == ")" && --d > 0) continue
		if (d == 1 && tok[k] == "," || d == 0) {
			if (tok[a] == "CONSTRAINT")
				emit(tbl, tok[a + 1], join(a + 2, k - 1))
			else if (tok[a] ~ /^(PRIMARY|UNIQUE|CHECK|FOREIGN)$/)
				emit(tbl, "-", join(a, k - 1))
			else
				column(tbl, a, k - 1)
			a = k + 1
			if (d == 0) break
		}
	}
	if (k < n) print "table options|" tbl "|" join(k + 1, n)
}
BEGIN { RS = "\002"; FS = "\001" }
NF >= 3 {
	sub(/^\n/, "", $1)
	n = tokenize($3)
	if ($1 == "table") table($2, n)
	else print $1 "|" $2 "|" join(1, n)
}
AWK
db_versions() {
	if [ -n "$(db_query "SELECT name FROM sqlite_master WHERE name = 'alembic_version'")" ]; then
		db_query "SELECT version_num FROM alembic_version ORDER BY 1" |
		    paste -sd, -
	fi
}
db_apply_concurrently() {
	db_apply "$1" & local a=$!
	db_apply "$2" & local b=$!
	wait "$a"; local ra=$?
	wait "$b"; local rb=$?
	echo "$ra $rb"
}

. "$top_srcdir/tests/engine/suite.sh"

# --- Table rebuilds with rows -----------------------------------------------
# tests/engine/fixtures/rebuild: parent, and child with a foreign key to it
# ON DELETE CASCADE, both with indexes.  R2 makes four changes to parent
# that SQLite can only make by rebuilding the table (NOT NULL on a column,
# a type change with `using`, a CHECK and a UNIQUE constraint); R3 rebuilds
# child (NOT NULL and a CHECK).  No revision has a `downgrade`: migsql
# infers the way back, which rebuilds both again.  With rows in both
# tables, under the session's foreign_keys OFF and ON: the rows stay as
# they are (a rebuild that drops the old parent while foreign keys are
# enforced deletes every child row by cascade), foreign_key_check finds
# nothing, the indexes are back, the new constraints hold, the parent's
# AUTOINCREMENT counter survives (a deleted id is not handed out again),
# and the four changes take one rebuild.
REBUILD=$top_srcdir/tests/engine/fixtures/rebuild
R1=0a1b2c3d4e5f R2=1b2c3d4e5f60 R3=2c3d4e5f6071

rows() {	# both tables, every column, in key order
	db_query "SELECT 'parent', id, code, amount, name FROM parent ORDER BY id"
	db_query "SELECT 'child', id, parent_id, qty, note FROM child ORDER BY id"
}
fk_clean() { test -z "$(db_query 'PRAGMA foreign_key_check')"; }
has_indexes() {	# has_indexes NAME...: every index NAME exists
	local n
	for n in "$@"; do
		test -n "$(db_query "SELECT name FROM sqlite_master WHERE type = 'index' AND name = '$n'")" ||
		    return 1
	done
}
# Statements creating a table in a rendered script, but for the version
# table and migsql's own temporary tables (CREATE TEMP TABLE).
create_tables() {
	grep -i -E '^[[:space:]]*CREATE[[:space:]]+TABLE' "$1" |
	    grep -c -v -i 'alembic_version'
}
# refused SQL: SQL fails with foreign keys enforced, and changes nothing.
refused() {
	! sqlite3 -bail -cmd "PRAGMA foreign_keys=ON" "$T_TMP/db.sqlite" \
	    "BEGIN; $1; ROLLBACK;" >/dev/null 2>&1
}
same_file() { cmp -s "$1" "$2"; }

suite_rebuild() {
	local p="rebuild (foreign_keys=$FK)" s=$T_TMP/rebuild.$FK seq
	mkdir -p "$s"
	cd "$REBUILD" || return
	chain_renders "$p" "rebuilds with rows" || return
	render "$s/up1.sql" upgrade "base:$R1" || return
	render "$s/up2.sql" upgrade "$R1:$R2" || return
	render "$s/up3.sql" upgrade "$R2:$R3" || return
	render "$s/down.sql" downgrade "$R3:$R1" || return

	db_reset
	check "$p: base:$R1 applies" db_apply "$s/up1.sql"
	db_schema >"$s/schema.1"
	db_exec "INSERT INTO parent (id, code, amount, name) VALUES
	    (1, 'A', '10', 'alpha'), (2, 'B', '20', 'beta'), (3, 'C', '0', 'gamma'),
	    (4, 'D', '5', 'delta');
	    DELETE FROM parent WHERE id = 4;
	    INSERT INTO child (id, parent_id, qty, note) VALUES
	    (1, 1, 2, 'x'), (2, 1, 1, NULL), (3, 2, 5, 'z'), (4, 3, 1, 'w');"
	rows >"$s/rows.1"
	seq=$(db_query "SELECT seq FROM sqlite_sequence WHERE name = 'parent'")

	# R2: the parent, four changes, one rebuild.
	check "$p: $R1:$R2 rebuilds parent with one CREATE TABLE" \
	    test "$(create_tables "$s/up2.sql")" = 1
	check "$p: $R1:$R2 applies" db_apply "$s/up2.sql"
	check "$p: version set is $R2" test "$(db_versions)" = "$R2"
	rows >"$s/rows.2"
	check "$p: parent rebuild keeps the rows of both tables" \
	    same_file "$s/rows.1" "$s/rows.2"
	check "$p: parent rebuild deletes no child row by cascade" \
	    test "$(db_query 'SELECT count(*) FROM child')" = 4
	check "$p: foreign_key_check finds nothing after the parent rebuild" fk_clean
	check "$p: parent's and child's indexes exist after the parent rebuild" \
	    has_indexes ix_parent_name ix_parent_lower_name ix_child_parent_id ix_child_noted
	check "$p: child's foreign key still references parent" \
	    test "$(db_query "SELECT \"table\" FROM pragma_foreign_key_list('child')")" = parent
	check "$p: amount converted with the using expression" \
	    test "$(db_query 'SELECT group_concat(DISTINCT typeof(amount)) FROM parent')" = integer
	check "$p: parent's AUTOINCREMENT counter kept" \
	    test "$(db_query "SELECT seq FROM sqlite_sequence WHERE name = 'parent'")" = "$seq"
	check "$p: parent.code is NOT NULL" \
	    refused "INSERT INTO parent (code, amount, name) VALUES (NULL, 1, 'n')"
	check "$p: ck_parent_amount_nonnegative holds" \
	    refused "INSERT INTO parent (code, amount, name) VALUES ('N', -1, 'n')"
	check "$p: uq_parent_code holds" \
	    refused "INSERT INTO parent (code, amount, name) VALUES ('A', 1, 'n')"
	check "$p: the foreign key holds" \
	    refused "INSERT INTO child (parent_id, qty) VALUES (99, 1)"

	# R3: the child.
	check "$p: $R2:$R3 rebuilds child with one CREATE TABLE" \
	    test "$(create_tables "$s/up3.sql")" = 1
	check "$p: $R2:$R3 applies" db_apply "$s/up3.sql"
	check "$p: version set is $R3" test "$(db_versions)" = "$R3"
	rows >"$s/rows.3"
	check "$p: child rebuild keeps the rows of both tables" \
	    same_file "$s/rows.1" "$s/rows.3"
	check "$p: foreign_key_check finds nothing after the child rebuild" fk_clean
	check "$p: indexes exist after the child rebuild" \
	    has_indexes ix_parent_name ix_parent_lower_name ix_child_parent_id ix_child_noted
	check "$p: child.qty is NOT NULL" \
	    refused "INSERT INTO child (parent_id, qty) VALUES (1, NULL)"
	check "$p: ck_child_qty_positive holds" \
	    refused "INSERT INTO child (parent_id, qty) VALUES (1, 0)"
	check "$p: the foreign key holds after the child rebuild" \
	    refused "INSERT INTO child (parent_id, qty) VALUES (99, 1)"

	# The inferred way back, through both rebuilds.
	check "$p: inferred downgrade $R3:$R1 applies" db_apply "$s/down.sql"
	check "$p: version set is $R1 again" test "$(db_versions)" = "$R1"
	rows >"$s/rows.back"
	check "$p: downgrade keeps the rows of both tables" \
	    same_file "$s/rows.1" "$s/rows.back"
	check "$p: amount cast back to text" \
	    test "$(db_query 'SELECT group_concat(DISTINCT typeof(amount)) FROM parent')" = text
	check "$p: foreign_key_check finds nothing after the downgrade" fk_clean
	check "$p: indexes exist after the downgrade" \
	    has_indexes ix_parent_name ix_parent_lower_name ix_child_parent_id ix_child_noted
	db_schema >"$s/schema.back"
	same_text "$p: downgrade restores the schema of $R1" \
	    "$s/schema.1" "$s/schema.back"
}

for FK in OFF ON; do
	echo "# PRAGMA foreign_keys=$FK"
	suite_all
	suite_rebuild
done
suite_db_schema_errors

# lock_timeout is the shell's .timeout: a run that finds the database
# locked by another writer fails after it, with SQLite's "database is
# locked", having changed nothing. The holder says when it has the write
# lock (a file it touches) and keeps it until told to let go (a file this
# test touches), so nothing here depends on how fast the machine is.
lite_lock_timeout() {
	local s=$T_TMP/lock-timeout holder rc i=0
	mkdir -p "$s"
	rm -f "$s/locked" "$s/release"
	db_reset
	FK=OFF
	(cd "$top_srcdir/examples/sark" &&
	    "$MIGSQL" upgrade heads -d sqlite --lock-timeout 300ms) >"$s/up.sql"
	check "lock_timeout: the script waits 300 ms for the lock" \
	    grep -q "^.timeout 300$" "$s/up.sql"
	db_exec "CREATE TABLE probe (n integer);"
	# .timeout: the holder waits for a probe of ours that has the
	# database at the moment it asks; .bail: no "locked" mark without
	# the lock. It waits for "release" 60 s at most.
	cat >"$s/hold.sh" <<EOF
touch "$s/locked"
i=0
while [ ! -e "$s/release" ] && [ \$i -lt 600 ]; do sleep 0.1; i=\$((i + 1)); done
EOF
	printf '%s\n' '.bail on' '.timeout 10000' 'BEGIN IMMEDIATE;' \
	    ".shell sh $s/hold.sh" 'COMMIT;' |
	    sqlite3 "$T_TMP/db.sqlite" >"$s/holder.log" 2>&1 &
	holder=$!
	while [ $i -lt 300 ] && [ ! -e "$s/locked" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	check "lock_timeout: the holder has the write lock" test -e "$s/locked"
	: >"$T_TMP/sqlite.log"
	db_apply "$s/up.sql"
	rc=$?
	touch "$s/release"
	wait "$holder"
	check "lock_timeout: the run fails while another writer holds the lock" \
	    test "$rc" != 0
	check "lock_timeout: with SQLite's 'database is locked'" \
	    grep -q "database is locked" "$T_TMP/sqlite.log"
	check "lock_timeout: nothing was changed" \
	    test "$(db_query "SELECT group_concat(name) FROM sqlite_master")" = probe
	check "lock_timeout: the same script runs once the lock is free" \
	    db_apply "$s/up.sql"
}
db_table_exists() {
	local q
	q=$(printf '%s' "$1" | sed "s/'/''/g")
	test "$(sqlite3 "$T_TMP/db.sqlite" \
	    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '$q'")" = 1
}
db_apply_log() {	# FILE LOG
	sqlite3 -cmd "PRAGMA foreign_keys=$FK" "$T_TMP/db.sqlite" <"$1" >"$2" 2>&1
}
# tests/engine/fixtures/literals: each stored value has exactly the bytes
# the YAML gave (CRs included, which the sqlite3 shell would drop before a
# line break if the script held them raw).
lite_literal_bytes() {
	local dir=$top_srcdir/tests/engine/fixtures/literals want got
	db_reset
	(cd "$dir" && "$MIGSQL" upgrade heads -d sqlite) >"$T_TMP/lit.sql" &&
	    db_load "$T_TMP/lit.sql"
	check "literals: the script applies" test $? = 0
	db_exec "INSERT INTO notes (id) VALUES (4)"
	want=$(printf 'crlf\r\nline|cr at the end\r|quote '"'"' and \\ and \t tab\r\n|a\r\nb\rc\nd' |
	    od -An -tx1 | tr -d ' \n')
	got=$(db_query "SELECT group_concat(body, '|') FROM (SELECT body FROM notes ORDER BY id)" |
	    od -An -tx1 | tr -d ' \n')
	# sqlite3 prints the value and a line break: drop the last byte.
	check "literals: SQLite stored the bytes of the YAML, CRs included" \
	    test "${got%0a}" = "$want"
}

# tests/engine/fixtures/enum-values: the rows of both tables that use the
# enum go through the rebuilds of add_enum_value and rename_enum_value
# (v3 renames sad to blue in every row, as PostgreSQL's RENAME VALUE
# does), the new CHECKs hold, and the inferred downgrade renames back.
lite_enum_values() {
	local dir=$top_srcdir/tests/engine/fixtures/enum-values s=$T_TMP/enum
	mkdir -p "$s"
	cd "$dir" || return
	render "$s/up1.sql" upgrade base:v1 || return
	render "$s/up3.sql" upgrade v1:v3 || return
	render "$s/down.sql" downgrade v3:v2 || return
	db_reset
	check "enum values: base:v1 applies" db_apply "$s/up1.sql"
	check "enum values: v1:v3 applies" db_apply "$s/up3.sql"
	check "enum values: the rename reached every row of both tables" test \
	    "$(db_query "SELECT group_concat(coalesce(mood, '-') || '/' || coalesce(was, '-'), ' ') FROM (SELECT mood, was FROM people ORDER BY id); SELECT mood FROM pets")" \
	    = "$(printf 'blue/- happy/blue ok/-\nblue')"
	check "enum values: the old value is refused" \
	    refused "INSERT INTO people (id, mood) VALUES (9, 'sad')"
	check "enum values: an added value is taken" \
	    db_exec "INSERT INTO pets (id, mood) VALUES (2, 'it''s fine'); DELETE FROM pets WHERE id = 2"
	check "enum values: the inferred downgrade v3:v2 applies" db_apply "$s/down.sql"
	check "enum values: ... and renames back in every row" test \
	    "$(db_query "SELECT group_concat(coalesce(mood, '-') || '/' || coalesce(was, '-'), ' ') FROM (SELECT mood, was FROM people ORDER BY id); SELECT mood FROM pets")" \
	    = "$(printf 'sad/- happy/sad ok/-\nsad')"
	check "enum values: ... and refuses the new name again" \
	    refused "INSERT INTO people (id, mood) VALUES (9, 'blue')"
}

# tests/engine/fixtures/computed: SQLite computes the generated columns,
# the rebuild of c2 keeps the row and its AUTOINCREMENT counter, and a
# value for a generated column is refused.
lite_computed() {
	local dir=$top_srcdir/tests/engine/fixtures/computed s=$T_TMP/computed
	mkdir -p "$s"
	(cd "$dir" && "$MIGSQL" upgrade heads -d sqlite) >"$s/up.sql"
	db_reset
	check "computed: c1 and c2 apply" db_apply "$s/up.sql"
	check "computed: total (stored) and double_qty (virtual) are computed" \
	    test "$(db_query "SELECT id || '/' || total || '/' || double_qty FROM orders")" = "1/12/8"
	check "computed: after the rebuild the next id is 2" \
	    test "$(db_query "INSERT INTO orders (price, qty) VALUES (1, 1); SELECT max(id) FROM orders")" = 2
	check "computed: a generated column refuses a value" \
	    refused "INSERT INTO orders (price, qty, total) VALUES (1, 1, 5)"
	check "computed: total is STORED and double_qty VIRTUAL (hidden 3 and 2)" \
	    test "$(db_query "SELECT group_concat(name || '=' || hidden, ',') FROM pragma_table_xinfo('orders') WHERE hidden > 0")" = "total=3,double_qty=2"
}

RESUMES=0
FK=OFF
lite_literal_bytes
lite_enum_values
lite_computed
suite_vars
suite_per_revision
suite_stamp
suite_merge
lite_lock_timeout
finish
