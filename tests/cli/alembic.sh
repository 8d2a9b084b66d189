#!/bin/sh
# An Alembic project as a project: alembic.ini found without migsql.yaml,
# .py revisions read beside .yaml ones, a revision that cannot be read
# statically refused at its place, migsql import (the YAML it writes, the
# SQL it renders, todo, never writing over a file), a .yaml replacing the
# .py with its id, and a migsql.yaml that names the versions directory.
# The scripts run on the real sqlite3.  The project is tests/alembic-cli,
# copied to $T_TMP; the source tree is never written.
. "$top_srcdir/tests/lib.sh"

P=$T_TMP/project
V=$P/migrations/versions
cp -R "$top_srcdir/tests/alembic-cli" "$P"

# run ARGS...: migsql in $P; stdout in $T_TMP/out, stderr in $T_TMP/err,
# exit status in $rc.
run() {
	(cd "$P" && "$MIGSQL" "$@") >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
}

# --- A revision that needs Python to run stops every command ----------
run history
check "history fails on the revision that runs queries" test "$rc" = 1
check "the query is an error at its file:line:col" grep -qx \
    'migrations/versions/3c4d5e6f7a8b_backfill_names.py:23:12: error: a query whose result the revision uses cannot be read without running the revision' \
    "$T_TMP/err"
check "one note says what to do instead" sh -c "grep -c ': note: ' \
    '$T_TMP/err' | grep -qx 1 && grep -q 'give this one as migrations/versions/3c4d5e6f7a8b_backfill_names.yaml' '$T_TMP/err'"

# --- migsql import: YAML beside the .py ---------------------------------
run import
check "import exits 0" test "$rc" = 0
check "import prints each file it wrote, todo said" sh -c "printf '%s\n' \
    migrations/versions/1f2e3d4c5b6a_create_users.yaml \
    migrations/versions/2a3b4c5d6e7f_add_orders.yaml \
    'migrations/versions/3c4d5e6f7a8b_backfill_names.yaml: 2 constructs left to write (todo)' \
    | cmp -s - '$T_TMP/out'"
check "what is left is a warning at its place" grep -q \
    '^migrations/versions/3c4d5e6f7a8b_backfill_names.py:23:12: warning: left as todo' \
    "$T_TMP/err"
Y3=$V/3c4d5e6f7a8b_backfill_names.yaml
check "the dynamic revision's YAML has a todo key" grep -q '^todo: ' "$Y3"
check "and keeps what was read (the index)" grep -q 'name: ix_users_name' "$Y3"
check "and the whole Python as comments" grep -qx \
    '#     rows = conn.execute(sa.text("SELECT id, email FROM users")).fetchall()' "$Y3"
check "the keys are in a revision file's order" sh -c "grep -o '^[a-z_]*:' \
    '$V/2a3b4c5d6e7f_add_orders.yaml' | tr -d '\n' | grep -qx \
    'revision:down_revision:message:create_date:upgrade:downgrade:'"
check "the module constant became the table's name" grep -q \
    '^- drop_table: {name: orders}' "$V/2a3b4c5d6e7f_add_orders.yaml"
run check -d sqlite
check "check refuses the todo" sh -c "test $rc = 1 && grep -q \
    '3c4d5e6f7a8b_backfill_names.yaml:[0-9]*:[0-9]*: error: this revision is not finished' '$T_TMP/err'"
cp "$Y3" "$T_TMP/y3"
run import 1f2e
check "import never writes over a file" sh -c "test $rc = 1 && grep -q \
    'create_users.yaml: error: exists already' '$T_TMP/err'"
run import zzzz
check "an id no .py has is an error" sh -c "test $rc = 3 && grep -q \
    \"no .py revision's id is or begins with 'zzzz'\" '$T_TMP/err'"

