/*
 * pyrev_eval.c -- the partial evaluator of pyrev.h: what an expression of
 * an Alembic revision is, without running it.  Literals and what is made
 * of them (f-strings, + and % over strings, str.format, lists, dicts,
 * comparisons) are values; names, attributes and calls of SQLAlchemy
 * and Alembic stay symbolic for pyrev_sa.c; the dialect's name is
 * decided per dialect; everything else is PV_OPAQUE, an error only
 * where it is used.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/util.h"
#include "pyrev_int.h"

struct pv *
pv_opaque(struct pyrev *p, struct loc l, const char *fmt, ...)
{
	struct pv *v = pv_new(p, PV_OPAQUE, l);
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	v->s = pr_strdup(p, buf, strlen(buf));
	return v;
}

/* op.get_context() and context.get_context(): the MigrationContext. */
int
pv_is_context(const struct pv *v)
{
	const char *c = pv_callee(v);

	return c != NULL && (strcmp(c, "alembic.op.get_context") == 0 ||
	    strcmp(c, "alembic.context.get_context") == 0);
}

/* X.dialect.name over a bind or a context, and bind.engine.name. */
static int
pv_is_dialect_name(const struct pv *v)
{
	const struct pv *x;

	if (v->kind != PV_ATTR || strcmp(v->s, "name") != 0 ||
	    v->base->kind != PV_ATTR)
		return 0;
	x = v->base->base;
	if (strcmp(v->base->s, "dialect") == 0)
		return pv_is_bind(x) || pv_is_context(x);
	if (strcmp(v->base->s, "engine") == 0)
		return pv_is_bind(x);
	return 0;
}

/* The evaluator. */


static struct pv *
pv_seq(struct pyrev *p, struct loc l, int kind, struct py_expr **items,
    size_t n)
{
	struct pv *v = pv_new(p, kind, l);
	size_t i;

	v->items = pr_alloc(p, (n ? n : 1) * sizeof *v->items);
	v->n = kind == PV_DICT ? n / 2 : n;
	for (i = 0; i < n; i++) {
		if (items[i] == NULL)
			return pv_opaque(p, l, "a **mapping in a dict");
		v->items[i] = pv_eval(p, items[i]);
	}
	return v;
}

/* str(v) of a static scalar, into a fresh string; NULL if not one. */
static const char *
pv_text(const struct pv *v, size_t *len)
{
	switch (v->kind) {
	case PV_STR:
		*len = v->len;
		return v->s;
	case PV_INT:
	case PV_FLOAT:
		*len = strlen(v->s);
		return v->s;
	case PV_BOOL:
		*len = v->b ? 4 : 5;
		return v->b ? "True" : "False";
	case PV_NONE:
		*len = 4;
		return "None";
	default:
		return NULL;
	}
}

/* The first opaque value among a and b, if any. */
static struct pv *
pv_first_opaque(struct pv *a, struct pv *b)
{
	if (a != NULL && a->kind == PV_OPAQUE)
		return a;
	if (b != NULL && b->kind == PV_OPAQUE)
		return b;
	return NULL;
}

/* An f-string: its fields must be static scalars, without a conversion
   or a format spec other than none. */
static struct pv *
eval_fstring(struct pyrev *p, const struct py_expr *e)
{
	char *buf = NULL;
	size_t len = 0, i, n;
	FILE *fp = open_memstream(&buf, &len);
	struct pv *r;

	if (fp == NULL)
		abort();
	for (i = 0; i < e->n; i++) {
		const struct py_expr *f = e->items[i];
		struct pv *v;
		const char *t;

		if (f->kind == PYE_STR) {
			fwrite(f->s, 1, f->len, fp);
			continue;
		}
		if (f->kind != PYE_FORMATTED || f->b != NULL ||
		    (f->op != 0 && f->op != 's')) {
			fclose(fp);
			free(buf);
			return pv_opaque(p, f->loc, "an f-string field with a "
			    "conversion or a format spec");
		}
		v = pv_eval(p, f->a);
		if ((t = pv_text(v, &n)) == NULL) {
			fclose(fp);
			free(buf);
			return v->kind == PV_OPAQUE ? v : pv_opaque(p, f->loc,
			    "an f-string field of %s", pv_describe(v));
		}
		fwrite(t, 1, n, fp);
	}
	fclose(fp);
	r = pv_str(p, e->loc, buf, len);
	free(buf);
	return r;
}

/* "..." % args with %s, %d, %r of strings and %% (Python 3.11 library,
   printf-style String Formatting), the forms SQL in revisions uses. */
