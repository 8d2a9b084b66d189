#!/bin/sh
# Real-engine test: no hostile input that migsql accepts makes psql, the
# sqlite3 shell or the mariadb client run a command the script's frame did
# not write.
#
# migsql refuses SQL text that leaves a quote, a dollar quote or a comment
# open, or that the client would take as its own command, and reads each
# whole script as the client will before it writes it.  This test does not
# trust that reading: it applies what migsql renders with the real clients,
# exactly as a DBA would (psql -X -d DB -f script.sql, with no
# ON_ERROR_STOP on the command line; sqlite3 DB < script.sql; mariadb
# --no-defaults -S SOCK -u root DB < script.sql, with no --force), from a fresh
# empty directory, and checks that no file appears there: every payload
# below makes a file named PWNED in the current directory when the client
# runs it as a command.
#
#   1. Generated projects: every OPENER (text that leaves something open,
#      for one client or the other) in every CARRIER (a place that takes
#      SQL text, or a variable in an execute), followed by each PAYLOAD
#      shape (client commands in data literals, comments, a default and
#      the next revision's message; or in execute string literals) with
#      each family of client commands and each kind of line end, in one
#      transaction and in one per revision; rendered for postgresql and
#      sqlite, and for mariadb with every opener (its own added), carrier,
#      line end and both shapes (data holding all three clients' commands,
#      an execute's string the mariadb client's).  Most cases are refused
#      at render, so MariaDB adds little to the run time (the whole test
#      took 1m36s on 2 workers before MariaDB, 1m29s with it, on tmpfs).
#   2. Hand-written cases (below): hostile version tables, names,
#      messages, values, SQL that changes how psql, the sqlite3 shell or
#      the mariadb client reads what follows, and dialect files.
#
# MariaDB: every script starts with `\-`, the client's sandbox mode, which
# stops the client at a command that touches files (\!, system, source,
# tee, ...) with an error, so that no file would ever appear.  To test
# migsql's own reading rather than the sandbox, each mariadb script is
# applied twice, each time to a fresh database: as rendered (the check
# then also fails when the client says "Not allowed in the sandbox mode":
# it reached a command the frame did not write), and without its `\-` line
# (as a client that has no --sandbox would run it), where the payloads do
# make their file.  The payload families: \! and system, source and \. of
# a file that runs \!, tee and \T, `delimiter ;` then a command, `END$$`
# then a command (the compound ends and the client reads commands again),
# /*! */ and /*M! */ around \!, a backslash before a quote (under sql_mode
# without NO_BACKSLASH_ESCAPES it hides the quote), and, as openers, the
# same plus `END IF; END; ` (which closes the frame's compound early).
#   3. Controls: the payloads, written raw into a script, DO make the file,
#      through the same runner, so the checks cannot pass for want of an
#      oracle.
#   4. Where a hostile value is accepted as data (a bulk_insert value, a
#      comment, a default, a name), the database holds exactly the bytes
#      of the YAML.
#
# Every case renders `upgrade heads` and `downgrade heads:base`.  A refusal
# must be exit status 1 with an error and nothing on stdout; a script that
# renders is applied (the downgrade after the upgrade).  The last lines
# count, per dialect, the inputs refused and those rendered and applied.
#
# HOSTILE_WORKERS (default 2) cases run at a time, each worker with a
# database of its own (hostile_N on each server; on MariaDB dropped and
# made again before each application: its DDL commits).

# shellcheck disable=SC2016,SC1003 # $ and \ in single quotes are YAML and SQL
# shellcheck disable=SC2154 # top_srcdir comes from the environment, and yq
# sets the variable it is given by name
# shellcheck source=tests/lib.sh
if [ -z "${BASH_VERSION:-}" ]; then
	if command -v bash >/dev/null 2>&1; then
		exec bash "$0" "$@"
	fi
	echo "SKIP: bash not found"
	[ "${CI:-}" = true ] && { echo "FAIL: CI=true and a real-engine test skipped"; exit 1; }
	exit 77
fi
# The cases write and rewrite many small files, and the PostgreSQL cluster
# creates and drops a few for each case; on a file system where each of
# those costs milliseconds, that is most of the run time.  Unless TMPDIR
# says where, everything goes to a tmpfs when there is one with room for
# the cluster (a container's /dev/shm may have 64 MB).
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
    [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }')" -gt 1048576 ] 2>/dev/null; then
	TMPDIR=/dev/shm
	export TMPDIR
fi
. "$top_srcdir/tests/lib.sh"
S=$T_TMP

command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 not found"
pg_find || skip_all "PostgreSQL server binaries (initdb) or psql not found"
pg_start || { cat "$T_TMP"/*.log; skip_all "could not start PostgreSQL"; }
# MariaDB next to it: maria_start sets its own EXIT trap, which would
# leave the cluster running; both are stopped (the cluster first: each
# removes $T_TMP, and pg_stop needs the cluster's directory).
if ! maria_find; then
	skip_all "MariaDB server binaries (mariadbd, mariadb-install-db) or the mariadb client not found"
fi
if ! maria_start; then
	trap 'pg_stop; maria_stop' EXIT
	cat "$T_TMP"/maria/*.log 2>/dev/null | tail -n 20
	skip_all "could not start MariaDB"
fi
trap 'pg_stop; maria_stop' EXIT


# Workers apply scripts side by side, each to a database of its own.
WORKERS=${HOSTILE_WORKERS:-2}
for ((w = 0; w < WORKERS; w++)); do
	createdb -E UTF8 -T template0 "hostile_$w" ||
	    { fail "createdb hostile_$w"; finish; exit; }
	maria_q "CREATE DATABASE hostile_$w" ||
	    { fail "CREATE DATABASE hostile_$w on MariaDB"; finish; exit; }
done

# --- Helpers ------------------------------------------------------------

# yq VAR TEXT: sets VAR to TEXT as a YAML double-quoted scalar, every byte
# kept (no subshell: the generator calls it thousands of times).
yq() {
	local s=$2
	s=${s//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\n'/\\n}
	s=${s//$'\r'/\\r}
	s=${s//$'\t'/\\t}
	s=${s//$'\v'/\\v}		# raw, a YAML error
	s=${s//$'\f'/\\f}
	s=${s//$'\xe2\x80\xa8'/\\L}	# U+2028 and U+2029: line breaks to YAML
	s=${s//$'\xe2\x80\xa9'/\\P}
	s=${s//$'\xc2\x85'/\\N}		# U+0085 (NEL) too
	printf -v "$1" '"%s"' "$s"
}
hexof() { printf '%s' "$1" | od -An -tx1 | tr -d ' \n'; }
# vis TEXT: TEXT on one line, its line breaks and other invisible
# characters spelled out (\n, \r, <U+2028>, ...), for the check lines.
vis() {
	local s=$1
	s=${s//$'\n'/\\n}
	s=${s//$'\r'/\\r}
	s=${s//$'\t'/\\t}
	s=${s//$'\v'/\\v}
	s=${s//$'\f'/\\f}
	s=${s//$'\xe2\x80\xa8'/<U+2028>}
	s=${s//$'\xe2\x80\xa9'/<U+2029>}
	s=${s//$'\xe2\x80\xae'/<U+202E>}
	s=${s//$'\xc2\x85'/<U+0085>}
	printf '%s' "$s"
}

# psql is the server's own (Debian's /usr/bin/psql is a Perl wrapper that
# picks it, and costs more than the rest of a run; it reads nothing).
PSQL=psql
[ -x "$PG_BIN/psql" ] && PSQL=$PG_BIN/psql

# The clients, as a DBA runs them, from directory DIR (fresh: empty, or
# with nothing but the SQLite database).  Exit status of the client.
# $CASE_ENV: more environment (NAME=VALUE words) for the client.
# shellcheck disable=SC2086 # $CASE_ENV is words
pg_run() {	# DIR DB SCRIPT LOG
	(cd "$1" && exec env $CASE_ENV timeout -k 5 60 "$PSQL" -X -d "$2" -f "$3") \
	    >"$4" 2>&1 </dev/null
}
# shellcheck disable=SC2086 # $CASE_ENV is words
lite_run() {	# DIR DBFILE SCRIPT LOG
	(cd "$1" && exec env $CASE_ENV timeout -k 5 60 sqlite3 "$2") <"$3" >"$4" 2>&1
}
# mariadb: the script as rendered; mariadb-nosandbox: the same script
# without its first line when that is the sandbox command `\-` (a copy
# made next to it).
# shellcheck disable=SC2086 # $CASE_ENV is words
maria_run() {	# DIR DB SCRIPT LOG
	(cd "$1" && exec env $CASE_ENV timeout -k 5 60 "$MARIA_CLIENT" --no-defaults \
	    -S "$MARIA_SOCK" -u root "$2") <"$3" >"$4" 2>&1
}
maria_reset() {	# DB: dropped and made again
	"$MARIA_CLIENT" --no-defaults -S "$MARIA_SOCK" -u root -e \
	    "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1" >/dev/null 2>&1
}
nosandbox() {	# SCRIPT COPY: SCRIPT without a first line `\-`
	local first
	IFS= read -r first <"$1"
	if [ "$first" = '\-' ]; then
		tail -n +2 "$1" >"$2"
	else
		cp "$1" "$2"
	fi
}
pg_reset() {	# DB: an empty public schema
	"$PSQL" -X -q -d "$1" -v ON_ERROR_STOP=1 >/dev/null 2>&1 <<'SQL'
DROP SCHEMA public CASCADE;
CREATE SCHEMA public;
SQL
}

# The cases run thousands of times: the runner keeps to builtins where it
# can (globs for listings, read for files).
shopt -s nullglob dotglob

# --- The case runner ----------------------------------------------------
# A case is a directory C holding the project in C/project and:
#   dialect     the -d given to migsql (postgresql, sqlite or mariadb), or
#               the path of a dialect file, given with --dialect
#   clients     optional: the clients that apply the script (psql,
#               sqlite3, mariadb, mariadb-nosandbox), one a line; by
#               default the dialect's (mariadb's: both of its)
#   label       how the checks name the case
#   args        optional: more arguments for migsql, each ended by a NUL
#   env         optional: NAME=VALUE words for the environment of the client
#   data.psql, data.sqlite3, data.mariadb
#               optional: checks that stored bytes are the YAML's, once the
#               upgrade has applied, one a line: NAME<TAB>SQL<TAB>HEX where
#               SQL prints HEX (lower case); NAME "-" runs SQL only
#   must_apply  optional: the upgrade and the downgrade must apply with exit
#               status 0
#   must_refuse optional: migsql must refuse the upgrade (text that would
#               end the frame's compound early: what follows would run
#               outside the guard, which no file shows)
# run_case C WORKER writes its check lines ("ok - ", "FAIL - ",
# "# ...") to $OUT and "DIALECT STATUS" to $STAT, where STATUS is refused,
# applied (ran to the end), stopped (applied, the client stopped on an
# error) or bad (a refusal without an error, or with output).

say() {	# ok|FAIL TEXT: one check line of the case being run
	printf '%s - %s: %s\n' "$1" "$LABEL" "$2" >>"$OUT"
	[ "$1" = ok ] || BAD=1
}

# render_one KIND ARGS...: renders into $CASE/KIND.sql; 0 when rendered,
# 1 when refused cleanly, 2 when refused without an error or with output.
render_one() {
	local kind=$1 rc err=
	shift
	(cd "$CASE/project" && exec timeout -k 5 60 "$MIGSQL" "$@" "${DARGS[@]}" "${XARGS[@]}") \
	    >"$CASE/$kind.sql" 2>"$CASE/$kind.err"
	rc=$?
	[ "$rc" = 0 ] && return 0
	IFS= read -r -d '' err <"$CASE/$kind.err"
	if [ "$rc" = 1 ] && [ ! -s "$CASE/$kind.sql" ] && [[ $err == *error:* ]]; then
		say ok "$kind refused (exit 1, an error, no output): ${err%%$'\n'*}"
		return 1
	fi
	say FAIL "$kind refused badly: exit $rc, $(wc -c <"$CASE/$kind.sql") bytes of output, stderr: ${err:0:300}"
	return 2
}

new_files() {	# the names in $CWD but the SQLite database, on one line
	local f out=
	for f in "$CWD"/*; do
		f=${f##*/}
		[ "$f" = db.sqlite ] || out+=" $f"
	done
	printf '%s' "${out# }"
}

