/* value.c -- literal values against generic column types (value.h). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/op.h"
#include "migsql/value.h"

int
value_is_date(const char *s, size_t *len)
{
	static const int days[12] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int y, m, d;
	size_t i;

	for (i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return 0;
		} else if (!isdigit((unsigned char)s[i]))
			return 0;
	}
	y = atoi(s);
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return 0;
	*len = 10;
	return 1;
}

/* The two digits at s as a number, or -1. */
static int
two_digits(const char *s)
{
	if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]))
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
value_is_time(const char *s, size_t *len)
{
	int h = two_digits(s), m, sec = 0;
	size_t i;

	if (h < 0 || s[2] != ':' || (m = two_digits(s + 3)) < 0)
		return 0;
	i = 5;
	if (s[i] == ':' && two_digits(s + i + 1) >= 0) {
		sec = two_digits(s + i + 1);
		i += 3;
		if (s[i] == '.' && isdigit((unsigned char)s[i + 1]))
			for (i++; isdigit((unsigned char)s[i]); i++)
				;
	}
	if (h > 24 || m > 59 || sec > 60 || (h == 24 && (m > 0 || sec > 0)))
		return 0;
	*len = i;
	return 1;
}

int
value_is_zone(const char *s)
{
	if (*s == '\0')
		return 1;
	if (*s == ' ')
		s++;
	if ((s[0] == 'Z' || s[0] == 'z') && s[1] == '\0')
		return 1;
	if (s[0] != '+' && s[0] != '-')
		return 0;
	if (!isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]))
		return 0;
	s += 3;
	if (*s == ':')
		s++;
	if (*s == '\0')
		return 1;
	return isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) &&
	    s[2] == '\0';
}

/* 1 when s is a date, optionally followed by ' ' or 'T', a time, a zone. */
static int
is_timestamp(const char *s)
{
	size_t n, m;

	return value_is_date(s, &n) && (s[n] == '\0' || ((s[n] == ' ' ||
	    s[n] == 'T') && value_is_time(s + n + 1, &m) &&
	    value_is_zone(s + n + 1 + m)));
}

/* The generic type of a column's type node, or 0 when it has none. */
static int
generic_type(const struct node *type, struct type_spec *t)
{
	const char *why;

	return type != NULL && type->kind == NODE_SCALAR &&
	    type_parse(type->text, t, &why);
}

const char *
value_misfit(const struct node *type, const struct node *v)
{
	struct type_spec t;
	size_t n;

	if (v->kind != NODE_SCALAR)
		return "a scalar";
	if (!generic_type(type, &t))
		return NULL;	/* a per-dialect type: anything goes */
	switch (t.type) {
	case GT_INTEGER: case GT_BIGINT: case GT_SMALLINT:
		return v->type == SCALAR_INT ? NULL : "an integer";
	case GT_NUMERIC: case GT_FLOAT: case GT_DOUBLE:
		return v->type == SCALAR_INT || v->type == SCALAR_FLOAT ?
		    NULL : "a number";
	case GT_BOOLEAN:
		return v->type == SCALAR_BOOL ? NULL : "true or false";
	case GT_DATE:
		return v->type == SCALAR_STR && value_is_date(v->text, &n) &&
		    v->text[n] == '\0' ? NULL : "a date as 'YYYY-MM-DD'";
	case GT_TIME:
		return v->type == SCALAR_STR && value_is_time(v->text, &n) &&
		    v->text[n] == '\0' ? NULL : "a time as 'HH:MM:SS'";
	case GT_TIMESTAMP: case GT_TIMESTAMPTZ:
		return v->type == SCALAR_STR && is_timestamp(v->text) ? NULL :
		    "a timestamp as 'YYYY-MM-DD HH:MM:SS'";
	case GT_STRING: case GT_CHAR:
		if (v->type != SCALAR_STR)
			return "a string";
		if (t.nparams == 1 && strlen(v->text) > t.params[0]) {
			/* counted in bytes: a conservative check */
			size_t chars = 0;
			const char *p;

			for (p = v->text; *p; p++)
				if (((unsigned char)*p & 0xC0) != 0x80)
					chars++;
			if (chars > t.params[0])
				return "a string that fits the column's length";
		}
		return NULL;
	case GT_ENUM:
		return v->type == SCALAR_STR ? NULL : "one of the enum's values";
	default:
		return v->type == SCALAR_STR ? NULL : "a string";
	}
}

/*
 * An integer scalar or string as a number in *out: YAML's 0x and 0o forms
 * for an integer node, decimal digits only for a string.  Returns 1, 0
 * when v is no integer, -1 when it is one outside long long.
 */
static int
integer_of(const struct node *v, long long *out)
{
	const char *s = v->text;
	unsigned long long x;
	int neg = 0, base = 10;
	char *end;

	if (v->type != SCALAR_INT && v->type != SCALAR_STR)
		return 0;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	if (v->type == SCALAR_INT && s[0] == '0' && (s[1] == 'x' ||
	    s[1] == 'o')) {
		base = s[1] == 'x' ? 16 : 8;
		s += 2;
	}
	if (!isxdigit((unsigned char)*s))
		return 0;
	errno = 0;
	x = strtoull(s, &end, base);
	if (*end != '\0' || (base == 10 && strspn(s, "0123456789") !=
	    strlen(s)))
		return 0;
	if (errno != 0 || x > (unsigned long long)LLONG_MAX + neg)
		return -1;
	*out = neg ? (long long)(0 - x) : (long long)x;
	return 1;
}

