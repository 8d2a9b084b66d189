#!/bin/sh
# migsql lint: each rule on each dialect that lists it -- reported at the
# op's file:line:col with its severity, exit status and the dialect's
# explanation as a note; not reported for the closest safe variant;
# suppressed by lint: {ignore, reason} on the op or the revision (counted,
# and still a comment in the script) -- the comments above their
# statements, no findings for downgrades, check reporting the same, and
# the errors in lint: values and in a dialect's lint: section; and a
# released history (--since, --against), whose findings are not errors.
# Every project here is a tiny one in $T_TMP.
. "$top_srcdir/tests/lib.sh"

T=$T_TMP
trap 'rm -rf "$T_TMP"' EXIT
B=versions/b2_t.yaml
not() { ! "$@"; }

# proj NAME DIALECT: a project in $T/NAME for DIALECT (on postgresql with a
# lock_timeout unless $NOLT is 1, a statement_timeout unless $NOST is 1, and
# the postgresql_version $PGV when it is set) whose root a1 makes tables t (id, a, b)
# with index ix_t_b, p (id, name), c (id, p_id referencing p, with index
# ix_c_p_id) and q (x, no primary key), and on postgresql enum mood; stdin
# is the rest of revision b2 (down_revision a1) from 'upgrade:' on, so its
# first op is at 5:5.
proj() {
	mkdir -p "$T/$1/versions"
	printf 'dialect: %s\n' "$2" >"$T/$1/migsql.yaml"
	if [ "$2" = postgresql ] && [ "${NOLT:-0}" != 1 ]; then
		printf 'lock_timeout: 5s\n' >>"$T/$1/migsql.yaml"
	fi
	if [ "$2" = postgresql ] && [ "${NOST:-0}" != 1 ]; then
		printf 'statement_timeout: 10min\n' >>"$T/$1/migsql.yaml"
	fi
	if [ -n "${PGV:-}" ]; then
		printf 'postgresql_version: %s\n' "$PGV" >>"$T/$1/migsql.yaml"
	fi
	cat >"$T/$1/versions/a1_base.yaml" <<'EOF'
revision: a1
down_revision: null
message: base
upgrade:
  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}, {name: a, type: text}, {name: b, type: integer}]}
  - create_index: {name: ix_t_b, table: t, columns: [b]}
  - create_table: {name: p, columns: [{name: id, type: integer, primary_key: true}, {name: name, type: text}]}
  - create_table: {name: c, columns: [{name: id, type: integer, primary_key: true}, {name: p_id, type: integer, foreign_key: p.id}]}
  - create_table: {name: q, columns: [{name: x, type: integer, nullable: false}]}
  - create_index: {name: ix_c_p_id, table: c, columns: [p_id]}
EOF
	if [ "$2" = postgresql ]; then
		echo '  - create_enum: {name: mood, values: [happy, sad]}' \
		    >>"$T/$1/versions/a1_base.yaml"
	fi
	{ printf 'revision: b2\ndown_revision: a1\nmessage: t\n'; cat; } \
	    >"$T/$1/versions/b2_t.yaml"
}

# ops NAME DIALECT OP...: proj whose b2 upgrades with the OPs, one per line
# (the first at 5:5), then the lines of $TAIL (a revision-level lint:, a
# downgrade:); TAIL, NOLT, NOST and PGV are meant as "TAIL=... ops ...".
ops() {
	n=$1 d=$2
	shift 2
	{
		echo 'upgrade:'
		for o in "$@"; do echo "  - $o"; done
		if [ -n "${TAIL:-}" ]; then printf '%s\n' "$TAIL"; fi
	} | proj "$n" "$d"
	TAIL= NOLT= NOST= PGV=	# in case the shell keeps "VAR=x ops ..." after
				# the call
}

# A table created in b2 before the op under test, and a reason.
NEW='create_table: {name: n, columns: [{name: id, type: integer, primary_key: true}, {name: a, type: text}, {name: b, type: integer}]}'
WHY='reason: "checked with the owners"'

# mig NAME ARGS...: migsql ARGS in $T/NAME; its status, stdout in $T/out,
# stderr in $T/err.
mig() {
	dir=$1
	shift
	(cd "$T/$dir" && "$MIGSQL" "$@") >"$T/out" 2>"$T/err"
}

# explain DIALECT CODE: the text of CODE in DIALECT's lint: section, folded
# as YAML's '>-' folds it.
explain() {
	awk -v code="  $2:" '
	/^lint:$/ { inlint = 1; next }
	inlint && $0 == code { inrule = 1; next }
	inrule && /^  [a-z]/ { exit }
	inrule && /^    text: >-$/ { intext = 1; next }
	intext { sub(/^ +/, ""); s = s (s == "" ? "" : " ") $0 }
	END { print s }' "$top_srcdir/dialects/$1.yaml"
}

# starts PREFIX FILE: FILE has a line that begins with PREFIX (no regexp).
starts() { awk -v p="$1" 'index($0, p) == 1 { f = 1 } END { exit !f }' "$2"; }

# after PREFIX FILE: the line after the first that begins with PREFIX.
after() { awk -v p="$1" 'f { print; exit } index($0, p) == 1 { f = 1 }' "$2"; }

# has CODE: the last run reported CODE on stderr.
has() { grep -qF "] $1: " "$T/err"; }

# found NAME DIALECT CODE SEV POS [MSG]: migsql lint -d DIALECT in NAME
# exits 1 for an error, 0 for a warning, and reports CODE as SEV at b2's
# POS (LINE:COL) -- the whole line when MSG is given -- followed by a note
# there with the dialect's explanation.
found() {
	mig "$1" lint -d "$2"
	st=$?
	want=0
	if [ "$4" = error ]; then want=1; fi
	check "$1: lint -d $2 exits $want" test "$st" = "$want"
	pre="$B:$5: $4: [$2] $3: "
	if [ -n "${6:-}" ]; then
		check "$1: $3, the whole line" grep -qxF "$pre$6" "$T/err"
	else
		check "$1: $3 at $5 as $4" starts "$pre" "$T/err"
	fi
	check "$1: then a note with $2's explanation of $3" test \
	    "$(after "$pre" "$T/err")" = "$B:$5: note: $(explain "$2" "$3")"
}

# clean NAME DIALECT CODE WHAT: migsql lint -d DIALECT in NAME exits 0 and
# does not report CODE.
clean() {
	mig "$1" lint -d "$2"
	st=$?
	check "$1: $4: lint -d $2 exits 0" test "$st" = 0
	check "$1: $4: no $3 on $2" not has "$3"
}

# ignored NAME DIALECT CODE SEV WARNINGS FINDINGS: lint in NAME, where b2
# ignores CODE with $WHY: CODE is gone from stderr, exit 0, the summary
# says "WARNINGS, FINDINGS ignored", and the upgrade script still has the
# comment with the reason.
ignored() {
	mig "$1" lint -d "$2"
	st=$?
	check "$1: ignored $3: exit 0" test "$st" = 0
	check "$1: ignored $3: not on stderr" not has "$3"
	check "$1: ignored $3: the summary counts it" grep -qxF \
	    "linted 2 revisions in 1 dialect ($2): no errors, $5, $6 ignored" "$T/out"
	mig "$1" upgrade heads -d "$2"
	check "$1: ignored $3: the script still has the comment" \
	    starts "-- lint $3 ($4, ignored: checked with the owners): " "$T/out"
}

# above NAME DIALECT CODE SEV MSG STMT: in the upgrade script of NAME the
# comment "-- lint CODE (SEV): MSG" is directly above the line STMT.
above() {
	mig "$1" upgrade heads -d "$2"
	check "$1: upgrade -d $2 renders, nothing on stderr" \
	    test $? = 0 -a ! -s "$T/err"
	check "$1: '-- lint $3' is right above '$6'" test \
	    "$(after "-- lint $3 ($4): $5" "$T/out")" = "$6"
}

check "(the explanation is read from the dialect file)" \
    test "$(explain sqlite drop-table | cut -c1-40)" = \
    "Dropping a table deletes its rows for go"