# apply_one KIND CLIENT: applies $CASE/KIND.sql with CLIENT from $CWD and
# checks that nothing appeared there but the database.  Returns the
# client's exit status.
apply_one() {
	local kind=$1 client=$2 rc extra f log
	log=$CASE/$kind.$client.log
	case $client in
	psql) pg_run "$CWD" "$DB" "$CASE/$kind.sql" "$log" ;;
	mariadb) maria_run "$CWD" "$DB" "$CASE/$kind.sql" "$log" ;;
	mariadb-nosandbox)
		nosandbox "$CASE/$kind.sql" "$CASE/$kind.nosb.sql"
		maria_run "$CWD" "$DB" "$CASE/$kind.nosb.sql" "$log" ;;
	*) lite_run "$CWD" db.sqlite "$CASE/$kind.sql" "$log" ;;
	esac
	rc=$?
	[ "$rc" = 124 ] && say FAIL "$kind with $client: the client was stopped after 60 s"
	# The sandbox stopped a command that touches files: the client read
	# one where the frame wrote none.
	if [ "$client" = mariadb ] && grep -q -i 'sandbox mode' "$log"; then
		PWNED=1
		say FAIL "$kind applied with $client (exit $rc): the client reached a file command (its sandbox stopped it): $(grep -m1 -i 'sandbox mode' "$log")"
		sed -n '1,20s/^/#   client: /p' "$log" >>"$OUT"
	fi
	extra=$(new_files)
	if [ -z "$extra" ]; then
		say ok "$kind applied with $client (exit $rc): no file appeared"
	else
		PWNED=1
		say FAIL "$kind applied with $client (exit $rc): FILES APPEARED: $(printf '%q' "$extra")"
		sed -n '1,20s/^/#   client: /p' "$CASE/$kind.$client.log" >>"$OUT"
		for f in "$CWD"/*; do
			[ "${f##*/}" = db.sqlite ] || rm -rf -- "$f"
		done
	fi
	return "$rc"
}

data_check() {	# CLIENT: the checks of $CASE/data.CLIENT, in one client run
	local client=$1 name sql want got i=0
	local -a GOT
	while IFS=$'\t' read -r name sql want; do
		printf '%s;\n' "$sql"
	done <"$CASE/data.$client" >"$CASE/data.sql"
	if [ "$client" = psql ]; then
		mapfile -t GOT < <("$PSQL" -X -q -At -d "$DB" -f "$CASE/data.sql" 2>&1 </dev/null)
	elif [ "$client" = mariadb ]; then
		mapfile -t GOT < <("$MARIA_CLIENT" --no-defaults -S "$MARIA_SOCK" -u root -N -B \
		    "$DB" <"$CASE/data.sql" 2>&1)
	else
		mapfile -t GOT < <(cd "$CWD" && sqlite3 db.sqlite <"$CASE/data.sql" 2>&1)
	fi
	while IFS=$'\t' read -r name sql want; do
		[ "$name" = - ] && continue
		got=${GOT[$i]}
		i=$((i + 1))
		if [ "$got" = "$want" ]; then
			say ok "$client: $name holds exactly the bytes of the YAML"
		else
			say FAIL "$client: $name holds other bytes: want $want, got ${got:0:300}"
		fi
	done <"$CASE/data.$client"
}

dump_input() {	# the case's input, as comment lines (it is gone at the end)
	local f
	{
		echo "#   input:"
		for f in "$CASE"/project/*.yaml "$CASE"/project/versions/*; do
			echo "#   == ${f#"$CASE"/project/}"
			sed 's/^/#   | /' "$f"
		done
		[ "${#XARGS[@]}" -gt 0 ] && echo "#   migsql arguments: $(printf '%q ' "${XARGS[@]}")"
		[ -n "$CASE_ENV" ] && echo "#   client environment: $CASE_ENV"
	} >>"$OUT"
}

run_case() {	# C WORKER
	local CASE=$1 DB=hostile_$2 LABEL DIALECT CASE_ENV='' CWD client rc
	local status BAD='' PWNED='' n=0 d upok
	local -a DARGS XARGS=() CLIENTS=()
	IFS= read -r LABEL <"$CASE/label"
	IFS= read -r DIALECT <"$CASE/dialect"
	case $DIALECT in
	postgresql) DARGS=(-d postgresql); CLIENTS=(psql) ;;
	sqlite) DARGS=(-d sqlite); CLIENTS=(sqlite3) ;;
	mariadb) DARGS=(-d mariadb); CLIENTS=(mariadb mariadb-nosandbox) ;;
	*) DARGS=(--dialect "$DIALECT") ;;
	esac
	[ -f "$CASE/clients" ] && mapfile -t CLIENTS <"$CASE/clients"
	[ -f "$CASE/args" ] && mapfile -d '' -t XARGS <"$CASE/args"
	[ -f "$CASE/env" ] && IFS= read -r CASE_ENV <"$CASE/env"
	case $DIALECT in postgresql | sqlite | mariadb) d=$DIALECT ;; *) d="dialect file" ;; esac

	render_one upgrade upgrade heads
	case $? in
	1) status=refused ;;
	2) status=bad ;;
	*)
		if [ -f "$CASE/must_refuse" ]; then
			say FAIL "migsql rendered what it must refuse (text that ends the frame's compound early); the script's first part:"
			sed -n '/^BEGIN NOT ATOMIC/,$p' "$CASE/upgrade.sql" | sed -n '1,60s/^/#   script: /p' >>"$OUT"
		fi
		render_one downgrade downgrade heads:base
		rc=$?
		[ "$rc" = 2 ] && BAD=1
		status=applied
		for client in "${CLIENTS[@]}"; do
			n=$((n + 1))
			CWD=$CASE/cwd.$n
			mkdir "$CWD"
			# A generated case writes no COMMIT: a run that
			# stops leaves the database as it was, and so does
			# a downgrade that applies.  Anything else is reset.
			if [ "$client" = psql ] && { [ "$DIRTY" = 1 ] || [ ! -f "$CASE/generated" ]; }; then
				pg_reset "$DB"
			fi
			# MariaDB commits each DDL statement: always reset.
			[[ $client == mariadb* ]] && maria_reset "$DB"
			DIRTY=1
			upok=1
			if ! apply_one upgrade "$client"; then
				upok=0
				status=stopped
				DIRTY=0
				[ -f "$CASE/must_apply" ] &&
				    say FAIL "the upgrade must apply with $client; $(grep -m1 -i -E 'error|FATAL' "$CASE/upgrade.$client.log")"
			elif [ -f "$CASE/data.${client%-nosandbox}" ]; then
				data_check "${client%-nosandbox}"
			fi
			if [ "$rc" = 0 ]; then
				if apply_one downgrade "$client"; then
					DIRTY=0
				elif [ -f "$CASE/must_apply" ] && [ "$upok" = 1 ]; then
					# (On MariaDB an upgrade that stopped
					# leaves a part applied: the downgrade
					# then refuses, rightly.)
					say FAIL "the downgrade must apply with $client; $(grep -m1 -i -E 'error|FATAL' "$CASE/downgrade.$client.log")"
				fi
			fi
			[ -f "$CASE/generated" ] || DIRTY=1
		done
		;;
	esac
	[ -n "$BAD" ] && dump_input
	echo "$d $status" >>"$STAT"
}

# run_all LIST: the cases of LIST, WORKERS at a time.  A line of LIST is a
# case directory, or "gen ARGS" for a generated case, which the worker
# writes into a directory of its own just before it runs it (a directory
# per generated case would cost more than the run on some file systems).
run_all() {
	local list=$1 w
	local -a pids=()
	for ((w = 0; w < WORKERS; w++)); do
		(
			OUT=$S/out.$w STAT=$S/stat.$w DIRTY=1
			i=0
			while IFS= read -r line; do
				if [ $((i % WORKERS)) = "$w" ]; then
					case $line in
					gen\ *) # shellcheck disable=SC2086 # the words of the line
						gen_case "$S/work.$w" ${line#gen }
						run_case "$S/work.$w" "$w" ;;
					*) run_case "$line" "$w" ;;
					esac
				fi
				i=$((i + 1))
			done <"$list"
		) &
		pids+=($!)
	done
	# The workers only: the MariaDB server is a child of this shell too.
	wait "${pids[@]}"
	for ((w = 0; w < WORKERS; w++)); do
		report "$S/out.$w"
		rm -f "$S/out.$w"
	done
}

report() {	# FILE: counts and prints the check lines of the workers
	local line
	[ -f "$1" ] || return 0
	while IFS= read -r line; do
		case $line in
		"ok - "*) pass "${line#ok - }" ;;
		"FAIL - "*) fail "${line#FAIL - }" ;;
		*) echo "$line" ;;
		esac
	done <"$1"
}

# --- The payloads -------------------------------------------------------

PSQL_TEXTS=('\! touch PWNED' '\o PWNED' '\w PWNED' "\\copy (select 1) to 'PWNED'")
LITE_TEXTS=('.shell touch PWNED' '.system touch PWNED' '.output PWNED' '.once PWNED')
# The mariadb client's, in the order that makes each one count: \! runs
# anywhere outside quotes and comments (in /*! */ and /*M! */ too, which
# are code to the client); `system` and `source` (and `delimiter`) only
# at the start of a statement, hence the `END$$` before them, which ends
# the frame's compound for the client; source and \. read a file that
# runs \!.  (tee and \T make no file in batch mode: no family.)  A
# backslash before a quote is the last: 'a\' ends the string only while
# sql_mode has NO_BACKSLASH_ESCAPES, so the \! after it runs in one
# reading and is data in the other.
printf '\\! touch PWNED\n' >"$S/pwn.sql"
MARIA_TEXTS=('\! touch PWNED #' '/*! \! touch PWNED #*/' '/*M! \! touch PWNED #*/'
	'END$$' 'system touch PWNED' "source $S/pwn.sql" 'delimiter ;'
	"\\. $S/pwn.sql" 'system touch PWNED' "'a\\' \\! touch PWNED #'")

# --- 3. Controls: the oracle can fail -----------------------------------
# Each payload text, written raw into a script on a line of its own, makes
# a file: a check that no file appeared means something only because this
# one sees it appear, through the same runner.  The controls are cases
# whose project renders (an empty upgrade); the test then puts the payload
# into the rendered script, by hand, as the only change.

# mariadb: through both runners, the sandboxed one seeing the sandbox stop
# the command; the text goes after the frame's SET SESSION sql_mode (the
# first line that ends in ';'), or with `compound` as a third argument
# after the first `BEGIN NOT ATOMIC`, inside the frame's first compound.
control() {	# control psql|sqlite3|mariadb|mariadb-nosandbox TEXT [compound]
	local c=$S/control OUT=$S/control.out STAT=/dev/null LABEL CWD
	local CASE=$c DB=hostile_0 CASE_ENV='' BAD='' PWNED='' dialect
	local at='/;$/'
	case $1 in
	psql) dialect=postgresql ;;
	mariadb*) dialect=mariadb; [ "${3:-}" = compound ] && at='/^BEGIN NOT ATOMIC$/' ;;
	*) dialect=sqlite ;;
	esac
	rm -rf "$c"
	mkdir -p "$c/project/versions" "$c/cwd"
	printf 'revision: r1\ndown_revision: null\nupgrade: []\n' >"$c/project/versions/r1.yaml"
	LABEL="control: $1, '$(vis "$2")' added to a rendered script${3:+ (in a compound)}"
	: >"$OUT"
	if (cd "$c/project" && "$MIGSQL" upgrade heads -d "$dialect") >"$c/rendered.sql"; then
		# After the frame's first statement ends: the payload is a line
		# of its own, outside any quote, where the client runs it.
		P=$2 awk '{ print } '"$at"' && !done { print ENVIRON["P"]; done = 1 }' \
		    "$c/rendered.sql" >"$c/upgrade.sql"
		CWD=$c/cwd
		[ "$1" = psql ] && pg_reset "$DB"
		[ "$dialect" = mariadb ] && maria_reset "$DB"
		apply_one upgrade "$1"
	else
		say FAIL "the control project does not render"
	fi
	if [ -n "$PWNED" ]; then
		pass "$LABEL: the runner sees the file appear"
	else
		fail "$LABEL: the runner sees the file appear"
		report "$OUT"
	fi
	rm -rf "$c" "$OUT"
}
for t in "${PSQL_TEXTS[@]}"; do control psql "$t"; done
for t in "${LITE_TEXTS[@]}"; do control sqlite3 "$t"; done
# Each MariaDB family as a whole: a command; `delimiter ;` then one; the
# compound ended (END$$) then one; the quote that 'a\' ends under the
# frame's NO_BACKSLASH_ESCAPES, and the one that '\'' hides once SQL has
# set sql_mode to ''; a CR before the LF (the file is then "PWNED\r").
for client in mariadb mariadb-nosandbox; do
	for t in '\! touch PWNED #' '/*! \! touch PWNED #*/' '/*M! \! touch PWNED #*/' \
	    'system touch PWNED' "source $S/pwn.sql" "\\. $S/pwn.sql" \
	    $'delimiter ;\nsystem touch PWNED' "SELECT 'a\\' \\! touch PWNED #';" \
	    $'SET SESSION sql_mode = \'\';\nSELECT \'\\\'\' \\! touch PWNED #\';' \
	    $'system touch PWNED\r'; do
		control "$client" "$t"
	done
	control "$client" $'SELECT 1;\nEND$$\nsystem touch PWNED\nBEGIN NOT ATOMIC' compound
