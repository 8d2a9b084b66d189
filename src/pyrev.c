/* pyrev.c -- a stub until the reader lands: refuses every .py file. */
#include "config.h"

#include "migsql/pyrev.h"

struct node *
pyrev_read(const char *file, const char *buf, size_t len,
    const struct pyrev_options *o, struct diags *d, int *ok)
{
	struct loc l = { file, 1, 1 };

	(void)buf;
	(void)len;
	(void)o;
	diag_error(d, EXIT_INPUT, &l, "Python revision files are not read yet");
	*ok = 0;
	return NULL;
}
