#!/bin/sh
# Real-engine test: Alembic itself as the oracle for migsql's reading of an
# Alembic project (alembic.ini, versions/*.py).  The corpus,
# tests/alembic/, is a small project as `alembic init` and `alembic
# revision --autogenerate` plus hand edits leave it (see the revisions for
# what each one covers).  For each dialect, the same project is rendered
# twice, by `alembic ... --sql` (Alembic 1.8 with SQLAlchemy 1.4, Debian's
# python3-alembic, run offline: no database driver needed) and by migsql,
# and each script is applied to a fresh database of its own:
#
#   upgrade base:heads         the schemas (PostgreSQL: pg_dump -s; SQLite:
#                              what PRAGMAs and the CREATE text say, below),
#                              some rows the revisions insert, and the
#                              version tables must agree;
#   downgrade of the last two revisions (their downgrades raise
#                              NotImplementedError): both must refuse;
#   upgrade base:R3 (one branch), then R3:heads: the same comparisons
#                              after each step;
#   upgrade base:R11, downgrade R11:R2 (back through the merge and both
#   branches), downgrade R2:base: the same comparisons after each step.
#
# Alembic or PostgreSQL missing is a visible skip (a failure with
# CI=true).  Until migsql reads .py revision files, the migsql half is a
# visible skip of its own, and the Alembic half still runs: every script
# Alembic renders must apply cleanly, which keeps the corpus honest.
# bash first: lib.sh makes $T_TMP, which a re-exec would leave behind.
if [ -z "${BASH_VERSION:-}" ] && command -v bash >/dev/null 2>&1; then
	exec bash "$0" "$@"
fi
. "$top_srcdir/tests/lib.sh"
[ -n "${BASH_VERSION:-}" ] || skip_all "bash not found"
trap 'rm -rf "$T_TMP"' EXIT

# Debian's python3-alembic ships no `alembic` program (that is the
# `alembic` package): run the module with the system Python, not a
# python3 that comes first in PATH (pyenv, a virtualenv) and may lack it.
PY=${ALEMBIC_PYTHON:-/usr/bin/python3}
if ! "$PY" -c 'import alembic, sqlalchemy, sqlmodel' >/dev/null 2>&1; then
	skip_all "Alembic not found ($PY -c 'import alembic, sqlalchemy, sqlmodel' fails: install python3-alembic and python3-sqlmodel)"
fi
command -v sqlite3 >/dev/null 2>&1 || skip_all "sqlite3 not found"
export PYTHONDONTWRITEBYTECODE=1

# The project is copied: Python would write __pycache__ beside the
# revisions, and the source tree is read-only under `make distcheck`.
P=$T_TMP/project
cp -R "$top_srcdir/tests/alembic" "$P"
chmod -R u+w "$P"
rm -rf "$P"/migrations/__pycache__ "$P"/migrations/versions/__pycache__

# The revisions (tests/alembic/migrations/versions).
R2=2b4d6f8a0c32		# add profiles, the branch point
R3=3c5e7a9b1d43		# add invoices, the head of branch billing
R11=e4b6d8f0a2c5	# the last revision that can be downgraded
R12=c2f4b6d8e0a3	# its downgrade raises NotImplementedError (an execute)
R13=d3a5c7e9f1b4	# the head: its downgrade raises NotImplementedError
			# (an add_column, which has an obvious inverse)

# alembic_sql OUT URL ARGS...: `alembic -x url=URL ARGS... --sql` > OUT.
alembic_sql() {
	local out=$1 url=$2
	shift 2
	(cd "$P" && "$PY" -m alembic -x url="$url" "$@" --sql) >"$out" \
	    2>"$out.err"
}

# migsql_sql OUT ARGS...: `migsql ARGS...` in the project directory (it
# finds alembic.ini there) > OUT.  When migsql cannot read .py revision
# files yet, sets MIGSQL_NO_PY (the migsql half is then skipped).
MIGSQL_NO_PY=
migsql_sql() {
	local out=$1
	shift
	(cd "$P" && "$MIGSQL" "$@") >"$out" 2>"$out.err" && return 0
	if grep -q "Python revision files are not read yet" "$out.err"; then
		MIGSQL_NO_PY=1
	fi
	return 1
}

