#!/bin/sh
# make bench: how fast migsql renders long chains, against the floor that
# no libyaml-based tool can beat (a bare libyaml event parse of the same
# files on one core).  It reports; it never fails on a figure.
#
# Each chain is also generated as Alembic revision files (.py, as
# `alembic revision --autogenerate` writes them; genchain's header says
# how each operation is written) with the same ids, operations and
# migsql.yaml, and timed the same way: py_pg_ms and py_sl_ms, and
# py/yaml, the ratio of the PostgreSQL times; load_ms and py_load_ms time
# `migsql heads`, which reads and checks every revision and renders
# nothing: the reading alone.  The target is that reading
# a .py revision costs no more than reading its YAML (py/yaml <= 1.0).
# When migsql refuses the .py chain, its first error is shown and the
# columns are "-".
#
# Environment (all optional):
#   BENCH_SIZES  chain lengths (default "1000 10000 100000")
#   BENCH_RUNS   runs per measurement; the median is reported (default 5)
#   BENCH_SEED   the generator's seed (default 1)
#   BENCH_DIR    where chains are generated and kept between runs
#                (default ./bench-data): chain-N-SEED (YAML) and
#                chain-N-SEED-py (Alembic .py)
#   BENCH_CHECK  1: also time `migsql check` and `migsql bundle` (both
#                dialects) once per chain
# Set by the Makefile: MIGSQL, GENCHAIN, YAMLFLOOR, MEASURE (the programs)
# and MIGSQL_DIALECT_PATH.
set -eu

sizes=${BENCH_SIZES:-1000 10000 100000}
runs=${BENCH_RUNS:-5}
seed=${BENCH_SEED:-1}
dir=${BENCH_DIR:-bench-data}
mkdir -p "$dir"

# field NAME LINE: the value after NAME in a "name value ..." line.
field() {
	echo "$2" | awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }'
}

