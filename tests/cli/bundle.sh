#!/bin/sh
# migsql bundle and migsql verify: what a bundle holds, that it is the same
# bytes for the same inputs, that release N+1 differs from release N only
# where the new revision reaches, that it is written whole or not at all,
# and that verify catches an edited, a removed or a differently rendered
# released revision.
. "$top_srcdir/tests/lib.sh"

SARK=$top_srcdir/examples/sark
T=$T_TMP
mig() { "$MIGSQL" "$@" >"$T/out" 2>"$T/err"; }	# status; output in files
not() { ! "$@"; }

# --- What a bundle holds -------------------------------------------------
(cd "$SARK" && mig bundle "$T/b1" -d postgresql -d sqlite)
check "bundle: exit 0" test $? = 0
check "bundle: prints the directory" test "$(cat "$T/out")" = "$T/b1"
check "bundle: nothing on stderr" test ! -s "$T/err"
for d in postgresql sqlite; do
	for f in upgrade.sql downgrade.sql schema.sql; do
		check "bundle: $d/$f" test -s "$T/b1/$d/$f"
	done
	for r in 5d1f0a8c3b72 9e4b2c71d0a6 c28f6e13a5d9 e7a90d4f1b38; do
		check "bundle: $d revision $r up and down" test -s \
		    "$T/b1/$d/revisions/$r.upgrade.sql" -a -s \
		    "$T/b1/$d/revisions/$r.downgrade.sql"
	done
done
check "bundle: the scripts are what the commands print" sh -c "
	cd '$SARK' &&
	'$MIGSQL' upgrade base:heads -d sqlite | cmp -s - '$T/b1/sqlite/upgrade.sql' &&
	'$MIGSQL' downgrade heads:base -d postgresql | cmp -s - '$T/b1/postgresql/downgrade.sql' &&
	'$MIGSQL' schema heads -d postgresql | cmp -s - '$T/b1/postgresql/schema.sql' &&
	'$MIGSQL' upgrade 9e4b2c71d0a6:c28f6e13a5d9 -d postgresql |
	    cmp -s - '$T/b1/postgresql/revisions/c28f6e13a5d9.upgrade.sql'"
check "bundle: SHA256SUMS checks with sha256sum -c" \
    sh -c "cd '$T/b1' && sha256sum --quiet -c SHA256SUMS"
check "bundle: SHA256SUMS lists every other file" test \
    "$(cd "$T/b1" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort)" = \
    "$(sed 's/^[0-9a-f]*  //' "$T/b1/SHA256SUMS")"
# The manifest's artifact list: every .sql file with its sha256sum.
sed -n 's/^- {path: \(.*\), sha256: \([0-9a-f]*\)}$/\2  \1/p' "$T/b1/manifest.yaml" >"$T/listed"
(cd "$T/b1" && find . -name '*.sql' | sed 's|^\./||' | LC_ALL=C sort |
    xargs sha256sum) >"$T/actual"
check "bundle: the manifest lists every script with its SHA-256" \
    cmp -s "$T/listed" "$T/actual"
check "bundle: the manifest has the sources' SHA-256" grep -q \
    "sha256: $(sha256sum "$SARK/versions/c28f6e13a5d9_add_policies.yaml" | cut -c1-64)" \
    "$T/b1/manifest.yaml"
check "bundle: the manifest has the dialect file's SHA-256" grep -q \
    "sha256: $(sha256sum "$top_srcdir/dialects/sqlite.yaml" | cut -c1-64)" \
    "$T/b1/manifest.yaml"
check "bundle: the manifest has the graph" grep -q \
    '^  parents: \[9e4b2c71d0a6\]$' "$T/b1/manifest.yaml"
check "bundle: migsql reads the manifest back (verify)" \
    sh -c "cd '$SARK' && '$MIGSQL' verify '$T/b1/manifest.yaml' >/dev/null"

# --- Same inputs, same bytes ---------------------------------------------
(cd "$SARK" && mig bundle "$T/b2" -d sqlite -d postgresql)
check "bundle: a second run, dialects in another order: diff -r is empty" \
    diff -r "$T/b1" "$T/b2"
mkdir -p "$T/copy/versions"
cp "$SARK/migsql.yaml" "$T/copy/"
for f in $(ls -r "$SARK/versions"); do cp "$SARK/versions/$f" "$T/copy/versions/"; done
(cd "$T/copy" && LC_ALL=C.UTF-8 TZ=Pacific/Kiritimati mig bundle "$T/b3" -d postgresql -d sqlite)
check "bundle: another file order, locale and zone: diff -r is empty" \
    diff -r "$T/b1" "$T/b3"

