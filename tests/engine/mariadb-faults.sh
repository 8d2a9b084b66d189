#!/bin/sh
# Real-engine test, MariaDB: what the scripts promise under faults, on the
# engine that commits every DDL statement on its own.  A script is a chain
# of parts (one `BEGIN NOT ATOMIC ... END$$` compound each, one DDL
# statement each); a part runs only when the version state -- the sorted
# version ids, plus the progress kept in alembic_version's table comment --
# is exactly the one before it, is skipped with a note when the database
# is at a later state of the same script, and otherwise SIGNALs 'migsql:
# refusing ...'.  A session lock (GET_LOCK) keeps a second run out.
#
# Checks, with tests/engine/fixtures-maria/faults (f1 items; f2 three DDL
# statements, the second a unique index; f3 a SLEEP(3) between two DDL):
#   harness  the server, the adapter's functions on hand-made tables, the
#            lock holder and the client's `system`/`\!` (pass today);
#   format   the script's frame as the dialect spec writes it;
#   guard    a script for another version refuses, nothing changed, also
#            under `mariadb --force` (every part saying 'migsql: refusing');
#   lock     with the lock held by another session: 'another run', nothing
#            changed; released, the same script runs;
#   rerun    f2's unique index fails on duplicate rows: the progress of
#            part 1 is recorded; duplicates deleted by hand, the same
#            script skips part 1 and finishes like a clean run;
#   killed   the client killed during f3's SLEEP: the rerun finishes like
#            a clean run;
#   force    `mariadb --force` past the failing part: every later part
#            refuses, the database stays at the recorded progress (the
#            client exits 0 under --force whatever failed, so the log and
#            the database are checked, not the exit status);
#   hostile  execute SQL that would end the compound and reach the client
#            (`END$$` then `system ...`; `\! ...`) is refused at render;
#            hand-made scripts prove the client would have run it.
# Then suite.sh's stamp and merge checks.
. "$top_srcdir/tests/engine/maria.sh"

FAULTS=$top_srcdir/tests/engine/fixtures-maria/faults
S=$T_TMP/faults
mkdir -p "$S"

# mrender OUT FROM:TO [DIR] [upgrade|downgrade]: renders with
# `migsql upgrade FROM:TO -d mariadb -o OUT` in DIR (default the faults
# chain); on failure, one failed check naming why, and returns 1.
mrender() {
	local out=$1 range=$2 dir=${3:-$FAULTS} cmd=${4:-upgrade}
	if ! (cd "$dir" && "$MIGSQL" "$cmd" "$range" -d mariadb -o "$out") \
	    2>"$T_TMP/render.err"; then
		fail "render $cmd $range (${dir##*/}): $(head -n 3 "$T_TMP/render.err" | paste -sd' ' -)"
		return 1
	fi
}
# everything a refusal must leave as it was
snapshot() { db_state; db_schema; }
# col_exists TABLE COLUMN
col_exists() {
	test "$(db_query "SELECT count(*) FROM information_schema.COLUMNS
	    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '$1' AND COLUMN_NAME = '$2'")" = 1
}
# progress: the version table's comment, empty when nothing is part way.
progress() {
	db_query "SELECT TABLE_COMMENT FROM information_schema.TABLES
	    WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'alembic_version'"
}
# others_running: count of queries running in other sessions.
OTHERS="SELECT count(*) FROM information_schema.PROCESSLIST
    WHERE ID <> CONNECTION_ID() AND COMMAND = 'Query'"

