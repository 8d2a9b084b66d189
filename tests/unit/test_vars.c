/* test_vars.c -- ${name} expansion. */
#include "config.h"

#include <criterion/criterion.h>

#include "migsql/vars.h"
#include "helpers.h"

static const struct loc here = { "versions/x.yaml", 3, 7 };

Test(vars, expands_names_and_keeps_literals)
{
	struct vars v;
	struct diags d;
	unsigned char used[2] = { 0, 0 };
	char *out;
	int ok;

	vars_init(&v);
	diags_init(&d);
	vars_set(&v, "schema", "public", "migsql.yaml");
	vars_set(&v, "who", "app", "migsql.yaml");
	vars_set(&v, "who", "ops", "--var");	/* the later one wins */
	out = vars_expand(&v, "GRANT ${who} ON ${schema}.t; '$${x}' $ {y}",
	    &here, &d, used, &ok);
	cr_assert(ok);
	cr_assert_str_eq(out, "GRANT ops ON public.t; '${x}' $ {y}");
	cr_assert_str_eq(v.origins[1], "--var");
	cr_assert(used[0] && used[1]);
	free(out);
	cr_assert_null(vars_expand(&v, "no dollar sign", &here, &d, NULL, &ok),
	    "nothing to change");
	cr_assert(ok);
	assert_no_errors(&d);
	vars_free(&v);
	diags_free(&d);
}

Test(vars, undefined_and_unclosed_are_errors_at_the_location)
{
	struct vars v;
	struct diags d;
	unsigned char used[1] = { 0 };
	int ok;

	vars_init(&v);
	diags_init(&d);
	cr_assert_null(vars_expand(&v, "x ${nothing}", &here, &d, NULL, &ok));
	cr_assert_not(ok);
	vars_set(&v, "tenant", "a", "migsql.yaml");
	cr_assert_null(vars_expand(&v, "${tenat}", &here, &d, used, &ok));
	cr_assert_null(vars_expand(&v, "${tenant", &here, &d, used, &ok));
	assert_errors(&d, 3);
	assert_diags_have(&d, "versions/x.yaml:3:7: error: undefined variable "
	    "'nothing': define it");
	assert_diags_have(&d, "undefined variable 'tenat' (did you mean "
	    "'tenant'?)");
	assert_diags_have(&d, "'${' without a closing '}'");
	cr_assert_not(used[0], "a failed expansion uses nothing");
	vars_free(&v);
	diags_free(&d);
}

Test(vars, names)
{
	cr_assert(vars_name_valid("app_schema"));
	cr_assert(vars_name_valid("_x1"));
	cr_assert_not(vars_name_valid("1st"));
	cr_assert_not(vars_name_valid("a-b"));
	cr_assert_not(vars_name_valid(""));
}