# --- drop-table ------------------------------------------------------------
for d in postgresql sqlite; do
	ops dt-$d $d 'drop_table: t'
	found dt-$d $d drop-table error 5:5 \
	    "drop_table removes table 't' and every row in it"
	ops dt-none-$d $d "$NEW"
	clean dt-none-$d $d drop-table "nothing dropped"
	ops dt-ign-$d $d "drop_table: {name: t, lint: {ignore: [drop-table], $WHY}}"
	ignored dt-ign-$d $d drop-table error "0 warnings" "1 finding"
	TAIL="lint: {ignore: [drop-table], $WHY}" ops dt-rign-$d $d 'drop_table: t'
	ignored dt-rign-$d $d drop-table error "0 warnings" "1 finding"
done
above dt-postgresql postgresql drop-table error \
    "drop_table removes table 't' and every row in it" 'DROP TABLE t;'
above dt-sqlite sqlite drop-table error \
    "drop_table removes table 't' and every row in it" 'DROP TABLE t;'

# --- drop-column -----------------------------------------------------------
for d in postgresql sqlite; do
	ops dc-$d $d 'add_column: {table: t, column: {name: d, type: text}}' \
	    'drop_column: {table: t, column: a}'
	found dc-$d $d drop-column error 6:5 \
	    "drop_column removes column 'a' of table 't' and its data"
	ops dc-none-$d $d 'add_column: {table: t, column: {name: d, type: text}}'
	clean dc-none-$d $d drop-column "nothing dropped"
	ops dc-ign-$d $d "drop_column: {table: t, column: a, lint: {ignore: [drop-column], $WHY}}"
	ignored dc-ign-$d $d drop-column error "0 warnings" "1 finding"
	ops dc-other-$d $d "drop_column: {table: t, column: a, lint: {ignore: [drop-table], $WHY}}"
	found dc-other-$d $d drop-column error 5:5
	TAIL="lint: {ignore: [drop-table], $WHY}" ops dc-both-$d $d \
	    "drop_column: {table: t, column: a, lint: {ignore: [rename-table], $WHY}}"
	found dc-both-$d $d drop-column error 5:5
done
mig dc-ign-sqlite check -d sqlite
check "dc-ign-sqlite: check counts the ignored finding too" grep -qxF \
    "checked 2 revisions in 1 dialect (sqlite): no errors, 0 warnings, 1 finding ignored" "$T/out"
above dc-postgresql postgresql drop-column error \
    "drop_column removes column 'a' of table 't' and its data" \
    'ALTER TABLE t DROP COLUMN a;'

# --- drop-enum (postgresql) ---------------------------------------------------
ops de postgresql 'drop_enum: mood'
found de postgresql drop-enum error 5:5 "drop_enum removes type 'mood'"
above de postgresql drop-enum error "drop_enum removes type 'mood'" \
    'DROP TYPE mood;'
ops de-none postgresql 'create_enum: {name: size, values: [s, m]}'
clean de-none postgresql drop-enum "nothing dropped"
ops de-ign postgresql "drop_enum: {name: mood, lint: {ignore: [drop-enum], $WHY}}"
ignored de-ign postgresql drop-enum error "0 warnings" "1 finding"
TAIL="lint: {ignore: [drop-enum], $WHY}" ops de-rign postgresql 'drop_enum: mood'
ignored de-rign postgresql drop-enum error "0 warnings" "1 finding"

# --- rename-table ----------------------------------------------------------
for d in postgresql sqlite; do
	ops rt-$d $d 'rename_table: {name: t, new_name: t2}'
	found rt-$d $d rename-table warning 5:5 \
	    "rename_table renames 't' to 't2' under clients that still use the old name"
	ops rt-none-$d $d "$NEW" 'rename_table: {name: n, new_name: n2}'
	clean rt-none-$d $d rename-table "a table made in the same revision"
	ops rt-ign-$d $d "rename_table: {name: t, new_name: t2, lint: {ignore: [rename-table], $WHY}}"
	ignored rt-ign-$d $d rename-table warning "0 warnings" "1 finding"
done
above rt-sqlite sqlite rename-table warning \
    "rename_table renames 't' to 't2' under clients that still use the old name" \
    'ALTER TABLE t RENAME TO t2;'

# --- rename-column ---------------------------------------------------------
for d in postgresql sqlite; do
	ops rc-$d $d 'alter_column: {table: t, column: a, new_column_name: a2}'
	found rc-$d $d rename-column warning 5:5 \
	    "alter_column renames column 'a' of table 't' to 'a2' under clients that still use the old name"
	ops rc-none-$d $d "$NEW" 'alter_column: {table: n, column: a, new_column_name: a2}'
	clean rc-none-$d $d rename-column "a table made in the same revision"
	ops rc-none2-$d $d "$NEW" 'rename_table: {name: n, new_name: n2}' \
	    'alter_column: {table: n2, column: a, new_column_name: a2}'
	clean rc-none2-$d $d rename-column "a new table renamed in the same revision"
	ops rc-ign-$d $d "alter_column: {table: t, column: a, new_column_name: a2, lint: {ignore: [rename-column], $WHY}}"
	ignored rc-ign-$d $d rename-column warning "0 warnings" "1 finding"
done
# A table renamed in this revision is not new: its columns are in use.
ops rc-old postgresql 'rename_table: {name: t, new_name: t2, lint: {ignore: [rename-table], reason: "x"}}' \
    'alter_column: {table: t2, column: a, new_column_name: a2}'
found rc-old postgresql rename-column warning 6:5

# --- add-not-null-column (postgresql) -----------------------------------------
ops nn postgresql 'add_column: {table: t, column: {name: d, type: text, nullable: false}}'
found nn postgresql add-not-null-column error 5:5 \
    "add_column adds NOT NULL column 'd' without a server_default to table 't', which has rows already"
above nn postgresql add-not-null-column error \
    "add_column adds NOT NULL column 'd' without a server_default to table 't', which has rows already" \
    'ALTER TABLE t ADD COLUMN d text NOT NULL;'
ops nn-def postgresql "add_column: {table: t, column: {name: d, type: text, nullable: false, server_default: ''}}"
clean nn-def postgresql add-not-null-column "with a server_default"
ops nn-null postgresql 'add_column: {table: t, column: {name: d, type: text}}'
clean nn-null postgresql add-not-null-column "nullable"
ops nn-new postgresql "$NEW" 'add_column: {table: n, column: {name: d, type: text, nullable: false}}'
clean nn-new postgresql add-not-null-column "on a table made in the same revision"
ops nn-ign postgresql "add_column: {table: t, column: {name: d, type: text, nullable: false}, lint: {ignore: [add-not-null-column], $WHY}}"
ignored nn-ign postgresql add-not-null-column error "0 warnings" "1 finding"
TAIL="lint: {ignore: [add-not-null-column], $WHY}" ops nn-rign postgresql \
    'add_column: {table: t, column: {name: d, type: text, nullable: false}}'
ignored nn-rign postgresql add-not-null-column error "0 warnings" "1 finding"

# --- set-not-null (postgresql) ------------------------------------------------
ops sn postgresql 'alter_column: {table: t, column: a, nullable: false}'
found sn postgresql set-not-null warning 5:5 \
    "alter_column makes column 'a' of table 't' NOT NULL"
above sn postgresql set-not-null warning \
    "alter_column makes column 'a' of table 't' NOT NULL" \
    'ALTER TABLE t ALTER COLUMN a SET NOT NULL;'
ops sn-new postgresql "$NEW" 'alter_column: {table: n, column: a, nullable: false}'
clean sn-new postgresql set-not-null "on a table made in the same revision"
ops sn-null postgresql 'alter_column: {table: q, column: x, nullable: true}'
clean sn-null postgresql set-not-null "dropping NOT NULL"
ops sn-ign postgresql "alter_column: {table: t, column: a, nullable: false, lint: {ignore: [set-not-null], $WHY}}"
ignored sn-ign postgresql set-not-null warning "0 warnings" "1 finding"

# --- change-column-type (postgresql) ------------------------------------------
ops ct postgresql 'alter_column: {table: t, column: b, type: bigint}'
found ct postgresql change-column-type warning 5:5 \
    "alter_column changes the type of column 'b' of table 't'"
