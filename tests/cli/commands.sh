#!/bin/sh
# The informational commands against pinned output, and the output rules:
# -o writes atomically (no temp file left, a failed render leaves the old
# file as it was), a device such as /dev/null is written directly, and
# nothing but SQL goes to stdout.
. "$top_srcdir/tests/lib.sh"

G=$top_srcdir/tests/golden
SHOP=$top_srcdir/examples/shop

# pinned NAME ARGS...: stdout of migsql ARGS in shop == G/NAME, and stderr
# == G/NAME.err where that file is (the lint findings of check), else empty.
pinned() {
	name=$1
	shift
	(cd "$SHOP" && "$MIGSQL" "$@") >"$T_TMP/out" 2>"$T_TMP/err"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$T_TMP/out" "$G/$name"
		if [ -s "$T_TMP/err" ]; then cp "$T_TMP/err" "$G/$name.err"; fi
	fi
	check "$*: output as pinned in $name" cmp -s "$T_TMP/out" "$G/$name"
	if [ -f "$G/$name.err" ]; then
		check "$*: stderr as pinned in $name.err" \
		    cmp -s "$T_TMP/err" "$G/$name.err"
	else
		check "$*: nothing on stderr" test ! -s "$T_TMP/err"
	fi
}

pinned shop.history.txt history
pinned shop.history-range.txt history 4f2a8d6c1e93:b3e8a1c5d7f6
pinned shop.heads.txt heads
pinned shop.branches.txt branches
pinned shop.show-label.txt show reporting
pinned shop.show-merge.txt show b3e8
pinned shop.check.txt check
pinned shop.check-sqlite.txt check -d sqlite
pinned shop.lint.txt lint

check "--version prints the version" sh -c \
    "'$MIGSQL' --version | grep -qx 'migsql [0-9.]*'"
check "--help lists the commands" sh -c \
    "'$MIGSQL' --help | grep -q 'downgrade FROM:TO'"

# -o: atomic write into the project directory's neighbour.
out=$T_TMP/script.sql
(cd "$SHOP" && "$MIGSQL" upgrade heads -d sqlite -o "$out") >"$T_TMP/stdout"
check "-o writes the file" test -s "$out"
check "-o leaves stdout empty" test ! -s "$T_TMP/stdout"
(cd "$SHOP" && "$MIGSQL" upgrade heads -d sqlite) >"$T_TMP/direct.sql"
check "-o writes the same bytes as stdout" cmp -s "$out" "$T_TMP/direct.sql"
check "-o leaves no temporary file" test "$(ls -A "$T_TMP" | grep -c '^\.script')" = 0
cp "$out" "$T_TMP/before.sql"
(cd "$SHOP" && "$MIGSQL" upgrade nosuchrev -d sqlite -o "$out") 2>/dev/null
check "a failed render exits 3" test $? = 3
check "a failed render leaves the old file as it was" cmp -s "$out" "$T_TMP/before.sql"
rm -f "$T_TMP/new.sql"
(cd "$SHOP" && "$MIGSQL" upgrade heads -d nosuchdialect -o "$T_TMP/new.sql") 2>/dev/null
check "a failed render creates no file" test ! -e "$T_TMP/new.sql"
(cd "$SHOP" && "$MIGSQL" upgrade heads -d sqlite -o /dev/null)
check "-o /dev/null works and leaves /dev/null a device" test -c /dev/null
check "-o into a missing directory fails with exit 1" sh -c \
    "cd '$SHOP' && '$MIGSQL' upgrade heads -d sqlite -o /nonexistent/x.sql 2>/dev/null; test \$? = 1"

# -C runs in another directory; paths in the script stay project-relative.
"$MIGSQL" -C "$SHOP" upgrade heads -d sqlite >"$T_TMP/c.sql"
check "-C renders the same bytes as running in the directory" \
    cmp -s "$T_TMP/c.sql" "$T_TMP/direct.sql"
check "the header never names the -C path" sh -c "! grep -q '$SHOP' '$T_TMP/c.sql'"

# check: errors go to stderr with exit 1 and nothing on stdout; warnings
# alone keep exit 0.  schema: one revision, -o like the scripts.
BAD=$top_srcdir/tests/bad
(cd "$BAD/branch-uses-sibling-table" && "$MIGSQL" check) >"$T_TMP/out" 2>"$T_TMP/err"
check "check with an error exits 1" test $? = 1
check "check with an error prints nothing on stdout" test ! -s "$T_TMP/out"
check "check names the branch that misses its sibling's table" \
    grep -q "c1_x.yaml:6:25: error: unknown table 'tags'" "$T_TMP/err"