done
# `END IF; END; ` ends the frame's compound early for the server: what
# follows in the same part runs outside the guard (here under IF 0).  No
# client command needed: the control sees a table appear.
control_escape() {
	local c=$S/escape
	rm -rf "$c"
	mkdir -p "$c/project/versions"
	printf 'revision: r1\ndown_revision: null\nupgrade: []\n' >"$c/project/versions/r1.yaml"
	(cd "$c/project" && "$MIGSQL" upgrade heads -d mariadb) >"$c/rendered.sql"
	P=$'IF 0 THEN\nSELECT 1; END IF; END; CREATE TABLE esc_t (x INT); BEGIN NOT ATOMIC IF 0 THEN SELECT 1;\nEND IF;' \
	    awk '{ print } /^BEGIN NOT ATOMIC$/ && !done { print ENVIRON["P"]; done = 1 }' \
	    "$c/rendered.sql" >"$c/upgrade.sql"
	maria_reset hostile_0
	"$MARIA_CLIENT" --no-defaults -S "$MARIA_SOCK" -u root hostile_0 <"$c/upgrade.sql" >"$c/log" 2>&1
	check "control: mariadb, 'END IF; END; ' in the frame's compound: SQL after it runs outside the guard (IF 0)" \
	    test "$(maria_q "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'hostile_0' AND TABLE_NAME = 'esc_t'")" = 1
	rm -rf "$c"
}
control_escape
# A payload inside a string literal of the same script runs nothing: the
# oracle does not see files that are not there.
control_quiet() {
	local c=$S/quiet
	mkdir -p "$c"
	printf "SELECT '\n\\\\! touch PWNED\n';\n" >"$c/pg.sql"
	printf "SELECT '\n.shell touch PWNED\n';\n" >"$c/lite.sql"
	printf "DELIMITER \$\$\nBEGIN NOT ATOMIC\nSELECT '\n\\\\! touch PWNED\nEND\$\$\nsystem touch PWNED\n';\nEND\$\$\n" >"$c/maria.sql"
	(cd "$c" && "$PSQL" -X -q -d hostile_0 -f pg.sql && sqlite3 db.sqlite <lite.sql &&
	    "$MARIA_CLIENT" --no-defaults -S "$MARIA_SOCK" -u root hostile_0 <maria.sql) \
	    >/dev/null 2>&1
	check "control: the same payloads inside a string literal make no file" \
	    test ! -e "$c/PWNED"
	rm -rf "$c"
}
control_quiet

# --- 1. The generated projects ------------------------------------------

# Text that leaves something open for one client or the other: a quote, a
# quoted name, a dollar quote, a comment (nested: PostgreSQL nests them,
# SQLite does not), an E'' string whose \' ends it for SQLite only, a --
# comment with no line break, a parenthesis, psql's :'variable', and text
# whose ':', 'e--' or '$1e' a lexer might take for something else; for
# SQLite also its [name] and `name` quotes.  "" is the baseline: no
# opener; every such case must apply, with the data the YAML gave.
OPENERS=("" "'abc" '"abc' '$$abc' '$t$abc' '/* abc' '/* a /* b */' "E'abc\\'"
	'-- abc' '(' ":'DBNAME'" 'a[1:2]' "1e--'" "\$1e'x'" '[abc' '`abc')
NPG_OPENERS=${#OPENERS[@]}
# For the mariadb client, after those: a # comment, executable comments,
# text that ends the frame's compound early (for the server, or for the
# client), a string that 'a\' ends only under NO_BACKSLASH_ESCAPES and
# one that '\'' ends only without it, and a line start for `system`.
OPENERS+=('# abc' '/*! abc' '/*M! abc' 'END IF; END; ' 'END$$' "'a\\'" "'\\''"
	$'x\nsystem touch PWNED #')
# The mariadb matrix takes them all (to cut its run time, list a subset
# of the indices here).
MARIA_OPENERS=()
for ((oi = 0; oi < ${#OPENERS[@]}; oi++)); do MARIA_OPENERS+=("$oi"); done
CARRIERS=(execute check where index-expression using default-sql type
	var-yaml var-cmdline)
# The line end between the payload's commands: psql takes a meta-command
# anywhere outside quotes and ends a -- comment at CR as at LF; the
# sqlite3 shell reads lines that end in LF (CR LF too).
PSQL_ENDS=(space LF CR CRLF)
LITE_ENDS=(LF CR CRLF)
# The mariadb client takes \! anywhere outside quotes, `system` and the
# other named commands at a line's start (LF; a CR before it stays in the
# command's text).
MARIA_ENDS=(space LF CR CRLF)
declare -A END=([space]=' ' [LF]=$'\n' [CR]=$'\r' [CRLF]=$'\r\n')
declare -A HEX

# gen_case DIR DIALECT OPENER_INDEX CARRIER SHAPE FAMILY END [MODE]: writes
# the case; MODE per-revision renders it with --transaction-per-revision
# (the frame then differs: psql's \gset and \if around each step).
# Revision r1 makes table u and puts the opener in the carrier; then, by
# SHAPE:
#   data  table t with the payload as a column's server_default and as
#         another column's comment, as t's comment and as a bulk_insert
#         value; r2's message is the payload;
#   exec  an execute SELECT '<payload>' in r1 and another in r2.
# The payload is the four commands of psql, of the sqlite3 shell or of
# both (FAMILY psql, sqlite or both), each after the line end END; or the
# mariadb client's (FAMILY mariadb: MARIA_TEXTS but the backslash before
# a quote, which migsql refuses in SQL text, string or not; all: the
# three clients' commands, MARIA_TEXTS whole).
gen_case() {
	local dir=$1 dialect=$2 carrier=$4 shape=$5 family=$6 end=$7 mode=${8:-}
	local x=${OPENERS[$3]} le=${END[$7]} p=payload t qx qp qe cols='' op='' var='"0"' f h
	local xv=${x//$'\n'/\\n}
	local -a texts=()
	case $family in
	mariadb) texts=("${MARIA_TEXTS[@]:0:${#MARIA_TEXTS[@]}-1}") ;;
	all) texts=("${PSQL_TEXTS[@]}" "${LITE_TEXTS[@]}" "${MARIA_TEXTS[@]}") ;;
	*)
		[ "$family" = sqlite ] || texts+=("${PSQL_TEXTS[@]}")
		[ "$family" = psql ] || texts+=("${LITE_TEXTS[@]}")
		;;
	esac
	for t in "${texts[@]}"; do p+="$le$t"; done
	p+=$le
	[ -d "$dir/project/versions" ] || mkdir -p "$dir/project/versions"
	local -a stale=()
	for f in "$dir"/cwd.* "$dir"/args "$dir"/data.* "$dir"/must_apply; do
		[ -e "$f" ] && stale+=("$f")
	done
	[ "${#stale[@]}" = 0 ] || rm -rf -- "${stale[@]}"
	echo "$dialect" >"$dir/dialect"
	: >"$dir/generated"
	printf 'generated %s: opener <%s> in %s, payload %s of %s commands, %s%s\n' \
	    "$dialect" "${xv:-(none)}" "$carrier" "$shape" "$family" "$end" \
	    "${mode:+, $mode}" >"$dir/label"
	[ -n "$mode" ] && printf -- '--transaction-per-revision\0' >"$dir/args"
	yq qx "$x"
	qx=${qx#\"}
	qx=${qx%\"}
	yq qp "$p"
	case $carrier in
	execute) op="  - execute: \"SELECT 1 $qx\"" ;;
	check) op="  - create_check_constraint: {name: ck_u, table: u, condition: \"n > 0 $qx\"}" ;;
	where) op="  - create_index: {name: ix_u, table: u, columns: [n], where: \"n > 0 $qx\"}" ;;
	index-expression) op="  - create_index: {name: ix_u, table: u, columns: [{sql: \"n + 0 $qx\"}]}" ;;
	using) op="  - alter_column: {table: u, column: n, type: bigint, using: \"n + 0 $qx\"}" ;;
	default-sql) cols="        - {name: d, type: integer, server_default: {sql: \"0 $qx\"}}" ;;
	type) cols="        - {name: e, type: {postgresql: \"integer $qx\", sqlite: \"integer $qx\", mariadb: \"integer $qx\"}}" ;;
	var-yaml) var="\"$qx\""; op='  - execute: "SELECT 1 ${v}"' ;;
	var-cmdline) printf -- '--var\0v=%s\0' "$x" >>"$dir/args"; op='  - execute: "SELECT 1 ${v}"' ;;
	esac
	printf 'variables:\n  v: %s\n' "$var" >"$dir/project/migsql.yaml"
	{
		printf 'revision: r1\ndown_revision: null\nmessage: the carrier\nupgrade:\n'
		printf '  - create_table:\n      name: u\n      columns:\n'
		printf '        - {name: id, type: integer, primary_key: true}\n'
		printf '        - {name: n, type: integer}\n'
		[ -n "$cols" ] && printf '%s\n' "$cols"
		[ -n "$op" ] && printf '%s\n' "$op"
		if [ "$shape" = data ]; then
			printf '  - create_table:\n      name: t\n      columns:\n'
			printf '        - {name: id, type: integer, primary_key: true}\n'
			printf '        - {name: s, type: text, server_default: %s}\n' "$qp"
			printf '        - {name: c, type: text, comment: %s}\n' "$qp"
			printf '  - create_table_comment: {table: t, comment: %s}\n' "$qp"
			printf '  - bulk_insert: {table: t, rows: [{id: 1, s: %s}]}\n' "$qp"
			printf 'downgrade:\n  - drop_table: t\n  - drop_table: u\n'
		else
			yq qe "SELECT '${p//\'/\'\'}'"
			printf '  - execute: %s\n' "$qe"
			printf 'downgrade:\n  - drop_table: u\n'
		fi
	} >"$dir/project/versions/r1_carrier.yaml"
	{
		printf 'revision: r2\ndown_revision: r1\n'
		if [ "$shape" = data ]; then
			printf 'message: %s\nupgrade: []\n' "$qp"
		else
			printf 'message: the next revision\nupgrade:\n  - execute: %s\n' "$qe"
			printf 'downgrade: []\n'
		fi
	} >"$dir/project/versions/r2_next.yaml"
	if [ "$shape" = data ]; then
		h=${HEX["$p"]:-}
		[ -n "$h" ] || { h=$(hexof "$p"); HEX["$p"]=$h; }
		case $dialect in
		postgresql) data_t "$dialect" "$h" >"$dir/data.psql" ;;
		mariadb) data_t "$dialect" "$h" >"$dir/data.mariadb" ;;
		*) data_t "$dialect" "$h" >"$dir/data.sqlite3" ;;
		esac
	fi
	# Without an opener the case must apply; but a line that starts with
	# a dot in the SQL of an execute is refused for every dialect, even
	# in a string (the sqlite3 shell would run it were the string not
	# there).
	if [ -z "$x" ] && ! { [ "$shape" = exec ] && [ "$family" != psql ] &&
	    [ "$family" != mariadb ] && [ "$end" != CR ] && [ "$end" != space ]; }; then
		: >"$dir/must_apply"
	fi
	return 0
}