ops ct-new postgresql "$NEW" 'alter_column: {table: n, column: b, type: bigint}'
clean ct-new postgresql change-column-type "on a table made in the same revision"
ops ct-ign postgresql "alter_column: {table: t, column: b, type: bigint, lint: {ignore: [change-column-type], $WHY}}"
ignored ct-ign postgresql change-column-type warning "0 warnings" "1 finding"
# Changes PostgreSQL makes without a rewrite (ALTER TABLE, Notes) are
# quiet; any other, or one with a USING, is a finding.  Each case gives a1
# a table n2 whose column v has type FROM, and b2 an alter_column of v to
# TO (ops writes b2 with a create_table of n2, which is moved to a1).
ct_case() {	# ct_case NAME FROM TO found|clean [USING]
	ops "$1" postgresql \
	    "create_table: {name: n2, columns: [{name: id, type: integer, primary_key: true}, {name: v, type: \"$2\"}]}"
	# n2 must pre-exist: move its creation into a1.
	sed -i '/^  - create_table: {name: n2/d' "$T/$1/versions/b2_t.yaml"
	echo "  - create_table: {name: n2, columns: [{name: id, type: integer, primary_key: true}, {name: v, type: \"$2\"}]}" \
	    >>"$T/$1/versions/a1_base.yaml"
	echo "  - alter_column: {table: n2, column: v, type: \"$3\"${5:+, using: \"$5\"}}" \
	    >>"$T/$1/versions/b2_t.yaml"
	if [ "$4" = found ]; then
		mig "$1" lint -d postgresql
		check "$1: $2 -> $3${5:+ using} is change-column-type" has change-column-type
	else
		clean "$1" postgresql change-column-type "$2 -> $3"
	fi
}
ct_case ct-grow 'string(10)' 'string(20)' clean
ct_case ct-unlimit 'string(10)' string clean
ct_case ct-text 'string(10)' text clean
ct_case ct-num 'numeric(10,2)' 'numeric(12,2)' clean
ct_case ct-shrink 'string(20)' 'string(10)' found
ct_case ct-scale 'numeric(10,2)' 'numeric(12,3)' found
ct_case ct-int 'integer' 'bigint' found
ct_case ct-using 'string(10)' 'string(20)' found 'upper(v)'

# --- index-not-concurrent (postgresql) ----------------------------------------
ops ix postgresql 'create_index: {name: ix_t_a, table: t, columns: [a]}' \
    'drop_index: {name: ix_t_b}'
found ix postgresql index-not-concurrent warning 5:5 \
    "create_index builds index 'ix_t_a' on table 't' without concurrently: true"
found ix postgresql index-not-concurrent warning 6:5 \
    "drop_index drops index 'ix_t_b' on table 't' without concurrently: true"
above ix postgresql index-not-concurrent warning \
    "create_index builds index 'ix_t_a' on table 't' without concurrently: true" \
    'CREATE INDEX ix_t_a ON t (a);'
ops ix-conc postgresql 'create_index: {name: ix_t_a, table: t, columns: [a], concurrently: true}' \
    'drop_index: {name: ix_t_b, concurrently: true}'
clean ix-conc postgresql index-not-concurrent "concurrently: true"
ops ix-new postgresql "$NEW" 'create_index: {name: ix_n_a, table: n, columns: [a]}'
clean ix-new postgresql index-not-concurrent "on a table made in the same revision"
ops ix-new2 postgresql "$NEW" 'create_index: {name: ix_n_a, table: n, columns: [a]}' \
    'drop_index: {name: ix_n_a}'
clean ix-new2 postgresql index-not-concurrent "dropping an index of a table made in the same revision"
ops ix-ign postgresql "create_index: {name: ix_t_a, table: t, columns: [a], lint: {ignore: [index-not-concurrent], $WHY}}"
ignored ix-ign postgresql index-not-concurrent warning "0 warnings" "1 finding"
TAIL="lint: {ignore: [index-not-concurrent], $WHY}" ops ix-rign postgresql \
    'create_index: {name: ix_t_a, table: t, columns: [a]}' 'drop_index: {name: ix_t_b}'
ignored ix-rign postgresql index-not-concurrent warning "0 warnings" "2 findings"
ops ix-sqlite sqlite 'create_index: {name: ix_t_a, table: t, columns: [a]}'
clean ix-sqlite sqlite index-not-concurrent "a rule sqlite does not list"

# --- add-foreign-key (postgresql) ---------------------------------------------
FK='create_foreign_key: {name: fk_t_p, source_table: t, referent_table: p, local_cols: [b], remote_cols: [id]'
ops fk postgresql "$FK}"
found fk postgresql add-foreign-key warning 5:5 \
    "create_foreign_key adds 'fk_t_p' to table 't', which has rows already"
ops fk-new postgresql "$NEW" 'create_foreign_key: {name: fk_n_p, source_table: n, referent_table: p, local_cols: [b], remote_cols: [id]}'
clean fk-new postgresql add-foreign-key "on a table made in the same revision"
ops fk-ign postgresql "$FK, lint: {ignore: [add-foreign-key], $WHY}}"
ignored fk-ign postgresql add-foreign-key warning "0 warnings" "1 finding"

# --- add-check-constraint (postgresql) ----------------------------------------
ops ck postgresql 'create_check_constraint: {name: ck_t_b, table: t, condition: "b > 0"}'
found ck postgresql add-check-constraint warning 5:5 \
    "create_check_constraint adds 'ck_t_b' to table 't', which has rows already"
ops ck-new postgresql "$NEW" 'create_check_constraint: {name: ck_n_b, table: n, condition: "b > 0"}'
clean ck-new postgresql add-check-constraint "on a table made in the same revision"
ops ck-ign postgresql "create_check_constraint: {name: ck_t_b, table: t, condition: \"b > 0\", lint: {ignore: [add-check-constraint], $WHY}}"
ignored ck-ign postgresql add-check-constraint warning "0 warnings" "1 finding"

# --- add-unique-constraint (postgresql): unique constraints, primary keys -----
ops uq postgresql 'create_unique_constraint: {name: uq_t_a, table: t, columns: [a]}' \
    'create_primary_key: {name: q_pkey, table: q, columns: [x]}'
found uq postgresql add-unique-constraint warning 5:5 \
    "create_unique_constraint adds 'uq_t_a' to table 't', which has rows already"
found uq postgresql add-unique-constraint warning 6:5 \
    "create_primary_key adds 'q_pkey' to table 'q', which has rows already"
ops uq-new postgresql "$NEW" 'create_unique_constraint: {name: uq_n_a, table: n, columns: [a]}'
clean uq-new postgresql add-unique-constraint "on a table made in the same revision"
ops uq-ign postgresql "create_unique_constraint: {name: uq_t_a, table: t, columns: [a], lint: {ignore: [add-unique-constraint], $WHY}}"
ignored uq-ign postgresql add-unique-constraint warning "0 warnings" "1 finding"

# --- no-lock-timeout (postgresql) ---------------------------------------------
NOLT=1 ops lt postgresql 'add_column: {table: t, column: {name: d, type: text}}'
mig lt lint -d postgresql
check "lt: no-lock-timeout: exit 0" test $? = 0
check "lt: no-lock-timeout at migsql.yaml, the whole line" grep -qxF \
    "migsql.yaml: warning: [postgresql] no-lock-timeout: no lock_timeout is set" "$T/err"
check "lt: then a note with postgresql's explanation" test \
    "$(after "migsql.yaml: warning: [postgresql] no-lock-timeout:" "$T/err")" = \
    "migsql.yaml: note: $(explain postgresql no-lock-timeout)"
check "lt: counted as a warning" grep -qxF \
    "linted 2 revisions in 1 dialect (postgresql): no errors, 1 warning, 0 findings ignored" "$T/out"
mig lt lint -d postgresql --lock-timeout 5s
check "lt: --lock-timeout 5s: exit 0" test $? = 0
check "lt: --lock-timeout 5s: no no-lock-timeout" not has no-lock-timeout
ops lt-set postgresql 'add_column: {table: t, column: {name: d, type: text}}'
clean lt-set postgresql no-lock-timeout "lock_timeout in migsql.yaml"
check "lt-set: (migsql.yaml sets it)" grep -qx 'lock_timeout: 5s' "$T/lt-set/migsql.yaml"
NOLT=1 ops lt-sqlite sqlite 'add_column: {table: t, column: {name: d, type: text}}'
clean lt-sqlite sqlite no-lock-timeout "a rule sqlite does not list"

