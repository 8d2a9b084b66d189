#!/bin/bash
# tests/fuzz/run.sh -- build the libFuzzer harnesses of tests/fuzz/ and run
# each one (`make fuzz` calls this).
#
# usage: tests/fuzz/run.sh [BUILDDIR] [TARGET...]
#
#   BUILDDIR   where objects, binaries, seeds, corpora and crash files go
#              (default: ./fuzz-build under the current directory; nothing
#              is ever written into the source tree)
#   TARGET     revision project dialect template address sql engine python
#              (default: all)
#
# Environment:
#   FUZZ_SECONDS  how long each target runs (default 60)
#   FUZZ_JOBS     how many targets run at once (default 1)
#   CC            the compiler (default clang; it needs libFuzzer)
#   CONFIG_H      the configured config.h (default: ./config.h when it
#                 exists, else a minimal one is written to BUILDDIR)
#   FUZZ_FLAGS    extra libFuzzer flags for every target; with
#                 "-fork=1 -ignore_crashes=1" a target runs its whole time
#                 past findings and keeps each one (it still fails)
#
# Each target gets its own corpus (BUILDDIR/corpus/TARGET, kept between
# runs: it grows, and it is not part of the repository), seeds assembled
# here from the repository's tests/ and examples/ (BUILDDIR/seeds/TARGET),
# and the dictionary tests/fuzz/dict/TARGET.dict.  The script prints, per
# target, executions, exec/s, coverage and corpus size, and exits non-zero
# when a target failed to build, crashed, leaked or timed out; the input
# that did it is kept under BUILDDIR/artifacts/TARGET/ and the command that
# reproduces it is printed.
#
# tests/fuzz/replay_sql.sh replays the `sql` corpus through the real psql
# and sqlite3, which no oracle in the harnesses can stand for.
set -u
# $(SHELL) may be a POSIX sh: this script needs bash (arrays, wait -n).
if [ -z "${BASH_VERSION:-}" ]; then
	exec bash "$0" "$@"
fi

srcdir=$(cd "$(dirname "$0")/../.." && pwd) || exit 2
build=${1:-fuzz-build}
[ $# -gt 0 ] && shift
all_targets="revision project dialect template address sql engine python pyrev"
targets=${*:-$all_targets}
seconds=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-1}
cc=${CC:-clang}

case $seconds in '' | *[!0-9]*) echo "run.sh: FUZZ_SECONDS must be a number" >&2; exit 2 ;; esac
case $jobs in '' | 0 | *[!0-9]*) echo "run.sh: FUZZ_JOBS must be a positive number" >&2; exit 2 ;; esac
for t in $targets; do
	case " $all_targets " in
	*" $t "*) ;;
	*) echo "run.sh: unknown target '$t' (one of: $all_targets)" >&2; exit 2 ;;
	esac
done

mkdir -p "$build" || exit 2
build=$(cd "$build" && pwd) || exit 2

# -max_len per target: a revision file, migsql.yaml, a whole dialect file,
# a template with its values, a command-line address, an SQL snippet.
max_len() {
	case $1 in
	revision) echo 16384 ;;
	project) echo 2048 ;;
	dialect) echo 24576 ;;
	template) echo 4096 ;;
	address) echo 256 ;;
	sql) echo 2048 ;;
	engine) echo 2048 ;;
	python) echo 16384 ;;
	pyrev) echo 16384 ;;
	esac
}

### Build

pkgs=(yaml-0.1 libpcre2-8 nettle sqlite3 jansson inih)
if ! pkg_cflags=$(pkg-config --cflags "${pkgs[@]}") ||
    ! pkg_libs=$(pkg-config --libs "${pkgs[@]}"); then
	echo "run.sh: pkg-config cannot find ${pkgs[*]}" >&2
	exit 2
fi
# libpg_query ships no .pc file (configure.ac): linked by name.
pkg_libs="$pkg_libs -lpg_query"

config_h=${CONFIG_H:-}
if [ -z "$config_h" ] && [ -f config.h ]; then
	config_h=$PWD/config.h
fi
mkdir -p "$build/include" "$build/obj" "$build/bin"
if [ -n "$config_h" ]; then
	cp "$config_h" "$build/include/config.h.new" || exit 2