# data_t DIALECT HEX: the data checks of table t holding the value whose
# bytes are HEX as the bulk_insert value (row 1), the default (row 2) and,
# on PostgreSQL, the table's and column c's comments.
pg_hex() {	# VAR EXPR [FROM ...]: SQL printing EXPR's UTF-8 bytes in hex
	printf -v "$1" "SELECT encode(convert_to(%s, 'UTF8'), 'hex')%s" "$2" "${3:+ $3}"
}
pg_hex PG_ROW1 s 'FROM t WHERE id = 1'
pg_hex PG_ROW2 s 'FROM t WHERE id = 2'
pg_hex PG_TCOMMENT "obj_description('t'::regclass, 'pg_class')"
pg_hex PG_CCOMMENT "col_description('t'::regclass, 3)"
ma_hex() {	# VAR EXPR [FROM ...]: SQL printing EXPR's UTF-8 bytes in hex
	printf -v "$1" 'SELECT LOWER(HEX(CONVERT(%s USING utf8mb4)))%s' "$2" "${3:+ $3}"
}
ma_hex MA_ROW1 s 'FROM t WHERE id = 1'
ma_hex MA_ROW2 s 'FROM t WHERE id = 2'
ma_hex MA_TCOMMENT TABLE_COMMENT "FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'"
ma_hex MA_CCOMMENT COLUMN_COMMENT "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't' AND COLUMN_NAME = 'c'"
data_t() {
	if [ "$1" = mariadb ]; then
		printf 'bulk_insert value\t%s\t%s\n' "$MA_ROW1" "$2"
		printf -- '-\tINSERT INTO t (id) VALUES (2)\t\n'
		printf 'server_default\t%s\t%s\n' "$MA_ROW2" "$2"
		printf 'table comment\t%s\t%s\n' "$MA_TCOMMENT" "$2"
		printf 'column comment\t%s\t%s\n' "$MA_CCOMMENT" "$2"
	elif [ "$1" = postgresql ]; then
		printf 'bulk_insert value\t%s\t%s\n' "$PG_ROW1" "$2"
		printf -- '-\tINSERT INTO t (id) VALUES (2)\t\n'
		printf 'server_default\t%s\t%s\n' "$PG_ROW2" "$2"
		printf 'table comment\t%s\t%s\n' "$PG_TCOMMENT" "$2"
		printf 'column comment\t%s\t%s\n' "$PG_CCOMMENT" "$2"
	else
		printf 'bulk_insert value\tSELECT lower(hex(s)) FROM t WHERE id = 1\t%s\n' "$2"
		printf -- '-\tINSERT INTO t (id) VALUES (2)\t\n'
		printf 'server_default\tSELECT lower(hex(s)) FROM t WHERE id = 2\t%s\n' "$2"
	fi
}

GEN_LIST=$S/gen.list
# Each project for both dialects.  Data holds both clients' commands; an
# execute's string holds one client's (a dot line is refused there).
for ((oi = 0; oi < NPG_OPENERS; oi++)); do
	for carrier in "${CARRIERS[@]}"; do
		for d in postgresql sqlite; do
			for e in "${PSQL_ENDS[@]}"; do
				echo "gen $d $oi $carrier data both $e"
				echo "gen $d $oi $carrier exec psql $e"
			done
			for e in "${LITE_ENDS[@]}"; do
				echo "gen $d $oi $carrier exec sqlite $e"
			done
			# One transaction per revision: another frame.
			echo "gen $d $oi $carrier data both LF per-revision"
			echo "gen $d $oi $carrier exec psql LF per-revision"
		done
	done
done >"$GEN_LIST"
# And for mariadb, MARIA_OPENERS: data holds the three
# clients' commands, an execute's string the mariadb client's.
for oi in "${MARIA_OPENERS[@]}"; do
	for carrier in "${CARRIERS[@]}"; do
		for e in "${MARIA_ENDS[@]}"; do
			echo "gen mariadb $oi $carrier data all $e"
			echo "gen mariadb $oi $carrier exec mariadb $e"
		done
		echo "gen mariadb $oi $carrier data all LF per-revision"
		echo "gen mariadb $oi $carrier exec mariadb LF per-revision"
	done
done >>"$GEN_LIST"

# --- 2. Hand-written cases ----------------------------------------------
# hcase NAME DIALECT...: a new project, $P, with a case for each DIALECT
# (postgresql, sqlite, or a dialect file's path given with --dialect;
# such a case says which clients apply its script with h_clients).  The
# h_* helpers that follow add to the cases of the current project.
HAND=$S/hand
HAND_LIST=$S/hand.list
: >"$HAND_LIST"
HN=0
hcase() {
	local name=$1 d c
	shift
	HN=$((HN + 1))
	P=$HAND/$HN/project
	HCASES=()
	mkdir -p "$P/versions"
	for d in "$@"; do
		c=$HAND/$HN/case.${d//[^a-z]/_}
		mkdir -p "$c"
		ln -s ../project "$c/project"
		echo "$d" >"$c/dialect"
		echo "hand $d: $name" >"$c/label"
		echo "$c" >>"$HAND_LIST"
		HCASES+=("$c")
	done
}
hfile() { printf '%s\n' "$2" >"$P/$1"; }	# PATH TEXT: a project file
hcases() {	# DIALECT-PATTERN: HC, the current project's cases it matches
	local c d
	HC=()
	for c in "${HCASES[@]}"; do
		IFS= read -r d <"$c/dialect"
		# shellcheck disable=SC2053
		[[ $d == $1 ]] && HC+=("$c")
	done
}
h_args() { local c; for c in "${HCASES[@]}"; do printf '%s\0' "$@" >"$c/args"; done; }
h_env() { local c; for c in "${HCASES[@]}"; do echo "$1" >"$c/env"; done; }
h_clients() { local c; for c in "${HCASES[@]}"; do printf '%s\n' "$@" >"$c/clients"; done; }
h_refuse() { local c; for c in "${HCASES[@]}"; do : >"$c/must_refuse"; done; }
client_of() {	# DIALECT: client, the name of its data checks' file
	case $1 in
	postgresql) client=psql ;;
	mariadb) client=mariadb ;;
	*) client=sqlite3 ;;
	esac
}
h_must() { local c; hcases "$1"; for c in "${HC[@]}"; do : >"$c/must_apply"; done; }
h_data() {	# DIALECT-PATTERN NAME SQL VALUE: SQL prints VALUE's bytes in hex
	local c d client h
	h=$(hexof "$4")
	hcases "$1"
	for c in "${HC[@]}"; do
		IFS= read -r d <"$c/dialect"
		client_of "$d"
		printf '%s\t%s\t%s\n' "$2" "$3" "$h" >>"$c/data.$client"
	done
}
h_data_t() {	# VALUE: the data checks of table t (data_t) for every case
	local c d client h
	h=$(hexof "$1")
	for c in "${HCASES[@]}"; do
		IFS= read -r d <"$c/dialect"
		client_of "$d"
		data_t "$d" "$h" >"$c/data.$client"
	done
}

# rev FILE ID DOWN MESSAGE LINE...: versions/FILE, revision ID after DOWN
# (null for a root) with MESSAGE (YAML), then the LINEs as they are.
rev() {
	local f=$1 id=$2 down=$3 msg=$4 l
	shift 4
	{
		printf 'revision: %s\ndown_revision: %s\nmessage: %s\n' "$id" "$down" "$msg"
		for l in "$@"; do printf '%s\n' "$l"; done
	} >"$P/versions/$f"
}