/* 1 when s is a decimal number: [+-] digits [. digits] [e [+-] digits]. */
static int
is_decimal(const char *s)
{
	size_t d = 0;

	if (*s == '+' || *s == '-')
		s++;
	for (; isdigit((unsigned char)*s); s++)
		d++;
	if (*s == '.')
		for (s++; isdigit((unsigned char)*s); s++)
			d++;
	if (d == 0)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
	}
	return *s == '\0';
}

/* 1 when s is 8-4-4-4-12 hexadecimal digits. */
static int
is_uuid(const char *s)
{
	size_t i;

	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
	}
	return s[36] == '\0';
}

static sqlite3 *json_db;		/* opened on first use */
static sqlite3_stmt *json_stmt;	/* SELECT json_valid(?1) */

/* 1 when s is a JSON text, 0 when not, -1 when this cannot be told. */
static int
is_json(const char *s)
{
	int r = -1;

	if (json_stmt == NULL) {
		if (json_db == NULL && sqlite3_open_v2(":memory:", &json_db,
		    SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY, NULL) !=
		    SQLITE_OK)
			return -1;
		if (sqlite3_prepare_v2(json_db, "SELECT json_valid(?1)", -1,
		    &json_stmt, NULL) != SQLITE_OK)
			return -1;	/* a library without JSON */
	}
	if (sqlite3_bind_text(json_stmt, 1, s, -1, SQLITE_STATIC) ==
	    SQLITE_OK && sqlite3_step(json_stmt) == SQLITE_ROW)
		r = sqlite3_column_int(json_stmt, 0) != 0;
	sqlite3_reset(json_stmt);
	sqlite3_clear_bindings(json_stmt);
	return r;
}

void
value_cleanup(void)
{
	sqlite3_finalize(json_stmt);
	json_stmt = NULL;
	sqlite3_close(json_db);
	json_db = NULL;
}

/* The range of an integer type (PostgreSQL 15 docs, 8.1.1). */
static int
integer_fits(const struct type_spec *t, const struct node *v,
    struct strbuf *want)
{
	static const char *const ranges[] = {
		[GT_SMALLINT] = "-32768 to 32767",
		[GT_INTEGER] = "-2147483648 to 2147483647",
		[GT_BIGINT] = "-9223372036854775808 to 9223372036854775807",
	};
	long long x = 0;
	int r = integer_of(v, &x);

	if (r == 0) {
		strbuf_adds(want, "a valid integer");
		return 0;
	}
	if (r < 0 || (t->type == GT_SMALLINT && (x < -32768 || x > 32767)) ||
	    (t->type == GT_INTEGER && (x < -2147483647LL - 1 ||
	    x > 2147483647LL))) {
		strbuf_addf(want, "an integer from %s", ranges[t->type]);
		return 0;
	}
	return 1;
}

int
value_default_fits(const struct node *type, const struct node *v,
    char *const *values, size_t nvalues, struct strbuf *want)
{
	struct type_spec t;
	const char *need = NULL;
	int str = v->kind == NODE_SCALAR && v->type == SCALAR_STR;
	size_t i, n;

	if (v->kind != NODE_SCALAR || v->type == SCALAR_NULL ||
	    !generic_type(type, &t))
		return 1;
	switch (t.type) {
	case GT_INTEGER: case GT_BIGINT: case GT_SMALLINT:
		return integer_fits(&t, v, want);
	case GT_NUMERIC: case GT_FLOAT: case GT_DOUBLE:
		/* .inf and .nan are YAML floats, but no SQL number. */
		if (!(v->type == SCALAR_INT || (v->type == SCALAR_FLOAT &&
		    strchr(v->text, 'n') == NULL && strchr(v->text, 'N') ==
		    NULL) || (str && is_decimal(v->text))))
			need = "a valid number";
		break;
	case GT_BOOLEAN:
		if (v->type != SCALAR_BOOL)
			need = "true or false (unquoted)";
		break;
	case GT_DATE:
		if (!str || !value_is_date(v->text, &n) || v->text[n] != '\0')
			need = "a valid date (YYYY-MM-DD)";
		break;
	case GT_TIME:
		if (!str || !value_is_time(v->text, &n) || v->text[n] != '\0')
			need = "a valid time (HH:MM:SS)";
		break;
	case GT_TIMESTAMP: case GT_TIMESTAMPTZ:
		if (!str || !is_timestamp(v->text))
			need = "a valid timestamp (YYYY-MM-DD HH:MM:SS)";
		break;
	case GT_UUID:
		if (!str || !is_uuid(v->text))
			need = "a valid uuid (8-4-4-4-12 hexadecimal digits)";
		break;
	case GT_JSON: case GT_JSONB:
		if (!str || is_json(v->text) == 0)
			need = "a valid JSON text (in a string)";
		break;
	case GT_ENUM:
		if (values == NULL)
			break;
		for (i = 0; str && i < nvalues; i++)
			if (strcmp(values[i], v->text) == 0)
				return 1;
		strbuf_addf(want, "a value of enum '%s'", t.enum_name);
		return 0;
	default:
		break;
	}
	if (need == NULL)
		return 1;
	strbuf_adds(want, need);
	return 0;
}