else
	version=$(sed -n 's/^AC_INIT(\[migsql\], \[\([^]]*\)\].*/\1/p' "$srcdir/configure.ac")
	printf '/* written by tests/fuzz/run.sh */\n#define _GNU_SOURCE 1\n#define PACKAGE_VERSION "%s"\n' \
	    "${version:-0}" >"$build/include/config.h.new"
fi
# Keep the old file (and its time stamp) when nothing changed.
if cmp -s "$build/include/config.h.new" "$build/include/config.h"; then
	rm -f "$build/include/config.h.new"
else
	mv "$build/include/config.h.new" "$build/include/config.h"
fi

cflags="-g -O1 -std=c11 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
cppflags=(-I"$build/include" -I"$srcdir/include" -DMIGSQL_FUZZ_SRCDIR="\"$srcdir\""
    -DPKGDATADIR="\"$srcdir/dialects\"")

# The newest header: every object depends on all of them.
newest_header=$build/include/config.h
for h in "$srcdir"/include/migsql/*.h "$srcdir"/src/*.h "$srcdir"/tests/fuzz/*.h; do
	[ "$h" -nt "$newest_header" ] && newest_header=$h
done

# stale OUT SRC: OUT is missing or older than SRC or any header.
stale() {
	[ ! -e "$1" ] || [ "$2" -nt "$1" ] || [ "$newest_header" -nt "$1" ]
}

build_failed=""
objs=()
for src in "$srcdir"/src/*.c; do
	name=$(basename "$src" .c)
	[ "$name" = main ] && continue
	obj=$build/obj/$name.o
	objs+=("$obj")
	if stale "$obj" "$src"; then
		echo "CC $name.c"
		# shellcheck disable=SC2086
		if ! $cc $cflags -fsanitize=fuzzer-no-link "${cppflags[@]}" $pkg_cflags \
		    -c "$src" -o "$obj"; then
			rm -f "$obj"
			build_failed="library"
		fi
	fi
done
if [ -n "$build_failed" ]; then
	echo "run.sh: the library sources failed to build" >&2
	exit 1
fi
for t in $targets; do
	bin=$build/bin/fuzz_$t
	src=$srcdir/tests/fuzz/fuzz_$t.c
	relink=0
	stale "$bin" "$src" && relink=1
	for obj in "${objs[@]}"; do
		[ "$obj" -nt "$bin" ] && relink=1
	done
	[ "$relink" = 1 ] || continue
	echo "CCLD fuzz_$t"
	# shellcheck disable=SC2086
	if ! $cc $cflags -fsanitize=fuzzer "${cppflags[@]}" $pkg_cflags "$src" \
	    "${objs[@]}" $pkg_libs -o "$bin"; then
		rm -f "$bin"
		build_failed="$build_failed $t"
	fi
done

### Seeds: assembled from the repository each run (never committed)

# seed_file TARGET FILE: copies FILE in, named after its path.
seed_file() {
	local name
	name=$(printf '%s' "${2#"$srcdir"/}" | tr '/' '_')
	cp "$2" "$build/seeds/$1/$name"
}

# seed_text TARGET NAME TEXT: a seed from printf-escaped TEXT.
seed_text() {
	# shellcheck disable=SC2059
	printf "$3" >"$build/seeds/$1/$2"
}

# sql_seeds_from_yaml DIR FILE...: the SQL values of revision files
# (execute, its sql and per-dialect keys, where, condition, using,
# server_default, expression), one file each in DIR: plain, quoted and
# block scalars, read closely enough for seeds.
sql_seeds_from_yaml() {
	local dir=$1
	shift
	awk -v dir="$dir" '
	function flush() {
		if (inblock && text != "") emit(text)
		inblock = 0; text = ""
	}
	function emit(v) {
		n++
		f = dir "/yaml-" n
		printf "%s", v > f
		close(f)
	}
	function unquote(v,   q) {
		q = substr(v, 1, 1)
		if (q == "\"" && v ~ /"[ \t]*$/) {
			sub(/"[ \t]*$/, "", v); v = substr(v, 2)
			gsub(/\\\\/, "\001", v); gsub(/\\"/, "\"", v)
			gsub(/\\n/, "\n", v); gsub(/\\t/, "\t", v)
			gsub(/\001/, "\\", v)
		} else if (q == "\047" && v ~ /\047[ \t]*$/) {
			sub(/\047[ \t]*$/, "", v); v = substr(v, 2)
			gsub(/\047\047/, "\047", v)
		} else
			sub(/[ \t]+#.*$/, "", v)
		return v
	}
	FNR == 1 { flush() }
	{
		match($0, /^[ -]*/)
		ind = RLENGTH
		if (inblock) {
			if ($0 ~ /^[ \t]*$/) { text = text "\n"; next }
			if (ind > keyind) {
				if (bind < 0) bind = ind
				line = substr($0, bind + 1)
				text = text == "" ? line : text (fold ? " " : "\n") line
				next
			}
			flush()
		}
		if (match($0, /^[ -]*(execute|sql|postgresql|sqlite|where|condition|using|server_default|expression):[ \t]*/)) {
			v = substr($0, RLENGTH + 1)
			if (v ~ /^[|>]/) {
				inblock = 1; text = ""; bind = -1
				keyind = ind; fold = v ~ /^>/
			} else if (v != "" && v !~ /^[{[]/ && v != "null")
				emit(unquote(v))
		}
	}
	END { flush() }
	' "$@"
}

