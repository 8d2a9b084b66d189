# tests/engine/suite.sh -- the real-engine checks, shared by pg.sh (the
# postgresql-*.sh programs) and sqlite.sh (sourced after lib.sh).  The sourcing script defines the
# adapter: DIALECT, db_reset, db_apply FILE (exit status of the client),
# db_load FILE (applies plain SQL the way a user loads `migsql schema`
# output: stops at the first error; exit status), db_schema (user schema,
# one line per column, constraint, index, ..., stable text, version table
# excluded; a column's line is "column|TABLE|POSITION|NAME|..."; errors go
# to $T_TMP/db_schema.err), db_versions (sorted ids joined by ',', "" for
# none), db_exec SQL, db_query SQL, db_apply_concurrently FILE FILE (prints
# both exit statuses); DDL_COMMITS=1 where each DDL statement commits on its
# own (MariaDB), so a failure midway leaves the earlier parts applied.
#
# suite_all [K/N] runs everything on every example (examples/*/, so a new
# example is picked up when it appears) and on the fixtures
# (tests/engine/fixtures/*/, which only take part in the model and round-trip
# checks); with K/N, only the K-th of N shares of that list (every N-th item
# from the K-th), so that a slow engine can spread it over N test programs.

render() {	# render OUTFILE ARGS...: renders into OUTFILE or fails the test
	local out=$1
	shift
	if ! "$MIGSQL" "$@" -d "$DIALECT" >"$out" 2>"$T_TMP/render.err"; then
		fail "render $*: $(cat "$T_TMP/render.err")"
		return 1
	fi
}

# The state a downgrade must give back: the schema and the version set.
# Column positions are left out (columns still compared as a set, with
# everything else about them): a downgrade that puts back a dropped column
# adds it at the end of the table, as ALTER TABLE ADD COLUMN does and as
# Alembic does; no engine can insert it at its old place without a rebuild.
# suite_model compares positions: there both sides are built from nothing.
state() {
	db_schema | awk -F'|' -v OFS='|' '$1 == "column" { $3 = "" } 1' |
	    LC_ALL=C sort
	printf '== versions: %s\n' "$(db_versions)"
}

# The revisions of the example in the order base:heads applies them.
step_order() {
	"$MIGSQL" upgrade heads -d "$DIALECT" | sed -n \
	    's/^-- Running upgrade .* -> \([^:]*\): .*/\1/p'
}