(cd "$BAD/unknown-table-after-execute-warns" && "$MIGSQL" check) >"$T_TMP/out" 2>"$T_TMP/err"
check "check with warnings only exits 0" test $? = 0
check "check counts its warnings" grep -q \
    ": no errors, 9 warnings, 0 findings ignored$" "$T_TMP/out"
# A column rename on a table only an execute made renders from the op
# (it crashed check and upgrade once: a NULL column record in the lint).
for d in postgresql sqlite; do
	for dir in upgrade:heads downgrade:heads:base; do
		(cd "$BAD/rename-column-of-execute-table" &&
		    "$MIGSQL" "${dir%%:*}" "${dir#*:}" -d $d) >"$T_TMP/out" 2>"$T_TMP/err"
		check "${dir%%:*} of a rename on an execute's table exits 0 ($d)" \
		    test $? = 0
	done
	(cd "$BAD/rename-column-of-execute-table" && "$MIGSQL" upgrade heads \
	    -d $d) >"$T_TMP/out" 2>/dev/null
	check "the rename on an execute's table renames a to b ($d)" \
	    grep -qx 'ALTER TABLE t RENAME COLUMN a TO b;' "$T_TMP/out"
	check "its lint comment names the old and the new name ($d)" grep -q \
	    "^-- lint rename-column (warning): alter_column renames column 'a' of table 't' to 'b'" \
	    "$T_TMP/out"
done
# drop_column as PostgreSQL does it: the indexes and table constraints
# that use the column go with it (SQLite: DROP INDEX first, or a rebuild),
# and the inferred downgrade brings them back after the column.
# lines FILE PATTERN...: the lines matching any PATTERN, in file order,
# equal the PATTERNs as given (each PATTERN a whole line, in that order).
lines() {
	f=$1
	shift
	printf '%s\n' "$@" >"$T_TMP/want"
	grep -Fx -f "$T_TMP/want" "$f" >"$T_TMP/got"
	cmp -s "$T_TMP/want" "$T_TMP/got"
}
dc() {	# dc CASE DIALECT RANGE-COMMAND...: renders into $T_TMP/dc.sql
	dir=$1 d=$2
	shift 2
	(cd "$BAD/$dir" && "$MIGSQL" "$@" -d "$d") >"$T_TMP/dc.sql" 2>/dev/null
}
# Every op on a table only dynamic SQL made renders from the op alone.
(cd "$BAD/ops-on-execute-table-postgresql" && "$MIGSQL" upgrade a1:a2) \
    >"$T_TMP/ops.sql" 2>/dev/null
check "ops on an execute's table render from the op alone (postgresql)" \
    lines "$T_TMP/ops.sql" 'ALTER TABLE t ALTER COLUMN a TYPE bigint;' \
    'ALTER TABLE t ALTER COLUMN a SET DEFAULT 0;' \
    'ALTER TABLE t ALTER COLUMN a SET NOT NULL;' \
    'ALTER TABLE t RENAME COLUMN a TO c;' 'CREATE INDEX t_c ON t (c);' \
    'DROP INDEX t_c;' 'ALTER TABLE t DROP COLUMN b;'

for d in postgresql sqlite; do
	dc drop-column-used-by-index $d upgrade a1:a2
	check "drop_column drops the index that uses the column first ($d)" \
	    lines "$T_TMP/dc.sql" 'DROP INDEX ix_users_email;' \
	    'ALTER TABLE users DROP COLUMN email;'
	dc drop-column-used-by-index $d downgrade a2:a1
	check "its inferred downgrade adds the column, then the index ($d)" \
	    lines "$T_TMP/dc.sql" \
	    "ALTER TABLE users ADD COLUMN email $([ $d = sqlite ] &&
	    echo VARCHAR || echo varchar)(255);" \
	    'CREATE INDEX ix_users_email ON users (email);'
done
dc drop-column-used-by-unique postgresql upgrade a1:a2
check "a column in a unique constraint: DROP COLUMN alone (postgresql)" \
    sh -c "grep -qx 'ALTER TABLE users DROP COLUMN email;' '$T_TMP/dc.sql' &&
    ! grep -q 'DROP INDEX\|DROP CONSTRAINT' '$T_TMP/dc.sql'"
