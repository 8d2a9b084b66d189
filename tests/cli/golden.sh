#!/bin/sh
# Golden tests: each example x dialect x range renders byte for byte to
# tests/golden/EXAMPLE.DIALECT.NAME.sql; and rendering is byte-stable under
# another file order on disk, another locale and another time zone.
# Regenerate with UPDATE_GOLDEN=1 (then read every changed file).
. "$top_srcdir/tests/lib.sh"

G=$top_srcdir/tests/golden

# example name range-args...
CASES='
sark up-all upgrade base:heads
sark down-all downgrade heads:base
sark up-from-2 upgrade 9e4b2c71d0a6:heads
sark down-one downgrade head:head-1
sark up-prefix upgrade 5d1f:c28f
shop up-all upgrade heads
shop down-all downgrade heads:base
shop up-reporting upgrade reporting@head
shop up-branch upgrade 6a9f3b2d8e14:8c5d1e7f3a20
shop down-merge downgrade heads:4f2a8d6c1e93
shop up-list upgrade 1b7e4c9a2f05,2e6b9d4a7c31:b3e8a1c5d7f6,7d3c0f8b5a64
shop schema-heads schema heads
sark schema-heads schema heads
clinic up-all upgrade heads
clinic down-all downgrade heads:base
clinic up-require-mrn upgrade a8e2c5f01b94:5c9f7a3e2d10
clinic down-keys downgrade f4b1a96e2c38:62d8b0f4c9a5
clinic schema-heads schema heads
clinic schema-invoices schema b6f0d3a8e127
sark up-per-revision upgrade heads --transaction-per-revision
sark stamp-heads stamp heads
tests/engine/fixtures/concurrently up-all upgrade heads
tests/engine/fixtures/concurrently down-all downgrade heads:base
tests/engine/fixtures/index-options up-all upgrade heads
tests/engine/fixtures/index-options down-all downgrade heads:base
tests/engine/fixtures/index-options schema-heads schema heads
tests/engine/fixtures/comments up-all upgrade heads
tests/engine/fixtures/comments down-all downgrade heads:base
tests/engine/fixtures/enum-values up-all upgrade heads
tests/engine/fixtures/enum-values down-all downgrade heads:base
tests/engine/fixtures/enum-values schema-heads schema heads
tests/engine/fixtures/table-options-postgresql up-all upgrade heads
tests/engine/fixtures/table-options-postgresql down-all downgrade heads:base
tests/engine/fixtures/table-options-postgresql schema-heads schema heads
tests/engine/fixtures/table-options-postgresql stamp-heads stamp heads
tests/engine/fixtures/table-options-sqlite up-all upgrade heads
tests/engine/fixtures/table-options-sqlite down-all downgrade heads:base
tests/engine/fixtures/table-options-sqlite schema-heads schema heads
tests/engine/fixtures/table-options-sqlite stamp-heads stamp heads
'

echo "$CASES" | while read -r ex name cmd range flags; do
	[ -n "$ex" ] || continue
	# An example's name, or a project's path from the top of the tree.
	case $ex in
	*/*) dir=$top_srcdir/$ex ex=${ex##*/} ;;
	*) dir=$top_srcdir/examples/$ex ;;
	esac
	for d in postgresql sqlite; do
		# A fixture for some dialects only (its file `dialects`).
		if [ -f "$dir/dialects" ] && ! grep -qx "$d" "$dir/dialects"; then
			continue
		fi
		f=$G/$ex.$d.$name.sql
		out=$T_TMP/out.sql
		# shellcheck disable=SC2086
		(cd "$dir" && "$MIGSQL" "$cmd" "$range" -d "$d" $flags) \
		    >"$out" 2>"$T_TMP/err" || { echo "FAIL - $ex $d $name: $(cat "$T_TMP/err")"; continue; }
		if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
			cp "$out" "$f"
		fi
		if cmp -s "$out" "$f"; then
			echo "ok - $ex $d $name"
		else
			echo "FAIL - $ex $d $name"
			diff -u "$f" "$out" | head -20
		fi
	done
done >"$T_TMP/results"
cat "$T_TMP/results"
T_PASS=$(grep -c '^ok' "$T_TMP/results")
T_FAIL=$(grep -c '^FAIL' "$T_TMP/results")

# Byte stability: copy an example with its files created in reverse order,
# render under another locale and time zone, compare.
for ex in sark shop clinic; do
	copy=$T_TMP/copy-$ex
	mkdir -p "$copy/versions"
	cp "$top_srcdir/examples/$ex/migsql.yaml" "$copy/"
	for f in $(ls -r "$top_srcdir/examples/$ex/versions"); do
		cp "$top_srcdir/examples/$ex/versions/$f" "$copy/versions/$f"
	done
	for d in postgresql sqlite; do
		(cd "$top_srcdir/examples/$ex" && "$MIGSQL" upgrade heads -d "$d") >"$T_TMP/a.sql"
		(cd "$copy" && LC_ALL=C.UTF-8 TZ=Pacific/Kiritimati "$MIGSQL" upgrade heads -d "$d") >"$T_TMP/b.sql"
		check "$ex $d: same bytes from another file order, locale and zone" \
		    cmp -s "$T_TMP/a.sql" "$T_TMP/b.sql"
		(cd "$top_srcdir/examples/$ex" && "$MIGSQL" upgrade heads -d "$d") >"$T_TMP/c.sql"
		check "$ex $d: same bytes on a second run" cmp -s "$T_TMP/a.sql" "$T_TMP/c.sql"
	done
done
finish
