#!/bin/sh
# migsql new: the file it writes (name, slug, keys, message round trip,
# create_date), where the new revision goes (the single head, --head, a new
# root), branch labels and depends_on, and the refusals (several heads, a
# non-head, bad labels, bad SOURCE_DATE_EPOCH), which write nothing; and
# migsql merge: the merge revision of the heads or of the heads named, its
# refusals, and its upgrade and downgrade applied with the real sqlite3.
# Every project here is a copy in $T_TMP; examples/ is never written.
. "$top_srcdir/tests/lib.sh"

EX=$top_srcdir/examples
HEX12='[0-9a-f]\{12\}'

# nfiles DIR: how many entries (dot files too) DIR/versions holds.
nfiles() { ls -A "$1/versions" | wc -l | tr -d ' '; }

# new DIR ARGS...: runs migsql new in DIR; stdout in $T_TMP/out, stderr in
# $T_TMP/err, exit status in $rc, printed path in $path, new id in $id.
new() {
	dir=$1
	shift
	(cd "$dir" && "$MIGSQL" new "$@") >"$T_TMP/out" 2>"$T_TMP/err"
	rc=$?
	path=$(cat "$T_TMP/out")
	id=$(basename "$path" | cut -c1-12)
}

# --- A linear chain: sark, head e7a90d4f1b38 ----------------------------
S=$T_TMP/sark
cp -R "$EX/sark" "$S"
new "$S" -m 'Add audit log'
check "new exits 0" test "$rc" = 0
check "new prints nothing on stderr" test ! -s "$T_TMP/err"
check "the printed path is versions/<12 hex>_add_audit_log.yaml" \
    sh -c "echo '$path' | grep -qx 'versions/${HEX12}_add_audit_log\.yaml'"
check "the printed path exists, relative to the project" test -f "$S/$path"
check "the file's revision is the id in its name" \
    grep -qx "revision: $id" "$S/$path"
check "down_revision is the old head" \
    grep -qx 'down_revision: e7a90d4f1b38' "$S/$path"
check "the message is written" grep -qx 'message: Add audit log' "$S/$path"
check "create_date is UTC YYYY-MM-DD HH:MM:SS" grep -qx \
    'create_date: [0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]' \
    "$S/$path"
check "upgrade and downgrade are empty lists" sh -c \
    "grep -qx 'upgrade: \[\]' '$S/$path' && grep -qx 'downgrade: \[\]' '$S/$path'"
check "the keys are in DESIGN.md's order" sh -c "grep -o '^[a-z_]*:' \
    '$S/$path' | tr -d '\n' | grep -qx \
    'revision:down_revision:message:create_date:upgrade:downgrade:'"
check "no branch_labels or depends_on unless asked" sh -c \
    "! grep -q '^branch_labels\|^depends_on' '$S/$path'"
(cd "$S" && "$MIGSQL" heads) >"$T_TMP/heads"
check "heads now shows only the new id" test "$(cat "$T_TMP/heads")" = "$id (head)"
(cd "$S" && "$MIGSQL" history) >"$T_TMP/hist"
check "history shows the new revision on top" \
    test "$(head -n 1 "$T_TMP/hist")" = "e7a90d4f1b38 -> $id (head), Add audit log"
(cd "$S" && "$MIGSQL" upgrade heads -d postgresql) >"$T_TMP/up.sql" 2>"$T_TMP/err"
check "upgrade heads still renders" test $? = 0
check "the script runs the new revision" \
    grep -q "Running upgrade e7a90d4f1b38 -> $id: Add audit log" "$T_TMP/up.sql"
(cd "$S" && "$MIGSQL" check) >"$T_TMP/check" 2>"$T_TMP/err"
check "check passes with the new revision" test $? = 0
check "check counts 5 revisions" grep -q '^checked 5 revisions' "$T_TMP/check"
(cd "$S" && "$MIGSQL" show "$id") >"$T_TMP/show"
check "show names the file" grep -qx "Path: $path" "$T_TMP/show"
first=$id
new "$S" -m 'second one'
check "a second new exits 0" test "$rc" = 0
check "two runs give different ids" test "$id" != "$first"
check "the second follows the first" grep -qx "down_revision: $first" "$S/$path"
check "no temporary file is left behind" \
    test "$(ls -A "$S/versions" | grep -c '^\.')" = 0