dc drop-column-used-by-unique postgresql downgrade a2:a1
check "its inferred downgrade adds the column, then the constraint" \
    lines "$T_TMP/dc.sql" 'ALTER TABLE users ADD COLUMN email varchar(255);' \
    'ALTER TABLE users ADD CONSTRAINT uq_users_email_name UNIQUE (email, name);'
dc drop-column-used-by-unique sqlite upgrade a1:a2
check "a column in a unique constraint: the table is rebuilt (sqlite)" \
    lines "$T_TMP/dc.sql" 'CREATE TABLE migsql_new_users (' \
    'INSERT INTO migsql_new_users (id, name) SELECT id, name FROM users;'
dc drop-column-used-by-unique sqlite downgrade a2:a1
check "its inferred downgrade rebuilds with the column and the constraint" \
    lines "$T_TMP/dc.sql" '    email VARCHAR(255),' \
    '    CONSTRAINT uq_users_email_name UNIQUE (email, name)' \
    'INSERT INTO migsql_new_users (id, name) SELECT id, name FROM users;'
(cd "$SHOP" && "$MIGSQL" schema -d sqlite) >"$T_TMP/out" 2>"$T_TMP/err"
check "schema without a revision is a usage error" test $? = 2
(cd "$SHOP" && "$MIGSQL" schema heads -d postgresql -o "$T_TMP/s.sql") >"$T_TMP/out" 2>&1
check "schema -o writes the file and nothing else" sh -c \
    "test -s '$T_TMP/s.sql' && test ! -s '$T_TMP/out'"
(cd "$SHOP" && "$MIGSQL" schema nosuch -d postgresql) >"$T_TMP/out" 2>"$T_TMP/err"
check "schema of an unknown revision exits 3" test $? = 3

# The header's checksums are those of the files (sha256sum -c, run from the
# project directory) and of the dialect file.
(cd "$SHOP" && "$MIGSQL" upgrade heads -d sqlite) >"$T_TMP/h.sql"
sed -n 's/^--   \([0-9a-f]\{64\}  versions\/.*\)$/\1/p' "$T_TMP/h.sql" >"$T_TMP/sums"
check "the header has a checksum for each of the 9 revisions" \
    test "$(wc -l <"$T_TMP/sums")" = 9
check "the revisions' checksums are sha256sum's" \
    sh -c "cd '$SHOP' && sha256sum --quiet -c '$T_TMP/sums'"
check "the dialect's checksum is sha256sum's" grep -q \
    "^-- SHA-256 of the sqlite dialect file: $(sha256sum <"$MIGSQL_DIALECT_PATH/sqlite.yaml" | cut -d' ' -f1)\$" \
    "$T_TMP/h.sql"
# Index columns with an order and options (the engine fixtures apply
# them): PostgreSQL writes NULLS LAST, an operator class and a collation
# on an expression; the inferred downgrade of a drop_index writes them
# again; on SQLite a table rebuild writes DESC and COLLATE again.
PGIX=$top_srcdir/tests/engine/fixtures/index-options-postgresql
(cd "$PGIX" && "$MIGSQL" upgrade heads -d postgresql) >"$T_TMP/ix.sql" 2>"$T_TMP/err"
check "index options: NULLS LAST, opclass, COLLATE on an expression" sh -c "
    grep -qx 'CREATE INDEX docs_published_idx ON docs (published_at DESC NULLS LAST);' '$T_TMP/ix.sql' &&
    grep -qx 'CREATE INDEX docs_title_prefix_idx ON docs (title text_pattern_ops);' '$T_TMP/ix.sql' &&
    grep -qx 'CREATE INDEX docs_title_lower_idx ON docs ((lower(title)) COLLATE \"C\" NULLS FIRST);' '$T_TMP/ix.sql'"
(cd "$PGIX" && "$MIGSQL" downgrade p2:p1 -d postgresql) >"$T_TMP/ix.sql" 2>"$T_TMP/err"
check "index options: the inverse of drop_index keeps NULLS LAST" grep -qx \
    'CREATE INDEX docs_published_idx ON docs (published_at DESC NULLS LAST);' "$T_TMP/ix.sql"