# --- no-statement-timeout (postgresql) ------------------------------------------
# As no-lock-timeout: a finding at migsql.yaml and a line of the header.
STH='-- lint no-statement-timeout (warning): no statement_timeout is set'
NOST=1 ops st postgresql 'add_column: {table: t, column: {name: d, type: text}}'
mig st lint -d postgresql
check "st: no-statement-timeout: exit 0" test $? = 0
check "st: no-statement-timeout at migsql.yaml, the whole line" grep -qxF \
    "migsql.yaml: warning: [postgresql] no-statement-timeout: no statement_timeout is set" "$T/err"
check "st: then a note with postgresql's explanation" test \
    "$(after "migsql.yaml: warning: [postgresql] no-statement-timeout:" "$T/err")" = \
    "migsql.yaml: note: $(explain postgresql no-statement-timeout)"
check "st: the note says what a statement_timeout bounds" grep -qF \
    "bounds how long any one statement may run while it holds its locks" "$T/err"
check "st: counted as a warning" grep -qxF \
    "linted 2 revisions in 1 dialect (postgresql): no errors, 1 warning, 0 findings ignored" "$T/out"
check "st: (the lock_timeout is set: no no-lock-timeout)" not has no-lock-timeout
mig st check -d postgresql
check "st: check reports it too" has no-statement-timeout
mig st upgrade heads -d postgresql
check "st: a line of the script's header" grep -qxF -- "$STH" "$T/out"
mig st lint -d postgresql --statement-timeout 10min
check "st: --statement-timeout 10min: exit 0" test $? = 0
check "st: --statement-timeout 10min: no no-statement-timeout" \
    not has no-statement-timeout
mig st upgrade heads -d postgresql --statement-timeout 10min
check "st: --statement-timeout 10min: not in the header" not grep -qxF -- "$STH" "$T/out"
ops st-set postgresql 'add_column: {table: t, column: {name: d, type: text}}'
clean st-set postgresql no-statement-timeout "statement_timeout in migsql.yaml"
check "st-set: (migsql.yaml sets it)" grep -qx 'statement_timeout: 10min' "$T/st-set/migsql.yaml"
mig st-set upgrade heads -d postgresql
check "st-set: not in the header" not grep -qxF -- "$STH" "$T/out"
NOST=1 ops st-sqlite sqlite 'add_column: {table: t, column: {name: d, type: text}}'
clean st-sqlite sqlite no-statement-timeout "a rule sqlite does not list"

# --- volatile-default (postgresql) ---------------------------------------------
# add_column with a default PostgreSQL computes for every row (a volatile
# function) rewrites an existing table; with postgresql_version 10 any
# default does.  Stable and constant defaults, a new table, or no default
# are no finding; nor is the name of such a function in a string.
VDM="add_column adds column 'd' to table 't', which has rows already, with a volatile server_default (it calls random()): PostgreSQL rewrites the table to compute it for every row"
ops vd postgresql 'add_column: {table: t, column: {name: d, type: double, server_default: {sql: "random()"}}}'
found vd postgresql volatile-default warning 5:5 "$VDM"
above vd postgresql volatile-default warning "$VDM" \
    'ALTER TABLE t ADD COLUMN d double precision DEFAULT (random());'
ops vd-uuid postgresql 'add_column: {table: t, column: {name: u, type: uuid, server_default: {sql: "pg_catalog.GEN_RANDOM_UUID ()"}}}' \
    'add_column: {table: p, column: {name: n, type: bigint, server_default: {sql: "nextval('"'"'p_seq'"'"')"}}}'
found vd-uuid postgresql volatile-default warning 5:5 \
    "add_column adds column 'u' to table 't', which has rows already, with a volatile server_default (it calls gen_random_uuid()): PostgreSQL rewrites the table to compute it for every row"
found vd-uuid postgresql volatile-default warning 6:5 \
    "add_column adds column 'n' to table 'p', which has rows already, with a volatile server_default (it calls nextval()): PostgreSQL rewrites the table to compute it for every row"
ops vd-stable postgresql \
    'add_column: {table: t, column: {name: d, type: timestamptz, server_default: {sql: "now()"}}}' \
    'add_column: {table: t, column: {name: e, type: timestamptz, nullable: false, server_default: {sql: CURRENT_TIMESTAMP}}}' \
    'add_column: {table: t, column: {name: f, type: text, server_default: "random()"}}' \
    'add_column: {table: t, column: {name: g, type: text, server_default: {sql: "'"'"'random()'"'"' || txid_current()"}}}' \
    'add_column: {table: t, column: {name: h, type: integer, server_default: 0}}'
clean vd-stable postgresql volatile-default "stable and constant defaults on PostgreSQL 15"
ops vd-new postgresql "$NEW" 'add_column: {table: n, column: {name: d, type: double, server_default: {sql: "random()"}}}'
clean vd-new postgresql volatile-default "on a table made in the same revision"
ops vd-ign postgresql "add_column: {table: t, column: {name: d, type: double, server_default: {sql: \"random()\"}}, lint: {ignore: [volatile-default], $WHY}}"
ignored vd-ign postgresql volatile-default warning "0 warnings" "1 finding"
VD10="add_column adds column 'f' to table 't', which has rows already, with a server_default: PostgreSQL 10 (postgresql_version) rewrites the table to fill it in"
PGV=10 ops vd-10 postgresql 'add_column: {table: t, column: {name: f, type: timestamptz, server_default: {sql: "now()"}}}'
found vd-10 postgresql volatile-default warning 5:5 "$VD10"
PGV=11 ops vd-11 postgresql 'add_column: {table: t, column: {name: f, type: timestamptz, server_default: {sql: "now()"}}}'
clean vd-11 postgresql volatile-default "a stable default on PostgreSQL 11"
PGV=10 ops vd-10-lit postgresql 'add_column: {table: t, column: {name: f, type: text, server_default: x}}'
found vd-10-lit postgresql volatile-default warning 5:5 \
    "add_column adds column 'f' to table 't', which has rows already, with a server_default: PostgreSQL 10 (postgresql_version) rewrites the table to fill it in"
PGV=10 ops vd-10-none postgresql 'add_column: {table: t, column: {name: f, type: text}}' \
    'add_column: {table: t, column: {name: g, type: text, server_default: null}}' \
    "$NEW" 'add_column: {table: n, column: {name: f, type: text, server_default: x}}'
clean vd-10-none postgresql volatile-default "no default, or a new table, on PostgreSQL 10"
PGV=10 ops vd-sqlite sqlite 'add_column: {table: t, column: {name: f, type: text, server_default: x}}'
clean vd-sqlite sqlite volatile-default "a rule sqlite does not list"

# --- statements-after-exclusive-lock (postgresql) -------------------------------
# The first op of a transaction that locks an existing table ACCESS
# EXCLUSIVE, when other ops run after it in that transaction: check and lint
# judge each revision alone, a script its own transactions (the whole
# script, or one per revision); a statement outside a transaction ends one.
ADD='add_column: {table: t, column: {name: d, type: text}}'
XL="add_column takes an ACCESS EXCLUSIVE lock on table 't' and holds it until the transaction commits, while"
ops xl postgresql "$ADD" 'create_index: {name: ix_t_a, table: t, columns: [a]}'
found xl postgresql statements-after-exclusive-lock warning 5:5 \
    "$XL 1 more operation runs under it: create_index at $B:6"
above xl postgresql statements-after-exclusive-lock warning \
    "$XL 1 more operation runs under it: create_index at $B:6" \
    'ALTER TABLE t ADD COLUMN d text;'
ops xl-last postgresql "$NEW" "$ADD"
clean xl-last postgresql statements-after-exclusive-lock "the lock is taken last"
ops xl-new postgresql "$NEW" 'add_column: {table: n, column: {name: d, type: text}}' \
    'create_index: {name: ix_n_a, table: n, columns: [a]}'
clean xl-new postgresql statements-after-exclusive-lock "a table made in the same revision"
ops xl-weak postgresql 'create_index: {name: ix_t_a, table: t, columns: [a]}' \
    'create_foreign_key: {name: fk_t_p, source_table: t, referent_table: p, local_cols: [b], remote_cols: [id]}' \
    'alter_column: {table: t, column: a, comment: "the a"}' \
    'drop_index: {name: ix_t_b, concurrently: true}' "$NEW"