# --- The slug: Alembic's words, lower case, cut at 40 back to a '_' -------
new "$S" -m "Add a column for the customer's preferred delivery window (v2)!"
check "a long slug is cut to its last '_' within 40" \
    sh -c "echo '$path' | grep -qx 'versions/${HEX12}_add_a_column_for_the_customer_s_\.yaml'"
new "$S" -m 'Supercalifragilisticexpialidociousnessandmore words'
check "a 40-character word without '_' keeps 40 and adds '_'" \
    sh -c "echo '$path' | grep -qx 'versions/${HEX12}_supercalifragilisticexpialidociousnessan_\.yaml'"
new "$S" -m 'hello world this is a very long message about punctuation'
check "a cut that falls on a '_' keeps it once" \
    sh -c "echo '$path' | grep -qx 'versions/${HEX12}_hello_world_this_is_a_very_long_message_\.yaml'"
new "$S" -m 'Fix: users.email -- NOT NULL (again)'
check "punctuation separates words" \
    sh -c "echo '$path' | grep -qx 'versions/${HEX12}_fix_users_email_not_null_again\.yaml'"
new "$S" -m '!!! ???'
check "a message without word characters gives <id>_.yaml" \
    sh -c "echo '$path' | grep -qx 'versions/${HEX12}_\.yaml'"
check "... and that file loads" sh -c "cd '$S' && '$MIGSQL' show $id >/dev/null"

# --- The message round-trips exactly (show prints it last) ---------------
# roundtrip DESCRIPTION MESSAGE [SHOWN]: new -m MESSAGE, then show's last
# lines are MESSAGE, or SHOWN: what a terminal would act on, show prints
# escaped (each escape names its character, so the round trip is exact).
roundtrip() {
	new "$S" -m "$2"
	printf '\n    %s\n' "${3-$2}" >"$T_TMP/want"
	lines=$(wc -l <"$T_TMP/want")
	(cd "$S" && "$MIGSQL" show "$id") 2>&1 | tail -n "$lines" >"$T_TMP/got"
	check "$1" sh -c "test '$rc' = 0 && cmp -s '$T_TMP/want' '$T_TMP/got'"
}
roundtrip "quotes, backslash, colon, '#', newline, non-ASCII round-trip" \
    "it's a \"quoted\" C:\\path\\n: key # not a comment
second line: café, naïve, 日本語 — ok"
roundtrip "tab, leading and trailing spaces round-trip" \
    "	  tab and spaces  "
roundtrip "a message that YAML would type (null) stays text" "null"
roundtrip "a message that YAML would type (12) stays text" "12"
roundtrip "a message that starts like YAML syntax round-trips" \
    "- [a, {b: c}] & *x ! %y @z \`q\` | > ? -"
roundtrip "control characters and U+2028 round-trip (shown escaped)" \
    "$(printf 'bell\007 esc\033 del\177 nel\302\205 ls\342\200\250 ps\342\200\251 bom\357\273\277 end')" \
    'bell\x07 esc\x1b del\x7f nel\u0085 ls\u2028 ps\u2029 bom\uFEFF end'

# --- SOURCE_DATE_EPOCH --------------------------------------------------
(cd "$S" && SOURCE_DATE_EPOCH=0 "$MIGSQL" new -m epoch) >"$T_TMP/out"
check "SOURCE_DATE_EPOCH=0 gives 1970-01-01 00:00:00" \
    grep -qx 'create_date: 1970-01-01 00:00:00' "$S/$(cat "$T_TMP/out")"
(cd "$S" && SOURCE_DATE_EPOCH=1700000000 "$MIGSQL" new -m epoch) >"$T_TMP/out"
check "SOURCE_DATE_EPOCH=1700000000 gives 2023-11-14 22:13:20 (UTC)" \
    grep -qx 'create_date: 2023-11-14 22:13:20' "$S/$(cat "$T_TMP/out")"
before=$(nfiles "$S")
(cd "$S" && SOURCE_DATE_EPOCH=yesterday "$MIGSQL" new -m x) >"$T_TMP/out" 2>"$T_TMP/err"
check "an invalid SOURCE_DATE_EPOCH is a usage error (exit 2)" test $? = 2
check "... naming the variable" grep -q 'SOURCE_DATE_EPOCH' "$T_TMP/err"
(cd "$S" && SOURCE_DATE_EPOCH=-1 "$MIGSQL" new -m x) >/dev/null 2>&1
check "a negative SOURCE_DATE_EPOCH is a usage error" test $? = 2
check "... and nothing is written" test "$(nfiles "$S")" = "$before"