suite_example() {
	local ex=$1 dir="$top_srcdir/examples/$1" s=$T_TMP/$1
	local heads before after rev cur prev i n
	mkdir -p "$s"
	cd "$dir" || return
	heads=$("$MIGSQL" heads | cut -d' ' -f1 | sort | paste -sd, -)

	# base -> heads, then the guard refuses a rerun, changing nothing.
	db_reset
	render "$s/up.sql" upgrade base:heads || return
	render "$s/down.sql" downgrade heads:base || return
	check "$ex: base->heads applies" db_apply "$s/up.sql"
	check "$ex: version set is heads" test "$(db_versions)" = "$heads"
	db_exec "CREATE TABLE migsql_probe (n integer); INSERT INTO migsql_probe VALUES (42);"
	before=$(state)
	check "$ex: rerun is refused" not db_apply "$s/up.sql"
	check "$ex: rerun changed nothing" test "$(state)" = "$before"
	check "$ex: rerun kept data" test "$(db_query 'SELECT n FROM migsql_probe')" = 42
	db_exec "DROP TABLE migsql_probe;"

	# heads -> base leaves no user tables and an empty version table.
	check "$ex: heads->base applies" db_apply "$s/down.sql"
	check "$ex: no user tables after heads->base" test -z "$(db_schema)"
	check "$ex: version table empty after heads->base" test -z "$(db_versions)"
	check "$ex: rerun of the downgrade is refused" not db_apply "$s/down.sql"

	# Each step up, recording the state before it; then each step down,
	# which must give back exactly that state.
	db_reset
	n=0
	for rev in $(step_order); do
		n=$((n + 1))
		cur=$(db_versions)
		echo "$cur" >"$s/before.$n.versions"
		state >"$s/before.$n.state"
		echo "$rev" >"$s/rev.$n"
		render "$s/step.$n.sql" upgrade "${cur:-base}:$rev" || return
		check "$ex: step up to $rev applies" db_apply "$s/step.$n.sql"
	done
	check "$ex: step walk ends at heads" test "$(db_versions)" = "$heads"
	i=$n
	while [ "$i" -gt 0 ]; do
		rev=$(cat "$s/rev.$i")
		prev=$(cat "$s/before.$i.versions")
		render "$s/back.$i.sql" downgrade "$(db_versions):${prev:-base}" || return
		check "$ex: step down from $rev applies" db_apply "$s/back.$i.sql"
		after=$(state)
		# At base the version table stays, empty: compare schema only.
		check "$ex: step down from $rev restores the earlier schema" \
		    test "$after" = "$(cat "$s/before.$i.state")"
		i=$((i - 1))
	done

	# A script for another version is refused with nothing changed.
	# Where the scripts resume (DDL_COMMITS=1: every statement is a part
	# that records its progress), a version on the script's path is a
	# place to go on from, not another version: there the script must
	# finish, and one whose path the database is not on must refuse.
	db_reset
	rev=$(cat "$s/rev.2")
	render "$s/to2.sql" upgrade "base:$rev" || return
	db_apply "$s/to2.sql" >/dev/null 2>&1
	before=$(state)
	if [ "${DDL_COMMITS:-0}" = 1 ]; then
		render "$s/from2.sql" upgrade "$rev:heads" || return
		db_reset
		before=$(state)
		check "$ex: $rev:heads refused at base" not db_apply "$s/from2.sql"
		check "$ex: refused run changed nothing" test "$(state)" = "$before"
		# Two steps of the walk: a state base:heads passes through.
		db_apply "$s/step.1.sql" >/dev/null 2>&1
		db_apply "$s/step.2.sql" >/dev/null 2>&1
		check "$ex: base->heads two steps on, on its path, goes on" \
		    db_apply "$s/up.sql"
		check "$ex: ... to heads" test "$(db_versions)" = "$heads"
	else
		check "$ex: base->heads refused at $rev" not db_apply "$s/up.sql"
		check "$ex: refused run changed nothing" test "$(state)" = "$before"
		check "$ex: downgrade heads:base refused at $rev" \
		    not db_apply "$s/down.sql"
		check "$ex: refused downgrade changed nothing" \
		    test "$(state)" = "$before"
	fi

	# A statement failing midway leaves everything as it was: the last
	# table the script creates already exists, so earlier steps have run
	# when it fails.  On an engine whose DDL commits on its own
	# (DDL_COMMITS=1: MariaDB), what ran before stays, recorded as
	# progress; there the failure must leave the conflicting table alone,
	# and the same script, run again once it is dropped, must finish.
	db_reset
	conflict=$(sed -n 's/^CREATE TABLE \([a-z_]*\) (.*/\1/p' "$s/up.sql" |
	    tail -n 1)
	[ -z "$conflict" ] && [ "${DDL_COMMITS:-0}" = 1 ] &&
	    conflict=$(sed -n 's/^[[:space:]]*CREATE TABLE `\{0,1\}\([a-z_]*\)`\{0,1\} (.*/\1/p' \
	        "$s/up.sql" | grep -v '^alembic_version$' | tail -n 1)
	if [ -n "$conflict" ] && [ "${DDL_COMMITS:-0}" = 1 ]; then
		db_exec "CREATE TABLE $conflict (x integer); INSERT INTO $conflict VALUES (7);"
		check "$ex: failure in the last step stops the script" \
		    not db_apply "$s/up.sql"
		check "$ex: the failure left the conflicting table $conflict alone" \
		    test "$(db_schema | awk -F'|' -v t="$conflict" \
		        '$1 == "column" && $2 == t { print $4 }'):$(db_query "SELECT x FROM $conflict")" = x:7
		db_exec "DROP TABLE $conflict;"
		check "$ex: the same script, run again after the fix, finishes" \
		    db_apply "$s/up.sql"
		check "$ex: ... at heads" test "$(db_versions)" = "$heads"
	elif [ -n "$conflict" ]; then
		db_exec "CREATE TABLE $conflict (x integer);"
		before=$(state)
		check "$ex: failure in the last step stops the script" \
		    not db_apply "$s/up.sql"
		check "$ex: failure midway changed nothing" \
		    test "$(state)" = "$before"
	else
		fail "$ex: the script creates no table to conflict with"
	fi

	# Two runs at once: exactly one applies (the other fails at the lock
	# or, when it comes second, at the guard).
	db_reset
	set -- $(db_apply_concurrently "$s/up.sql" "$s/up.sql")
	check "$ex: two concurrent runs, exactly one applies" \
	    test "$(( ($1 == 0) + ($2 == 0) ))" = 1
	check "$ex: after concurrent runs the version set is heads" \
	    test "$(db_versions)" = "$heads"
}

