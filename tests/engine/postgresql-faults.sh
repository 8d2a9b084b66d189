#!/bin/sh
# Real-engine test, PostgreSQL: what the scripts do under faults and
# options -- the migration lock held, lock_timeout, a run killed inside
# CREATE INDEX CONCURRENTLY and resumed, a database at the wrong version,
# --var and --transaction-per-revision.
. "$top_srcdir/tests/engine/pg.sh"
suite_db_schema_errors
suite_vars
suite_per_revision
suite_stamp
suite_merge
pg_lock_fails_fast
pg_lock_timeout
pg_concurrently
pg_index_methods
pg_constraint_options
pg_generated_columns
pg_exclude
finish