# --- Usage errors --------------------------------------------------------
new "$S"
check "new without -m exits 2" test "$rc" = 2
new "$S" -m ''
check "new -m '' exits 2" test "$rc" = 2
check "... nothing on stdout" test ! -s "$T_TMP/out"
new "$S" -m "$(printf 'bad \377 byte')"
check "a message that is not UTF-8 exits 2" test "$rc" = 2
check "usage errors write nothing" test "$(nfiles "$S")" = "$before"
(cd "$S" && "$MIGSQL" check) >/dev/null 2>&1
check "the chain with every new revision still checks" test $? = 0

# --- An empty project, through -C ----------------------------------------
E=$T_TMP/empty
mkdir -p "$E/versions"
"$MIGSQL" -C "$E" new -m 'first revision' >"$T_TMP/out" 2>"$T_TMP/err"
check "new in an empty project exits 0" test $? = 0
path=$(cat "$T_TMP/out")
check "with -C the printed path opens from the current directory" \
    sh -c "echo '$path' | grep -qx '$E/versions/${HEX12}_first_revision\.yaml' && test -f '$path'"
check "the first revision is a root (down_revision: null)" \
    grep -qx 'down_revision: null' "$path"
check "heads shows it" sh -c "'$MIGSQL' -C '$E' heads | grep -q '^$(basename "$path" | cut -c1-12) (head)'"
"$MIGSQL" -C "$E/" new -m 'second' >"$T_TMP/out"
check "-C DIR/ gives no '//' in the path" \
    sh -c "grep -qx '$E/versions/${HEX12}_second\.yaml' '$T_TMP/out'"

# --- Branches: shop, head f1a7b5e3c902 -----------------------------------
B=$T_TMP/shop
cp -R "$EX/shop" "$B"
new "$B" --head base --branch-label side -m 'side root'
check "--head base exits 0" test "$rc" = 0
check "--head base makes a root" grep -qx 'down_revision: null' "$B/$path"
check "--branch-label writes branch_labels" \
    grep -qx 'branch_labels: \[side\]' "$B/$path"
side=$id
(cd "$B" && "$MIGSQL" heads) >"$T_TMP/heads"
check "the chain now has two heads" test "$(wc -l <"$T_TMP/heads")" = 2
before=$(nfiles "$B")
new "$B" -m 'which head?'
check "several heads without --head exit 3" test "$rc" = 3
check "... saying so, as Alembic does" grep -q 'multiple heads' "$T_TMP/err"
check "... listing the first head with its message" \
    grep -q "f1a7b5e3c902: add daily sales report" "$T_TMP/err"
check "... and the other" grep -q "$side (side): side root" "$T_TMP/err"
check "... printing no path" test ! -s "$T_TMP/out"
check "... writing nothing" test "$(nfiles "$B")" = "$before"
new "$B" --head 2e6b -m 'off a non-head'
check "--head naming a non-head exits 3" test "$rc" = 3
check "... naming the revision" grep -q "'2e6b9d4a7c31' is not a head" "$T_TMP/err"
check "... and the heads" grep -q "head f1a7b5e3c902" "$T_TMP/err"
new "$B" --head heads -m 'two at once'
check "--head naming two revisions exits 3" test "$rc" = 3
new "$B" --head nosuch -m 'unknown'
check "--head naming nothing known exits 3" test "$rc" = 3
check "refused --head writes nothing" test "$(nfiles "$B")" = "$before"
new "$B" --head f1a7 -m 'on the main line'
check "--head with a head's prefix exits 0" test "$rc" = 0
check "... and follows that head" grep -qx 'down_revision: f1a7b5e3c902' "$B/$path"
main=$id
new "$B" --head side@head --branch-label side2 -m 'more side'
check "--head LABEL@head exits 0" test "$rc" = 0
check "... and follows the labelled branch's head" \
    grep -qx "down_revision: $side" "$B/$path"
(cd "$B" && "$MIGSQL" upgrade side2@head -d postgresql) >"$T_TMP/up.sql" 2>"$T_TMP/err"
check "upgrade LABEL@head resolves the new label" test $? = 0
check "... to the new revision" grep -q "Running upgrade $side -> $id" "$T_TMP/up.sql"

