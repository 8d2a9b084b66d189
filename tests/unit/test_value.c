/* test_value.c -- literal values against generic column types (value.h). */
#include "config.h"

#include <criterion/criterion.h>

#include "migsql/value.h"
#include "helpers.h"

/*
 * Whether the YAML flow mapping {type: T, v: V} (text) holds a default
 * value v that fits type t, with the enum values given; *want receives
 * the wanted kind.
 */
static int
fits(const char *yaml, char *const *values, size_t nvalues, char **want)
{
	struct diags d;
	struct strbuf sb = STRBUF_INIT;
	struct node *root;
	int ok = -1, r;

	diags_init(&d);
	root = node_parse("t.yaml", yaml, strlen(yaml), &d, &ok);
	assert_no_errors(&d);
	cr_assert_not_null(root);
	r = value_default_fits(node_get(root, "type"), node_get(root, "v"),
	    values, nvalues, &sb);
	strbuf_adds(&sb, "");
	if (want != NULL)
		*want = strbuf_detach(&sb);
	else
		strbuf_free(&sb);
	node_free(root);
	diags_free(&d);
	return r;
}

#define FITS(y)		cr_assert_eq(fits((y), NULL, 0, NULL), 1, "%s", (y))
#define MISFITS(y)	cr_assert_eq(fits((y), NULL, 0, NULL), 0, "%s", (y))

Test(value, integer_defaults_within_the_types_range)
{
	char *want;

	FITS("{type: integer, v: 42}");
	FITS("{type: integer, v: '42'}");	/* Alembic's server_default="42" */
	FITS("{type: integer, v: -2147483648}");
	FITS("{type: integer, v: 0x7fffffff}");
	FITS("{type: smallint, v: -32768}");
	FITS("{type: bigint, v: -9223372036854775808}");
	MISFITS("{type: integer, v: three}");
	MISFITS("{type: integer, v: 1.5}");
	MISFITS("{type: integer, v: '0x10'}");	/* a string: decimal only */
	MISFITS("{type: integer, v: true}");
	MISFITS("{type: integer, v: 2147483648}");
	MISFITS("{type: bigint, v: 9223372036854775808}");
	cr_assert_eq(fits("{type: smallint, v: 32768}", NULL, 0, &want), 0);
	cr_assert_str_eq(want, "an integer from -32768 to 32767");
	free(want);
	cr_assert_eq(fits("{type: integer, v: x}", NULL, 0, &want), 0);
	cr_assert_str_eq(want, "a valid integer");
	free(want);
}

Test(value, numbers_booleans_and_dates)
{
	FITS("{type: 'numeric(10,2)', v: '9.99'}");
	FITS("{type: float, v: 1e-3}");
	FITS("{type: double, v: -.5e+2}");
	MISFITS("{type: double, v: '1,5'}");
	MISFITS("{type: numeric, v: '.'}");
	FITS("{type: boolean, v: false}");
	MISFITS("{type: boolean, v: yes}");	/* a string in YAML 1.2 */
	MISFITS("{type: boolean, v: 'true'}");
	MISFITS("{type: boolean, v: 1}");
	FITS("{type: date, v: '2024-02-29'}");
	MISFITS("{type: date, v: '2023-02-29'}");
	FITS("{type: time, v: '24:00:00'}");
	FITS("{type: time, v: '23:59:60.5'}");
	MISFITS("{type: time, v: '24:00:01'}");
	MISFITS("{type: time, v: '12:60'}");
	FITS("{type: timestamptz, v: '2024-01-01T10:00:00+02:00'}");
	MISFITS("{type: timestamp, v: now}");
}

Test(value, uuid_json_enum_and_unchecked_types)
{
	char *const moods[] = { "happy", "sad" };
	char *want;

	FITS("{type: uuid, v: A0EEBC99-9c0b-4ef8-bb6d-6bb9bd380a11}");
	MISFITS("{type: uuid, v: a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1}");
	MISFITS("{type: uuid, v: a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11x}");
	FITS("{type: json, v: '{\"a\": [1, null]}'}");
	FITS("{type: json, v: '1'}");
	MISFITS("{type: json, v: '{a: 1}'}");
	MISFITS("{type: json, v: 1}");	/* a number: no cast to json */
	cr_assert_eq(fits("{type: enum(mood), v: sad}", moods, 2, NULL), 1);
	cr_assert_eq(fits("{type: enum(mood), v: angry}", moods, 2, &want),
	    0);
	cr_assert_str_eq(want, "a value of enum 'mood'");
	free(want);
	FITS("{type: enum(mood), v: angry}");	/* values unknown */
	FITS("{type: text, v: 5}");
	FITS("{type: 'string(3)', v: anything}");
	FITS("{type: {postgresql: citext}, v: 5}");
	value_cleanup();
}