median_floor() {
	for _ in $(seq "$runs"); do
		"$YAMLFLOOR" "$1"/versions
	done | awk '{ print $NF }' | sort -n |
	    awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

echo "machine: $(nproc) cores, $(awk '/^model name/ { sub(/^[^:]*: /, ""); print; exit }' /proc/cpuinfo)"
echo "migsql: $("$MIGSQL" --version | head -n 1); runs: $runs (median); seed: $seed"
# measure_or_dash: measure's line, or one of "-" when the run fails
# (the .py chain before migsql reads .py files): make bench reports, it
# does not fail on a figure.
measure_or_dash() {
	"$MEASURE" "$@" 2>/dev/null || echo "median_ms - rss_kb -"
}

fmt='%-8s %-9s %-7s %-9s %-9s %-9s %-9s %-9s %-9s %-9s %-9s %-9s %-9s %-8s %-8s %-10s\n'
printf "$fmt" \
    revisions yaml_MiB floor_ms pg_ms pg/floor sqlite_ms sl/floor last10_ms l10/floor check_ms bundle_ms \
    py_pg_ms py_sl_ms py/yaml load_ms py_load_ms
results=""
pyresults=""
mresults=""
for n in $sizes; do
	chain="$dir/chain-$n-$seed"
	if [ ! -f "$chain/from-last-10" ]; then
		rm -rf "$chain"
		"$GENCHAIN" "$n" "$seed" "$chain"
	fi
	pychain="$chain-py"
	if [ ! -f "$pychain/from-last-10" ]; then
		rm -rf "$pychain"
		"$GENCHAIN" "$n" "$seed" "$pychain" py
	fi
	bytes=$("$YAMLFLOOR" "$chain"/versions | awk '{ print $4 }')
	floor=$(median_floor "$chain")
	from=$(cat "$chain/from-last-10")
	pg=$("$MEASURE" "$runs" "$MIGSQL" -C "$chain" upgrade heads -d postgresql)
	sl=$("$MEASURE" "$runs" "$MIGSQL" -C "$chain" upgrade heads -d sqlite)
	l10=$("$MEASURE" "$runs" "$MIGSQL" -C "$chain" upgrade "$from:heads" -d postgresql)
	# check and bundle render every revision, both ways, in both
	# dialects (and bundle writes 13 KiB of SQL per revision): measured
	# once, and only when asked (BENCH_CHECK=1).
	ck="median_ms -"
	bd="median_ms -"
	if [ "${BENCH_CHECK:-0}" = 1 ]; then
		ck=$("$MEASURE" 1 "$MIGSQL" -C "$chain" check)
		# An absolute OUTDIR: -C makes a relative one the chain's.
		case $dir in
		/*) out=$dir/bundle-out ;;
		*) out=$(pwd)/$dir/bundle-out ;;
		esac
		rm -rf "$out"
		bd=$("$MEASURE" 1 "$MIGSQL" -C "$chain" bundle -d postgresql \
		    -d sqlite "$out")
		rm -rf "$out"
	fi
	# The same chain as .py files, timed as the YAML one.
	pypg=$(measure_or_dash "$runs" "$MIGSQL" -C "$pychain" upgrade heads -d postgresql)
	pysl=$(measure_or_dash "$runs" "$MIGSQL" -C "$pychain" upgrade heads -d sqlite)
	ld=$(measure_or_dash "$runs" "$MIGSQL" -C "$chain" heads)
	pyld=$(measure_or_dash "$runs" "$MIGSQL" -C "$pychain" heads)
	pg_ms=$(field median_ms "$pg")
	sl_ms=$(field median_ms "$sl")
	l10_ms=$(field median_ms "$l10")
	rss=$(field rss_kb "$pg")
	srss=$(field rss_kb "$sl")
	[ "$srss" -gt "$rss" ] && rss=$srss
	pypg_ms=$(field median_ms "$pypg")
	pysl_ms=$(field median_ms "$pysl")
	pyrss=$(field rss_kb "$pypg")
	pysrss=$(field rss_kb "$pysl")
	ratio=-
	if [ "$pypg_ms" != - ]; then
		ratio=$(awk -v a="$pypg_ms" -v b="$pg_ms" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	fi
	printf "$fmt" "$n" \
	    "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')" \
	    "$floor" "$pg_ms" \
	    "$(awk -v a="$pg_ms" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')" \
	    "$sl_ms" \
	    "$(awk -v a="$sl_ms" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')" \
	    "$l10_ms" \
	    "$(awk -v a="$l10_ms" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')" \
	    "$(field median_ms "$ck")" "$(field median_ms "$bd")" \
	    "$pypg_ms" "$pysl_ms" "$ratio" "$(field median_ms "$ld")" "$(field median_ms "$pyld")"
	echo "         peak RSS $(awk -v r="$rss" -v n="$n" 'BEGIN { printf "%.1f MiB, %.1f KiB per revision", r / 1024, r / n }')"
	if [ "$pypg_ms" != - ] && [ "$pysl_ms" != - ]; then
		[ "$pysrss" -gt "$pyrss" ] && pyrss=$pysrss
		echo "         .py: $(find "$pychain/versions" -name '*.py' -exec cat {} + | wc -c | awk '{ printf "%.1f MiB", $1 / 1048576 }') of Python, peak RSS $(awk -v r="$pyrss" -v n="$n" 'BEGIN { printf "%.1f MiB, %.1f KiB per revision", r / 1024, r / n }')"
	else
		# Say why, from migsql itself: its first error.
		why=$("$MIGSQL" -C "$pychain" upgrade heads -d postgresql 2>&1 >/dev/null | grep -m 1 . || true)
		echo "         .py: not timed: migsql -C $pychain upgrade heads failed: ${why:-no message}"
	fi
	results="$results $n:$pg_ms"
	pyresults="$pyresults $n:$pg_ms:$pypg_ms:$sl_ms:$pysl_ms:$(field median_ms "$ld"):$(field median_ms "$pyld")"
	# MariaDB: every statement a part of its own, each comparing its
	# position with the database's (linear in the parts, not square).
	md=$(measure_or_dash "$runs" "$MIGSQL" -C "$chain" upgrade heads -d mariadb)
	mdsize=$("$MIGSQL" -C "$chain" upgrade heads -d mariadb 2>/dev/null | wc -c)
	pgsize=$("$MIGSQL" -C "$chain" upgrade heads -d postgresql 2>/dev/null | wc -c)
	mresults="$mresults $n:$(field median_ms "$md"):$pg_ms:$mdsize:$pgsize:$(field rss_kb "$md")"
done

# Growth: time(100k)/time(10k) for base->heads on PostgreSQL.
t10=$(echo "$results" | tr ' ' '\n' | awk -F: '$1 == 10000 { print $2 }')
t100=$(echo "$results" | tr ' ' '\n' | awk -F: '$1 == 100000 { print $2 }')
if [ -n "$t10" ] && [ -n "$t100" ]; then
	echo "time(100k)/time(10k): $(awk -v a="$t100" -v b="$t10" 'BEGIN { printf "%.1f", a / b }')"
fi
# .py against YAML: the same chain, the same commands.
echo "$pyresults" | tr ' ' '\n' | awk -F: 'NF == 7 {
	if ($3 == "-" || $5 == "-" || $7 == "-") {
		printf ".py vs YAML at %s: not measured (migsql did not read the .py chain)\n", $1
		next
	}
	printf ".py vs YAML at %s: postgresql %s ms vs %s ms (%.2fx), sqlite %s ms vs %s ms (%.2fx), heads (reading alone) %s ms vs %s ms (%.2fx): reading .py costs %s\n",
	    $1, $3, $2, ($2 > 0 ? $3 / $2 : 0), $5, $4, ($4 > 0 ? $5 / $4 : 0),
	    $7, $6, ($6 > 0 ? $7 / $6 : 0),
	    ($3 <= $2 && $5 <= $4 && $7 <= $6) ? "no more than YAML" : "more than YAML"
}'
echo "$mresults" | tr ' ' '\n' | awk -F: 'NF == 6 {
	printf "mariadb at %s: %s ms (postgresql %s ms), script %.1f MiB (postgresql %.1f MiB, %.1fx), peak RSS %s KiB\n",
	    $1, $2, $3, $4 / 1048576, $5 / 1048576, ($5 > 0 ? $4 / $5 : 0), $6
}'
echo "targets: pg/floor and sl/floor <= 1.5 at 10k; l10/floor <= 0.3 at 10k;" \
    "time(100k)/time(10k) <= 11; peak RSS <= 3 KiB per revision;" \
    "py/yaml <= 1.0"