(cd "$top_srcdir/tests/engine/fixtures/index-options" &&
    "$MIGSQL" upgrade e1:e2 -d sqlite) >"$T_TMP/ix.sql" 2>"$T_TMP/err"
check "index options: a SQLite rebuild writes DESC and COLLATE again" sh -c "
    grep -qx 'CREATE INDEX events_created_idx ON events (created_at DESC, id);' '$T_TMP/ix.sql' &&
    grep -qx 'CREATE INDEX events_email_coll_idx ON events (email COLLATE \"NOCASE\" ASC);' '$T_TMP/ix.sql'"
# The dialect search path: a build-tree binary finds the source tree's
# dialects/ with no MIGSQL_DIALECT_PATH; an installed one finds
# ../share/migsql/dialects beside itself, also when moved elsewhere.
# (Under valgrind MIGSQL is a wrapper script: the real binary is
# MIGSQL_BIN.)
BIN=${MIGSQL_BIN:-$MIGSQL}
(cd "$top_srcdir/examples/sark" && env -u MIGSQL_DIALECT_PATH "$MIGSQL" \
    upgrade heads -d postgresql) >"$T_TMP/nopath.sql" 2>"$T_TMP/err"
check "the built binary finds its dialects without MIGSQL_DIALECT_PATH" \
    grep -q '^-- Dialect: postgresql$' "$T_TMP/nopath.sql"
mkdir -p "$T_TMP/moved/bin" "$T_TMP/moved/share/migsql/dialects"
cp "$BIN" "$T_TMP/moved/bin/migsql"
cp "$top_srcdir/dialects/postgresql.yaml" "$top_srcdir/dialects/sqlite.yaml" \
    "$top_srcdir/dialects/mariadb.yaml" \
    "$T_TMP/moved/share/migsql/dialects/"
(cd "$top_srcdir/examples/sark" && env -u MIGSQL_DIALECT_PATH \
    "$T_TMP/moved/bin/migsql" upgrade heads -d sqlite) >"$T_TMP/moved.sql" 2>"$T_TMP/err"
check "a moved install finds ../share/migsql/dialects beside itself" \
    grep -q "^-- SHA-256 of the sqlite dialect file" "$T_TMP/moved.sql"
(cd "$top_srcdir/examples/sark" && env -u MIGSQL_DIALECT_PATH \
    "$T_TMP/moved/bin/migsql" upgrade heads -d nosuch) >/dev/null 2>"$T_TMP/err"
check "an unknown dialect lists where it looked, beside the program first" \
    grep -q "unknown dialect 'nosuch' (looked in $T_TMP/moved/bin/../share/migsql/dialects, " "$T_TMP/err"
# drop_index: NAME, the short form drop_table has too.
mkdir -p "$T_TMP/dropix/versions"
printf 'dialect: sqlite\n' >"$T_TMP/dropix/migsql.yaml"
cat >"$T_TMP/dropix/versions/a1.yaml" <<'EOF'
revision: a1
down_revision: null
message: m
upgrade:
  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}
  - create_index: {name: ix_t_id, table: t, columns: [id]}
  - drop_index: ix_t_id
EOF
(cd "$T_TMP/dropix" && "$MIGSQL" upgrade heads) >"$T_TMP/dropix.sql" 2>"$T_TMP/err"
check "drop_index: NAME renders DROP INDEX" grep -qx 'DROP INDEX ix_t_id;' "$T_TMP/dropix.sql"
# graph: the revision graph as DOT, byte-stable (a golden), drawn by the
# real Graphviz; a message with quotes, a backslash and a line break
# stays one DOT string.
(cd "$SHOP" && "$MIGSQL" graph) >"$T_TMP/shop.dot" 2>"$T_TMP/err"
check "graph: examples/shop as DOT, as pinned" \
    cmp -s "$top_srcdir/tests/golden/shop.graph.dot" "$T_TMP/shop.dot"
mkdir -p "$T_TMP/dotq/versions"
printf 'dialect: sqlite\n' >"$T_TMP/dotq/migsql.yaml"
printf 'revision: a1\ndown_revision: null\nmessage: "say \\"hi\\" \\\\ then\\nnext; } digraph x {"\nupgrade: []\n' \
    >"$T_TMP/dotq/versions/a1.yaml"
