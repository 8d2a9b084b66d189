#!/bin/sh
# Real-engine test, PostgreSQL: the fourth quarter of the examples and
# fixtures (tests/engine/suite.sh, suite_all), each round-tripped revision
# by revision with its schema compared to `migsql schema`.
. "$top_srcdir/tests/engine/pg.sh"
suite_all 4/4
finish
