#!/bin/sh
# check and lint --format=text|json|sarif, on tests/formats: a chain with
# lint errors and warnings on both dialects, a finding ignored where it is
# written, errors that are no lint finding (SQL the engines refuse, a
# column an earlier revision dropped), a name holding a right-to-left
# override and a lone note (a file in versions/ that is no revision).
#   - text stays the default and byte for byte what no --format gives;
#   - JSON Lines and SARIF are pinned as goldens (tests/golden/formats.*;
#     the project's absolute file: URI and SQLite's version, which vary by
#     machine, are replaced by PROJECT_URI and SQLite VERSION), and both
#     carry what the text says: the same errors and warnings, where;
#   - every JSON line parses and has the documented keys; the SARIF log has
#     every property SARIF 2.1.0 requires, and its references hold (ruleIndex
#     to the rule with that id, uriBaseId to originalUriBaseIds, locations
#     to files that exist);
#   - the exit status is the text form's, nothing goes to stderr, and
#     --format is refused where it does not belong.
# Regenerate the goldens with UPDATE_GOLDEN=1, then read them.
# shellcheck disable=SC2154 # top_srcdir comes from the environment
. "$top_srcdir/tests/lib.sh"

G=$top_srcdir/tests/golden
P=$top_srcdir/tests/formats
D="-d postgresql -d sqlite"

if ! command -v jq >/dev/null 2>&1; then
	skip_all "jq not found (it reads the JSON here)"
fi

jqe() { jq -e "$@" >/dev/null; }	# jqe FILTER FILE: the filter holds

# run FORMAT CMD: CMD's stdout, stderr and exit status in $T_TMP/CMD.FORMAT.*
run() {
	# shellcheck disable=SC2086
	(cd "$P" && "$MIGSQL" "$2" $D ${1:+--format="$1"}) \
	    >"$T_TMP/$2.${1:-none}.out" 2>"$T_TMP/$2.${1:-none}.err"
	echo $? >"$T_TMP/$2.${1:-none}.status"
}

# normalise: the machine's parts of the output, for the goldens.
normalise() {
	uri=$(cd "$P" && pwd -P | sed 's/[^A-Za-z0-9._~/-]/\\&/g')
	sed -e "s|file://$uri/|PROJECT_URI/|g" \
	    -e 's/SQLite [0-9][0-9.]* refuses/SQLite VERSION refuses/g'
}

golden() {	# golden NAME FILE: FILE (normalised) equals tests/golden/NAME
	normalise <"$2" >"$T_TMP/golden.$1"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$T_TMP/golden.$1" "$G/$1"
	fi
	if cmp -s "$T_TMP/golden.$1" "$G/$1"; then
		pass "formats: $1 is the golden"
	else
		fail "formats: $1 differs from the golden:"
		diff -u "$G/$1" "$T_TMP/golden.$1" | head -n 30 | sed 's/^/#   /'
	fi
}

for cmd in check lint; do
	for f in "" text json sarif; do
		run "$f" "$cmd"
	done
	check "formats: $cmd exits 1 on this chain" \
	    test "$(cat "$T_TMP/$cmd.none.status")" = 1
	for f in text json sarif; do
		check "formats: $cmd --format=$f exits as the text form does" \
		    cmp -s "$T_TMP/$cmd.none.status" "$T_TMP/$cmd.$f.status"
	done
	check "formats: $cmd --format=text prints what no --format prints" \
	    cmp -s "$T_TMP/$cmd.none.err" "$T_TMP/$cmd.text.err"
	for f in json sarif; do
		check "formats: $cmd --format=$f writes nothing to stderr" \
		    test ! -s "$T_TMP/$cmd.$f.err"
	done
done
check "formats: check and lint say the same in JSON" \
    cmp -s "$T_TMP/check.json.out" "$T_TMP/lint.json.out"
golden formats.txt "$T_TMP/lint.none.err"
golden formats.jsonl "$T_TMP/lint.json.out"
golden formats.sarif "$T_TMP/lint.sarif.out"

J=$T_TMP/lint.json.out
S=$T_TMP/lint.sarif.out

# --- JSON Lines ----------------------------------------------------------
check "json: every line is one JSON object with the documented keys" \
    jqe -s 'length > 0 and all(.[]; type == "object" and (keys ==
        (["column", "dialect", "file", "ignored", "line", "message", "note",
          "reason", "rule", "severity"]))) and all(.[];
        (.severity | IN("error", "warning", "note")) and
        (.ignored | type == "boolean") and
        ((.reason == null) == (.ignored | not)))' "$J"
check "json: one line per line of output" \
    test "$(wc -l <"$J")" = "$(jq -c . "$J" | wc -l)"
# The text form's errors and warnings, as "file:line:col: severity: message"
# with the "[DIALECT] RULE: " prefix, are the JSON's that are not ignored.
grep -v ': note: ' "$T_TMP/lint.none.err" | LC_ALL=C sort >"$T_TMP/text.found"
jq -r 'select(.ignored | not) | select(.severity != "note") |
    "\(.file)\(if .line then ":\(.line)" else "" end)\(if .column then
    ":\(.column)" else "" end): \(.severity): \(if .rule then
    "[\(.dialect)] \(.rule): " else "" end)\(.message)"' "$J" |
    LC_ALL=C sort >"$T_TMP/json.found"