# sql_seeds_from_unit_tests DIR: the snippets of tests/unit/test_client.c
# (its cases[] table, compiled here), each with its client and context
# as the first byte.
sql_seeds_from_unit_tests() {
	local dir=$1 tmp=$build/seeds-sql-tool
	mkdir -p "$tmp"
	sed -n -e '/^struct sql_case {/,/^};/p' \
	    -e '/^#define \(PG\|LITE\|MARIA\|STMT\|EXPR\) /p' \
	    -e '/^static const struct sql_case cases\[\] = {/,/^};/p' \
	    "$srcdir/tests/unit/test_client.c" >"$tmp/cases.h"
	cat >"$tmp/cases.c" <<'EOF_C'
#include <stdio.h>
#include "migsql/client.h"
#include "cases.h"
int
main(int argc, char **argv)
{
	size_t i;

	for (i = 0; argc > 1 && i < sizeof cases / sizeof cases[0]; i++) {
		char path[4096];
		FILE *fp;

		snprintf(path, sizeof path, "%s/unit-%zu", argv[1], i);
		if ((fp = fopen(path, "wb")) == NULL)
			return 1;
		fputc((cases[i].k == CLIENT_SQLITE3) |
		    (cases[i].ctx == CLIENT_EXPRESSION) << 1 |
		    (cases[i].k == CLIENT_MARIADB) << 2, fp);
		fputs(cases[i].sql, fp);
		if (fclose(fp) != 0)
			return 1;
	}
	return 0;
}
EOF_C
	# shellcheck disable=SC2086
	if ! $cc -I"$srcdir/include" -I"$build/include" -I"$tmp" "$tmp/cases.c" \
	    -o "$tmp/cases" 2>"$tmp/cases.log" || ! "$tmp/cases" "$dir"; then
		echo "run.sh: no seeds from tests/unit/test_client.c" \
		    "(see $tmp/cases.log)" >&2
	fi
}