before=$(nfiles "$B")
new "$B" --head "$main" --branch-label side -m x
check "a branch label already used exits 2" test "$rc" = 2
check "... naming the revision that has it" \
    grep -q "branch label 'side' is already used by revision '$side'" "$T_TMP/err"
new "$B" --head "$main" --branch-label 'bad label' -m x
check "an invalid branch label exits 2" test "$rc" = 2
new "$B" --head "$main" --branch-label heads -m x
check "the branch label 'heads' is refused" test "$rc" = 2
new "$B" --head "$main" --branch-label 1b7e4c9a2f05 -m x
check "a branch label that is a revision id is refused" test "$rc" = 2
new "$B" --head "$main" --branch-label twice --branch-label twice -m x
check "the same --branch-label twice is refused" test "$rc" = 2
new "$B" --head "$main" --branch-label reporting --depends-on nosuch -m x
check "several errors: the first one's exit code" test "$rc" = 2
check "... and every error reported" sh -c "grep -q \"'reporting' is \
already used\" '$T_TMP/err' && grep -q nosuch '$T_TMP/err'"
new "$B" --head "$main" --depends-on "$main" -m x
check "depends_on on the down_revision itself is refused" test "$rc" = 2
new "$B" --head "$main" --depends-on base -m x
check "depends_on base is refused" test "$rc" = 3
check "refused labels and depends_on write nothing" test "$(nfiles "$B")" = "$before"

new "$B" --head "$main" --depends-on 7d3c --depends-on reporting \
    --depends-on 7d3c0f8b5a64 -m 'needs reports'
check "--depends-on exits 0" test "$rc" = 0
check "--depends-on writes full ids, sorted, once each" \
    grep -qx 'depends_on: \[2e6b9d4a7c31, 7d3c0f8b5a64\]' "$B/$path"
new "$B" --head "$id" --branch-label two --branch-label labels -m 'two labels'
check "several --branch-label keep their order" \
    grep -qx 'branch_labels: \[two, labels\]' "$B/$path"
(cd "$B" && "$MIGSQL" check -d postgresql) >/dev/null 2>"$T_TMP/err"
check "the branched chain still checks" test $? = 0
(cd "$B" && "$MIGSQL" upgrade heads -d sqlite) >/dev/null 2>"$T_TMP/err"
check "upgrade heads renders the branched chain" test $? = 0

# --- Ids are plain strings --------------------------------------------
# About 1 draw in 140 is a number to YAML (123456789012, 1234e5678901),
# which would be written quoted; new draws again.  300 roots make such a
# draw likely (88%) had new kept it.  Run without valgrind (MIGSQL_BIN):
# this is about the ids, not memory.
N=$T_TMP/many
mkdir -p "$N/versions"
i=0
while [ $i -lt 300 ] &&
    (cd "$N" && "${MIGSQL_BIN:-$MIGSQL}" new --head base -m "root $i") >/dev/null
do
	i=$((i + 1))