# --- The YAML renders the SQL the .py does ----------------------------
# Finish the dynamic revision by hand, as the team would.
sed -e '/^todo:/d' -e '/^#/d' "$T_TMP/y3" >"$Y3"
run upgrade heads -d sqlite
check "the mixed chain renders" test "$rc" = 0
cp "$T_TMP/out" "$T_TMP/yaml.sql"
mkdir "$T_TMP/yaml" && mv "$V"/1f2e*.yaml "$V"/2a3b*.yaml "$T_TMP/yaml/"
run upgrade heads -d sqlite
check "the .py revisions render" test "$rc" = 0
# What may differ: the file names and their SHA-256 in the header.
norm() { sed -e 's/\.yaml/.py/g' -e '/^--   [0-9a-f]\{64\}  /d' "$1"; }
norm "$T_TMP/yaml.sql" >"$T_TMP/yaml.norm"
norm "$T_TMP/out" >"$T_TMP/py.norm"
check "imported YAML and .py give the same script but the sources' names" \
    cmp -s "$T_TMP/yaml.norm" "$T_TMP/py.norm"
check "the names and checksums are all that differ" test \
    "$(diff "$T_TMP/yaml.sql" "$T_TMP/out" | grep -c "^>")" = 6
if command -v sqlite3 >/dev/null; then
	sqlite3 "$T_TMP/app.db" <"$T_TMP/out" >"$T_TMP/sqlite.out" 2>&1
	check "the script runs on sqlite3" test $? = 0
	check "the version table holds the head" test \
	    "$(sqlite3 "$T_TMP/app.db" 'SELECT version_num FROM alembic_version')" = 3c4d5e6f7a8b
	check "users.id is SQLite's rowid, as SQLAlchemy writes an Integer key" \
	    test "$(sqlite3 "$T_TMP/app.db" "INSERT INTO users (email, name) VALUES ('a@b', 'a'); SELECT id FROM users")" = 1
	check "orders has its foreign key" test "$(sqlite3 "$T_TMP/app.db" \
	    "SELECT \"table\" || '.' || \"to\" || ' ' || on_delete FROM pragma_foreign_key_list('orders')")" = 'users.id CASCADE'
else
	skip_check "sqlite3 is not installed"
fi

# --- A .yaml replaces the .py with its id; their parents must agree ------
mv "$T_TMP/yaml/"*.yaml "$V/"
sed -i 's/^down_revision: 1f2e3d4c5b6a$/down_revision: null/' \
    "$V/2a3b4c5d6e7f_add_orders.yaml"
run heads
check "a .yaml whose parents differ from the .py's is an error" sh -c \
    "test $rc = 1 && grep -q 'add_orders.yaml:[0-9]*:[0-9]*: error: migrations/versions/2a3b4c5d6e7f_add_orders.yaml replaces migrations/versions/2a3b4c5d6e7f_add_orders.py (revision 2a3b4c5d6e7f), but their down_revision differ' '$T_TMP/err'"
sed -i 's/^down_revision: null$/down_revision: 1f2e3d4c5b6a/' \
    "$V/2a3b4c5d6e7f_add_orders.yaml"
run history
check "with the parents agreed, history reads the mixed chain" sh -c \
    "test $rc = 0 && test \$(wc -l <'$T_TMP/out') = 3"

# --- The dialect from sqlalchemy.url; migsql.yaml wins over alembic.ini ---
run upgrade heads
check "sqlalchemy.url's scheme is the default dialect (sqlite)" sh -c \
    "test $rc = 0 && grep -qx -- '-- Dialect: sqlite' '$T_TMP/out'"
printf 'versions: migrations/versions\ndialect: postgresql\n' >"$P/migsql.yaml"
run upgrade heads
check "a migsql.yaml beside alembic.ini is read instead" sh -c \
    "test $rc = 0 && grep -qx -- '-- Dialect: postgresql' '$T_TMP/out'"
rm "$P/migsql.yaml"

# --- version_locations: several directories ------------------------------
mkdir "$P/more"
mv "$V/3c4d5e6f7a8b_backfill_names.yaml" "$P/more/"
rm "$V/3c4d5e6f7a8b_backfill_names.py"
sed -i 's|^# file_template.*|version_locations = %(here)s/migrations/versions %(here)s/more %(here)s/missing\nversion_path_separator = space|' \
    "$P/alembic.ini"
sed -i '/^version_path_separator = os/d' "$P/alembic.ini"
run heads
check "revisions of every version location are read" sh -c \
    "test $rc = 0 && grep -qx '3c4d5e6f7a8b (head)' '$T_TMP/out'"
finish
