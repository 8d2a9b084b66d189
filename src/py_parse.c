/* py_parse.c -- the Python 3 parser (py.h); being written. */
#include "config.h"

#include <stdlib.h>

#include "py_int.h"

struct py_module *
py_parse(const char *file, const char *buf, size_t len, struct diags *d)
{
	struct loc l = { file, 1, 1 };

	(void)buf;
	(void)len;
	diag_error(d, EXIT_INPUT, &l, "Python files are not read yet");
	return NULL;
}

void
py_module_free(struct py_module *m)
{
	(void)m;
}

const char *
py_expr_describe(const struct py_expr *e)
{
	(void)e;
	return "an expression";
}

char *
py_dotted(const struct py_expr *e)
{
	(void)e;
	return NULL;
}