not() { ! "$@"; }

# --- Helpers for the model and round-trip checks ---------------------------


# What migsql does not have yet, it says so ("the '...' command is not
# implemented yet", "... is not supported yet"); a check that needs it is
# skipped, visibly, rather than failed (a failure under CI=true).  Written
# while `schema` and most operations were in progress; today every
# operation renders, so nothing the examples and fixtures use matches.
not_yet() { grep -q -E 'not (implemented|supported) yet' "$1"; }

# try_render OUTFILE ARGS...: runs `migsql ARGS -d DIALECT` into OUTFILE.
# Returns 0 when it rendered; 1 when migsql refused with a diagnostic (exit
# 1, 2 or 3 and a message in $T_TMP/render.err); 2 for anything else (a
# crash, or an exit status without a message).  Reports nothing itself.
try_render() {
	local out=$1 rc
	shift
	"$MIGSQL" "$@" -d "$DIALECT" >"$out" 2>"$T_TMP/render.err"
	rc=$?
	[ "$rc" = 0 ] && return 0
	[ "$rc" -ge 1 ] && [ "$rc" -le 3 ] && [ -s "$T_TMP/render.err" ] &&
	    return 1
	echo "exit status $rc" >>"$T_TMP/render.err"
	return 2
}
render_err() { head -n 3 "$T_TMP/render.err" | paste -sd' ' -; }

# chain_renders NAME WHAT: the whole chain renders (upgrade heads).  If it
# does not, the checks named WHAT are skipped (see not_yet) or failed, and
# this returns 1.
chain_renders() {
	try_render "$T_TMP/chain.sql" upgrade heads
	case $? in
	0) return 0 ;;
	1) if not_yet "$T_TMP/render.err"; then
		skip_check "$1: $2: the chain does not render yet: $(render_err)"
		return 1
	   fi ;;
	esac
	fail "$1: $2: upgrade heads does not render: $(render_err)"
	return 1
}

# same_text WHAT EXPECTED ACTUAL: one check; on a difference, shows the
# diff (the files' names say which side is which) as comment lines.
same_text() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1"
		diff -u --label "${2##*/}" --label "${3##*/}" "$2" "$3" |
		    head -n 40 | sed 's/^/#   /'
	fi
}

# step_files SCRIPT: the revision files a rendered script runs, from its
# header ("--   <id>  <message> (versions/<file>.yaml)").
step_files() {
	sed -n 's/^--   [0-9a-zA-Z_]*  .* (\(.*\.yaml\))$/\1/p' "$1"
}