clean xl-weak postgresql statements-after-exclusive-lock \
    "SHARE, SHARE ROW EXCLUSIVE, a comment, a concurrent drop"
ops xl-dix postgresql 'drop_index: {name: ix_t_b}' "$NEW"
found xl-dix postgresql statements-after-exclusive-lock warning 5:5 \
    "drop_index takes an ACCESS EXCLUSIVE lock on table 't' and holds it until the transaction commits, while 1 more operation runs under it: create_table at $B:6"
# One finding per transaction, naming five ops and counting the rest.
# (The execute with no SQL for postgresql runs nothing there.)
ops xl-once postgresql "$ADD" 'alter_column: {table: t, column: b, nullable: false}' "$NEW" \
    'execute: "UPDATE t SET d = a"' 'bulk_insert: {table: p, rows: [{id: 1}]}' \
    'execute: {postgresql: null, sqlite: "SELECT 1"}' \
    'rename_table: {name: q, new_name: q2}' 'create_enum: {name: size, values: [s]}' \
    'create_table_comment: {table: p, comment: people}'
found xl-once postgresql statements-after-exclusive-lock warning 5:5 \
    "$XL 7 more operations run under it: alter_column at $B:6, create_table at $B:7, execute at $B:8, bulk_insert at $B:9, rename_table at $B:11 and 2 more"
check "xl-once: one finding for the transaction" \
    test "$(grep -c '] statements-after-exclusive-lock: ' "$T/err")" = 1
# concurrently: true runs outside the transaction: the part before it
# commits, releasing the lock, and a lock after it is another transaction's.
ops xl-out postgresql "$ADD" \
    'create_index: {name: ix_t_a, table: t, columns: [a], concurrently: true}' \
    'add_column: {table: p, column: {name: x, type: text}}' \
    'create_index: {name: ix_p_name, table: p, columns: [name]}'
found xl-out postgresql statements-after-exclusive-lock warning 7:5 \
    "add_column takes an ACCESS EXCLUSIVE lock on table 'p' and holds it until the transaction commits, while 1 more operation runs under it: create_index at $B:8"
check "xl-out: none for the lock that a commit releases at once" \
    not starts "$B:5:5: warning: [postgresql] statements-after-exclusive-lock: " "$T/err"
ops xl-ign postgresql "add_column: {table: t, column: {name: d, type: text}, lint: {ignore: [statements-after-exclusive-lock], $WHY}}" "$NEW"
ignored xl-ign postgresql statements-after-exclusive-lock warning "0 warnings" "1 finding"
ops xl-sqlite sqlite "$ADD" "$NEW"
clean xl-sqlite sqlite statements-after-exclusive-lock "a rule sqlite does not list"
# The lock is last in b2, and c3 follows: lint judges each revision alone;
# a script that runs them in one transaction holds the lock through c3.
ops xl-two postgresql "$NEW" "$ADD"
printf 'revision: c3\ndown_revision: b2\nmessage: t\nupgrade:\n  - rename_table: {name: q, new_name: q2}\n' \
    >"$T/xl-two/versions/c3_t.yaml"
clean xl-two postgresql statements-after-exclusive-lock "the lock last in its revision"
XL2="-- lint statements-after-exclusive-lock (warning): $XL 1 more operation runs under it: rename_table at versions/c3_t.yaml:5"
mig xl-two upgrade heads -d postgresql
check "xl-two: one transaction: the lock is held through c3" test \
    "$(after "$XL2" "$T/out")" = 'ALTER TABLE t ADD COLUMN d text;'
mig xl-two upgrade heads -d postgresql --transaction-per-revision
check "xl-two: one per revision: not through c3" \
    not grep -q '^-- lint statements-after-exclusive-lock' "$T/out"
mig xl-two upgrade b2:heads -d postgresql
check "xl-two: c3 alone: its drop_table is last" \
    not grep -q '^-- lint statements-after-exclusive-lock' "$T/out"
# A written downgrade carries the comment (not a finding).
TAIL='downgrade: [drop_column: {table: t, column: d}, drop_table: n]' \
    ops xl-down postgresql "$NEW" "$ADD"
mig xl-down downgrade heads:a1 -d postgresql
check "xl-down: the written downgrade's comment" grep -qxF -- \
    "-- lint statements-after-exclusive-lock (warning): drop_column takes an ACCESS EXCLUSIVE lock on table 't' and holds it until the transaction commits, while 1 more operation runs under it: drop_table at $B:7" "$T/out"

# --- enum-add-value (postgresql) ----------------------------------------------
ADDV="ALTER TYPE mood ADD VALUE 'meh'"
DOWN='downgrade: [execute: "SELECT 1"]'
TAIL=$DOWN ops ev postgresql "execute: \"$ADDV\""
found ev postgresql enum-add-value warning 5:5 \
    "this execute adds a value to an enum type inside the script's transaction"
above ev postgresql enum-add-value warning \
    "this execute adds a value to an enum type inside the script's transaction" \
    "$ADDV;"
TAIL=$DOWN ops ev-lower postgresql "execute: {sql: \"alter type public.mood\\n  add value if not exists 'meh'\"}"
found ev-lower postgresql enum-add-value warning 5:5
TAIL=$DOWN ops ev-own postgresql "execute: {postgresql: \"$ADDV\", sqlite: null}"
found ev-own postgresql enum-add-value warning 5:5
TAIL=$DOWN ops ev-nt postgresql "execute: {sql: \"$ADDV\", transactional: false}"
clean ev-nt postgresql enum-add-value "transactional: false"
TAIL=$DOWN ops ev-other postgresql "execute: \"ALTER TYPE mood RENAME VALUE 'sad' TO 'blue'\""
clean ev-other postgresql enum-add-value "RENAME VALUE"
TAIL=$DOWN ops ev-ign postgresql "execute: {sql: \"$ADDV\", lint: {ignore: [enum-add-value], $WHY}}"
ignored ev-ign postgresql enum-add-value warning "0 warnings" "1 finding"
TAIL="$DOWN
lint: {ignore: [enum-add-value], $WHY}" ops ev-rign postgresql "execute: \"$ADDV\""
ignored ev-rign postgresql enum-add-value warning "0 warnings" "1 finding"
# The op that does the same (ops_enum.c), and its safe variant.
TAIL=$DOWN ops ev-op postgresql "add_enum_value: {name: mood, value: meh}"
found ev-op postgresql enum-add-value warning 5:5 \
    "add_enum_value adds value 'meh' to enum type 'mood' inside the script's transaction"
above ev-op postgresql enum-add-value warning \
    "add_enum_value adds value 'meh' to enum type 'mood' inside the script's transaction" \
    "ALTER TYPE mood ADD VALUE 'meh';"
TAIL=$DOWN ops ev-op-nt postgresql "add_enum_value: {name: mood, value: meh, transactional: false}"
clean ev-op-nt postgresql enum-add-value "transactional: false"
TAIL=$DOWN ops ev-op-ren postgresql "rename_enum_value: {name: mood, old_value: sad, new_value: blue}"
clean ev-op-ren postgresql enum-add-value "rename_enum_value"
TAIL=$DOWN ops ev-op-ign postgresql "add_enum_value: {name: mood, value: meh, lint: {ignore: [enum-add-value], $WHY}}"
ignored ev-op-ign postgresql enum-add-value warning "0 warnings" "1 finding"

# --- long-identifier: 63 bytes are fine, 64 are not -----------------------------
N63=$(printf '%063d' 0 | tr 0 x)
N64=${N63}y
for d in postgresql sqlite; do
	ops li63-$d $d "add_column: {table: t, column: {name: $N63, type: text}}" \
	    "create_index: {name: $N63, table: t, columns: [$N63], concurrently: true}"
	clean li63-$d $d long-identifier "63 bytes"
done
ops li-pg postgresql "add_column: {table: t, column: {name: $N64, type: text}}"
mig li-pg lint -d postgresql
check "li-pg: 64 bytes: exit 1 (postgresql refuses the name too)" test $? = 1
check "li-pg: long-identifier, the whole line" grep -qxF \
    "$B:5:5: warning: [postgresql] long-identifier: the column name '$N64' is 64 bytes long" "$T/err"