static struct pv *
eval_percent(struct pyrev *p, struct loc l, const struct pv *fmt,
    const struct pv *args)
{
	const struct pv *one[1];
	const struct pv *const *av = one;
	size_t na = 1, k = 0, i, n;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	struct pv *r;

	one[0] = args;
	if (args->kind == PV_SEQ) {
		av = (const struct pv *const *)args->items;
		na = args->n;
	}
	fp = open_memstream(&buf, &len);
	if (fp == NULL)
		abort();
	for (i = 0; i < fmt->len; i++) {
		const char *t;
		char c;

		if (fmt->s[i] != '%') {
			fputc(fmt->s[i], fp);
			continue;
		}
		c = i + 1 < fmt->len ? fmt->s[++i] : 0;
		if (c == '%') {
			fputc('%', fp);
			continue;
		}
		if ((c != 's' && c != 'd') || k >= na ||
		    (t = pv_text(av[k], &n)) == NULL ||
		    (c == 'd' && av[k]->kind != PV_INT)) {
			fclose(fp);
			free(buf);
			return pv_opaque(p, l, "a %% format that is not %%s or "
			    "%%d of static values");
		}
		fwrite(t, 1, n, fp);
		k++;
	}
	fclose(fp);
	if (k != na) {
		free(buf);
		return pv_opaque(p, l, "a %% format whose arguments do not "
		    "match it");
	}
	r = pv_str(p, l, buf, len);
	free(buf);
	return r;
}

static struct pv *
eval_binop(struct pyrev *p, const struct py_expr *e)
{
	struct pv *a = pv_eval(p, e->a), *b = pv_eval(p, e->b), *x;

	if ((x = pv_first_opaque(a, b)) != NULL)
		return x;
	if (e->op == PY_OP_ADD && a->kind == PV_STR && b->kind == PV_STR) {
		char *s = xmalloc(a->len + b->len + 1);

		memcpy(s, a->s, a->len);
		memcpy(s + a->len, b->s, b->len);
		x = pv_str(p, e->loc, s, a->len + b->len);
		free(s);
		return x;
	}
	if (e->op == PY_OP_ADD && a->kind == PV_SEQ && b->kind == PV_SEQ) {
		x = pv_new(p, PV_SEQ, e->loc);
		x->n = a->n + b->n;
		x->items = pr_alloc(p, (x->n + 1) * sizeof *x->items);
		memcpy(x->items, a->items, a->n * sizeof *x->items);
		memcpy(x->items + a->n, b->items, b->n * sizeof *x->items);
		return x;
	}
	if (e->op == PY_OP_MOD && a->kind == PV_STR)
		return eval_percent(p, e->loc, a, b);
	return pv_opaque(p, e->loc, "an operation on %s and %s",
	    pv_describe(a), pv_describe(b));
}

static int
pv_equal(const struct pv *a, const struct pv *b)
{
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case PV_STR:
		return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
	case PV_INT:
	case PV_FLOAT:
		return strcmp(a->s, b->s) == 0;
	case PV_BOOL:
		return a->b == b->b;
	case PV_NONE:
		return 1;
	default:
		return 0;
	}
}

/* ==, !=, in, not in over static scalars; a test of the dialect's name
   when no dialect is decided is PV_UNDECIDED. */

/* SQLAlchemy names MariaDB's dialect "mysql" when the URL says mysql://
   (the usual pymysql and mysqlclient URLs) and "mariadb" for mariadb://
   (SQLAlchemy 1.4 docs, "MySQL and MariaDB"): while the mariadb dialect
   is read, a test of the name against either matches. */
static int
mysql_name(const struct pv *v)
{
	return v->kind == PV_STR && v->len == 5 && memcmp(v->s, "mysql", 5) == 0;
}

static int
mariadb_name(const struct pv *v)
{
	return v->kind == PV_STR && v->len == 7 &&
	    memcmp(v->s, "mariadb", 7) == 0;
}