# --- harness: what can be checked before the dialect exists -----------------
maria_harness() {
	local holder id
	check "harness: the server answers on our socket, utf8mb4, no networking" \
	    test "$(maria_q 'SELECT @@character_set_server, @@skip_networking, @@socket' |
	        tr '\t' '|')" = "utf8mb4|1|$MARIA_SOCK"
	db_reset
	check "harness: db_versions without a version table is empty" \
	    test -z "$(db_versions)"
	db_exec "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL,
	    PRIMARY KEY (version_num))"
	check "harness: db_versions of an empty version table is empty" \
	    test -z "$(db_versions)"
	db_exec "INSERT INTO alembic_version VALUES ('b'), ('a1'), ('Z')"
	# By bytes 'Z' < 'a1' < 'b'; the column's collation would say a1, b, Z.
	check "harness: db_versions sorts as bytes and joins with ','" \
	    test "$(db_versions)" = "Z,a1,b"
	check "harness: db_state without progress is the version set" \
	    test "$(db_state)" = "Z,a1,b"
	db_exec "ALTER TABLE alembic_version COMMENT = 'migsql: upgrade x: 1 of 2 parts applied'"
	check "harness: db_state shows the progress in the table comment" \
	    test "$(db_state)" = "Z,a1,b (migsql: upgrade x: 1 of 2 parts applied)"
	check "harness: db_schema leaves the version table out" test -z "$(db_schema)"
	db_exec "CREATE TABLE p (id INT AUTO_INCREMENT PRIMARY KEY,
	    code VARCHAR(20) NOT NULL COMMENT 'the code', n INT,
	    CONSTRAINT p_n_positive CHECK (n > 0), UNIQUE KEY p_code_key (code)) COMMENT = 'parents';
	    CREATE TABLE c (id INT PRIMARY KEY, p_id INT, CONSTRAINT c_p_fk FOREIGN KEY (p_id)
	    REFERENCES p (id) ON DELETE CASCADE, INDEX c_p_idx (p_id, id DESC))"
	db_schema >"$S/h1"
	db_exec "INSERT INTO p (code, n) VALUES ('a', 1), ('b', 2)"
	db_schema >"$S/h2"
	check "harness: db_schema does not move with the AUTO_INCREMENT counter" \
	    cmp -s "$S/h1" "$S/h2"
	check "harness: db_schema: auto_increment is a column attribute" \
	    grep -q '^column|p|1|id|int(11)|NOT NULL|(none)|auto_increment|' "$S/h1"
	check "harness: db_schema: the unique index" \
	    grep -qx 'index|p|p_code_key|UNIQUE|BTREE|code' "$S/h1"
	check "harness: db_schema: a two-column index, in order, with DESC" \
	    grep -qx 'index|c|c_p_idx|-|BTREE|p_id,id DESC' "$S/h1"
	check "harness: db_schema: the foreign key with its rules" \
	    grep -qx 'foreign key|c|c_p_fk|p_id|p|id|ON DELETE CASCADE|ON UPDATE RESTRICT' "$S/h1"
	check "harness: db_schema: the check constraint" \
	    grep -qx 'check|p|p_n_positive|Table|`n` > 0' "$S/h1"
	check "harness: db_schema: table and column comments" sh -c \
	    "grep -qx 'comment|p|parents' '$S/h1' && grep -qx 'comment|p.code|the code' '$S/h1'"
	db_exec "ALTER TABLE p ADD COLUMN extra INT"
	check "harness: db_schema sees a new column" \
	    not cmp -s "$S/h1" "$(db_schema >"$S/h3"; echo "$S/h3")"

	# The lock holder the lock check uses: same name expression, same
	# database; IS_USED_LOCK says which connection holds it.
	(maria_client_exec -N -B -e "SELECT GET_LOCK($LOCK_NAME, 0); SELECT SLEEP(20)" \
	    >/dev/null 2>&1) &
	holder=$!
	check "harness: a background session takes the scripts' lock" \
	    wait_for "SELECT IS_USED_LOCK($LOCK_NAME) IS NOT NULL"
	check "harness: ... so this session cannot" \
	    test "$(db_query "SELECT GET_LOCK($LOCK_NAME, 0)")" = 0
	id=$(db_query "SELECT IS_USED_LOCK($LOCK_NAME)")
	[ -n "$id" ] && [ "$id" != NULL ] && db_exec "KILL $id"
	wait "$holder"
	check "harness: killing the holder frees the lock" \
	    test "$(db_query "SELECT IS_FREE_LOCK($LOCK_NAME)")" = 1

	# The client runs a `system` line between two compounds, and `\!`
	# inside one: what the hostile check below requires migsql to refuse.
	rm -f "$S/PWNED1" "$S/PWNED2"
	printf '%s\n' 'charset utf8mb4' 'DELIMITER $$' 'BEGIN NOT ATOMIC' \
	    'SELECT 1;' 'END$$' "system touch $S/PWNED1" 'BEGIN NOT ATOMIC' \
	    'SELECT 2;' "\\! touch $S/PWNED2" 'END$$' >"$S/pwn.sql"
	db_reset
	db_apply "$S/pwn.sql"
	check "harness: the client runs a 'system' line that follows END\$\$" \
	    test -e "$S/PWNED1"
	check "harness: the client runs '\\!' inside a compound" \
	    test -e "$S/PWNED2"
	rm -f "$S/PWNED1" "$S/PWNED2"

	# What --force does to the exit status, for the reader of the log:
	# the checks under --force below look at the log and the database.
	printf '%s\n' 'SELECT nosuch;' >"$S/force-status.sql"
	db_apply_force "$S/force-status.sql" "$S/force-status.log"
	echo "# note: mariadb --force with a failing statement exits with $?"
}