(cd "$T_TMP/dotq" && "$MIGSQL" graph) >"$T_TMP/q.dot" 2>"$T_TMP/err"
check "graph: a hostile message stays inside its label" \
    grep -qF '[label="a1\nsay \"hi\" \\ then", peripheries=2];' "$T_TMP/q.dot"
# stamp: usage, a range that cannot be resolved, and dialects without the
# stamp templates (all five or none; none: only --no-verify-schema).
"$MIGSQL" -C "$SHOP" stamp -d sqlite >/dev/null 2>"$T_TMP/err"
check "stamp: without a range, exit 2" test $? = 2
"$MIGSQL" -C "$SHOP" stamp nosuch -d sqlite >/dev/null 2>"$T_TMP/err"
check "stamp: an unknown revision, exit 3" test $? = 3
awk '/^  stamp_/ { skip = 1; next } skip && /^    / { next } { skip = 0; print }' \
    "$top_srcdir/dialects/sqlite.yaml" >"$T_TMP/nostamp.yaml"
check "(nostamp.yaml has no stamp template)" \
    test "$(grep -c '^  stamp_' "$T_TMP/nostamp.yaml")" = 0
"$MIGSQL" -C "$SHOP" stamp heads -d "$T_TMP/nostamp.yaml" >"$T_TMP/o" 2>"$T_TMP/err"
check "stamp: a dialect without stamp templates: exit 1, nothing written" \
    sh -c 'test $1 = 1 && test ! -s "$2"' sh $? "$T_TMP/o"
check "stamp: ... saying to pass --no-verify-schema" \
    grep -q "has no stamp_\* templates.*pass --no-verify-schema" "$T_TMP/err"
"$MIGSQL" -C "$SHOP" stamp heads -d "$T_TMP/nostamp.yaml" --no-verify-schema \
    >"$T_TMP/o" 2>"$T_TMP/err"
check "stamp --no-verify-schema with that dialect: a script" \
    grep -q "^INSERT INTO alembic_version" "$T_TMP/o"
grep -v '^  stamp_index:' "$top_srcdir/dialects/sqlite.yaml" >"$T_TMP/partial.yaml"
"$MIGSQL" -C "$SHOP" stamp heads -d "$T_TMP/partial.yaml" >/dev/null 2>"$T_TMP/err"
check "stamp: a dialect with some stamp templates is refused when loaded" \
    grep -q "give all of stamp_check, stamp_table, stamp_column, stamp_index and stamp_constraint, or none" "$T_TMP/err"
"$MIGSQL" -C "$SHOP" upgrade heads -d sqlite --no-verify-schema >/dev/null 2>"$T_TMP/err"
check "stamp: --no-verify-schema belongs to stamp" \
    grep -q "upgrade does not take --no-verify-schema" "$T_TMP/err"
# A column an execute made with identity (more than the model keeps) is
# checked with the type PostgreSQL's parser gave it, not refused.
mkdir -p "$T_TMP/rawst/versions"
printf 'dialect: postgresql\n' >"$T_TMP/rawst/migsql.yaml"
printf '%s\n' 'revision: a1' 'down_revision: null' 'message: raw' 'upgrade:' \
    '  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}' \
    '  - execute: "ALTER TABLE t ADD COLUMN n integer GENERATED ALWAYS AS IDENTITY"' \
    'downgrade:' '  - execute: "ALTER TABLE t DROP COLUMN n"' \
    >"$T_TMP/rawst/versions/a1_x.yaml"
"$MIGSQL" -C "$T_TMP/rawst" stamp heads >"$T_TMP/o" 2>"$T_TMP/err"
check "stamp: a column an execute made with identity: a script" test $? = 0
check "stamp: ... that checks it with the engine's type" \
    grep -q "'column t.n (int4)'" "$T_TMP/o"
# history --graph: git log --graph's drawing of the same rows.  Pinned for
# examples/shop; on every example, a range and a chain made to be wide
# (a three-way merge of branches of different lengths, a second root):
# the rows without their lanes are exactly history's, each revision row
# has one '*', and the rows between hold only lines.
(cd "$SHOP" && "$MIGSQL" history --graph) >"$T_TMP/shop.hg" 2>"$T_TMP/err"
check "history --graph: examples/shop as pinned" \
    cmp -s "$top_srcdir/tests/golden/shop.history-graph.txt" "$T_TMP/shop.hg"