static struct pv *
eval_compare(struct pyrev *p, const struct py_expr *e)
{
	struct pv *r = pv_new(p, PV_BOOL, e->loc);
	size_t i, j;

	r->b = 1;
	for (i = 0; i + 1 < e->n; i++) {
		struct pv *a = pv_eval(p, e->items[i]);
		struct pv *b = pv_eval(p, e->items[i + 1]), *x;
		int c = e->cmps[i], hit = 0;

		if ((x = pv_first_opaque(a, b)) != NULL)
			return x;
		if (a->kind == PV_DIALECT || b->kind == PV_DIALECT) {
			r->kind = PV_UNDECIDED;
			continue;
		}
		if (c == PY_CMP_EQ || c == PY_CMP_NE || c == PY_CMP_IS ||
		    c == PY_CMP_IS_NOT) {
			if (pv_text(a, &j) == NULL || pv_text(b, &j) == NULL)
				return pv_opaque(p, e->loc, "a comparison of "
				    "%s", pv_describe(pv_text(a, &j) ? b : a));
			hit = pv_equal(a, b) || (p->cur_dialect != NULL &&
			    strcmp(p->cur_dialect, "mariadb") == 0 &&
			    (mysql_name(a) || mysql_name(b)) &&
			    (mysql_name(a) || mariadb_name(a)) &&
			    (mysql_name(b) || mariadb_name(b)));
			if (c == PY_CMP_NE || c == PY_CMP_IS_NOT)
				hit = !hit;
		} else if ((c == PY_CMP_IN || c == PY_CMP_NOT_IN) &&
		    b->kind == PV_SEQ) {
			for (j = 0; j < b->n; j++)
				if (b->items[j]->kind == PV_DIALECT) {
					r->kind = PV_UNDECIDED;
					break;
				} else
					hit |= pv_equal(a, b->items[j]) ||
					    (p->cur_dialect != NULL &&
					    strcmp(p->cur_dialect,
					    "mariadb") == 0 && mariadb_name(a) &&
					    mysql_name(b->items[j]));
			if (c == PY_CMP_NOT_IN)
				hit = !hit;
		} else
			return pv_opaque(p, e->loc, "a comparison of %s",
			    pv_describe(a));
		r->b &= hit;
	}
	return r;
}

static struct pv *
eval_boolop(struct pyrev *p, const struct py_expr *e)
{
	struct pv *r = pv_new(p, PV_BOOL, e->loc);
	size_t i;

	r->b = e->op == 'a';
	for (i = 0; i < e->n; i++) {
		struct pv *v = pv_eval(p, e->items[i]);

		if (v->kind == PV_OPAQUE)
			return v;
		if (v->kind == PV_UNDECIDED) {
			r->kind = PV_UNDECIDED;
			continue;
		}
		if (v->kind != PV_BOOL)
			return pv_opaque(p, v->loc, "a test of %s",
			    pv_describe(v));
		if (e->op == 'a')
			r->b &= v->b;
		else
			r->b |= v->b;
	}
	return r;
}

static struct pv *
eval_unary(struct pyrev *p, const struct py_expr *e)
{
	struct pv *a = pv_eval(p, e->a), *r;

	if (a->kind == PV_OPAQUE)
		return a;
	if (e->op == 'n' && (a->kind == PV_BOOL || a->kind == PV_UNDECIDED)) {
		r = pv_new(p, a->kind, e->loc);
		r->b = !a->b;
		return r;
	}
	if (e->op == '-' && (a->kind == PV_INT || a->kind == PV_FLOAT)) {
		r = pv_new(p, a->kind, e->loc);
		if (a->s[0] == '-')
			r->s = a->s + 1;
		else {
			char *t = xasprintf("-%s", a->s);

			r->s = pr_strdup(p, t, strlen(t));
			free(t);
		}
		return r;
	}
	return pv_opaque(p, e->loc, "an operation on %s", pv_describe(a));
}

/* "...".format(...) with {} , {0} and {name} fields and {{ }}. */
static struct pv *
eval_format(struct pyrev *p, const struct pv *call)
{
	const struct pv *fmt = call->base->base;
	char *buf = NULL;
	size_t len = 0, i, auto_ = 0, n;
	FILE *fp = open_memstream(&buf, &len);
	struct pv *r;

	if (fp == NULL)
		abort();
	for (i = 0; i < fmt->len; i++) {
		const struct pv *arg = NULL;
		const char *t, *close;
		size_t k, fl;
		char c = fmt->s[i];

		if ((c == '{' || c == '}') && i + 1 < fmt->len &&
		    fmt->s[i + 1] == c) {
			fputc(c, fp);
			i++;
			continue;
		}
		if (c != '{') {
			fputc(c, fp);
			continue;
		}
		close = memchr(fmt->s + i, '}', fmt->len - i);
		if (close == NULL)
			goto opaque;
		fl = (size_t)(close - (fmt->s + i + 1));
		if (fl == 0 && auto_ < call->n)
			arg = call->items[auto_++];
		else if (fl > 0 && fmt->s[i + 1] >= '0' && fmt->s[i + 1] <=
		    '9') {
			k = strtoul(fmt->s + i + 1, NULL, 10);
			if (k < call->n)
				arg = call->items[k];
		} else
			for (k = 0; k < call->nkw; k++)
				if (strlen(call->kwnames[k]) == fl &&
				    memcmp(call->kwnames[k], fmt->s + i + 1,
				    fl) == 0)
					arg = call->kw[k];
		if (arg == NULL || (t = pv_text(arg, &n)) == NULL)
			goto opaque;
		fwrite(t, 1, n, fp);
		i += fl + 1;
	}
	fclose(fp);
	r = pv_str(p, call->loc, buf, len);
	free(buf);
	return r;
opaque:
	fclose(fp);
	free(buf);
	return pv_opaque(p, call->loc, "a str.format() that is not over "
	    "static values");
}

