/*
 * fuzz_template.c -- libFuzzer harness: the template language (template.c).
 *
 * Input: one byte choosing the allowed placeholders (the sets of four
 * dialect templates) and the mode, then the template text, then after a
 * NUL byte the placeholders' values in the set's order, separated by NUL
 * bytes; a value that starts with \x01 is a list whose items \x01
 * separates.  The text is compiled with tpl_compile_text() and, when it
 * compiles, rendered with those values and asked tpl_uses() for every
 * name.  With bit 2 of the first byte set, the text is also parsed as YAML
 * and every scalar in it compiled with tpl_compile() against the text as
 * its source, as dialect_load() does (error places inside quoted and
 * block scalars), then rendered.
 */
#include "config.h"

#include "common.h"
#include "migsql/template.h"

#define V(...) (const char *const[]){ __VA_ARGS__, NULL }

/* Copies of dialect.c's placeholder lists for a few templates. */
static const char *const *const sets[4] = {
	V("name", "type", "not_null", "default", "primary_key",
	    "autoincrement", "unique", "references", "ref_table", "ref_column",
	    "ondelete", "onupdate", "check_name", "check"),
	V("header", "guard", "body", "final_check", "from_base",
	    "version_table", "version_table_text", "version_table_pkc",
	    "rebuilds", "lock_timeout", "lock_timeout_ms",
	    "statement_timeout", "state"),
	V("name", "table", "columns", "unique", "where", "if_not_exists",
	    "concurrently"),
	V("length", "precision", "scale", "name"),
};

#define MAXVARS 16
#define MAXITEMS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Compiles and renders every scalar of the tree n. */
static void
compile_scalars(const struct node *n, const char *src,
    const char *const *allowed, const struct tpl_var *vars, size_t nvars)
{
	size_t i;

	if (n == NULL)
		return;
	if (n->kind == NODE_SCALAR) {
		struct diags d;
		struct tpl *t;

		diags_init(&d);
		t = tpl_compile(n, src, allowed, "fuzz", &d);
		if (t != NULL) {
			struct strbuf out = STRBUF_INIT;

			tpl_render(t, vars, nvars, &out);
			strbuf_free(&out);
			tpl_free(t);
		}
		diags_free(&d);
		return;
	}
	for (i = 0; i < (n->kind == NODE_MAP ? 2 * n->n : n->n); i++)
		compile_scalars(n->items[i], src, allowed, vars, nvars);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *const *allowed;
	struct tpl_var vars[MAXVARS];
	const char *items[MAXVARS][MAXITEMS];
	size_t nvars = 0, nallowed, i, tlen;
	struct diags d;
	struct tpl *t;
	char *buf, *p, *end;
	int mode;

	if (size < 1)
		return 0;
	mode = data[0];
	allowed = sets[mode & 3];
	for (nallowed = 0; allowed[nallowed] != NULL; nallowed++)
		;
	buf = fuzz_cstring(data + 1, size - 1);
	end = buf + size - 1;
	tlen = strlen(buf);
	/* The values after the template's NUL. */
	p = buf + tlen;
	while (p < end && nvars < nallowed && nvars < MAXVARS) {
		char *v = ++p;
		struct tpl_var *tv = &vars[nvars];

		p = v + strlen(v);
		tv->name = allowed[nvars];
		tv->value = NULL;
		tv->items = NULL;
		tv->nitems = 0;
		if (*v == '\x01') {
			char *q = v + 1;

			for (;;) {
				char *sep = strchr(q, '\x01');

				if (tv->nitems < MAXITEMS)
					items[nvars][tv->nitems++] = q;
				if (sep == NULL)
					break;
				*sep = '\0';
				q = sep + 1;
			}
			tv->items = items[nvars];
		} else
			tv->value = v;
		nvars++;
	}
	diags_init(&d);
	t = tpl_compile_text(buf, allowed, "fuzz", &d);
	if (t != NULL) {
		struct strbuf out = STRBUF_INIT;

		tpl_render(t, vars, nvars, &out);
		for (i = 0; i < nallowed; i++)
			(void)tpl_uses(t, allowed[i]);
		strbuf_free(&out);
		tpl_free(t);
	}
	diags_free(&d);
	if (mode & 4) {
		struct node *root;
		int ok;

		diags_init(&d);
		root = node_parse("fuzz.yaml", buf, tlen, &d, &ok);
		compile_scalars(root, buf, allowed, vars, nvars);
		node_free(root);
		diags_free(&d);
	}
	free(buf);
	return 0;
}