# --- format: the frame the dialect spec describes ----------------------------
maria_format() {
	local f=$S/fmt.sql
	mrender "$f" f1:f2 || return
	check "format: the first line turns the client's sandbox on (\\-)" \
	    test "$(head -n 1 "$f")" = '\-'
	check "format: the second line is 'charset utf8mb4'" \
	    test "$(sed -n 2p "$f")" = "charset utf8mb4"
	check "format: a SET SESSION sql_mode" grep -q '^SET SESSION sql_mode = ' "$f"
	check "format: DELIMITER \$\$" grep -qx 'DELIMITER \$\$' "$f"
	check "format: as many 'BEGIN NOT ATOMIC' as 'END\$\$'" test \
	    "$(grep -c 'BEGIN NOT ATOMIC' "$f")" = "$(grep -c 'END\$\$[[:space:]]*$' "$f")"
	check "format: the session lock, by the spec's name" grep -qF \
	    "GET_LOCK(CONCAT('migsql:', MD5(CONCAT(DATABASE(), '.', 'alembic_version'))), 0)" "$f"
	check "format: every part checks it holds the lock" test \
	    "$(grep -c 'IS_USED_LOCK(' "$f")" -ge 3
	check "format: progress in the version table's comment" grep -q \
	    "ALTER TABLE \`\{0,1\}alembic_version\`\{0,1\} COMMENT = 'migsql: upgrade f2: 1 of [0-9]* parts applied'" "$f"
	# One DDL statement (besides the version table's, and the entry
	# guard's temporary table of states) per compound: f2's three in
	# three compounds.
	awk '
	/BEGIN NOT ATOMIC/ { inpart = 1; n = 0; next }
	inpart && /END\$\$[[:space:]]*$/ { inpart = 0; if (n > 1) bad++; if (n == 1) parts++; next }
	inpart && toupper($0) ~ /^[[:space:]]*(CREATE|ALTER|DROP|RENAME|TRUNCATE)[[:space:]]/ &&
	    $0 !~ /alembic_version/ && $0 !~ /TEMPORARY TABLE/ { n++ }
	END { print parts + 0, bad + 0 }' "$f" >"$S/fmt.parts"
	check "format: f2's three DDL statements in three compounds, none shares one" \
	    test "$(cat "$S/fmt.parts")" = "3 0"
}