mkdir -p "$T_TMP/wide/versions"
printf 'dialect: sqlite\n' >"$T_TMP/wide/migsql.yaml"
wide_rev() {	# wide_rev ID PARENTS MESSAGE
	printf 'revision: %s\ndown_revision: %s\nmessage: "%s"\nupgrade: []\n' \
	    "$1" "$2" "$3" >"$T_TMP/wide/versions/$1_r.yaml"
}
wide_rev r0 null "root"
wide_rev a1 r0 "a one"
wide_rev a2 a1 "a two"
wide_rev b1 r0 "b one"
wide_rev c1 r0 "c one"
wide_rev c2 c1 "c two"
wide_rev c3 c2 "c three"
wide_rev m1 "[a2, b1, c3]" "merge a, b and c"
wide_rev d1 r0 "d one, a head"
wide_rev m2 m1 "after the merge"
wide_rev s0 null "second root"
wide_rev s1 s0 "second head"
history_graph_holds() {	# history_graph_holds DIR [RANGE]
	(cd "$1" && shift && "$MIGSQL" history "$@") >"$T_TMP/h.plain" &&
	(cd "$1" && shift && "$MIGSQL" history --graph "$@") >"$T_TMP/h.graph" &&
	grep -v '^[|/\\ ]*$' "$T_TMP/h.graph" | sed 's/^[|*/\\ ]*//' |
	    cmp -s - "$T_TMP/h.plain" &&
	test "$(grep -v '^[|/\\ ]*$' "$T_TMP/h.graph" | wc -l)" = \
	    "$(grep -c '^[| ]*\* ' "$T_TMP/h.graph")" &&
	! grep -v '^[|/\\ ]*$' "$T_TMP/h.graph" | sed 's/ [^|*/\\ ].*//' |
	    grep -q '\*.*\*'
}
for ex in "$top_srcdir"/examples/*/; do
	check "history --graph: $(basename "$ex"): the rows of history, one lane each" \
	    history_graph_holds "$ex"
done
check "history --graph: a range" history_graph_holds "$SHOP" 4f2a8d6c1e93:heads
check "history --graph: a wide chain with a three-way merge and two roots" \
    history_graph_holds "$T_TMP/wide"
check "history --graph: the three-way merge opens three lanes" \
    grep -q '^|\\' "$T_TMP/h.graph"
(cd "$T_TMP/wide" && "$MIGSQL" history --graph) >"$T_TMP/wide.hg"
"$MIGSQL" -C "$SHOP" upgrade heads --graph >/dev/null 2>"$T_TMP/err"
check "history --graph: --graph belongs to history" \
    grep -q "upgrade does not take --graph" "$T_TMP/err"
# Text from a revision never reaches the terminal as a control: history
# and show escape what a terminal would act on.
mkdir -p "$T_TMP/esc/versions"
printf 'dialect: sqlite\n' >"$T_TMP/esc/migsql.yaml"
printf 'revision: a1\ndown_revision: null\nmessage: "two\\nlines \\e[31mred\\u202e"\nupgrade: []\n' \
    >"$T_TMP/esc/versions/a1_x.yaml"
for how in "history" "history --graph" "show a1"; do
	# shellcheck disable=SC2086
	(cd "$T_TMP/esc" && "$MIGSQL" $how) >"$T_TMP/esc.out"
	check "$how: an escape sequence and a bidi control are shown escaped" \
	    sh -c '! LC_ALL=C grep -q "$(printf "\033")" "$1" &&
	        ! grep -q "$(printf "\342\200\256")" "$1" &&
	        grep -qF "\x1b[31mred\u202E" "$1"' sh "$T_TMP/esc.out"
done
check "history: a message's line break is escaped: one row per revision" \
    test "$(cd "$T_TMP/esc" && "$MIGSQL" history | wc -l)" = 1
if command -v dot >/dev/null 2>&1; then
	check "graph: Graphviz draws examples/shop" sh -c \
	    "dot -Tsvg '$T_TMP/shop.dot' | grep -q '<svg'"
	check "graph: Graphviz reads the hostile one as one graph of one node" sh -c \
	    "dot -Tplain '$T_TMP/q.dot' | grep -c '^node ' | grep -qx 1"
elif [ "${CI:-}" = true ]; then
	fail "graph: Graphviz (dot) is not installed, and CI needs it"
else
	skip_check "graph: Graphviz (dot) is not installed"
fi
finish