# ddl_executes FILE...: the revision files among FILE... whose upgrade list
# has an `execute` op that, on $DIALECT, looks like DDL (CREATE, ALTER,
# DROP, COMMENT, RENAME, DO): objects the schema model cannot know about.
# A heuristic over the YAML text, which errs on the side of "yes": an
# execute op with the dialect's key set to null (`sqlite: null`) does
# nothing; with a key for the dialect only that text counts; otherwise
# (`execute: SQL`, `sql:`, or a flow mapping) all of the op's text counts.
ddl_executes() {
	local f
	for f in "$@"; do
		awk -v dialect="$DIALECT" "$DDL_AWK" "$f" && echo "$f"
	done
}
DDL_AWK='
function flush(   t, k) {
	if (is_exec) {
		if (dialect in text) t = text[dialect]
		else if (nulled) t = ""
		else t = all
		if (tolower(t) ~ /(^|[^a-z0-9_])(create|alter|drop|comment|rename|do)([^a-z0-9_]|$)/)
			ddl = 1
	}
	is_exec = 0; all = ""; nulled = 0; key = ""
	for (k in text) delete text[k]
}
# A top-level key ends the list before it; only `upgrade:` is read.
/^[A-Za-z_][A-Za-z0-9_]*[ \t]*:/ {
	flush(); up = ($0 ~ /^upgrade[ \t]*:/); item = -1; next
}
!up || /^[ \t]*(#|$)/ { next }
{
	match($0, /^ */); ind = RLENGTH
	line = $0
	if ($0 ~ /^ *- / && (item < 0 || ind <= item)) {	# a new operation
		flush(); item = ind
		is_exec = ($0 ~ /^ *- *execute[ \t]*:/)
		sub(/^ *- *[A-Za-z_]*[ \t]*:/, "", line)
	}
	if (!is_exec) next
	all = all " " line
	if (line ~ ("(^|[{,])[ \t]*" dialect "[ \t]*:[ \t]*(null|~)[ \t]*([,}]|$)"))
		nulled = 1
	if (line ~ /^[ \t]+[a-z_]+[ \t]*:/) {	# a per-dialect key: its text
		key = line; sub(/^[ \t]+/, "", key); sub(/[ \t]*:.*/, "", key)
		sub(/^[ \t]+[a-z_]+[ \t]*:/, "", line)
	}
	if (key != "") text[key] = text[key] " " line
}
END { flush(); exit !ddl }
'

# --- Model equivalence ------------------------------------------------------
# For every revision REV in step order: `migsql schema REV` loaded into an
# empty database gives the same db_schema as `upgrade base:REV` applied to
# an empty database.  One check per revision.
#
# The schema model cannot know what raw SQL in an `execute` op creates
# (the shop's view daily_sales, f1a7b5e3c902).  For a revision whose
# ancestors have such an op on this dialect (see ddl_executes), the check
# requires instead that every line of the schema output's db_schema is
# there after the upgrade, and shows, as comments, the lines only the
# upgrade has.  Every other revision must match exactly, line for line.
suite_model() {	# suite_model NAME DIR
	local ex=$1 s=$T_TMP/$1.model rev what opaque
	mkdir -p "$s"
	cd "$2" || return
	chain_renders "$ex" "schema equals upgrade" || return
	for rev in $(step_order); do
		what="$ex: schema $rev equals upgrade base:$rev"
		if ! try_render "$s/up.sql" upgrade "base:$rev"; then
			fail "$what: upgrade base:$rev: $(render_err)"
			continue
		fi
		try_render "$s/schema.sql" schema "$rev"
		case $? in
		0) ;;
		1) if grep -q "was made by the execute at" "$T_TMP/render.err"; then
			# What raw DDL made with more than the model keeps
			# (a default, an unknown type) is refused, not
			# written differently.
			pass "$what: schema $rev refuses what an execute made and it cannot write"
		   elif not_yet "$T_TMP/render.err"; then
			skip_check "$what: $(render_err)"
		   else
			fail "$what: schema $rev: $(render_err)"
		   fi
		   continue ;;
		*) fail "$what: schema $rev: $(render_err)"; continue ;;
		esac
		# Plain statements only: no version table, guard, transaction
		# frame or client directive.
		if grep -q -i -E '^[[:space:]]*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION)[[:space:];]|alembic_version|migsql_(guard|check)|^[\\.]' \
		    "$s/schema.sql"; then
			fail "$what: the schema output has more than the schema:"
			grep -n -i -E '^[[:space:]]*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION)[[:space:];]|alembic_version|migsql_(guard|check)|^[\\.]' \
			    "$s/schema.sql" | head -n 5 | sed 's/^/#   /'
			continue
		fi
		db_reset
		if ! db_load "$s/schema.sql"; then
			fail "$what: the schema output does not load into an empty database:"
			tail -n 5 "$T_TMP/load.log" | sed 's/^/#   /'
			continue
		fi
		db_schema >"$s/from-schema"
		db_reset
		if ! db_apply "$s/up.sql"; then
			fail "$what: upgrade base:$rev does not apply"
			continue
		fi
		db_schema >"$s/from-upgrade"
		opaque=$(ddl_executes $(step_files "$s/up.sql"))
		if cmp -s "$s/from-schema" "$s/from-upgrade" || [ -z "$opaque" ]; then
			same_text "$what" "$s/from-schema" "$s/from-upgrade"
			continue
		fi
		LC_ALL=C sort "$s/from-schema" >"$s/a"
		LC_ALL=C sort "$s/from-upgrade" >"$s/b"
		echo "# $ex: $rev: execute ops with DDL on the way:" $opaque
		LC_ALL=C comm -13 "$s/a" "$s/b" | head -n 10 | sed 's/^/#   only after the upgrade: /'
		if [ -z "$(LC_ALL=C comm -23 "$s/a" "$s/b")" ]; then
			pass "$what"
		else
			fail "$what"
			LC_ALL=C comm -23 "$s/a" "$s/b" | head -n 20 |
			    sed 's/^/#   missing after the upgrade: /'
		fi
	done
}

