/* diag.c -- collecting and printing diagnostics. */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/diag.h"
#include "migsql/text.h"
#include "migsql/util.h"

void
diags_init(struct diags *d)
{
	memset(d, 0, sizeof *d);
}

void
diags_free(struct diags *d)
{
	size_t i;

	for (i = 0; i < d->len; i++) {
		free(d->items[i].message);
		free((char *)d->items[i].loc.file);
		free(d->items[i].dialect);
		free(d->items[i].suppressed);
	}
	free(d->items);
	diags_init(d);
}

void
diags_move(struct diags *to, struct diags *from)
{
	size_t i;

	for (i = 0; i < from->len; i++) {
		if (to->len == to->cap) {
			to->cap = to->cap ? to->cap * 2 : 16;
			to->items = xrealloc(to->items, to->cap *
			    sizeof *to->items);
		}
		to->items[to->len++] = from->items[i];
	}
	if (from->errors > 0 && to->errors == 0)
		to->exit_code = from->exit_code;
	to->errors += from->errors;
	free(from->items);
	diags_init(from);
}

/* A new, zeroed item at the end of d, loc copied (NULL: none). */
static struct diag *
diag_push(struct diags *d, enum severity sev, const struct loc *loc)
{
	struct diag *dg;

	if (d->len == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->items = xrealloc(d->items, d->cap * sizeof *d->items);
	}
	dg = &d->items[d->len++];
	memset(dg, 0, sizeof *dg);
	if (loc != NULL) {
		dg->loc = *loc;
		if (loc->file != NULL)
			dg->loc.file = xstrdup(loc->file);
	}
	dg->severity = sev;
	return dg;
}

/* Counts dg, just pushed, as an error of code unless it is ignored. */
static void
diag_count(struct diags *d, const struct diag *dg, int code)
{
	if (dg->severity == SEV_ERROR && dg->suppressed == NULL) {
		if (d->errors++ == 0)
			d->exit_code = code;
	}
}

static void
diag_add(struct diags *d, enum severity sev, int code, const struct loc *loc,
    const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *dg = diag_push(d, sev, loc);

	strbuf_vaddf(&sb, fmt, ap);
	dg->message = strbuf_detach(&sb);
	diag_count(d, dg, code);
}

void
diag_finding(struct diags *d, enum severity sev, const struct loc *loc,
    const char *dialect, const char *rule, const char *suppressed,
    const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag *dg = diag_push(d, sev, loc);
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	dg->message = strbuf_detach(&sb);
	dg->rule = rule;
	dg->dialect = dialect ? xstrdup(dialect) : NULL;
	dg->suppressed = suppressed ? xstrdup(suppressed) : NULL;
	diag_count(d, dg, EXIT_INPUT);
}

void
diag_copy(struct diags *d, const struct diag *x, int code, const char *suffix)
{
	struct diag *dg = diag_push(d, x->severity, x->loc.file || x->loc.line ?
	    &x->loc : NULL);

	dg->message = suffix ? xasprintf("%s%s", x->message, suffix) :
	    xstrdup(x->message);
	dg->rule = x->rule;
	dg->dialect = x->dialect ? xstrdup(x->dialect) : NULL;
	dg->suppressed = x->suppressed ? xstrdup(x->suppressed) : NULL;
	dg->alone = x->alone;
	dg->external = x->external;
	diag_count(d, dg, code);
}

void
diags_set_dialect(struct diags *d, size_t from, const char *dialect)
{
	size_t i;

	for (i = from; i < d->len; i++)
		if (d->items[i].dialect == NULL)
			d->items[i].dialect = xstrdup(dialect);
}

void
diag_error(struct diags *d, int code, const struct loc *loc,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, SEV_ERROR, code, loc, fmt, ap);
	va_end(ap);
}

void
diag_verror(struct diags *d, int code, const struct loc *loc, const char *fmt,
    va_list ap)
{
	diag_add(d, SEV_ERROR, code, loc, fmt, ap);
}

void
diag_warning(struct diags *d, const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, SEV_WARNING, 0, loc, fmt, ap);
	va_end(ap);
}

void
diag_note(struct diags *d, const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, SEV_NOTE, 0, loc, fmt, ap);
	va_end(ap);
}

void
diag_note_alone(struct diags *d, const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, SEV_NOTE, 0, loc, fmt, ap);
	va_end(ap);
	d->items[d->len - 1].alone = 1;
}

void
diag_fputs(const char *s, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s);

	/* Most text needs no escape: then it goes out as it is. */
	if (text_escape(s, n, 0, &sb) == 0)
		fwrite(s, 1, n, fp);
	else
		fwrite(sb.buf, 1, sb.len, fp);
	strbuf_free(&sb);
}

void
diags_print(const struct diags *d, FILE *fp)
{
	static const char *const names[] = { "error", "warning", "note" };
	const struct diag *dg;
	size_t i;

	int hidden = 0;	/* the last error or warning was ignored */

	for (i = 0; i < d->len; i++) {
		dg = &d->items[i];
		if (dg->severity != SEV_NOTE || dg->alone)
			hidden = dg->suppressed != NULL;
		if (hidden)
			continue;
		diag_fputs(dg->loc.file != NULL ? dg->loc.file : "migsql", fp);
		if (dg->loc.file != NULL && dg->loc.line != 0) {
			fprintf(fp, ":%u", dg->loc.line);
			if (dg->loc.col != 0)
				fprintf(fp, ":%u", dg->loc.col);
		}
		fprintf(fp, ": %s: ", names[dg->severity]);
		if (dg->rule != NULL) {
			fputc('[', fp);
			diag_fputs(dg->dialect ? dg->dialect : "", fp);
			fprintf(fp, "] %s: ", dg->rule);
		}
		diag_fputs(dg->message, fp);
		fputc('\n', fp);
	}
}
