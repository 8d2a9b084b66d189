#!/bin/sh
# The bash completion (completion/migsql): driven as bash drives it, with
# COMP_WORDS and COMP_CWORD set and _migsql called, from a bash script.
# shellcheck disable=SC2154 # top_srcdir comes from the environment
. "$top_srcdir/tests/lib.sh"

if ! command -v bash >/dev/null 2>&1; then
	skip_check "completion: bash is not installed"
	finish
	exit $?
fi

# complete WORD...: the words bash would offer for the last WORD (the
# first is the program), one per line, sorted.
complete_words() {
	bash -c '
		. "$1/completion/migsql"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_migsql
		printf "%s\n" "${COMPREPLY[@]}" | sort
	' sh "$top_srcdir" "$@"
}

SHOP=$top_srcdir/examples/shop
check "completion: the commands" \
    test "$(complete_words "$MIGSQL" up)" = upgrade
check "completion: every command from nothing" \
    test "$(complete_words "$MIGSQL" '' | wc -l)" = 16
check "completion: import is a command" \
    test "$(complete_words "$MIGSQL" imp)" = import
check "completion: options after a dash" \
    test "$(complete_words "$MIGSQL" --lock)" = --lock-timeout
check "completion: a revision id of the -C project" \
    test "$(complete_words "$MIGSQL" -C "$SHOP" upgrade 1b7)" = 1b7e4c9a2f05
check "completion: a branch label" \
    test "$(complete_words "$MIGSQL" -C "$SHOP" history rep)" = reporting
check "completion: heads and head" \
    test "$(complete_words "$MIGSQL" -C "$SHOP" upgrade hea | tr '\n' ' ')" = "head heads "
check "completion: the dialects on the search path" \
    test "$(complete_words "$MIGSQL" -C "$SHOP" upgrade heads -d '' | tr '\n' ' ')" = "mariadb postgresql sqlite "
check "completion: --format takes text, json or sarif" \
    test "$(complete_words "$MIGSQL" check --format '' | paste -sd, -)" = json,sarif,text
check "completion: --format=s (one word)" \
    test "$(complete_words "$MIGSQL" lint --format=s)" = --format=sarif
check "completion: --format = j (where = breaks words)" \
    test "$(complete_words "$MIGSQL" lint --format = j)" = json
check "completion: --graph is an option" \
    test "$(complete_words "$MIGSQL" history --gr)" = --graph
check "completion: --head takes a revision" \
    test "$(complete_words "$MIGSQL" -C "$SHOP" new --head f1a)" = f1a7b5e3c902
finish