# --- Round trips ------------------------------------------------------------
# For pairs (A, B) of base and the revisions in step order, A before B:
# upgrade base:A, record the state (schema and version set), upgrade A:B,
# downgrade B:A, and the state must be the recorded one.  One check per
# pair.  A pair is taken only if both `upgrade A:B` and `downgrade B:A`
# render: on a branched chain, A is often not an ancestor of B and
# `downgrade B:A` is refused (exit 3); a revision that cannot be reverted by
# design refuses the downgrade too.  Those pairs are not round trips, and
# are counted in a comment line, not as checks.
#
# Cost: a pair is two applies and a state; with N revisions there are
# N(N+1)/2 pairs.  Above ROUNDTRIP_MAX_PAIRS candidate pairs per example,
# only pairs at most ROUNDTRIP_MAX_DISTANCE steps apart in step order are
# taken, plus (base, REV) for every REV.
ROUNDTRIP_MAX_PAIRS=150
ROUNDTRIP_MAX_DISTANCE=4
suite_roundtrip() {	# suite_roundtrip NAME DIR
	local ex=$1 s=$T_TMP/$1.roundtrip i j n a b what limit at_a
	local refused= notyet=0 rc1 rc2
	local -a revs
	mkdir -p "$s"
	cd "$2" || return
	chain_renders "$ex" "round trips" || return
	set -- base $(step_order)
	n=$#
	limit=$n
	if [ $((n * (n - 1) / 2)) -gt "$ROUNDTRIP_MAX_PAIRS" ]; then
		limit=$ROUNDTRIP_MAX_DISTANCE
		echo "# $ex: $((n * (n - 1) / 2)) pairs: round trips over at most $limit steps, and from base"
	fi
	revs=("$@")
	for ((i = 0; i < n - 1; i++)); do
		a=${revs[i]}
		at_a=
		for ((j = i + 1; j < n; j++)); do
			[ "$i" -gt 0 ] && [ $((j - i)) -gt "$limit" ] && break
			b=${revs[j]}
			rc2=0
			what="$ex: round trip $a -> $b -> $a restores the state"
			try_render "$s/up.sql" upgrade "$a:$b"; rc1=$?
			[ "$rc1" = 0 ] && { try_render "$s/down.sql" downgrade "$b:$a"; rc2=$?; }
			if [ "$rc1" = 2 ] || [ "${rc2:-0}" = 2 ]; then
				fail "$what: $(render_err)"
				continue
			elif [ "$rc1" != 0 ] || [ "$rc2" != 0 ]; then
				if not_yet "$T_TMP/render.err"; then
					notyet=$((notyet + 1))
				else
					refused="$refused $a:$b"
				fi
				continue
			fi
			if [ -z "$at_a" ]; then
				db_reset
				if [ "$a" != base ]; then
					if ! render "$s/to-a.sql" upgrade "base:$a"; then
						break
					fi
					if ! db_apply "$s/to-a.sql"; then
						fail "$ex: round trips from $a: upgrade base:$a does not apply"
						break
					fi
				fi
				state >"$s/state-a"
				at_a=1
			fi
			if ! db_apply "$s/up.sql"; then
				fail "$what: upgrade $a:$b does not apply"
				at_a=
				continue
			fi
			if ! db_apply "$s/down.sql"; then
				fail "$what: downgrade $b:$a does not apply"
				at_a=
				continue
			fi
			state >"$s/state-back"
			same_text "$what" "$s/state-a" "$s/state-back"
			cmp -s "$s/state-a" "$s/state-back" || at_a=
		done
	done
	[ -n "$refused" ] &&
	    echo "# $ex: pairs A:B not taken, migsql refuses upgrade A:B or downgrade B:A:$refused"
	[ "$notyet" -gt 0 ] &&
	    skip_check "$ex: $notyet round trips: an operation on the way is not supported yet"
	return 0
}

# --- Everything -------------------------------------------------------------

# db_schema runs in command substitutions, where a failure cannot count:
# the adapters append any error to $T_TMP/db_schema.err, and this one check
# at the end says whether there was any (a failing query would otherwise
# give two equal, truncated schemas).
suite_db_schema_errors() {
	if [ -s "$T_TMP/db_schema.err" ]; then
		fail "db_schema ran without errors:"
		head -n 5 "$T_TMP/db_schema.err" | sed 's/^/#   /'
	else
		pass "db_schema ran without errors"
	fi
}

