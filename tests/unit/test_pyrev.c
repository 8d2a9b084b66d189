/* test_pyrev.c -- unit tests of pyrev.h; being written. */
#include <criterion/criterion.h>

#include "migsql/pyrev.h"

Test(pyrev, placeholder_refuses)
{
	struct diags d;

	diags_init(&d);
	cr_assert_null(pyrev_read("x.py", "", 0, NULL, &d, &(int){0}));
	cr_assert_eq(d.errors, 1);
	diags_free(&d);
}
