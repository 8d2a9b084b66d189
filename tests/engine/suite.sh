# tests/engine/suite.sh -- the real-engine checks, shared by postgresql.sh
# and sqlite.sh (sourced after lib.sh).  The sourcing script defines the
# adapter: DIALECT, db_reset, db_apply FILE (exit status of the client),
# db_schema (user schema, stable text, version table excluded),
# db_versions (sorted ids joined by ',', "" for none), db_exec SQL,
# db_apply_concurrently FILE FILE (prints both exit statuses).

render() {	# render OUTFILE ARGS...: renders into OUTFILE or fails the test
	local out=$1
	shift
	if ! "$MIGSQL" "$@" -d "$DIALECT" >"$out" 2>"$T_TMP/render.err"; then
		fail "render $*: $(cat "$T_TMP/render.err")"
		return 1
	fi
}

state() { printf '%s\n== versions: %s\n' "$(db_schema)" "$(db_versions)"; }

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
	db_reset
	rev=$(cat "$s/rev.2")
	render "$s/to2.sql" upgrade "base:$rev" || return
	db_apply "$s/to2.sql" >/dev/null 2>&1
	before=$(state)
	check "$ex: base->heads refused at $rev" not db_apply "$s/up.sql"
	check "$ex: refused run changed nothing" test "$(state)" = "$before"
	check "$ex: downgrade heads:base refused at $rev" not db_apply "$s/down.sql"
	check "$ex: refused downgrade changed nothing" test "$(state)" = "$before"

	# A statement failing midway leaves everything as it was: the last
	# table the script creates already exists, so earlier steps have run
	# when it fails.
	db_reset
	conflict=$(sed -n 's/^CREATE TABLE \([a-z_]*\) (.*/\1/p' "$s/up.sql" |
	    tail -n 1)
	if [ -n "$conflict" ]; then
		db_exec "CREATE TABLE $conflict (x integer);"
		before=$(state)
		check "$ex: failure in the last step stops the script" \
		    not db_apply "$s/up.sql"
		check "$ex: failure midway changed nothing" \
		    test "$(state)" = "$before"
	else
		fail "$ex: the script creates no table to conflict with"
	fi

	# Two runs at once: exactly one applies.
	db_reset
	set -- $(db_apply_concurrently "$s/up.sql" "$s/up.sql")
	check "$ex: two concurrent runs, exactly one applies" \
	    test "$(( ($1 == 0) + ($2 == 0) ))" = 1
	check "$ex: after concurrent runs the version set is heads" \
	    test "$(db_versions)" = "$heads"
}

not() { ! "$@"; }