assemble_seeds() {
	local t=$1 f n=0 line word files
	rm -rf "$build/seeds/$t"
	mkdir -p "$build/seeds/$t"
	case $t in
	revision)
		while IFS= read -r f; do
			seed_file revision "$f"
		done < <(find "$srcdir/examples" "$srcdir/tests" -path '*/versions/*' \
		    -type f \( -name '*.yaml' -o -name '*.yml' \) | sort)
		# Whole chains: each versions/ directory's files, separated by
		# the line "#~~" (fuzz_revision.c).
		while IFS= read -r f; do
			n=$((n + 1))
			word=""
			for line in "$f"/*.y*ml; do
				[ -f "$line" ] || continue	# an empty versions/
				printf '%s' "$word"
				cat "$line"
				word=$'\n#~~\n'
			done >"$build/seeds/revision/chain-$n"
		done < <(find "$srcdir/examples" "$srcdir/tests" -type d -name versions | sort)
		;;
	project)
		while IFS= read -r f; do
			seed_file project "$f"
		done < <(find "$srcdir/examples" "$srcdir/tests" -name migsql.yaml -type f | sort)
		seed_text project all-keys 'versions: versions\ndialect: postgresql\nversion_table: alembic_version\nversion_table_schema: ops\ntransaction_per_revision: true\nlock_timeout: 5s\nstatement_timeout: 2min\nvariables: {app_schema: public, rows: 10}\n'
		seed_text project flow '{version_table: "order", version_table_schema: null, lock_timeout: 500ms}\n'
		;;
	dialect)
		for f in "$srcdir"/dialects/*.yaml; do
			seed_file dialect "$f"
		done
		while IFS= read -r f; do
			seed_file dialect "$f"
		done < <(grep -rl --include='*.yaml' '^templates:' "$srcdir/tests" | sort)
		;;
	template)
		# Every scalar of the dialect files, compiled in YAML mode
		# (first byte: the placeholder set | 4).
		for f in "$srcdir"/dialects/*.yaml; do
			{ printf '\005'; cat "$f"; } >"$build/seeds/template/yaml-$(basename "$f")"
		done
		# The one-line templates of the dialect files, as text.
		while IFS= read -r line; do
			n=$((n + 1))
			printf '\000%s\000"x"\000\001a\001b\000c' "$line" \
			    >"$build/seeds/template/line-$n"
		done < <(sed -n 's/^  [a-z_]*: "\(.*\)"$/\1/p' "$srcdir"/dialects/*.yaml | sort -u)
		seed_text template column '\000{name} {type}{?not_null} NOT NULL{/not_null}{?default} DEFAULT {default}{/default}\000id\000integer\000x\000now()'
		seed_text template script '\001{header}\n{!guard}-- none{/guard}{?rebuilds}{rebuilds}{/rebuilds}{{literal}\000-- h\000\000BODY'
		seed_text template index '\002CREATE {?unique}UNIQUE {/unique}INDEX {name} ON {table} ({columns|, }){?where} WHERE {where}{/where}\000ix\000t\000\001a\001b\000x'
		seed_text template type '\003numeric({precision},{scale})\000\00010\0002'
		seed_text template quoted '\006t: "a {bogus} \\u00e9 \\x41 {name}"\ns: '"'"'it'"'"''"'"'s {nope}'"'"'\nb: |\n  line {oops}\n'
		;;
	address)
		for word in base head heads base:heads heads:base head:head-1 \
		    reporting@head reporting 1b7e 4f2a8d6c1e93 6a9f3b2d8e14:8c5d1e7f3a20 \
		    1b7e4c9a2f05,2e6b9d4a7c31:b3e8a1c5d7f6,7d3c0f8b5a64 \
		    heads:4f2a8d6c1e93 4f2a8d6c1e93+1 b3e8a1c5d7f6-1 f1a7-2 \
		    1b7e4c9a2f05+3 head-9 base+1 @head :heads base: ',' a1:a1; do
			n=$((n + 1))
			printf '%s' "$word" >"$build/seeds/address/hand-$n"
		done
		# The ranges and revisions the CLI tests pass.
		while IFS= read -r word; do
			n=$((n + 1))
			printf '%s' "$word" >"$build/seeds/address/test-$n"
		done < <( {
			cat "$srcdir"/tests/bad/*/args 2>/dev/null
			grep -hoE '(upgrade|downgrade|history|show|schema) [A-Za-z0-9@:,+-]+' \
			    "$srcdir"/tests/cli/*.sh
		} | awk '$1 ~ /^(upgrade|downgrade|history|show|schema)$/ && NF > 1 { print $2 }' |
		    grep -v '^-' | sort -u)
		;;
	sql)
		# First byte: bit 0 the client (psql, sqlite3), bit 1 the
		# context (statements, expression); then the snippet.
		sql_seeds_from_unit_tests "$build/seeds/sql"
		mkdir -p "$build/seeds-sql-yaml"
		rm -f "$build/seeds-sql-yaml"/*
		mapfile -t files < <(find "$srcdir/examples" "$srcdir/tests" \
		    -path '*/versions/*' -type f \( -name '*.yaml' -o \
		    -name '*.yml' \) | sort)
		sql_seeds_from_yaml "$build/seeds-sql-yaml" "${files[@]}"
		for f in "$build/seeds-sql-yaml"/*; do
			[ -f "$f" ] || continue
			for word in 0 1 2 3; do
				{ printf '%b' "\\00$word"; cat "$f"; } \
				    >"$build/seeds/sql/$(basename "$f")-$word"
			done
		done
		# Single quotes keep $ and \ for seed_text's printf.
		# shellcheck disable=SC1003,SC2016
		{
		seed_text sql atomic '\000CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END'
		seed_text sql dollar '\000DO $fn$ BEGIN RAISE NOTICE $$a\\b$$; END $fn$'
		seed_text sql uescape '\000SELECT U&'"'"'d!0061t'"'"' UESCAPE '"'"'!'"'"', E'"'"'\\\\'"'"', B'"'"'01'"'"', X'"'"'ff'"'"''
		seed_text sql comments '\000/* a /* b */ c */ SELECT 1 -- end\r\n'
		seed_text sql cast '\002a::text = '"'"'x'"'"' AND b[1 : 2] > 0'
		seed_text sql trigger '\001CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; END'
		seed_text sql quotes '\001SELECT [a b], `c`, "d""e", '"'"'f'"'"''"'"'g'"'"''
		seed_text sql lines '\001SELECT 1\n  go x\n;\r\n-- c'
		seed_text sql expr '\003CASE WHEN a > 0 THEN '"'"'x'"'"' ELSE "y" END'
		}
		;;
	engine)
		# First byte: bit 0 the engine (PostgreSQL, SQLite); then the
		# SQL: every execute and fragment of the repository's chains.
		mkdir -p "$build/seeds-sql-yaml"
		rm -f "$build/seeds-sql-yaml"/*
		mapfile -t files < <(find "$srcdir/examples" "$srcdir/tests" \
		    -path '*/versions/*' -type f \( -name '*.yaml' -o \
		    -name '*.yml' \) | sort)
		sql_seeds_from_yaml "$build/seeds-sql-yaml" "${files[@]}"
		for f in "$build/seeds-sql-yaml"/*; do
			[ -f "$f" ] || continue
			for word in 0 1; do
				{ printf '%b' "\\00$word"; cat "$f"; } \
				    >"$build/seeds/engine/$(basename "$f")-$word"
			done
		done
		# shellcheck disable=SC2016
		{
		seed_text engine rebuild '\000CREATE TABLE t2 AS SELECT a, b FROM t; DROP TABLE t CASCADE; ALTER TABLE t2 RENAME TO t; CREATE INDEX ON t (b); ALTER TABLE t RENAME COLUMN b TO c'
		seed_text engine sqlite '\001ALTER TABLE t ADD COLUMN c text; CREATE INDEX ix_c ON t (c); ALTER TABLE t RENAME COLUMN b TO d; DROP INDEX ix_t_b'
		seed_text engine enum '\000CREATE TYPE m AS ENUM ('"'"'a'"'"'); ALTER TYPE m ADD VALUE '"'"'b'"'"'; DROP TYPE m'
		seed_text engine dml '\000INSERT INTO t (a, b) VALUES (1, '"'"'x'"'"'); UPDATE t SET b = NULL; DELETE FROM c'
		}
		;;
	pyrev)
		# Every .py file of the repository: Alembic revisions, static
		# ones that render and dynamic ones that are refused.
		while IFS= read -r f; do
			seed_file pyrev "$f"
		done < <(find "$srcdir/examples" "$srcdir/tests" -name '*.py' -type f | sort)
		;;
	python)
		# Every .py file of the repository, then revision files as
		# Alembic writes them and the corners of the lexical grammar.
		while IFS= read -r f; do
			seed_file python "$f"
		done < <(find "$srcdir/examples" "$srcdir/tests" -name '*.py' -type f | sort)
		seed_text python autogen '"""add users\n\nRevision ID: 1a2b3c4d5e6f\nRevises: 0f1e2d3c4b5a\nCreate Date: 2023-01-01 12:00:00.000000\n\n"""\nfrom typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\n# revision identifiers, used by Alembic.\nrevision: str = '"'"'1a2b3c4d5e6f'"'"'\ndown_revision: Union[str, None] = '"'"'0f1e2d3c4b5a'"'"'\nbranch_labels = None\ndepends_on = None\n\nTABLE = "users"\n\ndef upgrade() -> None:\n    # ### commands auto generated by Alembic - please adjust! ###\n    op.create_table('"'"'users'"'"',\n    sa.Column('"'"'id'"'"', sa.Integer(), nullable=False),\n    sa.Column('"'"'email'"'"', sa.String(length=255), nullable=False),\n    sa.Column('"'"'created_at'"'"', sa.DateTime(timezone=True), server_default=sa.text('"'"'now()'"'"'), nullable=True),\n    sa.PrimaryKeyConstraint('"'"'id'"'"'),\n    sa.UniqueConstraint('"'"'email'"'"')\n    )\n    op.create_index(op.f('"'"'ix_users_email'"'"'), '"'"'users'"'"', ['"'"'email'"'"'], unique=False)\n    with op.batch_alter_table("users", schema=None) as batch_op:\n        batch_op.add_column(sa.Column('"'"'x'"'"', sa.Integer(), nullable=True))\n    if op.get_context().dialect.name == "postgresql":\n        op.execute(f"ALTER TABLE {TABLE} SET (fillfactor = 70)")\n    for name in ["a", "b"]:\n        op.drop_column(TABLE, name)\n    # ### end Alembic commands ###\n\n\ndef downgrade() -> None:\n    raise NotImplementedError("irreversible")\n'
		seed_text python strings 'x = b"\\xff\\101" rb"\\d" + u"\\u00e9\\U0001F600\\\n" '"'"''"'"''"'"'a\n'"'"''"'"''"'"' R"\\q"\ny = f"{a!r:>{w}} {{}} {b=} {c:.2f}" f'"'"''"'"''"'"'{\nd\n}'"'"''"'"''"'"'\n'
		seed_text python numbers 'x = 0x1F + 0o17 + 0b1_01 + 1_000 + 99999999999999999999999 + 1.5e-3 + 2j + .5 + 1_0.0_1e+1_0J\n'
		seed_text python statements '# -*- coding: utf-8 -*-\nimport a.b as c, d\nfrom ..m import (x as y, z,)\nfrom . import *\n@dec\nasync def f(a, b: int = 1, /, c=2, *args, d, e: str = "x", **kw) -> "T":\n\tawait g()\n\tasync with a as b, (c):\n\t\tpass\n\tasync for i in y: pass\nclass C(B, metaclass=M):\n    x: int = 1\ntry:\n    pass\nexcept (A, B) as e:\n    raise X from e\nelse:\n    pass\nfinally:\n    del a[0], b.c\nwhile True:\n    break\nelse:\n    continue\nwith (open(a) as f, open(b) as g,):\n    global q; nonlocal r; assert x, "m"\nif a: pass\nelif b: x = 1; y = 2\nelse: z = 3\nl = lambda x, *y, **z: x + 1\nc = [i for i in r if i], {k: v for k, v in d}, {i for i in x}, (i async for i in x)\nf(x for x in y)\nf(*a, **k, b=1)\nd = {**a, "b": 1, }\ns = a[1:2, ::3, x]\nif (n := len(a)) > 10: pass\nt = 1 if a else 2 if b else 3\nq = not a and b or c is not d not in e < f <= g\nmatch command.split():\n    case [action, obj] if obj:\n        pass\n    case _:\n        pass\nx += 1; x.y[0] **= 2 // 3 @ m << 1 | a ^ b & ~c\ne = ...\ndef k(*, a): return (yield from g())\r\nx = 1\r'
		;;
	esac
}

### Run

# The last value of a "stat::NAME:" line, or of "NAME: N" in the last
# status line, from log $1.
stat_of() {
	sed -n "s/^stat::$2: *//p" "$1" | tail -n 1
}
status_field() {
	grep -E '^#[0-9]+' "$1" | tail -n 1 | sed -n "s/.* $2: \\([0-9]*\\).*/\\1/p"
}

