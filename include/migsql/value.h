/*
 * value.h -- literal values against generic column types (DESIGN.md
 * "Generic types"): the values of a bulk_insert row and a column's literal
 * server_default.  Values are YAML scalars (node.h), read by YAML 1.2's
 * core schema: `3` is an integer, `'3'` and `yes` are strings.  Nothing
 * here reports: callers word the diagnostic and give its place.
 */
#ifndef MIGSQL_VALUE_H
#define MIGSQL_VALUE_H

#include <stddef.h>

#include "migsql/node.h"
#include "migsql/util.h"

/*
 * 1 when s starts with a calendar date YYYY-MM-DD that exists (ISO 8601,
 * proleptic Gregorian, as PostgreSQL 15 reads it: docs 8.5.1.1, "Dates");
 * *len receives its length (10).  0 otherwise.
 */
int value_is_date(const char *s, size_t *len);

/*
 * 1 when s starts with a time of day HH:MM[:SS[.fraction]] with hours
 * 00-24, minutes 00-59 and seconds 00-60 (PostgreSQL 15 docs, 8.5.1.2
 * "Times": 24:00:00 and a leap second are allowed); *len receives its
 * length.  0 otherwise.
 */
int value_is_time(const char *s, size_t *len);

/*
 * 1 when s is empty or a time zone offset after a time: Z, +HH, +HH:MM or
 * -HHMM, optionally after one space.  0 otherwise.
 */
int value_is_zone(const char *s);

/*
 * Checks a bulk_insert value v (a node; not null) against type, a
 * column's type as written (a generic type text, or {dialect: text}).
 * Returns NULL when v fits, else what the column wants ("an integer", "a
 * date as 'YYYY-MM-DD'", ...; a static string).  A per-dialect type or one
 * that does not parse takes anything (the loader reports a bad type).  An
 * enum column takes any string here: the caller, which knows the enum's
 * values, checks them.
 */
const char *value_misfit(const struct node *type, const struct node *v);

/*
 * Checks a literal server_default v (a scalar that is not null: a
 * {sql: ...} default is SQL and is not checked here) against type, as
 * value_misfit() does, with the rules of a default that PostgreSQL 15
 * would accept and SQLite would store as the column's kind of value:
 *   integer, bigint, smallint: an integer, or a string of decimal digits
 *     (Alembic's server_default="0"), within the type's range
 *     (PostgreSQL 15 docs, 8.1.1 "Integer Types");
 *   numeric, float, double: a finite number, or a string holding one;
 *   boolean: true or false, unquoted (`yes` is a string in YAML 1.2, and
 *     SQLite would store the text);
 *   date, time, timestamp, timestamptz: a string as value_is_date(),
 *     value_is_time() and value_is_zone() read them;
 *   uuid: a string of 8-4-4-4-12 hexadecimal digits (docs, 8.12);
 *   json: a string holding a JSON text, as SQLite's json_valid() reads
 *     it (RFC 8259); unchecked when the SQLite library has no JSON;
 *   enum: one of values (nvalues of them), when values is not NULL.
 * Other types (string, text, interval, binary) and per-dialect types take
 * any value.  Returns 1 when v fits; else 0 and appends to want what the
 * column takes ("a valid integer", "an integer from -32768 to 32767").
 */
int value_default_fits(const struct node *type, const struct node *v,
    char *const *values, size_t nvalues, struct strbuf *want);

/* Frees what value.c keeps between calls (an in-memory SQLite database
   for JSON); call once at exit. */
void value_cleanup(void);

#endif /* MIGSQL_VALUE_H */