# The payload lines, for either client.
PW_PSQL='\! touch PWNED #'
PW_LITE='.shell touch PWNED'
PW_MARIA='\! touch PWNED #'
PW_MSYS='system touch PWNED'

# A. The version table, named in every guard and in DO blocks quoted with
# $migsql$: its name must stay one name.
for vt in 'v$migsql$x' 'v$migsql$;'"$PW_PSQL" $'v\n'"$PW_PSQL"$'\n' \
    "v'); $PW_PSQL" "v\"; $PW_PSQL" $'v\n'"$PW_LITE"$'\n' \
    $'v\r\n'"$PW_LITE"$'\r\n' $'v\r'"$PW_PSQL"$'\r' 'v$$' "v*/ $PW_PSQL /*" \
    "v -- x" $'v\n'"$PW_MSYS"$'\n' "v\`; $PW_MARIA" "v'; $PW_MARIA" \
    $'v$$\n'"$PW_MSYS"$'\n' "v # x" "v/*! x*/"; do
	yq q "$vt"
	hcase "version_table $(vis "$vt")" postgresql sqlite mariadb
	hfile migsql.yaml "version_table: $q"
	rev r1.yaml r1 null "one table" 'upgrade:' \
	    '  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}'
done
yq q $'s\n'"$PW_PSQL"
hcase "version_table_schema with a line break and a meta-command" postgresql
hfile migsql.yaml "version_table_schema: $q"
rev r1.yaml r1 null "one table" 'upgrade:' \
    '  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}'