# same_text WHAT EXPECTED ACTUAL: one check; on a difference, the diff.
same_text() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1"
		diff -u --label "alembic: ${2##*/}" --label "migsql: ${3##*/}" \
		    "$2" "$3" | head -n 150 | sed 's/^/#   /'
	fi
}

# shows FILE: its last lines as comments (a failed render or apply).
shows() { tail -n 15 "$1" | sed 's/^/#   /'; }

# Rendering both sides.  render_pair NAME DIALECT URL ALEMBIC-ARGS --
# MIGSQL-ARGS: $S/NAME.alembic.sql and $S/NAME.migsql.sql; returns 1 when
# the Alembic side failed, 2 when the migsql side did (or is skipped).
render_pair() {
	local name=$1 dialect=$2 url=$3 a=() m=()
	shift 3
	while [ $# -gt 0 ] && [ "$1" != -- ]; do a+=("$1"); shift; done
	shift
	m=("$@")
	if ! alembic_sql "$S/$name.alembic.sql" "$url" "${a[@]}"; then
		fail "$dialect: alembic ${a[*]} --sql renders"
		shows "$S/$name.alembic.sql.err"
		return 1
	fi
	pass "$dialect: alembic ${a[*]} --sql renders"
	if [ -z "$M_CHAIN" ]; then
		echo "# $dialect: migsql ${m[*]}: not run, an earlier step of migsql's failed"
		return 2
	fi
	if ! migsql_sql "$S/$name.migsql.sql" "${m[@]}" -d "$dialect"; then
		if [ -n "$MIGSQL_NO_PY" ]; then
			skip_check "$dialect: migsql ${m[*]}: migsql cannot read Python revision files yet"
		else
			fail "$dialect: migsql ${m[*]} -d $dialect renders"
			shows "$S/$name.migsql.sql.err"
		fi
		M_CHAIN=
		return 2
	fi
	pass "$dialect: migsql ${m[*]} -d $dialect renders"
}

# --- PostgreSQL --------------------------------------------------------------

# The schema: pg_dump -s --no-owner --no-privileges.  Normalised:
#  - "--" lines and blank lines dropped: pg_dump's comments only name the
#    objects that follow (and the server and pg_dump versions);
#  - \restrict / \unrestrict lines dropped: pg_dump (15.14 and later)
#    brackets its output with a key it draws at random on every run.
# Nothing else: both databases are built from nothing in the same cluster,
# so every name (sequences of serial columns, constraints PostgreSQL names
# by default, types), every column position, default, comment, the
# version table and its primary key must be the same.  migsql's scripts
# keep no bookkeeping of their own in the database once they have run
# (their progress is a comment on alembic_version only while a run is part
# way), so nothing is left out for it.
#
# With `base`: the version table is left out (-T alembic_version): an
# Alembic downgrade to base drops it (offline mode always does), migsql's
# leaves it empty; the version sets are compared instead, a missing table
# being the empty set.
pg_schema() {	# pg_schema DB [base]
	local t=()
	[ "${2:-}" = base ] && t=(-T alembic_version)
	pg_dump -s --no-owner --no-privileges "${t[@]}" -d "$1" |
	    grep -v -E '^(--|\\restrict |\\unrestrict |$)'
}
pg_versions() {	# pg_versions DB: the version set, sorted, one a line
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT to_regclass('alembic_version') IS NOT NULL AS has_versions \gset
\if :has_versions
SELECT version_num FROM alembic_version ORDER BY version_num COLLATE "C";
\endif
SQL
}
# Rows the revisions insert (bulk_insert, execute with a module constant,
# an f-string in a for loop, bind.execute) and change (execute), in
# columns that do not depend on the time of the run.
pg_rows() {	# pg_rows DB
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" <<'SQL'
SELECT 'tags', id, name, color, sort_order, description FROM tags ORDER BY id;
SELECT 'users', id, email, is_active FROM users ORDER BY id;
SELECT 'sequence', sequencename, last_value FROM pg_sequences ORDER BY 2;
SQL
}
pg_apply() {	# pg_apply DB FILE: stops at the first error
	psql -X -q -v ON_ERROR_STOP=1 -d "$1" -f "$2" >"$2.log" 2>&1
}
pg_fresh() {	# pg_fresh DB...
	local db
	for db in "$@"; do
		dropdb --if-exists "$db" >/dev/null 2>&1
		createdb "$db" || return 1
	done
}

# pg_compare WHAT [base]: schemas, version sets and (but at base) rows of
# the two databases.
pg_compare() {
	local what=$1 base=${2:-}
	pg_schema oracle_alembic $base >"$S/$what.schema.alembic"
	pg_schema oracle_migsql $base >"$S/$what.schema.migsql"
	same_text "postgresql: $what: pg_dump -s is the same" \
	    "$S/$what.schema.alembic" "$S/$what.schema.migsql"
	pg_versions oracle_alembic >"$S/$what.versions.alembic"
	pg_versions oracle_migsql >"$S/$what.versions.migsql"
	same_text "postgresql: $what: the version tables agree" \
	    "$S/$what.versions.alembic" "$S/$what.versions.migsql"
	if [ -z "$base" ]; then
		pg_rows oracle_alembic >"$S/$what.rows.alembic" 2>&1
		pg_rows oracle_migsql >"$S/$what.rows.migsql" 2>&1
		same_text "postgresql: $what: the rows the revisions wrote agree" \
		    "$S/$what.rows.alembic" "$S/$what.rows.migsql"
	fi
}

# apply_pair DIALECT WHAT NAME RC: applies $S/NAME.alembic.sql to the
# Alembic database and, unless RC (render_pair's) says the migsql side is
# missing, $S/NAME.migsql.sql to migsql's.  Returns 0 when Alembic's
# applied (the Alembic half goes on without migsql); BOTH=1 when both did
# (the databases can be compared).
BOTH=
apply_pair() {
	local d=$1 what=$2 name=$3 rc=$4
	BOTH=
	if "${d}_apply" "$(db_of "$d" alembic)" "$S/$name.alembic.sql"; then
		pass "$d: $what: Alembic's script applies"
	else
		fail "$d: $what: Alembic's script applies"
		shows "$S/$name.alembic.sql.log"
		return 1
	fi
	[ "$rc" = 0 ] || return 0
	if "${d}_apply" "$(db_of "$d" migsql)" "$S/$name.migsql.sql"; then
		pass "$d: $what: migsql's script applies"
		BOTH=1
	else
		fail "$d: $what: migsql's script applies"
		shows "$S/$name.migsql.sql.log"
		M_CHAIN=
	fi
	return 0
}
db_of() {	# db_of DIALECT SIDE: the database (name or file) of SIDE
	if [ "$1" = postgresql ]; then
		echo "oracle_$2"
	else
		echo "$S/$2.sqlite"
	fi
}

# The flow, the same on both engines.  url: the SQLAlchemy URL Alembic
# renders for (offline: only its dialect matters).
oracle() {
	local d=$1 url=$2 rc
	S=$T_TMP/$d
	mkdir -p "$S"
	"${d}_fresh"

	# M_CHAIN: empty once a step of migsql's failed, which leaves its
	# database where the next step of the chain cannot start.
	M_CHAIN=1

	# 1. base:heads.
	render_pair up "$d" "$url" upgrade base:heads -- upgrade base:heads
	rc=$?
	if [ "$rc" != 1 ] && apply_pair "$d" "base:heads" up "$rc" &&
	    [ -n "$BOTH" ]; then
		"${d}_compare" "base:heads"
	fi

	# 2. Two downgrades raise NotImplementedError: R13's (its upgrade,
	# an add_column, has an obvious inverse) and R12's (an execute):
	# Alembic refuses both, so must migsql.
	local pair
	for pair in "$R13:$R12" "$R12:$R11"; do
		if alembic_sql "$S/irr.alembic.sql" "$url" downgrade "$pair"; then
			fail "$d: alembic downgrade $pair fails (NotImplementedError)"
		else
			check "$d: alembic downgrade $pair fails (NotImplementedError)" \
			    grep -q NotImplementedError "$S/irr.alembic.sql.err"
		fi
		if migsql_sql "$S/irr.migsql.sql" downgrade "$pair" -d "$d"; then
			fail "$d: migsql downgrade $pair fails as Alembic's does (it rendered a script)"
			grep -v -E '^(--|$)' "$S/irr.migsql.sql" | grep -v -i 'alembic_version\|migsql_check' |
			    grep -E '^(ALTER|DROP|CREATE|UPDATE|DELETE|INSERT)' | head -n 5 |
			    sed 's/^/#   migsql: /'
		elif [ -n "$MIGSQL_NO_PY" ]; then
			skip_check "$d: migsql downgrade $pair: migsql cannot read Python revision files yet"
		else
			pass "$d: migsql downgrade $pair fails as Alembic's does"
		fi
	done

	# 3. One branch, then the rest: base:R3 (billing only: the version
	# table holds R3 alone), then R3:heads (the tags branch, whose R5
	# depends on R3, then the merge: Alembic deletes and updates rows of
	# the version table in an order migsql must follow).
	"${d}_fresh"
	M_CHAIN=1
	render_pair up3 "$d" "$url" upgrade "base:$R3" -- upgrade "base:$R3"
	rc=$?
	if [ "$rc" != 1 ] && apply_pair "$d" "base:$R3" up3 "$rc"; then
		[ -n "$BOTH" ] && "${d}_compare" "base:$R3"
		render_pair up3h "$d" "$url" upgrade "$R3:heads" -- upgrade "$R3:heads"
		rc=$?
		if [ "$rc" != 1 ] && apply_pair "$d" "$R3:heads" up3h "$rc" &&
		    [ -n "$BOTH" ]; then
			"${d}_compare" "$R3:heads"
		fi
	fi

	# 4. base:R11, then down to R2 (through the merge, both branches and
	# the depends_on), then to base.
	"${d}_fresh"
	M_CHAIN=1
	render_pair up11 "$d" "$url" upgrade "base:$R11" -- upgrade "base:$R11"
	rc=$?
	[ "$rc" = 1 ] && return
	apply_pair "$d" "base:$R11" up11 "$rc" || return
	[ -n "$BOTH" ] && "${d}_compare" "base:$R11"
	render_pair down2 "$d" "$url" downgrade "$R11:$R2" -- downgrade "$R11:$R2"
	rc=$?
	[ "$rc" = 1 ] && return
	apply_pair "$d" "downgrade $R11:$R2" down2 "$rc" || return
	[ -n "$BOTH" ] && "${d}_compare" "downgrade $R11:$R2"
	render_pair down0 "$d" "$url" downgrade "$R2:base" -- downgrade "$R2:base"
	rc=$?
	[ "$rc" = 1 ] && return
	apply_pair "$d" "downgrade $R2:base" down0 "$rc" || return
	[ -n "$BOTH" ] && "${d}_compare" "downgrade $R2:base" base
	check "$d: downgrade $R2:base: Alembic's database has no user table left" \
	    test -z "$("${d}_tables" "$(db_of "$d" alembic)")"
}
postgresql_fresh() { pg_fresh oracle_alembic oracle_migsql; }
postgresql_apply() { pg_apply "$@"; }
postgresql_compare() { pg_compare "$@"; }
postgresql_tables() {
	psql -X -q -At -d "$1" -c "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND relname <> 'alembic_version'"
}

# --- SQLite ------------------------------------------------------------------

# The schema as SQLite reports it, one line per fact, sorted, from
# Python's sqlite3 (the same library as the sqlite3 program):
#  - tables, and per table PRAGMA table_info (position, name, declared
#    type, NOT NULL, default, primary key position);
#  - PRAGMA index_list + index_info (name, unique, origin: c = CREATE
#    INDEX, u = UNIQUE, pk = PRIMARY KEY; partial; the columns) and, for a
#    partial index, the WHERE of its CREATE INDEX;
#  - PRAGMA foreign_key_list (columns, referenced table and columns, ON
#    UPDATE, ON DELETE, MATCH);
#  - CHECK constraints (which no PRAGMA shows) from the CREATE TABLE text,
#    with their names;
#  - DEFERRABLE on a foreign key, from the text.
# Normalised:
#  - the declared type is upper-cased, spaces dropped ("numeric(12, 2)" and
#    "NUMERIC(12,2)" give SQLite the same affinity and SQLAlchemy the same
#    reflected type); kept otherwise (DATETIME against TIMESTAMP is a
#    difference: SQLAlchemy reflects them as different types);
#  - a default written in parentheses is compared without them
#    (DEFAULT (1) and DEFAULT 1 are the same default to SQLite);
#  - the names of the indexes SQLite makes for UNIQUE and PRIMARY KEY
#    constraints (sqlite_autoindex_TABLE_N) lose their N, which only
#    counts such constraints in the order the CREATE TABLE text has them;
#  - CHECK and WHERE expressions: tokens, whitespace and quotes around
#    names dropped, words upper-cased, string literals kept as written.
# Not compared, and why:
#  - the raw CREATE text (sqlite_master.sql): ALTER TABLE rewrites it,
#    and migsql writes out the names PostgreSQL gives unnamed
#    constraints (profiles_user_id_key, ...) where Alembic leaves them
#    unnamed: SQLite keeps a UNIQUE, PRIMARY KEY or FOREIGN KEY
#    constraint's name only in that text, neither enforces nor reports it;
#    CHECK names are compared (every CHECK in the corpus is named);
#  - column positions after a downgrade are compared all the same: both
#    tools put a column back with ADD COLUMN, at the end.
cat >"$T_TMP/sqlite_schema.py" <<'PY'
import re, sqlite3, sys

def tokens(s):
    out = []
    for m in re.finditer(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|`[^`]*`|\[[^\]]*\]|[A-Za-z0-9_$.]+|<>|!=|<=|>=|\|\||\S", s):
        t = m.group(0)
        if t[0] == "'":
            out.append(t)
        elif t[0] in "\"`[":
            out.append(t[1:-1].upper())
        else:
            out.append(t.upper())
    return " ".join(out)

def balanced(s, i):
    """s[i] is '(': the text inside up to its match."""
    depth, j = 0, i
    while j < len(s):
        c = s[j]
        if c == "'":
            j = s.index("'", j + 1)
            while s.startswith("'", j + 1):
                j = s.index("'", j + 2)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return s[i + 1:j]
        j += 1
    return s[i + 1:]

def unparen(v):
    if v is not None and v.startswith("(") and v.endswith(")") and balanced(v, 0) == v[1:-1]:
        return v[1:-1]
    return v

db = sqlite3.connect(sys.argv[1])
lines = []
tables = [r for r in db.execute(
    "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version' ORDER BY name")]
for t, sql in tables:
    lines.append("table|%s" % t)
    for cid, name, typ, notnull, dflt, pk in db.execute("SELECT * FROM pragma_table_info(?)", (t,)):
        lines.append("column|%s|%d|%s|%s|%s|%s|%s" % (t, cid, name, re.sub(r"\s+", "", typ.upper()),
                     "NOT NULL" if notnull else "NULL", unparen(dflt), pk))
    for seq, name, unique, origin, partial in db.execute("SELECT * FROM pragma_index_list(?)", (t,)):
        cols = ",".join(str(r[0]) for r in db.execute(
            "SELECT name FROM pragma_index_info(?) ORDER BY seqno", (name,)))
        shown = re.sub(r"^(sqlite_autoindex_.*)_\d+$", r"\1", name)
        line = "index|%s|%s|unique=%s|%s|partial=%s|%s" % (t, shown, unique, origin, partial, cols)
        if partial:
            isql = db.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)).fetchone()[0]
            m = re.search(r"\bWHERE\b", isql, re.I)
            line += "|WHERE " + tokens(isql[m.end():])
        lines.append(line)
    for fk in db.execute("SELECT * FROM pragma_foreign_key_list(?)", (t,)):
        lines.append("foreign key|%s|%s" % (t, "|".join(str(x) for x in fk)))
    if sql:
        for m in re.finditer(r"(?:\bCONSTRAINT\s+(\"[^\"]+\"|\S+)\s+)?\bCHECK\s*\(", sql, re.I):
            name = (m.group(1) or "-").strip('"').upper()
            lines.append("check|%s|%s|%s" % (t, name, tokens(balanced(sql, m.end() - 1))))
        for m in re.finditer(r"\bREFERENCES\s+(\"[^\"]+\"|\w+)[^,]*?\bDEFERRABLE(\s+INITIALLY\s+\w+)?", sql, re.I):
            lines.append("deferrable|%s|%s|%s" % (t, m.group(1).strip('"'), tokens(m.group(0))))
