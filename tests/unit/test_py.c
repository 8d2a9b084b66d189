/* test_py.c -- unit tests of py.h; being written. */
#include <criterion/criterion.h>

#include "migsql/py.h"

Test(py, placeholder_refuses)
{
	struct diags d;

	diags_init(&d);
	cr_assert_null(py_parse("x.py", "", 0, &d));
	cr_assert_eq(d.errors, 1);
	diags_free(&d);
}