# --- Release N and N+1 -----------------------------------------------------
rm "$T/copy/versions/e7a90d4f1b38_add_audit_events.yaml"
(cd "$T/copy" && mig bundle "$T/relN" -d postgresql -d sqlite)
diff -rq "$T/relN" "$T/b1" 2>&1 | sed "s|$T/||g" | LC_ALL=C sort >"$T/changed"
cat >"$T/expected" <<'EOF'
Files relN/SHA256SUMS and b1/SHA256SUMS differ
Files relN/manifest.yaml and b1/manifest.yaml differ
Files relN/postgresql/downgrade.sql and b1/postgresql/downgrade.sql differ
Files relN/postgresql/schema.sql and b1/postgresql/schema.sql differ
Files relN/postgresql/upgrade.sql and b1/postgresql/upgrade.sql differ
Files relN/sqlite/downgrade.sql and b1/sqlite/downgrade.sql differ
Files relN/sqlite/schema.sql and b1/sqlite/schema.sql differ
Files relN/sqlite/upgrade.sql and b1/sqlite/upgrade.sql differ
Only in b1/postgresql/revisions: e7a90d4f1b38.downgrade.sql
Only in b1/postgresql/revisions: e7a90d4f1b38.upgrade.sql
Only in b1/sqlite/revisions: e7a90d4f1b38.downgrade.sql
Only in b1/sqlite/revisions: e7a90d4f1b38.upgrade.sql
EOF
check "release N+1 differs from N only in what the new revision touches" \
    cmp -s "$T/expected" "$T/changed"
(cd "$SARK" && mig verify "$T/relN/manifest.yaml")
check "verify: release N+1 against N: exit 0" test $? = 0
check "verify: says how many released revisions are unchanged" \
    grep -qx "3 released revisions unchanged ($T/relN/manifest.yaml)" "$T/out"

# --- verify catches changes ----------------------------------------------
cp -r "$T/copy" "$T/edited"
sed -i 's/^message: add api keys$/message: add API keys/' \
    "$T/edited/versions/9e4b2c71d0a6_add_api_keys.yaml"
(cd "$T/edited" && mig verify "$T/relN/manifest.yaml")
check "verify: an edited revision: exit 1" test $? = 1
check "verify: names the revision and its file" grep -q \
    "^versions/9e4b2c71d0a6_add_api_keys.yaml: error: revision 9e4b2c71d0a6 was released with SHA-256 [0-9a-f]* and its file now has [0-9a-f]*" \
    "$T/err"
(cd "$T/edited" && mig bundle "$T/never" -d sqlite --against "$T/relN/manifest.yaml")
check "bundle --against: an edited revision: exit 1" test $? = 1
check "bundle --against: and no bundle" test ! -e "$T/never"

cp -r "$T/copy" "$T/removed"
rm "$T/removed/versions/c28f6e13a5d9_add_policies.yaml"
(cd "$T/removed" && mig verify "$T/relN/manifest.yaml")
check "verify: a removed revision: exit 1" test $? = 1
check "verify: says so at its entry in the manifest" grep -q \
    "^$T/relN/manifest.yaml:[0-9]*:[0-9]*: error: revision c28f6e13a5d9 (versions/c28f6e13a5d9_add_policies.yaml) was released and is no longer in the chain" \
    "$T/err"

sed 's/^  drop_table: "DROP TABLE {?if_exists}IF EXISTS {\/if_exists}{table};"$/  drop_table: "DROP TABLE IF EXISTS {table};"/' \
    "$top_srcdir/dialects/postgresql.yaml" >"$T/postgresql.yaml"
check "(the edited dialect differs)" not cmp -s "$T/postgresql.yaml" \
    "$top_srcdir/dialects/postgresql.yaml"
(cd "$T/copy" && mig verify "$T/relN/manifest.yaml" -d "$T/postgresql.yaml")
check "verify: a template edit that changes released SQL: exit 1" test $? = 1
check "verify: names the revision and the first differing line" grep -q \
    '^versions/5d1f0a8c3b72_initial_schema.yaml: error: revision 5d1f0a8c3b72 renders a different postgresql downgrade script than in the release; first difference at line [0-9]*: released "DROP TABLE mcp_tools;", now "DROP TABLE IF EXISTS mcp_tools;"$' \
    "$T/err"
sed 's/^  # The whole script\./  # (reworded) The whole script./' \
    "$top_srcdir/dialects/postgresql.yaml" >"$T/reworded.yaml"
check "(the reworded dialect differs)" not cmp -s "$T/reworded.yaml" \
    "$top_srcdir/dialects/postgresql.yaml"
(cd "$T/copy" && mig verify "$T/relN/manifest.yaml" -d "$T/reworded.yaml")
check "verify: a dialect edit that leaves the SQL as it was passes" test $? = 0
# A lint rule's severity shows in the scripts' lint comments, not in SQL.
awk '/^  index-not-concurrent:$/ { print; getline; print "    severity: error"; next } { print }' \
    "$top_srcdir/dialects/postgresql.yaml" >"$T/stricter.yaml"