done
check "300 roots written" test "$(nfiles "$N")" = 300
grep -h '^revision:' "$N"/versions/*.yaml >"$T_TMP/ids"
check "every id is written unquoted: 12 hex digits, never a number" \
    test "$(grep -cx 'revision: [0-9a-f]\{12\}' "$T_TMP/ids")" = 300


# --- merge: a merge revision of the heads (alembic merge) ----------------
M=$T_TMP/merge
cp -R "$EX/sark" "$M"
new "$M" -m 'one side'
h1=$id
new "$M" -m 'other root' --head base
h2=$id
heads_sorted=$(printf '%s\n%s\n' "$h1" "$h2" | LC_ALL=C sort | paste -sd, - |
    sed 's/,/, /')
before=$(nfiles "$M")
(cd "$M" && "$MIGSQL" merge -m 'x' "$h1") >"$T_TMP/out" 2>"$T_TMP/err"
check "merge of one head exits 3" test $? = 3
check "... saying there is nothing to merge" \
    grep -q "a merge joins two heads or more; the revisions given name 1" "$T_TMP/err"
(cd "$M" && "$MIGSQL" merge -m 'x' e7a90d4f1b38 "$h2") >"$T_TMP/out" 2>"$T_TMP/err"
check "merge of a revision that is not a head exits 3" test $? = 3
check "... naming it" \
    grep -q "revision 'e7a90d4f1b38' is not a head; a merge joins heads" "$T_TMP/err"
(cd "$M" && "$MIGSQL" merge) >"$T_TMP/out" 2>"$T_TMP/err"
check "merge without -m exits 2" test $? = 2
(cd "$M" && "$MIGSQL" merge -m x --head "$h1") >"$T_TMP/out" 2>"$T_TMP/err"
check "merge does not take --head" grep -q "merge does not take --head" "$T_TMP/err"
check "... and the refusals wrote nothing" test "$(nfiles "$M")" = "$before"
(cd "$M" && "$MIGSQL" merge -m 'Join the branches' --branch-label joined) \
    >"$T_TMP/out" 2>"$T_TMP/err"
check "merge exits 0" test $? = 0
path=$(cat "$T_TMP/out")
mid=$(basename "$path" | cut -c1-12)
check "merge writes versions/<id>_join_the_branches.yaml" \
    sh -c "echo '$path' | grep -qx 'versions/${HEX12}_join_the_branches\.yaml'"
check "its down_revision is both heads, in the order heads lists them" \
    grep -qx "down_revision: \[$heads_sorted\]" "$M/$path"
check "its branch label is written" grep -qx 'branch_labels: \[joined\]' "$M/$path"
check "the chain has one head now: the merge" \
    test "$(cd "$M" && "$MIGSQL" heads)" = "$mid (joined) (head) (mergepoint)"
check "the chain with the merge checks clean" \
    sh -c "cd '$M' && '$MIGSQL' check -d sqlite -d postgresql >/dev/null 2>&1"
if command -v sqlite3 >/dev/null 2>&1; then
	(cd "$M" && "$MIGSQL" upgrade heads -d sqlite) >"$T_TMP/m.sql"
	sqlite3 "$T_TMP/m.db" <"$T_TMP/m.sql" >/dev/null 2>&1
	check "the merge's upgrade applies with sqlite3: the version is the merge" \
	    test "$(sqlite3 "$T_TMP/m.db" 'SELECT version_num FROM alembic_version')" = "$mid"
	(cd "$M" && "$MIGSQL" downgrade "$mid:$h1,$h2" -d sqlite) >"$T_TMP/md.sql"
	sqlite3 "$T_TMP/m.db" <"$T_TMP/md.sql" >/dev/null 2>&1
	check "... and its downgrade gives back both heads" \
	    test "$(sqlite3 "$T_TMP/m.db" 'SELECT version_num FROM alembic_version ORDER BY 1' | paste -sd, -)" = \
	    "$(echo "$heads_sorted" | sed 's/, /,/')"
else
	skip_check "merge: sqlite3 is not installed"
fi
M2=$T_TMP/merge2
cp -R "$EX/sark" "$M2"
new "$M2" -m 'a'
a=$id
new "$M2" -m 'b' --head base
b=$id
(cd "$M2" && "$MIGSQL" merge -m 'named' "$b,$a") >"$T_TMP/out" 2>"$T_TMP/err"
check "merge REV,REV keeps the order named" \
    grep -qx "down_revision: \[$b, $a\]" "$M2/$(cat "$T_TMP/out")"

# --- Write errors: a versions directory we cannot write to --------------
# Root writes anywhere, so as root the run is as nobody (like lib.sh's
# pg_as); without runuser it is skipped and counted as skipped.
R=$T_TMP/ro
cp -R "$EX/sark" "$R"
chmod -R a+rX,a-w "$R"
as_user=
if [ "$(id -u)" = 0 ]; then
	if command -v runuser >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
		as_user="runuser -u nobody --"
	else
		as_user=none
	fi
fi
if [ "$as_user" = none ]; then
	T_SKIP=$((T_SKIP + 1))
	echo "SKIP - write errors: root without runuser or user nobody"
else
	(cd "$R" && $as_user "$MIGSQL" new -m 'cannot write') >"$T_TMP/out" 2>"$T_TMP/err"
	check "a read-only versions directory exits 1" test $? = 1
	check "... naming the file" grep -q \
	    "^versions/${HEX12}_cannot_write\.yaml: error: cannot create" "$T_TMP/err"
	check "... leaving nothing behind" test "$(nfiles "$R")" = 4
fi
chmod -R u+w "$R"
finish