# --- guard ----------------------------------------------------------------
maria_guard() {
	local before
	mrender "$S/f1.sql" base:f1 && mrender "$S/f1f3.sql" f1:f3 &&
	    mrender "$S/f1f2.sql" f1:f2 && mrender "$S/full.sql" base:f3 || return
	# At base, a script that expects f1.
	db_reset
	before=$(snapshot)
	check "guard: f1:f3 at base is refused" not db_apply_log "$S/f1f3.sql" "$S/g1.log"
	check "guard: ... saying 'migsql: refusing'" grep -q 'migsql: refusing' "$S/g1.log"
	check "guard: ... nothing changed" test "$(snapshot)" = "$before"
	db_apply_force "$S/f1f3.sql" "$S/g2.log"
	check "guard: f1:f3 at base with --force: every part refuses" \
	    test "$(grep -c 'migsql: refusing' "$S/g2.log")" -ge 3
	check "guard: ... and with --force nothing changed" test "$(snapshot)" = "$before"
	check "guard: ... no table of f2 or f3" not db_table_exists items
	# At f3, a script that ends at f2.
	db_reset
	db_apply "$S/full.sql" || { fail "guard: base:f3 does not apply"; return; }
	before=$(snapshot)
	check "guard: f1:f2 at f3 is refused" not db_apply_log "$S/f1f2.sql" "$S/g3.log"
	check "guard: ... nothing changed" test "$(snapshot)" = "$before"
	db_apply_force "$S/f1f2.sql" "$S/g4.log"
	check "guard: f1:f2 at f3 with --force: every part refuses" \
	    test "$(grep -c 'migsql: refusing' "$S/g4.log")" -ge 3
	check "guard: ... and nothing changed" test "$(snapshot)" = "$before"
	check "guard: base:f3 run again at f3 is refused" \
	    not db_apply_log "$S/full.sql" "$S/g5.log"
	check "guard: ... nothing changed" test "$(snapshot)" = "$before"
}

# --- lock -------------------------------------------------------------------
maria_lock() {
	local holder id rc before
	mrender "$S/full.sql" base:f3 || return
	db_reset
	(maria_client_exec -N -B -e "SELECT GET_LOCK($LOCK_NAME, 0); SELECT SLEEP(20)" \
	    >/dev/null 2>&1) &
	holder=$!
	if ! wait_for "SELECT IS_USED_LOCK($LOCK_NAME) IS NOT NULL"; then
		fail "lock: the holder did not get the lock"
		kill "$holder"; wait "$holder"; return
	fi
	before=$(snapshot)
	timeout 15 "$MARIA_CLIENT" --no-defaults -S "$MARIA_SOCK" -u root "$DB" \
	    <"$S/full.sql" >"$S/lock.log" 2>&1
	rc=$?
	check "lock: a run while another session holds the lock fails" \
	    test "$rc" != 0 -a "$rc" != 124
	check "lock: ... at once, while the other still holds it" kill -0 "$holder"
	check "lock: ... saying another run holds it" grep -q 'another run' "$S/lock.log"
	check "lock: ... nothing changed" test "$(snapshot)" = "$before"
	check "lock: ... no version table" not db_table_exists alembic_version
	id=$(db_query "SELECT IS_USED_LOCK($LOCK_NAME)")
	[ -n "$id" ] && [ "$id" != NULL ] && db_exec "KILL $id"
	wait "$holder"
	check "lock: released, the same script runs" db_apply_log "$S/full.sql" "$S/lock2.log"
	check "lock: ... to f3" test "$(db_state)" = f3
	check "lock: ... and the run let go of the lock" \
	    test "$(db_query "SELECT IS_FREE_LOCK($LOCK_NAME)")" = 1
}

# A clean run's schema, to compare the end of a broken-then-resumed run to.
clean_schema() {
	db_reset
	db_apply "$S/full.sql" || { fail "base:f3 does not apply on an empty database"; return 1; }
	db_schema >"$S/clean.schema"
	check "clean run: base:f3 ends at f3, nothing part way" test "$(db_state)" = f3
}

# f1 with two rows of the same code: f2's unique index fails.
at_f1_with_duplicates() {
	db_reset
	db_apply "$S/f1.sql" || { fail "$1: base:f1 does not apply"; return 1; }
	db_exec "INSERT INTO items (id, code) VALUES (1, 'a'), (2, 'a'), (3, 'b')"
}

