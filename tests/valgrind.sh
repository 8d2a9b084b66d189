#!/bin/sh
# Runs the real migsql ($MIGSQL_BIN) under valgrind's memcheck, for
# `make check-valgrind`: the CLI tests call this script as $MIGSQL.  Any
# invalid access, uninitialised use or leak (of any kind, still-reachable
# included) is reported on stderr, where the tests see it as a mismatch,
# and makes the exit status 99.
exec valgrind --quiet --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=all --errors-for-leak-kinds=all --track-origins=yes \
    "${MIGSQL_BIN:?MIGSQL_BIN must point at the built migsql}" "$@"
