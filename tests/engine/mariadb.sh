#!/bin/sh
# Real-engine test, MariaDB: every example and fixture (tests/engine/suite.sh,
# suite_all), each round-tripped revision by revision with its schema
# compared to `migsql schema`, applied with plain `mariadb < FILE`.
. "$top_srcdir/tests/engine/maria.sh"
suite_all
suite_db_schema_errors
finish