for l in sorted(lines):
    print(l)
PY
sqlite_schema() { "$PY" "$T_TMP/sqlite_schema.py" "$1"; }
sqlite_versions() {
	sqlite3 "$1" "SELECT version_num FROM alembic_version ORDER BY 1" 2>/dev/null
}
sqlite_rows() {
	sqlite3 "$1" "SELECT 'tags', id, name, color, sort_order, description FROM tags ORDER BY id;
	    SELECT 'users', id, email, is_active FROM users ORDER BY id;"
}
sqlite_fresh() { rm -f "$S/alembic.sqlite" "$S/migsql.sqlite"; }
# Alembic's SQLite scripts have no transaction of their own (its SQLite
# implementation is not transactional DDL) and no .bail: -bail stops at
# the first error, as ON_ERROR_STOP does.
sqlite_apply() { sqlite3 -bail "$1" <"$2" >"$2.log" 2>&1; }
sqlite_compare() {
	local what=$1 base=${2:-} a=$S/alembic.sqlite m=$S/migsql.sqlite
	sqlite_schema "$a" >"$S/$what.schema.alembic" 2>&1
	sqlite_schema "$m" >"$S/$what.schema.migsql" 2>&1
	same_text "sqlite: $what: the schemas agree" \
	    "$S/$what.schema.alembic" "$S/$what.schema.migsql"
	sqlite_versions "$a" >"$S/$what.versions.alembic"
	sqlite_versions "$m" >"$S/$what.versions.migsql"
	same_text "sqlite: $what: the version tables agree" \
	    "$S/$what.versions.alembic" "$S/$what.versions.migsql"
	if [ -z "$base" ]; then
		sqlite_rows "$a" >"$S/$what.rows.alembic" 2>&1
		sqlite_rows "$m" >"$S/$what.rows.migsql" 2>&1
		same_text "sqlite: $what: the rows the revisions wrote agree" \
		    "$S/$what.rows.alembic" "$S/$what.rows.migsql"
	fi
}
sqlite_tables() {
	sqlite3 "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'"
}