check "li-pg: then a note with postgresql's explanation" test \
    "$(after "$B:5:5: warning: [postgresql] long-identifier:" "$T/err")" = \
    "$B:5:5: note: $(explain postgresql long-identifier)"
check "li-pg: and the dialect's own refusal" grep -qxF \
    "$B:5:5: error: the name '$N64' is 64 bytes long; postgresql allows at most 63" "$T/err"
# Six kinds of name, each 64 bytes and different in its last byte.
ops li sqlite "create_table: {name: ${N63}a, columns: [{name: id, type: integer}]}" \
    "rename_table: {name: t, new_name: ${N63}b, lint: {ignore: [rename-table], reason: x}}" \
    "add_column: {table: p, column: {name: ${N63}c, type: text}}" \
    "alter_column: {table: c, column: p_id, new_column_name: ${N63}d, lint: {ignore: [rename-column], reason: x}}" \
    "create_index: {name: ${N63}e, table: p, columns: [name]}" \
    "create_unique_constraint: {name: ${N63}f, table: q, columns: [x]}"
mig li lint -d sqlite
check "li: 64 bytes on sqlite: exit 0" test $? = 0
for w in 5:table:a 6:table:b 7:column:c 8:column:d 9:index:e 10:constraint:f; do
	l=${w%%:*} k=${w#*:}
	check "li: long-identifier at $l:5 for the ${k%:*} name" grep -qxF \
	    "$B:$l:5: warning: [sqlite] long-identifier: the ${k%:*} name '$N63${k#*:}' is 64 bytes long" \
	    "$T/err"
done
check "li: then a note with sqlite's explanation" test \
    "$(after "$B:5:5: warning: [sqlite] long-identifier:" "$T/err")" = \
    "$B:5:5: note: $(explain sqlite long-identifier)"
# The names create_table declares: its columns and its named constraints
# (postgresql refuses each of these names too).
ops li-ct sqlite "create_table: {name: n, columns: [{name: id, type: integer, primary_key: true}, {name: ${N63}g, type: integer}], unique: [{name: ${N63}u, columns: [id]}], checks: [{name: ${N63}k, condition: \"id > 0\"}], foreign_keys: [{name: ${N63}f, local_cols: [id], referent_table: p, remote_cols: [id]}]}"
mig li-ct lint -d sqlite
check "li-ct: exit 0" test $? = 0
check "li-ct: a column of create_table" grep -qxF \
    "$B:5:5: warning: [sqlite] long-identifier: the column name '${N63}g' is 64 bytes long" "$T/err"
for k in u:unique k:check f:foreign; do
	check "li-ct: the ${k#*:} constraint named in create_table" grep -qxF \
	    "$B:5:5: warning: [sqlite] long-identifier: the constraint name '$N63${k%%:*}' is 64 bytes long" "$T/err"
done
ops li-ign sqlite "add_column: {table: t, column: {name: $N64, type: text}, lint: {ignore: [long-identifier], $WHY}}"
ignored li-ign sqlite long-identifier warning "0 warnings" "1 finding"
ops li-ign-pg postgresql "add_column: {table: t, column: {name: $N64, type: text}, lint: {ignore: [long-identifier], $WHY}}"
mig li-ign-pg lint -d postgresql
check "li-ign-pg: postgresql still refuses the name: exit 1" test $? = 1
check "li-ign-pg: ignored on postgresql: gone from stderr" not has long-identifier
check "li-ign-pg: the refusal stays" grep -qF \
    "is 64 bytes long; postgresql allows at most 63" "$T/err"

# --- table-rebuild and rebuild-foreign-keys (sqlite) ----------------------------
ops rb sqlite 'alter_column: {table: t, column: a, nullable: false}' \
    'alter_column: {table: t, column: b, type: bigint}'
found rb sqlite table-rebuild warning 5:5 \
    "table 't' is rebuilt (copied into a new table, every row) for alter_column at $B:5, alter_column at $B:6"
check "rb: nothing references t: no rebuild-foreign-keys" not has rebuild-foreign-keys
above rb sqlite table-rebuild warning \
    "table 't' is rebuilt (copied into a new table, every row) for alter_column at $B:5, alter_column at $B:6" \
    '-- Rebuilding table t: sqlite cannot make these changes in place:'
ops rb-new sqlite "$NEW" 'alter_column: {table: n, column: a, nullable: false}'
clean rb-new sqlite table-rebuild "a table made in the same revision"
mig rb-new upgrade heads -d sqlite
check "rb-new: (the new table is rebuilt all the same)" \
    grep -q '^-- Rebuilding table n:' "$T/out"
ops rb-fk sqlite 'alter_column: {table: p, column: name, nullable: false}'
found rb-fk sqlite table-rebuild warning 5:5
found rb-fk sqlite rebuild-foreign-keys warning 5:5 \
    "rebuilding table 'p' re-checks the foreign keys of 'c' that reference it"
ops rb-ign sqlite "alter_column: {table: t, column: a, nullable: false, lint: {ignore: [table-rebuild], $WHY}}"
ignored rb-ign sqlite table-rebuild warning "0 warnings" "1 finding"
TAIL="lint: {ignore: [table-rebuild, rebuild-foreign-keys], $WHY}" ops rb-rign sqlite \
    'alter_column: {table: p, column: name, nullable: false}'
ignored rb-rign sqlite table-rebuild warning "0 warnings" "2 findings"
ops rbf-ign sqlite "alter_column: {table: p, column: name, nullable: false, lint: {ignore: [rebuild-foreign-keys], $WHY}}"
ignored rbf-ign sqlite rebuild-foreign-keys warning "1 warning" "1 finding"
mig rbf-ign lint -d sqlite
check "rbf-ign: table-rebuild, not ignored, is still reported" \
    starts "$B:5:5: warning: [sqlite] table-rebuild: " "$T/err"
# Ops carried out by a rebuild: their findings, then the rebuild's, then it.
ops rb-ops sqlite 'alter_column: {table: p, column: name, type: bigint, new_column_name: nm}' \
    'drop_column: {table: p, column: nm}'
mig rb-ops upgrade heads -d sqlite
check "rb-ops: the ops' comments, the rebuild's, then the rebuild" test \
    "$(grep -A4 '^-- lint rename-column ' "$T/out" | cut -d' ' -f1-3)" = \
    "$(printf '%s\n' '-- lint rename-column' '-- lint drop-column' \
    '-- lint table-rebuild' '-- lint rebuild-foreign-keys' '-- Rebuilding table')"
ops rb-pg postgresql 'alter_column: {table: p, column: name, nullable: false}'
clean rb-pg postgresql table-rebuild "a rule postgresql does not list"
check "rb-pg: rebuild-foreign-keys is not a postgresql rule either" \
    not has rebuild-foreign-keys

# --- empty-downgrade --------------------------------------------------------
for d in postgresql sqlite; do
	TAIL='downgrade: []' ops ed-$d $d 'add_column: {table: t, column: {name: d, type: text}}'
	found ed-$d $d empty-downgrade warning 6:1 \
	    "revision 'b2' has upgrade operations and 'downgrade: []', so going down reverts nothing but the version"
	ops ed-none-$d $d 'add_column: {table: t, column: {name: d, type: text}}'
	clean ed-none-$d $d empty-downgrade "downgrade omitted"
	printf 'upgrade: []\ndowngrade: []\n' | proj ed-empty-$d $d
	clean ed-empty-$d $d empty-downgrade "upgrade empty too"
	TAIL="downgrade: []
lint: {ignore: [empty-downgrade], $WHY}" ops ed-ign-$d $d \
	    'add_column: {table: t, column: {name: d, type: text}}'
	ignored ed-ign-$d $d empty-downgrade warning "0 warnings" "1 finding"
done

# --- Where the comments go, and downgrades ------------------------------------
# One op with two findings: both comments, then its statement.
ops two postgresql 'alter_column: {table: t, column: b, nullable: false, type: bigint}'
mig two upgrade heads -d postgresql
check "two: set-not-null, then change-column-type, then the statement" test \
    "$(grep -A2 -F -- "-- lint set-not-null (warning): " "$T/out")" = \
    "-- lint set-not-null (warning): alter_column makes column 'b' of table 't' NOT NULL
-- lint change-column-type (warning): alter_column changes the type of column 'b' of table 't'
ALTER TABLE t ALTER COLUMN b TYPE bigint;"
check "upgrade prints no findings on stderr" test ! -s "$T/err"
# b2 makes table n; its inferred downgrade drops it, the written one drops a
# column: neither is a finding.
ops down postgresql "$NEW"
mig down downgrade heads:a1 -d postgresql
check "down: the downgrade drops n" grep -qx 'DROP TABLE n;' "$T/out"
check "down: with no lint comment" not grep -q '^-- lint ' "$T/out"
mig down lint -d postgresql
check "down: lint: no drop-table for the inverse" test $? = 0 -a ! -s "$T/err"
TAIL='downgrade: [drop_column: {table: t, column: d}]' ops down2 sqlite \
    'add_column: {table: t, column: {name: d, type: text}}'
mig down2 downgrade heads:a1 -d sqlite
check "down2: the written downgrade drops the column" grep -q 'DROP COLUMN d;$' "$T/out"
check "down2: a written downgrade carries its lint comment (a comment, not a finding)" \
    grep -q '^-- lint drop-column' "$T/out"
mig down2 lint -d sqlite
check "down2: lint: no drop-column for the downgrade" not has drop-column
mig down2 upgrade heads -d sqlite
check "down2: the upgrade script has no drop-column either" not grep -q '^-- lint ' "$T/out"
# A table created in an earlier revision is not new in the next.
ops late postgresql "$NEW"
cat >"$T/late/versions/c3_t.yaml" <<'EOF'
revision: c3
down_revision: b2
message: t
upgrade:
  - alter_column: {table: n, column: a, nullable: false}
EOF
mig late lint -d postgresql
check "late: a table made in the revision before is not new" \
    starts "versions/c3_t.yaml:5:5: warning: [postgresql] set-not-null: " "$T/err"

# --- check reports what lint reports ------------------------------------------
for d in postgresql sqlite; do
	NOLT=1 TAIL='downgrade: []' ops both-$d $d \
	    'drop_column: {table: t, column: a}' \
	    'alter_column: {table: p, column: name, nullable: false, type: bigint}' \
	    'rename_table: {name: q, new_name: q2}'
	mig both-$d lint -d $d
	check "both-$d: lint exits 1 (drop-column)" test $? = 1
	cp "$T/err" "$T/lint.err"
	mig both-$d check -d $d
	check "both-$d: check exits 1 too" test $? = 1
	check "both-$d: check's stderr is lint's" cmp -s "$T/err" "$T/lint.err"
	check "both-$d: (and has several findings)" \
	    test "$(grep -c ': note: ' "$T/err")" -ge 3
done
NOLT=1 ops warn postgresql 'rename_table: {name: t, new_name: t2}'
mig warn lint -d postgresql
cp "$T/err" "$T/lint.err"
check "warn: lint's summary" grep -qxF \
    "linted 2 revisions in 1 dialect (postgresql): no errors, 2 warnings, 0 findings ignored" "$T/out"
mig warn check -d postgresql
check "warn: check exits 0" test $? = 0
check "warn: check's summary says checked" grep -qxF \
    "checked 2 revisions in 1 dialect (postgresql): no errors, 2 warnings, 0 findings ignored" "$T/out"
check "warn: check's stderr is lint's" cmp -s "$T/err" "$T/lint.err"

mig warn lint extra
check "lint takes no argument: exit 2" test $? = 2

# --- lint: values the loader refuses --------------------------------------------
# bad NAME 'LINT VALUE' EXPECTED: b2 drops t.a with lint: VALUE on the op;
# lint exits 1 with EXPECTED as its whole stderr.
bad() {
	ops "$1" sqlite "drop_column: {table: t, column: a, lint: $2}"
	mig "$1" lint -d sqlite
	check "$1: exit 1" test $? = 1
	check "$1: $3" test "$(cat "$T/err")" = "$B:5:$3"
}
bad bad-code '{ignore: [drop-colum], reason: "x"}' \
    "56: error: unknown lint rule 'drop-colum' (did you mean drop-column?)"
bad bad-noreason '{ignore: [drop-column]}' \
    "46: error: 'lint' needs a 'reason': say why ignoring the rule is safe here"
bad bad-empty '{ignore: [drop-column], reason: ""}' \
    "78: error: 'lint' needs a 'reason': say why ignoring the rule is safe here"
bad bad-notlist '{ignore: drop-column, reason: "x"}' \
    "55: error: 'lint' needs 'ignore', a list of the rule codes to ignore here"
bad bad-key '{ignore: [drop-column], reason: "x", why: y}' \
    "83: error: unknown key 'why' in 'lint' (it takes ignore and reason)"
bad bad-map '[drop-column]' \
    "46: error: 'lint' must be a mapping {ignore: [CODE, ...], reason: \"...\"}, not a list"
TAIL='lint: {ignore: [drop-colum], reason: x}' ops bad-rev sqlite 'drop_column: {table: t, column: a}'
mig bad-rev lint -d sqlite
check "bad-rev: on the revision: exit 1" test $? = 1
check "bad-rev: on the revision: the code, with a suggestion" test "$(cat "$T/err")" = \
    "$B:6:17: error: unknown lint rule 'drop-colum' (did you mean drop-column?)"

# --- A dialect's lint: section --------------------------------------------------
ops dl sqlite 'drop_column: {table: t, column: a}'
sed 's/^  drop-table:$/  drop-tabel:/' "$top_srcdir/dialects/sqlite.yaml" >"$T/dl/code.yaml"
line=$(grep -n '^  drop-tabel:$' "$T/dl/code.yaml" | cut -d: -f1)
check "(code.yaml has the misspelt rule)" test -n "$line"
mig dl lint -d ./code.yaml
check "dialect: an unknown rule: exit 1" test $? = 1
check "dialect: an unknown rule: at its key, with a suggestion" test "$(cat "$T/err")" = \
    "./code.yaml:$line:3: error: unknown lint rule 'drop-tabel' (did you mean drop-table?)"
awk '/^  drop-column:$/ { f = 1 } f && /^    severity: error$/ { sub(/error/, "fatal"); f = 0 } { print }' \
    "$top_srcdir/dialects/sqlite.yaml" >"$T/dl/sev.yaml"
line=$(grep -n '^    severity: fatal$' "$T/dl/sev.yaml" | cut -d: -f1)
check "(sev.yaml has the bad severity)" test -n "$line"
mig dl lint -d ./sev.yaml
check "dialect: a bad severity: exit 1" test $? = 1
check "dialect: a bad severity: at its value" test "$(cat "$T/err")" = \
    "./sev.yaml:$line:15: error: lint rule 'drop-column' needs 'severity': error or warning"
# The severity is the dialect's: drop-column as a warning exits 0.
awk '/^  drop-column:$/ { f = 1 } f && /^    severity: error$/ { sub(/error/, "warning"); f = 0 } { print }' \
    "$top_srcdir/dialects/sqlite.yaml" >"$T/dl/warn.yaml"
mig dl lint -d ./warn.yaml
check "dialect: drop-column as a warning: exit 0" test $? = 0
check "dialect: drop-column as a warning: reported so" \
    starts "$B:5:5: warning: [sqlite] drop-column: " "$T/err"

# --- drop-not-null, drop-foreign-key, json-not-jsonb, unique-index-on-existing-table
for d in postgresql sqlite; do
	ops dnn-$d $d 'alter_column: {table: q, column: x, nullable: true}'
	found dnn-$d $d drop-not-null warning 5:5 \
	    "alter_column lets column 'x' of table 'q' hold NULL"
	ops dnn-none-$d $d "$NEW" 'alter_column: {table: n, column: b, nullable: false}' \
	    'alter_column: {table: n, column: b, nullable: true}'
	clean dnn-none-$d $d drop-not-null "a table made in the same revision"
	ops dfk-$d $d 'drop_constraint: {name: c_p_id_fkey, table: c, type: foreignkey}'
	found dfk-$d $d drop-foreign-key warning 5:5 \
	    "drop_constraint drops foreign key 'c_p_id_fkey' of table 'c': nothing checks that its rows reference rows of 'p' any more"
	ops dfk-pk-$d $d 'drop_constraint: {name: c_pkey, table: c, type: primary}'
	clean dfk-pk-$d $d drop-foreign-key "a primary key dropped"
	ops ux-$d $d 'create_index: {name: ux_t_b, table: t, columns: [b], unique: true}'
	found ux-$d $d unique-index-on-existing-table warning 5:5 \
	    "create_index builds unique index 'ux_t_b' on table 't', which has rows already: it fails if two are equal"
	ops ux-none-$d $d "$NEW" 'create_index: {name: ux_n_b, table: n, columns: [b], unique: true}'
	clean ux-none-$d $d unique-index-on-existing-table "a table made in the same revision"
	ops ux-plain-$d $d 'create_index: {name: ix_t_a, table: t, columns: [a]}'
	clean ux-plain-$d $d unique-index-on-existing-table "an index that is not unique"
done
ops js postgresql 'add_column: {table: t, column: {name: j, type: json}}'
found js postgresql json-not-jsonb warning 5:5 "column 'j' of table 't' is json, not jsonb"
ops js-new postgresql 'create_table: {name: n, columns: [{name: id, type: integer, primary_key: true}, {name: j, type: json}]}'
found js-new postgresql json-not-jsonb warning 5:5 "column 'j' of table 'n' is json, not jsonb"
ops js-b postgresql 'add_column: {table: t, column: {name: j, type: {postgresql: jsonb, sqlite: json}}}'
clean js-b postgresql json-not-jsonb "jsonb for PostgreSQL"
ops js-g postgresql 'add_column: {table: t, column: {name: j, type: jsonb}}'
clean js-g postgresql json-not-jsonb "the generic jsonb"
ops js-lite sqlite 'add_column: {table: t, column: {name: j, type: json}}'
clean js-lite sqlite json-not-jsonb "not a rule of sqlite"

# --- foreign-key-without-index ---------------------------------------------
FK='create_foreign_key: {name: fk_n_p, source_table: n, referent_table: p, local_cols: [b], remote_cols: [id]}'
for d in postgresql sqlite; do
	ops fki-$d $d "$NEW" "$FK"
	found fki-$d $d foreign-key-without-index warning 6:5 \
	    "foreign key 'fk_n_p' of table 'n' (b) has no index that starts with its column"
	ops fki-later-$d $d "$NEW" "$FK" 'create_index: {name: ix_n_b_a, table: n, columns: [b, a]}'
	clean fki-later-$d $d foreign-key-without-index "an index made later in the revision"
	ops fki-old-$d $d 'create_foreign_key: {name: fk_t_p, source_table: t, referent_table: p, local_cols: [b], remote_cols: [id]}'
	clean fki-old-$d $d foreign-key-without-index "an index an earlier revision made (ix_t_b)"
	ops fki-inline-$d $d 'create_table: {name: m, columns: [{name: id, type: integer, primary_key: true}, {name: p_id, type: integer, foreign_key: p.id}]}'
	found fki-inline-$d $d foreign-key-without-index warning 5:5 \
	    "foreign key 'm_p_id_fkey' of table 'm' (p_id) has no index that starts with its column"
	ops fki-pk-$d $d 'create_table: {name: m, columns: [{name: p_id, type: integer, primary_key: true, foreign_key: p.id}]}'
	clean fki-pk-$d $d foreign-key-without-index "the primary key starts with it"
	ops fki-col-$d $d 'add_column: {table: q, column: {name: p_id, type: integer, foreign_key: p.id}}'
	found fki-col-$d $d foreign-key-without-index warning 5:5 \
	    "foreign key 'q_p_id_fkey' of table 'q' (p_id) has no index that starts with its column"
done
# (SQLite cannot add a UNIQUE column: PostgreSQL only.)
ops fki-colu postgresql 'add_column: {table: q, column: {name: p_id, type: integer, unique: true, foreign_key: p.id}}'
clean fki-colu postgresql foreign-key-without-index "a unique column"

# --- not_valid: the NOT VALID then VALIDATE recipe is quiet ------------------
ops afk postgresql 'create_foreign_key: {name: fk_t_p, source_table: t, referent_table: p, local_cols: [b], remote_cols: [id]}'
found afk postgresql add-foreign-key warning 5:5 \
    "create_foreign_key adds 'fk_t_p' to table 't', which has rows already"
ops afk-nv postgresql 'create_foreign_key: {name: fk_t_p, source_table: t, referent_table: p, local_cols: [b], remote_cols: [id], not_valid: true}'
clean afk-nv postgresql add-foreign-key "not_valid: true"
ops ack postgresql 'create_check_constraint: {name: ck_t_b, table: t, condition: "b > 0"}'
found ack postgresql add-check-constraint warning 5:5 \
    "create_check_constraint adds 'ck_t_b' to table 't', which has rows already"
ops ack-nv postgresql 'create_check_constraint: {name: ck_t_b, table: t, condition: "b > 0", not_valid: true}' \
    'validate_constraint: {name: ck_t_b, table: t}'
clean ack-nv postgresql add-check-constraint "not_valid: true, then validate_constraint"
check "ack-nv: the script adds it NOT VALID, then validates it" \
    sh -c "cd '$T/ack-nv' && '$MIGSQL' upgrade heads -d postgresql | grep -A1 -x 'ALTER TABLE t ADD CONSTRAINT ck_t_b CHECK (b > 0) NOT VALID;' | grep -qx 'ALTER TABLE t VALIDATE CONSTRAINT ck_t_b;'"

# --- A released history: --since REV and --against OLD_MANIFEST ------------
# b2 drops a column (an error); once b2 is released its findings are not
# errors: --since b2 (b2 and its ancestors) or --against the manifest of a
# bundle made at b2 keeps them as ignored (with the reason, in JSON), and
# a new revision c3's findings still count.  Everything else is checked
# on released revisions as before.
ops rel sqlite 'drop_column: {table: t, column: a}'
mig rel lint -d sqlite
check "released: without --since, b2's drop-column is an error" test $? = 1
mig rel lint -d sqlite --since b2
check "released: --since b2: exit 0" test $? = 0
check "released: --since b2: not on stderr" not has drop-column
check "released: --since b2: the summary counts it apart" grep -qxF \
    "linted 2 revisions in 1 dialect (sqlite): no errors, 0 warnings, 0 findings ignored, 1 in released revisions" \
    "$T/out"
mig rel lint -d sqlite --since b2 --format=json
check "released: --since b2 in JSON: ignored, with the reason" \
    test "$(jq -r 'select(.rule == "drop-column") | "\(.ignored) \(.reason)"' "$T/out")" = \
    "true released: at or before b2 (--since)"
mig rel lint -d sqlite --since b2 --format=sarif
check "released: --since b2 in SARIF: a suppression of kind external" \
    test "$(jq -r '.runs[].results[] | select(.ruleId == "drop-column") |
        .suppressions[0] | "\(.kind) \(.justification)"' "$T/out")" = \
    "external released: at or before b2 (--since)"
mig rel lint -d sqlite --since a1
check "released: --since a1 (before b2): still an error" test $? = 1
mig rel lint -d sqlite --since nosuch
check "released: --since an unknown revision: exit 3" test $? = 3
mig rel bundle "$T/rel-b2" -d sqlite
check "released: (a release made at b2)" test -f "$T/rel-b2/manifest.yaml"
printf 'revision: c3\ndown_revision: b2\nmessage: later\nupgrade:\n  - drop_table: q\n' \
    >"$T/rel/versions/c3_later.yaml"
mig rel lint -d sqlite --against "$T/rel-b2/manifest.yaml"
check "released: --against the release: exit 1 for c3's drop-table" test $? = 1
check "released: --against: c3's drop-table is reported" has drop-table
check "released: --against: b2's drop-column is not" not has drop-column
mig rel check -d sqlite --since c3 --against "$T/rel-b2/manifest.yaml"
check "released: --since and --against together: exit 0" test $? = 0
mig rel upgrade heads -d sqlite --since b2
check "released: upgrade does not take --since" \
    grep -q "upgrade does not take --since" "$T/err"
finish