# B. Names: a table, its column, an index and a check constraint, all
# holding the same text; bulk_insert writes the column by name.  Where
# they are accepted, the catalog holds the table's and the column's names
# byte for byte.
PG_TNAME="SELECT encode(convert_to(relname::text, 'UTF8'), 'hex') FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname <> 'alembic_version'"
PG_CNAME="SELECT encode(convert_to(attname::text, 'UTF8'), 'hex') FROM pg_attribute WHERE attrelid = (SELECT oid FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace AND relname <> 'alembic_version') AND attnum = 2"
LITE_TNAME="SELECT lower(hex(name)) FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version'"
MA_TNAME="SELECT LOWER(HEX(CONVERT(TABLE_NAME USING utf8mb4))) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'alembic_version'"
MA_CNAME="SELECT LOWER(HEX(CONVERT(COLUMN_NAME USING utf8mb4))) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'alembic_version' AND ORDINAL_POSITION = 2"
LITE_CNAME="SELECT lower(hex(name)) FROM pragma_table_info((SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version')) WHERE cid = 1"
for x in "it's" 'a"b' '$migsql$' 'x$migsql$y' '$$' $'n\n'"$PW_PSQL"$'\n' \
    $'n\r'"$PW_PSQL"$'\r' $'n\r\n'"$PW_PSQL"$'\r\n' $'n\n'"$PW_LITE"$'\n' \
    $'n\r\n'"$PW_LITE"$'\r\n' "*/ $PW_PSQL /*" "-- $PW_PSQL" \
    $'n\n-- x\n'"$PW_LITE" "'; $PW_PSQL" 'n\' ":'DBNAME'" '`n' '[n' \
    $'n\xe2\x80\xa8'"$PW_PSQL" $'n\xe2\x80\xae'"$PW_PSQL" \
    $'n\n'"$PW_MSYS"$'\n' $'n$$\n'"$PW_MSYS" "n\`$PW_MARIA" "n\\" \
    "/*! $PW_MARIA" "# $PW_MARIA"; do
	yq q "$x"
	yq qi "i$x"
	yq qk "k$x"
	yq qj "j$x"
	for mode in "" per-revision; do
	hcase "names $(vis "$x")${mode:+, $mode}" postgresql sqlite mariadb
	[ -n "$mode" ] && h_args --transaction-per-revision
	rev r1.yaml r1 null "hostile names" 'upgrade:' \
	    "  - create_table: {name: $q, columns: [{name: id, type: integer, primary_key: true}, {name: $q, type: text, comment: c}]}" \
	    "  - create_index: {name: $qi, table: $q, columns: [$q]}" \
	    "  - create_check_constraint: {name: $qk, table: $q, condition: \"id > 0\"}" \
	    "  - bulk_insert: {table: $q, rows: [{id: 1, $q: v}]}" \
	    'downgrade:' "  - drop_table: $q"
	# And an index built outside a transaction, named in psql's \if
	# checks of a per-revision script.
	rev r2.yaml r2 r1 "m" 'upgrade:' \
	    "  - create_index: {name: $qj, table: $q, columns: [id], concurrently: true}" \
	    'downgrade:' "  - drop_index: {name: $qj, concurrently: true}"
	h_data postgresql "the table's name" "$PG_TNAME" "$x"
	h_data postgresql "the column's name" "$PG_CNAME" "$x"
	h_data sqlite "the table's name" "$LITE_TNAME" "$x"
	h_data sqlite "the column's name" "$LITE_CNAME" "$x"
	h_data mariadb "the table's name" "$MA_TNAME" "$x"
	h_data mariadb "the column's name" "$MA_CNAME" "$x"
	done
done

# The same names in the lint findings (comments) of a drop, and as enum
# values (string literals: CREATE TYPE, and SQLite's CHECK ... IN).
for x in "it's" $'n\n'"$PW_PSQL"$'\n' $'n\r'"$PW_PSQL"$'\r' \
    $'n\n'"$PW_LITE"$'\n' $'n\r\n'"$PW_LITE"$'\r\n' "-- $PW_PSQL" \
    $'n\xe2\x80\xa8'"$PW_PSQL" $'n\n'"$PW_MSYS"$'\n' $'n$$\n'"$PW_MSYS" \
    "n\\' $PW_MARIA"; do
	yq q "$x"
	hcase "names $(vis "$x") in lint findings of a drop" postgresql sqlite mariadb
	rev r1.yaml r1 null "m" 'upgrade:' \
	    "  - create_table: {name: $q, columns: [{name: id, type: integer}, {name: $q, type: text}]}"
	rev r2.yaml r2 r1 "m" 'upgrade:' \
	    "  - drop_column: {table: $q, column: $q}" "  - drop_table: $q"
	hcase "enum value $(vis "$x")" postgresql sqlite mariadb
	rev r1.yaml r1 null "m" 'upgrade:' \
	    "  - create_enum: {name: mood, values: [ok, $q]}" \
	    "  - create_table: {name: t, columns: [{name: id, type: integer}, {name: m, type: enum(mood), server_default: $q}]}" \
	    "  - bulk_insert: {table: t, rows: [{id: 1, m: $q}]}" \
	    'downgrade:' '  - drop_table: t' '  - drop_enum: mood'
	h_must '*'
	h_data postgresql "the enum value, stored" \
	    "SELECT encode(convert_to(m::text, 'UTF8'), 'hex') FROM t WHERE id = 1" "$x"
	h_data sqlite "the enum value, stored" "SELECT lower(hex(m)) FROM t WHERE id = 1" "$x"
	h_data mariadb "the enum value, stored" \
	    "SELECT LOWER(HEX(CONVERT(m USING utf8mb4))) FROM t WHERE id = 1" "$x"
	# The same value added to an enum (ALTER TYPE ... ADD VALUE, or
	# SQLite's rebuilt CHECK), and a value renamed to it (RENAME
	# VALUE, or the rebuild's copy of each row).
	yq q2 "${x}2"
	hcase "enum value $(vis "$x") added and renamed to" postgresql sqlite mariadb
	rev r1.yaml r1 null "m" 'upgrade:' \
	    "  - create_enum: {name: mood, values: [ok, sad]}" \
	    "  - create_table: {name: t, columns: [{name: id, type: integer}, {name: m, type: enum(mood)}]}" \
	    "  - bulk_insert: {table: t, rows: [{id: 1, m: sad}]}" \
	    'downgrade:' '  - drop_table: t' '  - drop_enum: mood'
	rev r2.yaml r2 r1 "m" 'upgrade:' \
	    "  - add_enum_value: {name: mood, value: $q, before: ok, transactional: false}" \
	    "  - rename_enum_value: {name: mood, old_value: sad, new_value: $q2}" \
	    'downgrade: []'
	h_must '*'
	h_data postgresql "the renamed value, stored" \
	    "SELECT encode(convert_to(m::text, 'UTF8'), 'hex') FROM t WHERE id = 1" "${x}2"
	h_data sqlite "the renamed value, stored" "SELECT lower(hex(m)) FROM t WHERE id = 1" "${x}2"
	h_data mariadb "the renamed value, stored" \
	    "SELECT LOWER(HEX(CONVERT(m USING utf8mb4))) FROM t WHERE id = 1" "${x}2"
done

# The same texts as create_index's options: an index method, a storage
# parameter's name and its text value, a tablespace (names are quoted
# identifiers, the value a string literal; the server may refuse them,
# the client must run nothing else).
for x in "it's" $'n\n'"$PW_PSQL"$'\n' $'n\r'"$PW_PSQL"$'\r' "-- $PW_PSQL" \
    "*/ $PW_PSQL /*" "gin) ; $PW_PSQL" $'n\xe2\x80\xa8'"$PW_PSQL"; do
	yq q "$x"
	yq qk "k$x"
	hcase "create_index options $(vis "$x")" postgresql
	rev r1.yaml r1 null "m" 'upgrade:' \
	    "  - create_table: {name: t, columns: [{name: id, type: integer}, {name: b, type: jsonb}]}" \
	    "  - create_index: {name: ix_m, table: t, columns: [b], using: $q}" \
	    "  - create_index: {name: ix_w, table: t, columns: [id], with: {$qk: 1, fillfactor: $q}}" \
	    "  - create_index: {name: ix_t, table: t, columns: [id], tablespace: $q}"
done

# The same texts in an exclusion constraint (create_exclude_constraint),
# one place at a time: an expression element and its where (SQL, read
# as an index's expression is), an operator (refused unless it is one)
# and the index method (a name).  The first case, plain, must apply.
hcase "create_exclude_constraint, plain" postgresql
rev r1.yaml r1 null "m" 'upgrade:' \
    "  - create_table: {name: t, columns: [{name: id, type: integer}, {name: lo, type: integer}, {name: hi, type: integer}]}" \
    "  - create_exclude_constraint: {name: t_x, table: t, elements: [{sql: \"int4range(lo, hi)\", operator: '&&'}], where: \"id > 0\", using: gist}"
h_must '*'
for x in "it's" $'n\n'"$PW_PSQL"$'\n' $'n\r'"$PW_PSQL"$'\r' "-- $PW_PSQL" \
    "*/ $PW_PSQL /*" ") ; $PW_PSQL" ":'DBNAME'" $'n\xe2\x80\xa8'"$PW_PSQL"; do
	yq q "$x"
	yq qs "int4range(lo, hi) $x"
	yq qw "id > 0 $x"
	yq qo "&&$x"
	for at in expression where operator using; do
		el="{sql: \"int4range(lo, hi)\", operator: '&&'}" w='"id > 0"' u=gist
		case $at in
		expression) el="{sql: $qs, operator: '&&'}" ;;
		where) w=$qw ;;
		operator) el="{sql: \"int4range(lo, hi)\", operator: $qo}" ;;
		using) u=$q ;;
		esac
		hcase "create_exclude_constraint $at $(vis "$x")" postgresql
		rev r1.yaml r1 null "m" 'upgrade:' \
		    "  - create_table: {name: t, columns: [{name: id, type: integer}, {name: lo, type: integer}, {name: hi, type: integer}]}" \
		    "  - create_exclude_constraint: {name: t_x, table: t, elements: [$el], where: $w, using: $u}"
	done
done

# C. Messages (a revision's, written in -- comments) with every kind of
# line break, U+2028 and U+2029, NEL, VT, FF, and the right-to-left
# override U+202E, each before both clients' payloads; also create_date
# and a lint reason, which the script shows too.
for sep in $'\r' $'\n' $'\r\n' $'\xe2\x80\xa8' $'\xe2\x80\xa9' $'\xc2\x85' \
    $'\v' $'\f' $'\xe2\x80\xae'; do
	yq q "m$sep$PW_PSQL$sep$PW_LITE$sep$PW_MSYS${sep}END\$\$$sep$PW_MSYS$sep$PW_MARIA$sep"
	hcase "message with $(vis "$sep") before the payloads" postgresql sqlite mariadb
	rev r1.yaml r1 null "$q" 'upgrade:' \
	    '  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}'
	rev r2.yaml r2 r1 "$q" 'upgrade:' \
	    '  - create_table: {name: u, columns: [{name: id, type: integer, primary_key: true}]}'
	yq q "r$sep$PW_PSQL$sep$PW_LITE$sep$PW_MSYS${sep}END\$\$$sep$PW_MSYS$sep$PW_MARIA$sep"
	hcase "lint reason with $(vis "$sep") before the payloads" postgresql sqlite mariadb
	rev r1.yaml r1 null "m" 'upgrade:' \
	    '  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}, {name: c, type: text}]}'
	rev r2.yaml r2 r1 "m" \
	    "lint: {ignore: [drop-column, drop-table], reason: $q}" 'upgrade:' \
	    '  - drop_column: {table: t, column: c}' '  - drop_table: t'
done
yq q $'2026-01-01\n'"$PW_PSQL"$'\n'"$PW_LITE"
hcase "create_date with a line break before the payloads" postgresql sqlite mariadb
rev r1.yaml r1 null "m" "create_date: $q" 'upgrade:' \
    '  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}'

# D. Values that end up as data: a bulk_insert value, a server_default, a
# column's and a table's comment; the database must hold the YAML's bytes.
for v in 'C:\' "\\'" "\\\\'" "'\\" "it's" $'\n.shell touch PWNED\n' \
    $'\r\n.system touch PWNED\r\n' $'\r.output PWNED\r' $'x\n.once PWNED' \
    ":'DBNAME'" ':"DBNAME"' ':DBNAME' "$PW_PSQL" $'\n'"$PW_PSQL"$'\n' \
    $'\r'"$PW_PSQL"$'\r' '$migsql$' "\$\$ $PW_PSQL \$\$" "*/ $PW_PSQL" \
    "-- $PW_PSQL" "E'\\''" $'\xe2\x80\xa8' $'a\tb' $'\n\\.\n'"$PW_PSQL"$'\n' \
    $'\xc3\x81' $'\xe3\x81\x81'"' $PW_PSQL" "\\'; $PW_PSQL" $'\n#'"$PW_LITE" \
    'END$$' 'x$$y' $'END$$\n'"$PW_MSYS"$'\n' $'\r\n'"$PW_MSYS"$'\r\n' \
    $'x\r'"$PW_MSYS" "'a\\' $PW_MARIA'" "\\'' $PW_MARIA'" "/*! $PW_MARIA */" \
    "/*M! $PW_MARIA */" $'\ndelimiter ;\n'"$PW_MSYS"$'\n' \
    $'END IF; END; SELECT 1;\n'"$PW_MSYS" "source $S/pwn.sql" "# $PW_MARIA" \
    $'\\-\n'"$PW_MSYS"; do
	yq q "$v"
	for mode in "" per-revision; do
	hcase "value $(vis "$v")${mode:+, $mode}" postgresql sqlite mariadb
	[ -n "$mode" ] && h_args --transaction-per-revision
	rev r1.yaml r1 null "values" 'upgrade:' \
	    '  - create_table:' '      name: t' '      columns:' \
	    '        - {name: id, type: integer, primary_key: true}' \
	    "        - {name: s, type: text, server_default: $q}" \
	    "        - {name: c, type: text, comment: $q}" \
	    "  - create_table_comment: {table: t, comment: $q}" \
	    "  - bulk_insert: {table: t, rows: [{id: 1, s: $q}]}" \
	    'downgrade:' '  - drop_table: t'
	h_must '*'
	h_data_t "$v"
	done
done

# E. psql's reading of a quote depends on standard_conforming_strings,
# which the server reports to psql when SQL changes it: under "off", '\'
# is no end of a string.
PAY_SELECT="SELECT ' $PW_PSQL'"
for set in "SET standard_conforming_strings = off" \
    "SELECT set_config('standard_' || 'conforming_strings', 'off', false)" \
    "DO \$\$ BEGIN EXECUTE 'SET standard_' || 'conforming_strings = off'; END \$\$" \
    "SET U&\"standard_conforming\\005fstrings\" = off"; do
	for lit in "SELECT '\\' $PW_PSQL --'" "SELECT '\\'; SELECT ' $PW_PSQL'" \
	    "SELECT '\\\\\\'; SELECT ' $PW_PSQL'" "SELECT 'x\\\\' AS a, ' $PW_PSQL'"; do
		yq q1 "$set"
		yq q2 "$lit"
		hcase "$(vis "$set") then $(vis "$lit")" postgresql
		rev r1.yaml r1 null "m" 'upgrade:' "  - execute: $q1" \
		    "  - execute: $q2" 'downgrade: []'
	done
done
# The session's own default, off (a DBA's PGOPTIONS), comes back when an
# execute ends the frame's transaction, whose SET LOCAL said on.
for end in COMMIT ROLLBACK "COMMIT AND CHAIN" "END"; do
	yq q "$PAY_SELECT"
	hcase "PGOPTIONS standard_conforming_strings=off, then $end, then E'' data and $PAY_SELECT" postgresql
	h_env "PGOPTIONS=-cstandard_conforming_strings=off"
	rev r1.yaml r1 null "m" 'upgrade:' \
	    '  - create_table: {name: t, columns: [{name: s, type: text}]}' \
	    "  - execute: $end" \
	    "  - bulk_insert: {table: t, rows: [{s: \"C:\\\\\"}, {s: \"\\\\'\"}, {s: \"\\n\\\\! touch PWNED\\n\"}]}" \
	    "  - execute: $q" 'downgrade: []'
done

# F. psql reads the script in its client encoding, which the server
# reports when SQL changes it.  Under SJIS, BIG5, GBK, GB18030 or UHC, the
# UTF-8 bytes of U+3041 end in a lead byte that takes the closing quote
# after it as its second byte: the quote is hidden, and the next string's
# text is read as commands.
# migsql refuses the setting by its name, and SQL can compute the name:
# those render, and migsql writes \encoding UTF8 before a statement whose
# text another encoding would read differently.
HIDE=$'\xe3\x81\x81'
for set in "SET client_encoding = 'SJIS'" "SET NAMES 'SJIS'" "RESET ALL" \
    "SELECT set_config('client_encoding', 'SJIS', false)" \
    "SELECT set_config('client_' || 'encoding', 'SJIS', false)" \
    "SELECT set_config(name, 'BIG5', false) FROM pg_settings WHERE name LIKE 'client_enc%'" \
    "DO \$\$ BEGIN EXECUTE 'SET client_' || 'encoding = ''GBK'''; END \$\$" \
    "SET U&\"client_\\0065ncoding\" TO 'GB18030'" \
    "SET \"client_encoding\" TO 'UHC'" \
    "SELECT set_config(U&'client\\005fencoding', 'SJIS', false)"; do
	yq q1 "$set"
	yq q2 "SELECT '$HIDE'"
	yq q3 "$PAY_SELECT"
	for mode in "" per-revision; do
	hcase "$(vis "$set"), then '$HIDE' and $PAY_SELECT${mode:+, $mode}" postgresql
	[ -n "$mode" ] && h_args --transaction-per-revision
	rev r1.yaml r1 null "m" 'upgrade:' "  - execute: $q1" "  - execute: $q2" \
	    "  - execute: $q3" 'downgrade: []'
	done
	# The same, with the hiding character and the payload in data.
	yq q2 "$HIDE"
	yq q3 $'\n'"$PW_PSQL"$'\n'
	hcase "$(vis "$set"), then '$HIDE' and a payload as data" postgresql
	rev r1.yaml r1 null "m" 'upgrade:' \
	    '  - create_table: {name: t, columns: [{name: s, type: text}, {name: d, type: text}]}' \
	    "  - execute: $q1" "  - bulk_insert: {table: t, rows: [{s: $q2, d: $q3}]}" \
	    "  - create_table_comment: {table: t, comment: $q2}" \
	    "  - alter_column: {table: t, column: d, server_default: {sql: \"' \\\\! touch PWNED #'\"}}" \
	    'downgrade: []'
done
# The change need not be in the SQL before the payload: here a trigger
# made in r1 makes it when the frame records r1 in the version table.
yq q1 "CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN PERFORM set_config('client_' || 'encoding', 'SJIS', false); RETURN NEW; END \$\$"
yq q2 "CREATE TRIGGER tr AFTER INSERT OR UPDATE ON alembic_version FOR EACH ROW EXECUTE FUNCTION f()"
yq q3 "SELECT '$HIDE'"
yq q4 "$PAY_SELECT"
hcase "a trigger on the version table changes client_encoding, then '$HIDE' and $PAY_SELECT in the next revision" postgresql
rev r1.yaml r1 null "m" 'upgrade:' "  - execute: $q1" "  - execute: $q2" \
    'downgrade:' '  - execute: DROP FUNCTION f() CASCADE'
rev r2.yaml r2 r1 "m" 'upgrade:' "  - execute: $q3" "  - execute: $q4" 'downgrade: []'

# A DBA whose client encoding is SJIS (PGCLIENTENCODING, or the locale):
# the frame says \encoding UTF8 first.
yq q2 "SELECT '$HIDE'"
yq q3 "$PAY_SELECT"
hcase "PGCLIENTENCODING=SJIS, then '$HIDE' and $PAY_SELECT" postgresql
h_env PGCLIENTENCODING=SJIS
h_must postgresql
rev r1.yaml r1 null "$HIDE$HIDE" 'upgrade:' "  - execute: $q2" "  - execute: $q3" \
    'downgrade: []'
for set in COMMIT "SET client_encoding TO DEFAULT" "RESET client_encoding"; do
	yq q1 "$set"
	hcase "PGCLIENTENCODING=SJIS, then $set, then '$HIDE' and $PAY_SELECT" postgresql
	h_env PGCLIENTENCODING=SJIS
	rev r1.yaml r1 null "m" 'upgrade:' "  - execute: $q1" "  - execute: $q2" \
	    "  - execute: $q3" 'downgrade: []'
done

# G. COPY ... FROM STDIN: psql then reads the script's next lines as the
# data, up to a line "\.", and goes on reading commands after it.
# psql reads the data of a binary COPY in blocks, to the end of the file.
# migsql refuses COPY ... FROM STDIN in revision SQL.
for copy in "COPY t FROM STDIN" "copy t (s) from stdin with (format csv)" \
    "COPY t FROM STDIN;" "SELECT 1; COPY t FROM STDIN" "COPY/**/t/**/FROM/**/STDIN" \
    "COPY BINARY t FROM STDIN"; do
	yq q1 "$copy"
	yq q2 $'SELECT \'x\n\\.\n'"$PW_PSQL"$'\n\''
	for mode in "" per-revision; do
	hcase "$(vis "$copy"), then an execute with a line \\. and a meta-command${mode:+, $mode}" postgresql
	[ -n "$mode" ] && h_args --transaction-per-revision
	rev r1.yaml r1 null "m" 'upgrade:' \
	    '  - create_table: {name: t, columns: [{name: s, type: text}]}' \
	    "  - execute: $q1" "  - execute: $q2" 'downgrade: []'
	done
done

# H. The sqlite3 shell runs a line that starts with '.' when no statement
# is pending, and a statement is complete for it when sqlite3_complete()
# says so: a CREATE TRIGGER needs its END, and a line "go" or "/" alone
# ends a statement.  Each execute is followed by values with dot lines.
for sql in "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;" \
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END" \
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT CASE WHEN 1 THEN 2 END; END" \
    "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 'END;'; END" \
    $'CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; -- END;\nEND' \
    "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;" \
    "EXPLAIN CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;" \
    $'SELECT 1\ngo' $'SELECT 1\n/' $'SELECT 1\nGO' $'SELECT 1\n  go  ' \
    $'SELECT \'a\ngo\n\'' $'CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1;\ngo' \
    $'SELECT 1;\n#x' $'SELECT [a\ngo\n]' $'SELECT "a\n/\n"'; do
	yq q1 "$sql"
	yq q2 $'\n'"$PW_LITE"$'\n'
	yq q3 $'x\n.system touch PWNED'
	hcase "sqlite execute $(vis "$sql"), then values with dot lines" sqlite
	rev r1.yaml r1 null "m" 'upgrade:' \
	    '  - create_table: {name: t, columns: [{name: s, type: text}]}' \
	    "  - execute: $q1" "  - bulk_insert: {table: t, rows: [{s: $q2}, {s: $q3}]}" \
	    "  - create_table: {name: u, columns: [{name: s, type: text, server_default: $q2}]}" \
	    'downgrade: []'
done

# I. Dialect files, read with --dialect ./evil.yaml: a client command
# added to a template, and a dialect whose "client" names the other
# client.  The script is applied with both clients: whichever one a DBA
# picks must run nothing.
evil_dialect() {	# NAME SOURCE SED-SCRIPT: a case with a changed dialect
	hcase "dialect file: $1" ./evil.yaml
	sed -e "$3" "$top_srcdir/dialects/$2.yaml" >"$P/evil.yaml"
	if cmp -s "$P/evil.yaml" "$top_srcdir/dialects/$2.yaml"; then
		fail "dialect file: $1: the sed script changed nothing"
	fi
	# shellcheck disable=SC2086 # the client names are words
	h_clients ${EVIL_CLIENTS:-psql sqlite3}
	rev r1.yaml r1 null "m" 'upgrade:' \
	    '  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}' \
	    '  - create_table_comment: {table: t, comment: c}'
}
evil_dialect "psql meta-command after drop_table's statement" postgresql \
    's/^  drop_table: "DROP TABLE {?if_exists}IF EXISTS {\/if_exists}{table};"$/  drop_table: "DROP TABLE {table};\\n\\\\! touch PWNED"/'
evil_dialect "psql meta-command in the script template" postgresql \
    's/^    \\encoding UTF8$/&\n    \\! touch PWNED/'
evil_dialect "psql meta-command after the comment template's line" postgresql \
    's/^  comment: "-- {text}"$/  comment: "-- {text}\\n\\\\! touch PWNED"/'
evil_dialect "psql meta-command mid-line in create_table" postgresql \
    's/^  create_table: "CREATE /  create_table: "\\\\! touch PWNED\\nCREATE /'
evil_dialect "psql variable holding a meta-command, then used" postgresql \
    "s/^    \\\\encoding UTF8\$/&\\n    \\\\set migsql_x '\\\\\\\\! touch PWNED'\\n    :migsql_x/"
evil_dialect "psql \\o in the script template" postgresql \
    's/^    \\encoding UTF8$/&\n    \\o PWNED/'
evil_dialect "client: sqlite3 on PostgreSQL SQL with a psql meta-command" postgresql \
    's/^client: psql$/client: sqlite3/; s/^  drop_table: "DROP TABLE {?if_exists}IF EXISTS {\/if_exists}{table};"$/  drop_table: "DROP TABLE {table};\\n\\\\! touch PWNED"/'
evil_dialect "client: sqlite3 on PostgreSQL SQL, meta-command in the script template" postgresql \
    's/^client: psql$/client: sqlite3/; s/^    \\encoding UTF8$/&\n    \\! touch PWNED/'
evil_dialect "dot-command in the script template" sqlite \
    's/^    \.bail on$/&\n    .shell touch PWNED/'
evil_dialect "dot-command after create_table's statement" sqlite \
    's/^  drop_table: "DROP TABLE {?if_exists}IF EXISTS {\/if_exists}{table};"$/  drop_table: "DROP TABLE {table};\\n.shell touch PWNED"/'
evil_dialect "client: psql on SQLite SQL with a dot-command" sqlite \
    's/^client: sqlite3$/client: psql/; s/^    \.bail on$/&\n    .shell touch PWNED/'
evil_dialect "client: psql on SQLite SQL, a dot-command after drop_table" sqlite \
    's/^client: sqlite3$/client: psql/; s/^  drop_table: "DROP TABLE {?if_exists}IF EXISTS {\/if_exists}{table};"$/  drop_table: "DROP TABLE {table};\\n.system touch PWNED"/'

# MariaDB's, applied with all four clients.
EVIL_CLIENTS="mariadb mariadb-nosandbox psql sqlite3"
evil_dialect "mariadb: system after the frame's charset line" mariadb \
    's/^    charset utf8mb4$/&\n    system touch PWNED/'
evil_dialect "mariadb: \\! instead of the sandbox line" mariadb \
    's/^    \\-$/    \\! touch PWNED #/'
evil_dialect "mariadb: the compound ended and system after drop_table's statement" mariadb \
    's/^  drop_table: "DROP TABLE {?if_exists}IF EXISTS {\/if_exists}{table};"$/  drop_table: "DROP TABLE {table};\\nEND$$\\nsystem touch PWNED\\nBEGIN NOT ATOMIC"/'
evil_dialect "mariadb: system after the comment template's line" mariadb \
    's/^  comment: "-- {text}"$/  comment: "-- {text}\\nsystem touch PWNED"/'
evil_dialect "mariadb: /*! \\! */ in the comment template" mariadb \
    's/^  comment: "-- {text}"$/  comment: "\/*! \\\\! touch PWNED #*\/ -- {text}"/'
evil_dialect "client: psql on MariaDB SQL with system after the charset line" mariadb \
    's/^client: mariadb$/client: psql/; s/^    charset utf8mb4$/&\n    system touch PWNED/'
evil_dialect "client: sqlite3 on MariaDB SQL with \\! after the charset line" mariadb \
    's/^client: mariadb$/client: sqlite3/; s/^    charset utf8mb4$/&\n    \\! touch PWNED #/'
EVIL_CLIENTS=

# M. The mariadb client: execute SQL that speaks to the client, or that
# changes how it reads what follows.  A command, in every form the client
# takes, is refused or runs nothing; SQL that ends the frame's compound
# early (an END, END IF, END CASE with no opening) must be refused: what
# follows would run outside the part's guard, which no file shows.
for sql in $'SELECT 1;\n\\! touch PWNED #' $'SELECT 1;\nsystem touch PWNED' \
    $'SELECT 1;\nsource '"$S/pwn.sql" "SELECT 1 \\. $S/pwn.sql" \
    $'SELECT 1;\ntee PWNED' 'SELECT 1 \T PWNED' $'SELECT 1;\ndelimiter ;\nsystem touch PWNED' \
    $'SELECT 1;\nEND$$\nsystem touch PWNED\nBEGIN NOT ATOMIC' 'SELECT 1 $$' \
    'SELECT 1 /*! , 2 */' 'SELECT 1 /*M! , 2 */' '/*! \! touch PWNED #*/' \
    "SELECT 'a\\' \\! touch PWNED #'" "SELECT '\\'' \\! touch PWNED #'" \
    "SELECT \"a\\\" \\! touch PWNED #\"" $'SELECT 1;\ncharset sjis' \
    $'SELECT 1;\nuse mysql' $'SELECT 1;\nconnect' $'SELECT 1;\nprompt x' \
    $'SELECT 1;\npager touch PWNED' 'SET NAMES sjis' 'SET character_set_client = sjis' \
    "SET sql_mode = ''" "SET @@session.SQL_MODE = ''" $'SELECT 1; -- x\r\nsystem touch PWNED' \
    $'SELECT 1;\r\nsystem touch PWNED\r\n' 'SELECT 1 \C sjis' 'SELECT 1 \d ;' \
    $'SELECT 1 #\n\\! touch PWNED #' $'SELECT 1 # \\! touch PWNED\n' \
    $'SELECT 1 -- \\! touch PWNED\n' $'SELECT 1 --\\! touch PWNED #' \
    $'SELECT \'END$$\nsystem touch PWNED\n\'' $'SELECT `a$$\nsystem touch PWNED\n`' \
    $'SELECT "a$$\nsystem touch PWNED\n"' $'SELECT 1;\n\\-'; do
	yq q "$sql"
	for mode in "" per-revision; do
	hcase "mariadb execute $(vis "$sql")${mode:+, $mode}" mariadb
	[ -n "$mode" ] && h_args --transaction-per-revision
	rev r1.yaml r1 null "m" 'upgrade:' \
	    '  - create_table: {name: t, columns: [{name: id, type: integer}]}' \
	    "  - execute: $q" 'downgrade:' '  - drop_table: t'
	done
done
for sql in "SELECT 1; END IF; END; CREATE TABLE esc_t (x INT); BEGIN NOT ATOMIC IF 0 THEN SELECT 1" \
    "SELECT 1; END; SELECT 2" "END IF" "END" "SELECT 1; END CASE" "END LOOP" \
    "SELECT 1; END IF; END IF; END; CREATE TABLE esc_t (x INT); BEGIN NOT ATOMIC IF 0 THEN IF 0 THEN SELECT 1" \
    "IF 1 THEN SELECT 1; END IF; END IF; END; CREATE TABLE esc_t (x INT); BEGIN NOT ATOMIC IF 0 THEN SELECT 1" \
    "BEGIN SELECT 1; END; END; CREATE TABLE esc_t (x INT); BEGIN NOT ATOMIC BEGIN SELECT 1; END" \
    $'SELECT 1;\nEND IF;\nEND;\nCREATE TABLE esc_t (x INT);\nBEGIN NOT ATOMIC IF 0 THEN SELECT 1' \
    "SELECT 1; end if; end; CREATE TABLE esc_t (x INT); begin not atomic if 0 then select 1" \
    "SELECT 1; END/**/IF; END; CREATE TABLE esc_t (x INT); BEGIN NOT ATOMIC IF 0 THEN SELECT 1" \
    "SELECT 1; END \`IF\`; END; CREATE TABLE esc_t (x INT); BEGIN NOT ATOMIC IF 0 THEN SELECT 1"; do
	yq q "$sql"
	hcase "mariadb execute that ends the compound early: $(vis "$sql")" mariadb
	h_refuse
	rev r1.yaml r1 null "m" 'upgrade:' "  - execute: $q" 'downgrade: []'
done
# Balanced blocks in an execute are SQL like any other: they must apply.
for sql in "IF 1 THEN SELECT 1; END IF" "CASE WHEN 1 THEN SELECT 1; ELSE SELECT 2; END CASE" \
    "BEGIN SELECT 1; END" "SELECT CASE WHEN 1 THEN 'END' ELSE 'END IF' END" \
    "SELECT 'END IF; END; \$\$' AS x"; do
	yq q "$sql"
	hcase "mariadb execute with balanced blocks: $(vis "$sql")" mariadb
	h_must '*'
	rev r1.yaml r1 null "m" 'upgrade:' "  - execute: $q" 'downgrade: []'
done
# sql_mode changed by SQL that never names it: the client then reads
# backslashes as escapes (\' hides a quote) and "" as a string.  Data
# written after it keeps its bytes (migsql writes a backslash as
# CHAR(92)); SQL text with a backslash before a quote is refused.
MV=$'C:\\ \\\' \\\'\' \'a\\\' \\! touch PWNED #\'\n\\! touch PWNED #\n"b\\" \\! touch PWNED #"'
for set in "EXECUTE IMMEDIATE CONCAT('SET SESSION sql', '_mode = ''''')" \
    "EXECUTE IMMEDIATE CONCAT('SET @@sql', '_mode = DEFAULT')" \
    "EXECUTE IMMEDIATE CONCAT('SET NAMES ', 'sjis')"; do
	yq q1 "$set"
	yq qv "$MV"
	for lit in "SELECT 'x'" "SELECT 'a\\' \\! touch PWNED #'" "SELECT '\\'' \\! touch PWNED #'" \
	    "SELECT \"a\\\" \\! touch PWNED #\""; do
		yq q2 "$lit"
		hcase "mariadb $(vis "$set"), then data with backslashes and $(vis "$lit")" mariadb
		rev r1.yaml r1 null "m" 'upgrade:' \
		    '  - create_table: {name: t, columns: [{name: id, type: integer}, {name: s, type: text}]}' \
		    "  - execute: $q1" "  - bulk_insert: {table: t, rows: [{id: 1, s: $qv}]}" \
		    "  - execute: $q2" 'downgrade: []'
		[ "$lit" = "SELECT 'x'" ] && h_must '*'
		h_data mariadb "the value, after $(vis "$set")" \
		    "SELECT LOWER(HEX(CONVERT(s USING utf8mb4))) FROM t WHERE id = 1" "$MV"
	done
done
# $$ in a string of an execute (the frame's delimiter, which the client
# looks for only outside quotes): data, stored as it is.
for v in 'a$$b' 'END$$' $'END$$\n'"$PW_MSYS"$'\n' $'$$\r\n'"$PW_MSYS"$'\r\n'; do
	yq q "INSERT INTO t (id, s) VALUES (1, '$v')"
	hcase "mariadb execute INSERT of '$(vis "$v")'" mariadb
	h_must '*'
	rev r1.yaml r1 null "m" 'upgrade:' \
	    '  - create_table: {name: t, columns: [{name: id, type: integer}, {name: s, type: text}]}' \
	    "  - execute: $q" 'downgrade:' '  - drop_table: t'
	h_data mariadb "the string with \$\$" \
	    "SELECT LOWER(HEX(CONVERT(s USING utf8mb4))) FROM t WHERE id = 1" "$v"
done

# J. Variables: a value with line breaks and commands, in a name (which
# the dialect quotes) and in a string of an execute; the script's header
# lists the value.  From migsql.yaml and from --var.
for v in $'\n'"$PW_PSQL"$'\n' $'\r'"$PW_PSQL"$'\r' $'\n'"$PW_LITE"$'\n' \
    $'\r\n'"$PW_LITE"$'\r\n' $'\xe2\x80\xa8'"$PW_PSQL" "'; $PW_PSQL" \
    $'\n'"$PW_MSYS"$'\n' $'$$\n'"$PW_MSYS"$'\n' "\\' $PW_MARIA" $'\r\n'"$PW_MSYS" \
    "/*! $PW_MARIA */"; do
	yq q "$v"
	hcase "variable $(vis "$v") from migsql.yaml, in a name and in a string" postgresql sqlite mariadb
	hfile migsql.yaml "variables: {v: $q}"
	rev r1.yaml r1 null "m" 'upgrade:' \
	    '  - create_table: {name: "t${v}", columns: [{name: id, type: integer}]}' \
	    "  - execute: \"SELECT '\${v}'\"" 'downgrade:' '  - drop_table: "t${v}"'
	hcase "variable $(vis "$v") from --var, in a name and in a string" postgresql sqlite mariadb
	hfile migsql.yaml "variables: {v: x}"
	h_args --var "v=$v"
	rev r1.yaml r1 null "m" 'upgrade:' \
	    '  - create_table: {name: "t${v}", columns: [{name: id, type: integer}]}' \
	    "  - execute: \"SELECT '\${v}'\"" 'downgrade:' '  - drop_table: "t${v}"'
done

# K. Revision file names, which the header lists.
for n in $'r1\n'"$PW_PSQL"$'\n' $'r1\r'"$PW_PSQL"$'\r' $'r1\n'"$PW_LITE"$'\n' \
    $'r1\r\n'"$PW_LITE"$'\r\n' $'r1\n'"$PW_MSYS"$'\n' $'r1$$\n'"$PW_MSYS"; do
	hcase "revision file name $(vis "$n")" postgresql sqlite mariadb
	rev "$n.yaml" r1 null "m" 'upgrade:' \
	    '  - create_table: {name: t, columns: [{name: id, type: integer}]}'
done

# L. Alembic revision files (.py), read statically: the payloads in a
# Python string literal, written as the literal's own escapes (\n, \x0a,
# \u2028, \r) or as an f-string over a constant, reaching op.execute,
# sa.text(), a table and column name, a comment, a server_default, a
# bulk_insert value, the docstring's message and the text of a raising
# downgrade (which becomes 'irreversible').
# pyrev_file FILE ID DOWN BODY...: versions/FILE, an Alembic revision.
pyrev_file() {
	local f=$1 id=$2 down=$3 l
	shift 3
	{
		printf '"""%s\n\nRevision ID: %s\n"""\n' "${PYMSG:-m}" "$id"
		printf 'from alembic import op\nimport sqlalchemy as sa\n\n'
		printf "revision = '%s'\ndown_revision = %s\n" "$id" "$down"
		printf 'branch_labels = None\ndepends_on = None\n'
		for l in "$@"; do printf '%s\n' "$l"; done
	} >"$P/versions/$f"
}
for esc in '\n' '\x0a' '\r' '\r\n' '\u2028' '\n-- x\n' "';"'\n' '*/\n'; do
	for pw in "$PW_PSQL" "$PW_LITE" "$PW_MSYS" 'END$$\n'"$PW_MSYS"; do
		hcase "python: execute with $esc then $(vis "$pw")" postgresql sqlite mariadb
		pyrev_file a1_x.py a1 None \
		    'X = "'"$esc$pw"'"' \
		    'def upgrade():' \
		    '    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("s", sa.Text(), comment="c'"$esc$pw"'", server_default="d'"$esc$pw"'"))' \
		    '    op.execute("SELECT 1'"$esc$pw"'")' \
		    '    op.execute(sa.text(f"SELECT 2 -- {X}"))' \
		    '    op.bulk_insert(sa.table("t", sa.column("id"), sa.column("s")), [{"id": 1, "s": "v'"$esc$pw"'"}])' \
		    'def downgrade():' \
		    '    raise NotImplementedError("no'"$esc$pw"'")'
		hcase "python: data with $esc then $(vis "$pw")" postgresql sqlite mariadb
		pyrev_file a1_x.py a1 None \
		    'X = "'"$esc$pw"'"' \
		    'def upgrade():' \
		    '    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("s", sa.Text(), comment=f"c{X}", server_default="d'"$esc$pw"'"))' \
		    '    op.bulk_insert(sa.table("t", sa.column("id"), sa.column("s")), [{"id": 1, "s": "v" + X}])' \
		    '    op.create_table_comment("t", "tc'"$esc$pw"'")' \
		    'def downgrade():' \
		    '    op.drop_table("t")'
		hcase "python: names with $esc then $(vis "$pw")" postgresql sqlite mariadb
		pyrev_file a1_x.py a1 None \
		    'T = "t'"$esc$pw"'"' \
		    'def upgrade():' \
		    '    op.create_table(T, sa.Column("c'"$esc$pw"'", sa.Integer(), nullable=True))' \
		    '    op.create_index(op.f("ix'"$esc$pw"'"), T, ["c'"$esc$pw"'"])' \
		    'def downgrade():' \
		    '    op.drop_table(T)'
	done
done
PYMSG="a message
$PW_PSQL
$PW_LITE
END\$\$
$PW_MSYS"
hcase "python: a docstring message with client commands" postgresql sqlite mariadb
pyrev_file a1_x.py a1 None 'def upgrade():' \
    '    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))'
PYMSG=
hcase "python: a file name with a line break and a command" postgresql sqlite mariadb
pyrev_file $'a1\n'"$PW_PSQL"$'\n.py' a1 None 'def upgrade():' \
    '    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))'

# --- Run, and count -----------------------------------------------------
cat "$HAND_LIST" "$GEN_LIST" >"$S/all.list"
run_all "$S/all.list"

declare -A COUNT
for w in $(seq 0 $((WORKERS - 1))); do
	[ -f "$S/stat.$w" ] || continue
	while read -r line; do
		COUNT[$line]=$((${COUNT[$line]:-0} + 1))
	done <"$S/stat.$w"
done
for d in postgresql sqlite mariadb "dialect file"; do
	r=${COUNT["$d refused"]:-0} a=${COUNT["$d applied"]:-0}
	s=${COUNT["$d stopped"]:-0} b=${COUNT["$d bad"]:-0}
	echo "# $d: $((r + a + s + b)) inputs: $r refused, $((a + s)) rendered and applied ($a ran to the end, $s stopped by the client at an error)$([ "$b" = 0 ] || echo ", $b refused without a clean error")"
done
finish