check "json: the same errors and warnings as the text, at the same places" \
    cmp -s "$T_TMP/text.found" "$T_TMP/json.found"
check "json: the finding ignored where it is written is there, with its reason" \
    test "$(jq -r 'select(.ignored) | "\(.rule) \(.reason)"' "$J")" = \
    "index-not-concurrent events is empty until release 2"
check "json: a lint finding's note is the dialect's explanation" \
    jqe -s '[.[] | select(.rule == "drop-column" and .dialect ==
        "postgresql")] | length == 1 and
        (.[0].note | startswith("Dropping a column deletes"))' "$J"
check "json: the lone note is a line of its own" \
    jqe -s 'any(.[]; .severity == "note" and .file == "versions" and
        (.message | contains("README.md")))' "$J"
check "json: the right-to-left override is escaped, as in the text" \
    sh -c 'grep -q "accounts\\\\\\\\u202E" "$1" && ! grep -q "$(printf "\342\200\256")" "$1"' sh "$J"

# --- SARIF 2.1.0 ----------------------------------------------------------
# The properties SARIF 2.1.0 requires (sarifLog: version, runs; run: tool;
# toolComponent: name; result: message with text; reportingDescriptor: id;
# suppression: kind; region: startLine >= 1) and the references between
# its parts.
check "sarif: version 2.1.0, the schema, a run per dialect in order" \
    jqe '.version == "2.1.0" and (."$schema" | endswith("sarif-2.1.0.json"))
        and ([.runs[].automationDetails.id] ==
             ["migsql/postgresql/", "migsql/sqlite/"])' "$S"
check "sarif: every run's tool is migsql with unique rule ids" \
    jqe 'all(.runs[]; .tool.driver.name == "migsql" and
        (.tool.driver.version | type == "string") and
        ([.tool.driver.rules[].id] | length == (unique | length)) and
        all(.tool.driver.rules[]; (.id | type == "string") and
            (.help.text | length > 0) and
            (.shortDescription.text | length > 0) and
            (.defaultConfiguration.level | IN("error", "warning"))))' "$S"
check "sarif: every result has a message, a level and a rule that its ruleIndex names" \
    jqe 'all(.runs[]; .tool.driver.rules as $r | all(.results[];
        (.message.text | length > 0) and
        (.level | IN("error", "warning", "note")) and
        $r[.ruleIndex].id == .ruleId))' "$S"
check "sarif: every location is a file under PROJECTROOT with a 1-based region" \
    jqe 'all(.runs[]; (.originalUriBaseIds.PROJECTROOT.uri |
        startswith("file:///") and endswith("/")) and
        all(.results[] | .locations[]?, .relatedLocations[]? |
        .physicalLocation | select(. != null);
        .artifactLocation.uriBaseId == "PROJECTROOT" and
        (.artifactLocation.uri | startswith("/") | not) and
        ((.region // {startLine: 1}) | .startLine >= 1 and
         ((.startColumn // 1) >= 1))))' "$S"
jq -r '.runs[].results[].locations[]?.physicalLocation.artifactLocation.uri' \
    "$S" | sort -u >"$T_TMP/uris"
missing=
while read -r u; do
	[ -e "$P/$u" ] || missing="$missing $u"
done <"$T_TMP/uris"
check "sarif: every location names a file of the project" test -z "$missing"
check "sarif: the ignored finding is a suppression in the source, with its reason" \
    test "$(jq -r '.runs[].results[] | select(.suppressions) |
        "\(.ruleId) \(.suppressions[0].kind) \(.suppressions[0].justification)"' "$S")" = \
    "index-not-concurrent inSource events is empty until release 2"
check "sarif: as many results as JSON lines, each in its dialect's run" \
    test "$(jq -r '.runs[] | .automationDetails.id as $id | .results[] |
        "\($id) \(.ruleId) \(.level) \(.message.text)"' "$S" | LC_ALL=C sort)" = \
    "$(jq -r '"migsql/\(.dialect)/ \(.rule // "check") \(.severity) \(.message)"' "$J" | LC_ALL=C sort)"

# --- A clean chain, and --format where it does not belong -----------------
(cd "$top_srcdir/examples/sark" && "$MIGSQL" lint --format=json -d sqlite) \
    >"$T_TMP/sark.json" 2>"$T_TMP/sark.err"
check "formats: a chain without errors exits 0 in JSON" test $? = 0
check "formats: ... and every line of it is a warning or a note" \
    jqe -s 'all(.[]; .severity != "error")' "$T_TMP/sark.json"
"$MIGSQL" -C "$P" check --format=xml >"$T_TMP/o" 2>"$T_TMP/e"
check "formats: an unknown --format is a usage error" test $? = 2
check "formats: ... naming the forms" \
    grep -q "unknown --format 'xml' (text, json or sarif)" "$T_TMP/e"
"$MIGSQL" -C "$P" upgrade heads -d sqlite --format=json >"$T_TMP/o" 2>"$T_TMP/e"
check "formats: upgrade does not take --format" \
    grep -q "upgrade does not take --format" "$T_TMP/e"
finish