# said_skip LOG: a line of output (a note the script printed) says it
# skips; not a line of SQL the client echoes with an error, where the
# note's text stands in quotes.
said_skip() { grep -i 'skip' "$1" | grep -q -v "'"; }
f2_part1_only() {
	col_exists items note && ! col_exists items qty && ! col_exists items price
}

# --- rerun after a failing statement, fixed by hand --------------------------
maria_rerun() {
	mrender "$S/f1.sql" base:f1 && mrender "$S/f1f3.sql" f1:f3 &&
	    mrender "$S/full.sql" base:f3 || return
	clean_schema || return
	at_f1_with_duplicates rerun || return
	check "rerun: f1:f3 fails at f2's unique index" \
	    not db_apply_log "$S/f1f3.sql" "$S/rerun1.log"
	check "rerun: ... with the server's duplicate-key error" \
	    grep -q "Duplicate entry 'a'" "$S/rerun1.log"
	check "rerun: the versions are still f1" test "$(db_versions)" = f1
	check "rerun: the comment records part 1 of f2" \
	    grep -qxE 'migsql: upgrade f2: 1 of [0-9]+ parts applied' <(progress)
	check "rerun: part 1 (note) is there, part 3 (qty) and f3 (price) are not" \
	    f2_part1_only
	db_exec "DELETE FROM items WHERE id = 2"
	check "rerun: the same script, run again, finishes" \
	    db_apply_log "$S/f1f3.sql" "$S/rerun2.log"
	check "rerun: ... saying it skips the part that is applied" \
	    said_skip "$S/rerun2.log"
	check "rerun: ... at f3, nothing part way" test "$(db_state)" = f3
	db_schema >"$S/rerun.schema"
	same_text "rerun: the schema is a clean run's" "$S/clean.schema" "$S/rerun.schema"
}

# --- the client killed mid-run ---------------------------------------------
maria_killed() {
	local run
	mrender "$S/f2.sql" base:f2 && mrender "$S/f2f3.sql" f2:f3 &&
	    mrender "$S/full.sql" base:f3 || return
	clean_schema || return
	db_reset
	db_apply "$S/f2.sql" || { fail "killed: base:f2 does not apply"; return; }
	(maria_client_exec <"$S/f2f3.sql" >"$S/killed1.log" 2>&1) &
	run=$!
	if wait_for "SELECT count(*) >= 1 FROM information_schema.PROCESSLIST
	    WHERE INFO LIKE '%SLEEP(3)%' AND ID <> CONNECTION_ID()"; then
		pass "killed: the run reaches f3's SLEEP(3)"
	else
		fail "killed: the run reaches f3's SLEEP(3)"
	fi
	kill -9 "$run"
	wait "$run" 2>/dev/null
	check "killed: the server finishes what it was running" \
	    wait_for "SELECT ($OTHERS) = 0"
	check "killed: f3 is part way" \
	    grep -qxE 'migsql: upgrade f3: [0-9]+ of [0-9]+ parts applied' <(progress)
	check "killed: ... the versions still f2" test "$(db_versions)" = f2
	check "killed: ... the column after the SLEEP is not there" \
	    not col_exists items label
	check "killed: the same script, run again, finishes" \
	    db_apply_log "$S/f2f3.sql" "$S/killed2.log"
	check "killed: ... at f3, nothing part way" test "$(db_state)" = f3
	db_schema >"$S/killed.schema"
	same_text "killed: the schema is a clean run's" "$S/clean.schema" "$S/killed.schema"
}