/*
 * The standard library's values a bulk_insert's rows hold:
 * datetime.date(y, m, d), datetime.datetime(y, m, d[, H, M, S]) and
 * decimal.Decimal("9.95"), as the literals Alembic's bulk_insert
 * renders for them ('2024-01-31', '2024-01-31 10:00:00', 9.95).  NULL
 * for anything else.
 */
static struct pv *
eval_stdlib(struct pyrev *p, const struct py_expr *e, const char *path)
{
	long long n[6] = { 0, 0, 0, 0, 0, 0 };
	size_t i, max;
	char buf[64];
	int date = strcmp(path, "datetime.date") == 0;
	struct pv *v;

	if (strcmp(path, "decimal.Decimal") == 0 && e->n == 1 &&
	    e->nkw == 0 && (v = pv_eval(p, e->items[0]))->kind == PV_STR &&
	    v->len > 0 && strspn(v->s, "-0123456789.") == v->len) {
		struct pv *r = pv_new(p, PV_FLOAT, e->loc);

		r->s = v->s;
		return r;
	}
	if (!date && strcmp(path, "datetime.datetime") != 0)
		return NULL;
	max = date ? 3 : 6;
	if (e->n < 3 || e->n > max || e->nkw != 0)
		return NULL;
	for (i = 0; i < e->n; i++) {
		v = pv_eval(p, e->items[i]);
		if (v->kind != PV_INT || v->s[0] == '-' || strlen(v->s) > 4)
			return NULL;
		n[i] = strtoll(v->s, NULL, 10);
	}
	if (date)
		snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld", n[0], n[1],
		    n[2]);
	else
		snprintf(buf, sizeof buf, "%04lld-%02lld-%02lld "
		    "%02lld:%02lld:%02lld", n[0], n[1], n[2], n[3], n[4], n[5]);
	return pv_str(p, e->loc, buf, strlen(buf));
}

static struct pv *
eval_call(struct pyrev *p, const struct py_expr *e)
{
	struct pv *v = pv_new(p, PV_CALL, e->loc), *f, *lit;
	size_t i;
	const char *c;

	v->base = f = pv_eval(p, e->a);
	if (f->kind == PV_OPAQUE)
		return f;
	if (f->kind == PV_DEF)
		return pv_opaque(p, e->loc, "a call of the function '%s' of "
		    "the revision", f->s);
	if (f->kind == PV_PATH && f->app && (lit = eval_stdlib(p, e,
	    f->s)) != NULL)
		return lit;
	/* logging.getLogger(): a logger, whose calls pyrev.c passes
	   over. */
	if (f->kind == PV_PATH && f->app && strcmp(f->s,
	    "logging.getLogger") != 0)
		return pv_opaque(p, e->loc, "a call of '%s', imported from "
		    "outside SQLAlchemy and Alembic", f->s);
	if (f->kind != PV_PATH && f->kind != PV_ATTR)
		return pv_opaque(p, e->loc, "a call of %s", pv_describe(f));
	v->items = pr_alloc(p, (e->n + 1) * sizeof *v->items);
	v->n = e->n;
	for (i = 0; i < e->n; i++)
		v->items[i] = pv_eval(p, e->items[i]);
	v->kwnames = pr_alloc(p, (e->nkw + 1) * sizeof *v->kwnames);
	v->kw = pr_alloc(p, (e->nkw + 1) * sizeof *v->kw);
	v->nkw = e->nkw;
	for (i = 0; i < e->nkw; i++) {
		if (e->kwnames[i] == NULL)
			return pv_opaque(p, e->kwargs[i]->loc, "a **mapping "
			    "argument");
		v->kwnames[i] = e->kwnames[i];
		v->kw[i] = pv_eval(p, e->kwargs[i]);
	}
	if (f->kind == PV_ATTR && f->base->kind == PV_STR &&
	    strcmp(f->s, "format") == 0)
		return eval_format(p, v);
	/* context.is_offline_mode(): migsql writes scripts offline, as
	   alembic --sql does, where it is True. */
	if ((c = pv_callee(v)) != NULL && strcmp(c,
	    "alembic.context.is_offline_mode") == 0 && v->n == 0 &&
	    v->nkw == 0) {
		struct pv *t = pv_new(p, PV_BOOL, e->loc);

		t->b = 1;
		return t;
	}
	/* op.f(name): the name as given, marked final (Alembic 1.8
	   Operations.f); the name is final either way in migsql. */
	if ((((c = pv_callee(v)) != NULL && strcmp(c, "alembic.op.f") == 0) ||
	    (f->kind == PV_ATTR && f->base->kind == PV_BATCH &&
	    strcmp(f->s, "f") == 0)) && v->n == 1 && v->nkw == 0)
		return v->items[0];
	return v;
}