# --- Both --------------------------------------------------------------------

# The heads, as `alembic heads` and `migsql heads` list them (ids only).
(cd "$P" && "$PY" -m alembic heads) 2>/dev/null | cut -d' ' -f1 | sort \
    >"$T_TMP/heads.alembic"
if (cd "$P" && "$MIGSQL" heads) >"$T_TMP/heads.out" 2>"$T_TMP/heads.err"; then
	cut -d' ' -f1 "$T_TMP/heads.out" | sort >"$T_TMP/heads.migsql"
	same_text "migsql heads agrees with alembic heads" \
	    "$T_TMP/heads.alembic" "$T_TMP/heads.migsql"
elif grep -q "Python revision files are not read yet" "$T_TMP/heads.err"; then
	MIGSQL_NO_PY=1
	skip_check "migsql heads: migsql cannot read Python revision files yet"
else
	fail "migsql heads runs"
	shows "$T_TMP/heads.err"
fi

if pg_find && pg_start; then
	oracle postgresql "postgresql://app@localhost/app"
else
	[ -n "$PG_BIN" ] && shows "$T_TMP/initdb.log"
	skip_check "postgresql: PostgreSQL server binaries (initdb) or psql not found, or the server did not start"
	PG_SKIPPED=1
fi
oracle sqlite "sqlite:///app.db"
# To look at both sides' scripts, logs, dumps and databases after a run:
# ALEMBIC_ORACLE_KEEP=DIR.
if [ -n "${ALEMBIC_ORACLE_KEEP:-}" ]; then
	mkdir -p "$ALEMBIC_ORACLE_KEEP"
	cp -R "$T_TMP/postgresql" "$T_TMP/sqlite" "$ALEMBIC_ORACLE_KEEP" 2>/dev/null
fi
finish || exit 1
# A half that could not run makes the whole test a visible SKIP in `make
# check` (with CI=true, skip_check has already failed it).
if [ -n "$MIGSQL_NO_PY" ]; then
	echo "SKIP: migsql cannot read Python revision files yet; the Alembic half passed"
	exit 77
fi
[ -z "${PG_SKIPPED:-}" ] || { echo "SKIP: no PostgreSQL; the SQLite half passed"; exit 77; }
