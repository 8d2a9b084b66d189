#!/bin/sh
# make bench: how fast migsql renders long chains, against the floor that
# no libyaml-based tool can beat (a bare libyaml event parse of the same
# files on one core).  It reports; it never fails on a figure.
#
# Environment (all optional):
#   BENCH_SIZES  chain lengths (default "1000 10000 100000")
#   BENCH_RUNS   runs per measurement; the median is reported (default 5)
#   BENCH_SEED   the generator's seed (default 1)
#   BENCH_DIR    where chains are generated and kept between runs
#                (default ./bench-data)
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
printf '%-8s %-9s %-7s %-9s %-9s %-9s %-9s %-9s %-9s %-9s %-9s\n' \
    revisions yaml_MiB floor_ms pg_ms pg/floor sqlite_ms sl/floor last10_ms l10/floor check_ms bundle_ms
results=""
for n in $sizes; do
	chain="$dir/chain-$n-$seed"
	if [ ! -f "$chain/from-last-10" ]; then
		rm -rf "$chain"
		"$GENCHAIN" "$n" "$seed" "$chain"
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
	pg_ms=$(field median_ms "$pg")
	sl_ms=$(field median_ms "$sl")
	l10_ms=$(field median_ms "$l10")
	rss=$(field rss_kb "$pg")
	srss=$(field rss_kb "$sl")
	[ "$srss" -gt "$rss" ] && rss=$srss
	printf '%-8s %-9s %-7s %-9s %-9s %-9s %-9s %-9s %-9s %-9s %-9s\n' "$n" \
	    "$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')" \
	    "$floor" "$pg_ms" \
	    "$(awk -v a="$pg_ms" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')" \
	    "$sl_ms" \
	    "$(awk -v a="$sl_ms" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')" \
	    "$l10_ms" \
	    "$(awk -v a="$l10_ms" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')" \
	    "$(field median_ms "$ck")" "$(field median_ms "$bd")"
	echo "         peak RSS $(awk -v r="$rss" -v n="$n" 'BEGIN { printf "%.1f MiB, %.1f KiB per revision", r / 1024, r / n }')"
	results="$results $n:$pg_ms"
done

# Growth: time(100k)/time(10k) for base->heads on PostgreSQL.
t10=$(echo "$results" | tr ' ' '\n' | awk -F: '$1 == 10000 { print $2 }')
t100=$(echo "$results" | tr ' ' '\n' | awk -F: '$1 == 100000 { print $2 }')
if [ -n "$t10" ] && [ -n "$t100" ]; then
	echo "time(100k)/time(10k): $(awk -v a="$t100" -v b="$t10" 'BEGIN { printf "%.1f", a / b }')"
fi
echo "targets: pg/floor and sl/floor <= 1.5 at 10k; l10/floor <= 0.3 at 10k;" \
    "time(100k)/time(10k) <= 11; peak RSS <= 3 KiB per revision"