# The projects under test: every examples/*/ and tests/engine/fixtures/*/
# with a migsql.yaml.  A fixture's name is "fixture-" and its directory's.
# A fixture with a file `dialects` (one name a line) runs only on those:
# for what one engine cannot express (NULLS LAST in a SQLite index).
#
# suite_all [K/N]: each project's checks (suite_example for an example,
# then suite_model and suite_roundtrip, each independent of the others)
# are items of one list; with K/N only every N-th item from the K-th runs,
# so that a slow engine spreads the list over N test programs and the
# checks of one large example land in different ones.
suite_all() {
	local d name item k=1 n=1 i=0
	local -a ex=() items=()
	if [ $# -gt 0 ]; then
		k=${1%/*} n=${1#*/}
	fi
	for d in "$top_srcdir"/examples/*/; do
		[ -f "$d/migsql.yaml" ] && ex+=("${d%/}")
	done
	[ "${#ex[@]}" -gt 0 ] || fail "no examples found in $top_srcdir/examples"
	for d in "${ex[@]}"; do
		items+=("example:$d" "model:$d" "roundtrip:$d")
	done
	for d in "$top_srcdir"/tests/engine/fixtures/*/; do
		d=${d%/}
		[ -f "$d/migsql.yaml" ] || continue
		if [ -f "$d/dialects" ] && ! grep -qx "$DIALECT" "$d/dialects"; then
			[ "$k" = 1 ] && echo "# fixture-${d##*/}: not for $DIALECT"
			continue
		fi
		items+=("model:$d" "roundtrip:$d")
	done
	for item in "${items[@]}"; do
		i=$((i + 1))
		[ $(((i - 1) % n + 1)) -eq "$k" ] || continue
		d=${item#*:}
		case $d in
		"$top_srcdir"/examples/*) name=${d##*/} ;;
		*) name=fixture-${d##*/} ;;
		esac
		case $item in
		example:*) suite_example "$name" ;;
		model:*) suite_model "$name" "$d" ;;
		roundtrip:*) suite_roundtrip "$name" "$d" ;;
		esac
	done
}

# migsql stamp on examples/sark: a database made by hand to match the
# heads (`migsql schema heads`, as create_all() would make it) is stamped
# and nothing else changes; one missing a column, or with a column of
# another type, is refused with the missing object named and nothing
# changed (no version table either); --no-verify-schema stamps it all the
# same; the same stamp run again is refused by the guard; and a stamp
# FROM:TO moves a stamped database back to an earlier revision.
suite_stamp() {
	local s=$T_TMP/stamp heads first
	mkdir -p "$s"
	cd "$top_srcdir/examples/sark" || return
	heads=$("$MIGSQL" heads | cut -d' ' -f1)
	first=$("$MIGSQL" history | tail -n 1 | sed 's/^<base> -> \([^,]*\),.*/\1/')
	render "$s/schema.sql" schema heads || return
	render "$s/stamp.sql" stamp heads || return
	render "$s/blind.sql" stamp heads --no-verify-schema || return
	render "$s/back.sql" stamp "$heads:$first" || return
	check "stamp: the script has no DDL but the frame's (version table, check table)" \
	    test -z "$(grep -iE '^ *(CREATE|ALTER|DROP) ' "$s/stamp.sql" |
	        grep -vE 'alembic_version|migsql_check')"
	db_reset
	db_load "$s/schema.sql" || fail "stamp: the schema does not load"
	db_schema >"$s/before"
	check "stamp: a database that looks like the heads is stamped" \
	    db_apply_log "$s/stamp.sql" "$s/stamp.log"
	check "stamp: ... the version is the heads" test "$(db_versions)" = "$heads"
	db_schema >"$s/after"
	check "stamp: ... and nothing else changed" cmp -s "$s/before" "$s/after"
	check "stamp: run again, it is refused by the guard" \
	    not db_apply_log "$s/stamp.sql" "$s/again.log"
	check "stamp: a stamp heads:FIRST moves the version back" \
	    db_apply_log "$s/back.sql" "$s/back.log"
	check "stamp: ... to $first" test "$(db_versions)" = "$first"
	sed '/^    full_name /d' "$s/schema.sql" >"$s/nocol.sql"
	sed 's/^    full_name [^,]*,/    full_name integer,/' "$s/schema.sql" \
	    >"$s/othertype.sql"
	for what in nocol othertype; do
		db_reset
		db_load "$s/$what.sql" || fail "stamp: $what.sql does not load"
		check "stamp ($what): refused" \
		    not db_apply_log "$s/stamp.sql" "$s/$what.log"
		check "stamp ($what): the message names the column" \
		    grep -q "does not look like the target: column users.full_name (.*) is missing" \
		    "$s/$what.log"
		check "stamp ($what): nothing changed, no version table" \
		    not db_table_exists alembic_version
	done
	check "stamp --no-verify-schema: stamps the database all the same" \
	    db_apply_log "$s/blind.sql" "$s/blind.log"
	check "stamp --no-verify-schema: ... the version is the heads" \
	    test "$(db_versions)" = "$heads"
	check "stamp --no-verify-schema: the header says the schema is not checked" \
	    grep -q "It does NOT check that the database looks like" "$s/blind.sql"
}