# run_target TARGET: runs it, writes BUILDDIR/logs/TARGET.{log,summary}
# and exits 0 when it ran clean.
run_target() {
	local t=$1 bin=$build/bin/fuzz_$1 corpus=$build/corpus/$1
	local art=$build/artifacts/$1 log=$build/logs/$1.log before after rc
	local execs rate cov ft artifact dict stamp=$build/logs/$1.start secs
	local -a kept
	mkdir -p "$corpus" "$art" "$build/logs"
	rm -f "$build/logs/$t.rc" "$build/logs/$t.summary"
	dict=$srcdir/tests/fuzz/dict/$t.dict
	before=$(find "$corpus" -type f | wc -l)
	: >"$stamp"
	# FUZZ_FLAGS is split into words on purpose.
	# shellcheck disable=SC2086
	ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0} \
	UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
	    -max_len="$(max_len "$t")" -dict="$dict" -print_final_stats=1 \
	    -artifact_prefix="$art/" ${FUZZ_FLAGS:-} \
	    "$corpus" "$build/seeds/$t" >"$log" 2>&1
	rc=$?
	after=$(find "$corpus" -type f | wc -l)
	# The inputs kept in this run: with -ignore_crashes libFuzzer exits 0
	# past them, but each is a finding.
	mapfile -t kept < <(find "$art" -type f -newer "$stamp" | sort)
	[ "$rc" = 0 ] && [ ${#kept[@]} -gt 0 ] && rc=1
	execs=$(stat_of "$log" number_of_executed_units)
	rate=$(stat_of "$log" average_exec_per_sec)
	# -fork prints no final stats: its last "#RUNS: ... time: Ns" line.
	if [ -z "$execs" ]; then
		execs=$(grep -E '^#[0-9]+:' "$log" | tail -n 1 | sed -n 's/^#\([0-9]*\):.*/\1/p')
		secs=$(grep -E '^#[0-9]+:' "$log" | tail -n 1 | sed -n 's/.* time: \([0-9]*\)s.*/\1/p')
		[ -n "$execs" ] && [ -n "$secs" ] && [ "$secs" -gt 0 ] &&
		    rate=$((execs / secs))
	fi
	cov=$(status_field "$log" cov)
	ft=$(status_field "$log" ft)
	{
		printf '%-9s runs %s, %s exec/s, cov %s, ft %s, corpus %s files (%+d new), exit %s\n' \
		    "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$after" \
		    $((after - before)) "$rc"
		grep -E '^Done [0-9]+ runs in' "$log" | sed 's/^/          /'
		if [ "$rc" != 0 ]; then
			grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY:' \
			    "$log" | head -n 5 | sed 's/^/          /'
			for artifact in "${kept[@]}"; do
				echo "          input kept: $artifact"
			done
			if [ ${#kept[@]} -gt 0 ]; then
				echo "          reproduce: $bin ${kept[0]}"
			fi
			echo "          log: $log"
		fi
	} >"$build/logs/$t.summary"
	echo "$rc" >"$build/logs/$t.rc"
}

# Where the harnesses put their per-process temporary files; removed at
# the end even when a crash skipped a harness's own clean-up.
if [ -w /dev/shm ]; then
	MIGSQL_FUZZ_TMPDIR=$(mktemp -d /dev/shm/migsql-fuzz-run.XXXXXX) || exit 2
else
	MIGSQL_FUZZ_TMPDIR=$(mktemp -d) || exit 2
fi
export MIGSQL_FUZZ_TMPDIR
trap 'rm -rf "$MIGSQL_FUZZ_TMPDIR"' EXIT

failed=""
for t in $build_failed; do
	[ "$t" = library ] || failed="$failed $t(build)"
done
running=0
declare -A pids=()
for t in $targets; do
	[ -x "$build/bin/fuzz_$t" ] || continue
	case " $build_failed " in *" $t "*) continue ;; esac
	assemble_seeds "$t"
	echo "fuzz_$t: ${seconds}s, seeds $(find "$build/seeds/$t" -type f | wc -l), log $build/logs/$t.log"
	run_target "$t" &
	pids[$t]=$!
	running=$((running + 1))
	if [ "$running" -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait
for t in "${!pids[@]}"; do
	[ "$(cat "$build/logs/$t.rc" 2>/dev/null)" = 0 ] || failed="$failed $t"
done

echo
echo "=== migsql fuzz summary (${seconds}s per target) ==="
for t in $targets; do
	# Libfuzzer's own progress lines, for the exec counts over time.
	if [ -f "$build/logs/$t.log" ]; then
		grep -E '^#[0-9]+[[:space:]]+(INITED|pulse|DONE)' "$build/logs/$t.log" |
		    tail -n 3 | sed "s/^/[$t] /"
	fi
done
for t in $targets; do
	if [ -f "$build/logs/$t.summary" ] && [ -n "${pids[$t]:-}" ]; then
		cat "$build/logs/$t.summary"
	else
		echo "$t: not built"
	fi
done
if [ -n "$failed" ]; then
	echo "FAILED:$failed"
	exit 1
fi
echo "all targets ran clean"