# --- mariadb --force past a failing part -------------------------------------
maria_force() {
	local rc
	mrender "$S/f1.sql" base:f1 && mrender "$S/f1f3.sql" f1:f3 || return
	at_f1_with_duplicates force || return
	db_apply_force "$S/f1f3.sql" "$S/force.log"
	rc=$?
	# The client's exit status says nothing under --force: mariadb 10.11
	# exits 0 with --force whatever failed (maria_harness shows it), so
	# the log and the database are what count here.
	echo "# mariadb --force past the failing part exited with $rc"
	check "force: the unique index failed" grep -q "Duplicate entry 'a'" "$S/force.log"
	check "force: the parts after it refuse" grep -q 'migsql: refusing' "$S/force.log"
	check "force: the versions are f1" test "$(db_versions)" = f1
	check "force: the progress is part 1 of f2, not beyond" \
	    grep -qxE 'migsql: upgrade f2: 1 of [0-9]+ parts applied' <(progress)
	check "force: nothing after the failed part ran (no qty, price, label)" \
	    test "$(db_query "SELECT count(*) FROM information_schema.COLUMNS
	        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'items'
	        AND COLUMN_NAME IN ('qty', 'price', 'label')")" = 0
	check "force: the session let go of the lock" \
	    test "$(db_query "SELECT IS_FREE_LOCK($LOCK_NAME)")" = 1
}

# --- hostile execute SQL ---------------------------------------------------
# hostile_project DIR TEXT: a one-revision chain whose execute is TEXT.
hostile_project() {
	rm -rf "$1"
	mkdir -p "$1/versions"
	printf 'versions: versions\ndialect: mariadb\n' >"$1/migsql.yaml"
	{
		printf '%s\n' 'revision: h1' 'down_revision: null' 'message: hostile' \
		    'upgrade:' '  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}]}' \
		    '  - execute: |'
		printf '%s\n' "$2" | sed 's/^/      /'
		printf '%s\n' 'downgrade:' '  - drop_table: t'
	} >"$1/versions/h1_hostile.yaml"
}
maria_hostile() {
	local p=$S/hostile what text rc
	for what in end-system backslash-bang; do
		rm -f "$S/PWNED"
		case $what in
		end-system) text=$(printf '%s\n' 'SELECT 1;' 'END$$' \
		    "system touch $S/PWNED" 'BEGIN NOT ATOMIC' 'SELECT 2;') ;;
		backslash-bang) text=$(printf '%s\n' 'SELECT 1;' "\\! touch $S/PWNED" 'SELECT 2;') ;;
		esac
		hostile_project "$p" "$text"
		(cd "$p" && "$MIGSQL" upgrade base:heads -d mariadb -o "$p/out.sql") \
		    >"$p/render.out" 2>"$p/render.err"
		rc=$?
		check "hostile ($what): migsql refuses to render it" test "$rc" != 0
		if grep -q "unknown dialect" "$p/render.err"; then
			fail "hostile ($what): ... for the SQL, not because the dialect is missing: $(head -n 1 "$p/render.err")"
		else
			check "hostile ($what): ... with a message" test -s "$p/render.err"
		fi
		check "hostile ($what): ... and writes no script" test ! -s "$p/out.sql"
		check "hostile ($what): ... and nothing ran" test ! -e "$S/PWNED"
		# Were it written into a part as is, the client would run it.
		printf '%s\n' 'charset utf8mb4' 'DELIMITER $$' 'BEGIN NOT ATOMIC' \
		    "$text" 'END$$' 'DELIMITER ;' >"$p/by-hand.sql"
		db_reset
		db_apply "$p/by-hand.sql"
		check "hostile ($what): a hand-made script with that text does run the command" \
		    test -e "$S/PWNED"
		rm -f "$S/PWNED"
	done
}

maria_harness
if ! (cd "$FAULTS" && "$MIGSQL" upgrade heads -d mariadb >/dev/null 2>"$T_TMP/render.err"); then
	echo "# the mariadb dialect does not render the faults chain: $(head -n 1 "$T_TMP/render.err")"
	echo "# every check below that needs a script fails"
fi
maria_format
maria_guard
maria_lock
maria_rerun
maria_killed
maria_force
maria_hostile
suite_stamp
suite_merge
suite_db_schema_errors
finish