static struct pv *
eval_name(struct pyrev *p, const struct py_expr *e)
{
	struct pv *v = pr_bind_get(p, e->s);

	if (v == NULL)
		return pv_opaque(p, e->loc, "the name '%s', not bound to a "
		    "static value", e->s);
	if (v->kind == PV_OPAQUE)
		return pv_opaque(p, e->loc, "the name '%s', bound to %s",
		    e->s, v->s);
	/* dialect = op.get_bind().dialect.name, tested per dialect. */
	if (v->kind == PV_DIALECT && p->cur_dialect != NULL)
		return pv_str(p, e->loc, p->cur_dialect,
		    strlen(p->cur_dialect));
	return v;
}

static struct pv *
eval_attr(struct pyrev *p, const struct py_expr *e)
{
	struct pv *b = pv_eval(p, e->a), *v;

	if (b->kind == PV_OPAQUE)
		return b;
	if (b->kind == PV_PATH) {
		/* "sa" . "Column": joined in the reader's own chunks, not
		   by printf (a tenth of reading a chain of .py files). */
		size_t nb = strlen(b->s), ne = strlen(e->s);
		char *s = pr_alloc(p, nb + ne + 2);

		memcpy(s, b->s, nb);
		s[nb] = '.';
		memcpy(s + nb + 1, e->s, ne + 1);
		v = pv_new(p, PV_PATH, e->loc);
		v->s = s;
		v->app = b->app;
		return v;
	}
	v = pv_new(p, PV_ATTR, e->loc);
	v->base = b;
	v->s = e->s;
	if (pv_is_dialect_name(v)) {
		if (p->cur_dialect != NULL)
			return pv_str(p, e->loc, p->cur_dialect,
			    strlen(p->cur_dialect));
		v->kind = PV_DIALECT;
	}
	return v;
}

static struct pv *
eval_literal(struct pyrev *p, const struct py_expr *e)
{
	struct pv *v;

	switch (e->kind) {
	case PYE_NONE:
		return pv_new(p, PV_NONE, e->loc);
	case PYE_BOOL:
		v = pv_new(p, PV_BOOL, e->loc);
		v->b = e->ival != 0;
		return v;
	case PYE_INT:
	case PYE_FLOAT:
		v = pv_new(p, e->kind == PYE_INT ? PV_INT : PV_FLOAT, e->loc);
		v->s = e->s;
		return v;
	case PYE_STR:
		v = pv_new(p, PV_STR, e->loc);
		v->s = e->s;
		v->len = e->len;
		return v;
	default:
		return pv_opaque(p, e->loc, "%s", py_expr_describe(e));
	}
}

struct pv *
pv_eval(struct pyrev *p, const struct py_expr *e)
{
	struct pv *c;

	switch (e->kind) {
	case PYE_FSTRING:
		return eval_fstring(p, e);
	case PYE_NAME:
		return eval_name(p, e);
	case PYE_ATTR:
		return eval_attr(p, e);
	case PYE_CALL:
		return eval_call(p, e);
	case PYE_LIST:
	case PYE_TUPLE:
		return pv_seq(p, e->loc, PV_SEQ, e->items, e->n);
	case PYE_DICT:
		return pv_seq(p, e->loc, PV_DICT, e->items, e->n);
	case PYE_BINOP:
		return eval_binop(p, e);
	case PYE_COMPARE:
		return eval_compare(p, e);
	case PYE_BOOLOP:
		return eval_boolop(p, e);
	case PYE_UNARY:
		return eval_unary(p, e);
	case PYE_IFEXP:
		c = pv_eval(p, e->b);
		if (c->kind != PV_BOOL)
			return c->kind == PV_OPAQUE ? c : pv_opaque(p, e->loc,
			    "a conditional expression on %s", pv_describe(c));
		return pv_eval(p, c->b ? e->a : e->c);
	case PYE_OTHER:
		return pv_opaque(p, e->loc, "%s", e->s);
	default:
		return eval_literal(p, e);
	}
}
