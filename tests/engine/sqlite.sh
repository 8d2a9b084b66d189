#!/bin/sh
# Real-engine test: every example's scripts applied with plain
# `sqlite3 DB < FILE`.  No -bail on the command line: the scripts must
# protect themselves.  Runs once as is and once with PRAGMA foreign_keys=ON
# in the session, as a user's .sqliterc may set it.
. "$top_srcdir/tests/lib.sh"
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"

command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 not found"
DIALECT=sqlite
FK=OFF

db_reset() { rm -f "$T_TMP/db.sqlite"; }
db_apply() {
	sqlite3 -cmd "PRAGMA foreign_keys=$FK" "$T_TMP/db.sqlite" <"$1" \
	    >>"$T_TMP/sqlite.log" 2>&1
}
db_exec() { sqlite3 -bail "$T_TMP/db.sqlite" "$1"; }
db_query() { sqlite3 "$T_TMP/db.sqlite" "$1"; }
# The schema as SQLite describes it (PRAGMA table_info, index_list,
# index_info, foreign_key_list), not the CREATE text, which ALTER TABLE
# rewrites.
USER_TABLES="m.type = 'table' AND m.name NOT IN ('alembic_version', 'sqlite_sequence')"
db_schema() {
	db_query "SELECT 'column', m.name, p.cid, p.name, p.type, p.\"notnull\",
	    p.dflt_value, p.pk FROM sqlite_master m, pragma_table_info(m.name) p
	    WHERE $USER_TABLES ORDER BY m.name, p.cid"
	db_query "SELECT 'index', m.name, il.name, il.\"unique\", il.origin,
	    il.partial, (SELECT group_concat(ii.name) FROM
	    pragma_index_info(il.name) ii) FROM sqlite_master m,
	    pragma_index_list(m.name) il WHERE $USER_TABLES ORDER BY 2, 3"
	db_query "SELECT 'foreign key', m.name, fk.* FROM sqlite_master m,
	    pragma_foreign_key_list(m.name) fk WHERE $USER_TABLES
	    ORDER BY m.name, fk.id, fk.seq"
	db_query "SELECT type, name, tbl_name FROM sqlite_master
	    WHERE type IN ('view', 'trigger') ORDER BY 1, 2"
}
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
for FK in OFF ON; do
	echo "# PRAGMA foreign_keys=$FK"
	for ex in sark shop; do
		suite_example "$ex"
	done
done
finish