check "(the stricter dialect differs)" not cmp -s "$T/stricter.yaml" \
    "$top_srcdir/dialects/postgresql.yaml"
SHOP=$top_srcdir/examples/shop
(cd "$SHOP" && mig bundle "$T/shoprel" -d postgresql)
(cd "$SHOP" && "$MIGSQL" upgrade 4f2a8d6c1e93:6a9f3b2d8e14 -d "$T/stricter.yaml") >"$T/strict.sql"
check "(the stricter dialect changes a lint comment of a released revision)" \
    grep -q '^-- lint index-not-concurrent (error)' "$T/strict.sql"
(cd "$SHOP" && mig verify "$T/shoprel/manifest.yaml" -d "$T/stricter.yaml")
check "verify: a lint severity change alone passes" test $? = 0

(cd "$SHOP" && mig verify "$T/shoprel/manifest.yaml" -d sqlite)
check "verify -d a dialect the release lacks: exit 0 (the sources agree)" test $? = 0
check "verify -d a dialect the release lacks: says only sources were compared" grep -q \
    "manifest.yaml:[0-9]*:[0-9]*: warning: the release has no scripts for the sqlite dialect: for it, only the sources are compared" \
    "$T/err"

# --- --from ----------------------------------------------------------------
(cd "$SARK" && mig bundle "$T/from" -d sqlite --from c28f6e13a5d9)
check "bundle --from: exit 0" test $? = 0
check "bundle --from: only the later revisions' scripts" test \
    "$(cd "$T/from/sqlite/revisions" && ls | tr '\n' ' ')" = \
    "e7a90d4f1b38.downgrade.sql e7a90d4f1b38.upgrade.sql "
check "bundle --from: the upgrade starts there" grep -q \
    '^-- Range: c28f6e13a5d9 -> e7a90d4f1b38$' "$T/from/sqlite/upgrade.sql"
check "bundle --from: the manifest says from where" grep -qx \
    'from: c28f6e13a5d9' "$T/from/manifest.yaml"
(cd "$SARK" && mig bundle "$T/never" -d sqlite --from nosuch)
check "bundle --from an unknown revision: exit 3, no bundle" \
    test $? = 3 -a ! -e "$T/never"

# --- A chain that cannot go all the way down --------------------------------
mkdir -p "$T/oneway/versions"
cat >"$T/oneway/migsql.yaml" <<'EOF'
dialect: sqlite
EOF
cat >"$T/oneway/versions/a1_t.yaml" <<'EOF'
revision: a1
down_revision: null
message: t
upgrade:
  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}
EOF
cat >"$T/oneway/versions/b2_fill.yaml" <<'EOF'
revision: b2
down_revision: a1
message: fill t
upgrade:
  - execute: "INSERT INTO t (id) VALUES (1)"
EOF
(cd "$T/oneway" && mig bundle "$T/ow")
check "bundle, no way down: exit 0" test $? = 0
check "bundle, no way down: a warning says why there is no downgrade.sql" grep -q \
    "^migsql: warning: no sqlite/downgrade.sql in the bundle: versions/b2_fill.yaml: cannot infer the downgrade of revision 'b2': execute has no inverse" \
    "$T/err"
check "bundle, no way down: no downgrade.sql" test ! -e "$T/ow/sqlite/downgrade.sql"
check "bundle, no way down: b2 has no downgrade script" \
    test ! -e "$T/ow/sqlite/revisions/b2.downgrade.sql"
check "bundle, no way down: a1 has one" test -s "$T/ow/sqlite/revisions/a1.downgrade.sql"
check "bundle, no way down: the manifest says so" grep -q \
    '^  no_downgrade: ' "$T/ow/manifest.yaml"
check "bundle, no way down: and has a null downgrade for b2" test \
    "$(grep -c '^      downgrade: null$' "$T/ow/manifest.yaml")" = 1

# --- Whole or nothing --------------------------------------------------------
mkdir "$T/exists"
(cd "$SARK" && mig bundle "$T/exists" -d sqlite)
check "bundle into an existing directory: exit 2" test $? = 2
check "bundle into an existing directory: it stays empty" \
    test -z "$(ls -A "$T/exists")"
cp -r "$T/oneway" "$T/broken"
cat >>"$T/broken/versions/a1_t.yaml" <<'EOF'
  - drop_column: {table: t, column: nosuch}
EOF
(cd "$T/broken" && mig bundle "$T/never")
check "bundle with a render error: exit 1" test $? = 1
check "bundle with a render error: no bundle, no temporary directory" \
    test -z "$(ls -A "$T" | grep never)"
printf 'format: 1\n' >"$T/notmanifest.yaml"
(cd "$SARK" && mig verify "$T/notmanifest.yaml")
check "verify of a file that is no manifest: exit 1" test $? = 1
check "verify of a file that is no manifest: says so" grep -q \
    "notmanifest.yaml:1:1: error: not a migsql manifest" "$T/err"
finish