# Variables (tests/engine/vars): a value in a table name is quoted as part
# of the name, even one that tries to end the quoting; in execute SQL it is
# inserted as written, and $${ stays a literal ${.  Needs the adapter's
# db_table_exists NAME.
suite_vars() {
	local dir=$top_srcdir/tests/engine/vars s=$T_TMP/vars
	local evil='x"; DROP TABLE keep; --'
	mkdir -p "$s"
	db_reset
	db_exec "CREATE TABLE keep (n integer);"
	(cd "$dir" && "$MIGSQL" upgrade heads -d "$DIALECT") >"$s/default.sql"
	check "vars: the default value renders" test -s "$s/default.sql"
	check "vars: the header lists the values used" grep -q \
	    "^-- Variables: greeting=hello (migsql.yaml), tenant=acme (migsql.yaml)$" \
	    "$s/default.sql"
	check "vars: the default script applies" db_apply "$s/default.sql"
	check "vars: table acme_notes made" db_table_exists acme_notes
	check "vars: the SQL got the value, and \$\${ stayed literal" test \
	    "$(db_query 'SELECT body FROM acme_notes')" = 'hello ${tenant}'
	db_reset
	db_exec "CREATE TABLE keep (n integer);"
	(cd "$dir" && "$MIGSQL" upgrade heads -d "$DIALECT" --var "tenant=$evil") \
	    >"$s/evil.sql" 2>"$s/evil.err"
	if [ "$DIALECT" = postgresql ]; then
		# PostgreSQL's parser reads the execute after the value is in:
		# refused before any script exists.
		check "vars: a value that breaks the SQL is refused at render" \
		    grep -q "syntax error at or near \";\" (PostgreSQL's parser)" \
		    "$s/evil.err"
		check "vars: ... and nothing is written" test ! -s "$s/evil.sql"
	else
		check "vars: --var overrides, and the header says so" grep -q \
		    "tenant=x\"; DROP TABLE keep; -- (--var)" "$s/evil.sql"
		check "vars: a name with a quote in it renders quoted" grep -q \
		    'CREATE TABLE "x""; DROP TABLE keep; --_notes"' "$s/evil.sql"
		# The execute puts the value into SQL as written, so this script
		# fails at the INSERT -- and rolls back -- rather than doing anything
		# the chain does not say.
		check "vars: the script with the hostile value fails as a whole" \
		    not db_apply "$s/evil.sql"
		check "vars: table keep is still there" db_table_exists keep
		check "vars: nothing of the failed script stayed" \
		    not db_table_exists "$evil"_notes
	fi
	(cd "$dir" && "$MIGSQL" upgrade heads -d "$DIALECT" --var greeting=hi) \
	    >/dev/null 2>"$s/err"
	check "vars: --var for a defined name alone is fine" test ! -s "$s/err"
}

# One transaction per revision (tests/engine/per-revision, five revisions):
# the test makes revision 3 fail with a conflicting table, so r1 and r2
# stay committed; after the conflict is fixed, the same script is run
# again.  Where the client can skip (RESUMES=1: psql \gset and \if) it
# resumes at r3 and finishes; where it cannot (sqlite3) it refuses,
# changing nothing, and names the command that renders the rest, whose
# script then finishes.
suite_per_revision() {
	local dir=$top_srcdir/tests/engine/per-revision s=$T_TMP/per-revision
	local rest
	mkdir -p "$s"
	db_reset
	(cd "$dir" && "$MIGSQL" upgrade heads -d "$DIALECT") >"$s/up.sql"
	check "per-revision: five transactions" \
	    test "$(grep -c '^BEGIN [A-Z]' "$s/up.sql")" = 5
	db_exec "CREATE TABLE t3 (conflict integer);"
	check "per-revision: the run fails at r3" not db_apply "$s/up.sql"
	check "per-revision: r1 and r2 stayed committed" \
	    test "$(db_versions)" = r2
	check "per-revision: r1's table is there" db_table_exists t1
	check "per-revision: r3's failed transaction left nothing" \
	    not db_table_exists t4
	db_exec "DROP TABLE t3;"
	: >"$s/rerun.log"
	if [ "$RESUMES" = 1 ]; then
		check "per-revision: the same script resumes and finishes" \
		    db_apply_log "$s/up.sql" "$s/rerun.log"
		check "per-revision: it skipped r1 and r2, saying so" sh -c \
		    "grep -q 'r1 is applied already: skipping it' '$s/rerun.log' &&
		    grep -q 'r2 is applied already: skipping it' '$s/rerun.log'"
		check "per-revision: the version is r5" test "$(db_versions)" = r5
		check "per-revision: r3's table is made" db_table_exists t3
		check "per-revision: a third run is refused at r5" \
		    not db_apply "$s/up.sql"
	else
		check "per-revision: the same script is refused" \
		    not db_apply_log "$s/up.sql" "$s/rerun.log"
		check "per-revision: nothing was changed" sh -c \
		    "test '$(db_versions)' = r2"
		check "per-revision: the refusal names the command for the rest" \
		    grep -q "render the rest with: migsql upgrade r2:r5 --dialect $DIALECT\$" \
		    "$s/rerun.log"
		rest=$(sed -n 's/.*render the rest with: migsql //p' "$s/rerun.log")
		# shellcheck disable=SC2086
		(cd "$dir" && "$MIGSQL" $rest) >"$s/rest.sql"
		check "per-revision: that command's script finishes" \
		    db_apply "$s/rest.sql"
		check "per-revision: the version is r5" test "$(db_versions)" = r5
		check "per-revision: r3's table is made" db_table_exists t3
		db_apply_log "$s/up.sql" "$s/again.log"
		check "per-revision: at the end, a rerun says nothing is left" \
		    grep -q "it is where this script ends: nothing is left to do" \
		    "$s/again.log"
		(cd "$dir" && "$MIGSQL" downgrade r5:r1 -d "$DIALECT") >"$s/down.sql"
		db_exec "UPDATE alembic_version SET version_num = 'r4';"
		db_apply_log "$s/down.sql" "$s/down.log"
		check "per-revision: a downgrade's refusal names migsql downgrade" \
		    grep -q "render the rest with: migsql downgrade r4:r1 --dialect $DIALECT\$" \
		    "$s/down.log"
	fi
}
# migsql merge (alembic merge heads): two branches of a small project,
# joined by the revision merge writes, applied to the engine from base to
# the merge and back; the version table holds exactly the merge, then
# nothing.
suite_merge() {
	local p=$T_TMP/merge-project mid
	rm -rf "$p"
	mkdir -p "$p/versions"
	printf 'versions: versions\ndialect: %s\n' "$DIALECT" >"$p/migsql.yaml"
	printf '%s\n' 'revision: a1' 'down_revision: null' 'message: base' \
	    'upgrade:' '  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}' \
	    >"$p/versions/a1_base.yaml"
	printf '%s\n' 'revision: b1' 'down_revision: a1' 'message: left' \
	    'upgrade:' '  - add_column: {table: t, column: {name: l, type: text}}' \
	    >"$p/versions/b1_left.yaml"
	printf '%s\n' 'revision: c1' 'down_revision: a1' 'message: right' \
	    'upgrade:' '  - add_column: {table: t, column: {name: r, type: integer}}' \
	    >"$p/versions/c1_right.yaml"
	(cd "$p" && "$MIGSQL" merge -m 'join left and right' >/dev/null) ||
	    { fail "merge: migsql merge failed"; return; }
	mid=$(cd "$p" && "$MIGSQL" heads | cut -d' ' -f1)
	(cd "$p" && "$MIGSQL" upgrade heads -d "$DIALECT") >"$p/up.sql" &&
	(cd "$p" && "$MIGSQL" downgrade heads:base -d "$DIALECT") >"$p/down.sql" ||
	    { fail "merge: the chain with the merge does not render"; return; }
	db_reset
	check "merge: base to the merge revision applies" db_apply "$p/up.sql"
	check "merge: the version table holds the merge ($mid) alone" \
	    test "$(db_versions)" = "$mid"
	check "merge: both branches' columns are there" \
	    test "$(db_query "SELECT count(*) FROM (SELECT l, r FROM t) AS x")" = 0
	check "merge: the downgrade to base applies" db_apply "$p/down.sql"
	check "merge: ... and the version table is empty" test -z "$(db_versions)"
}
