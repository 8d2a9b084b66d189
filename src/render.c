/* render.c -- operations through dialect templates. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/render.h"

#define NAMEDATALEN_MAX 63	/* PostgreSQL 15: NAMEDATALEN - 1 */

/* The state of rendering one op: strings to free at the end, errors. */
struct r {
	const struct dialect	*dl;
	const struct op		*op;
	struct diags		*d;
	struct ptrvec		 strs;	/* owned strings */
	struct ptrvec		 lists;	/* owned arrays of string pointers */
	int			 ok;
};

static void
rerr(struct r *r, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
rerr(struct r *r, const struct loc *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(r->d, EXIT_INPUT, l ? l : &r->op->loc, fmt, ap);
	va_end(ap);
	r->ok = 0;
}

static const char *
keep(struct r *r, char *s)
{
	ptrvec_push(&r->strs, s);
	return s;
}

static const char *
keep_sb(struct r *r, struct strbuf *sb)
{
	return keep(r, strbuf_detach(sb));
}

/* A quoted identifier; reports names over the dialect's limit. */
static const char *
ident(struct r *r, const char *name, const struct loc *l)
{
	struct strbuf sb = STRBUF_INIT;

	if (dialect_ident_too_long(r->dl, name))
		rerr(r, l, "the name '%s' is %zu bytes long; %s allows at most "
		    "%lu", name, strlen(name), r->dl->name, r->dl->max_ident);
	dialect_ident(r->dl, name, &sb);
	return keep_sb(r, &sb);
}

static const char *
ident_node(struct r *r, const struct node *n)
{
	return ident(r, n->text, &n->loc);
}

/* schema.table or table, each part quoted. */
static const char *
table_name(struct r *r, const struct node *args, const char *key)
{
	struct strbuf sb = STRBUF_INIT;
	const struct node *t, *s;

	t = args->kind == NODE_MAP ? node_get(args, key) : args;
	s = args->kind == NODE_MAP ? node_get(args, "schema") : NULL;
	if (s != NULL && node_is_str(s)) {
		strbuf_adds(&sb, ident_node(r, s));
		strbuf_addc(&sb, '.');
	}
	strbuf_adds(&sb, ident_node(r, t));
	return keep_sb(r, &sb);
}

static const char *
literal(struct r *r, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	dialect_literal(r->dl, s, &sb);
	return keep_sb(r, &sb);
}

/* A list of quoted names from a list node. */
static const char *const *
ident_list(struct r *r, const struct node *list, size_t *n)
{
	const char **items = xmalloc((list->n ? list->n : 1) * sizeof *items);
	size_t i;

	ptrvec_push(&r->lists, items);
	for (i = 0; i < list->n; i++)
		items[i] = ident_node(r, list->items[i]);
	*n = list->n;
	return items;
}

void
render_default_name(const char *name1, const char *name2, const char *label,
    struct strbuf *out)
{
	size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
	size_t overhead = (name2 ? 1 : 0) + strlen(label) + 1, avail;

	avail = NAMEDATALEN_MAX > overhead ? NAMEDATALEN_MAX - overhead : 0;
	while (n1 + n2 > avail) {
		if (n1 > n2)
			n1--;
		else
			n2--;
	}
	/* pg_mbcliplen: never cut a UTF-8 sequence. */
	while (n1 > 0 && ((unsigned char)name1[n1] & 0xC0) == 0x80)
		n1--;
	while (n2 > 0 && ((unsigned char)name2[n2] & 0xC0) == 0x80)
		n2--;
	strbuf_reset(out);
	strbuf_addn(out, name1, n1);
	if (name2 != NULL) {
		strbuf_addc(out, '_');
		strbuf_addn(out, name2, n2);
	}
	strbuf_addc(out, '_');
	strbuf_adds(out, label);
}

/* Column names joined by '_', clipped as ChooseIndexNameAddition does. */
static void
name_addition(const struct node *cols, struct strbuf *out)
{
	size_t i;

	strbuf_reset(out);
	for (i = 0; i < cols->n; i++) {
		if (i > 0)
			strbuf_addc(out, '_');
		strbuf_adds(out, cols->items[i]->text);
		if (out->len >= NAMEDATALEN_MAX + 1)
			break;
	}
	if (out->len > NAMEDATALEN_MAX) {
		out->len = NAMEDATALEN_MAX;
		while (out->len > 0 &&
		    ((unsigned char)out->buf[out->len] & 0xC0) == 0x80)
			out->len--;
		out->buf[out->len] = '\0';
	}
}

/* The constraint name: the one written, or PostgreSQL's default. */
static const char *
constraint_name(struct r *r, const struct node *named, const char *table,
    const char *cols_addition, const char *label)
{
	struct strbuf sb = STRBUF_INIT;
	const struct node *n = named != NULL && named->kind == NODE_MAP ?
	    node_get(named, "name") : NULL;

	if (n != NULL)
		return ident_node(r, n);
	render_default_name(table, cols_addition, label, &sb);
	{
		const char *q = ident(r, sb.buf, NULL);

		strbuf_free(&sb);
		return q;
	}
}

/*
 * The SQL a FT_SQL value gives for this dialect: its own key, else "sql".
 * *is_null is set for an explicit null.  Returns NULL (and reports) when
 * neither is there.
 */
static const char *
pick_sql(struct r *r, const struct node *v, int *is_null, const char *what)
{
	const struct node *x;

	*is_null = 0;
	if (node_is_str(v))
		return v->text;
	x = node_get(v, r->dl->name);
	if (x == NULL)
		x = node_get(v, "sql");
	if (x == NULL) {
		rerr(r, &v->loc, "%s has no SQL for the %s dialect: add a "
		    "'%s' or 'sql' key", what, r->dl->name, r->dl->name);
		return NULL;
	}
	if (x->kind == NODE_SCALAR && x->type == SCALAR_NULL) {
		*is_null = 1;
		return NULL;
	}
	return x->text;
}

static const char *
render_type(struct r *r, const struct node *tnode, int autoinc)
{
	struct type_spec t;
	const char *why, *const *keys = type_map_keys();
	struct strbuf sb = STRBUF_INIT;
	struct tpl *tp = NULL;
	char buf[3][24];
	struct tpl_var vars[3];
	size_t i, nv = 0;

	if (tnode->kind == NODE_MAP) {
		const struct node *x = node_get(tnode, r->dl->name);

		if (x == NULL) {
			rerr(r, &tnode->loc, "this type gives no spelling for "
			    "the %s dialect", r->dl->name);
			return "";
		}
		return x->text;
	}
	if (!type_parse(tnode->text, &t, &why)) {
		rerr(r, &tnode->loc, "bad type '%s': %s", tnode->text, why);
		return "";
	}
	if (t.type == GT_ENUM) {
		rerr(r, &tnode->loc, "enum types are not supported yet");
		return "";
	}
	if (autoinc)
		tp = r->dl->autoinc_types[t.type];
	if (tp == NULL) {
		const char *key = type_map_key(&t);

		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(keys[i], key) == 0)
				tp = r->dl->types[i];
	}
	if (t.type == GT_STRING && t.nparams == 1) {
		snprintf(buf[0], sizeof buf[0], "%lu", t.params[0]);
		vars[nv++] = (struct tpl_var){ "length", buf[0], NULL, 0 };
	}
	if (t.type == GT_NUMERIC && t.nparams >= 1) {
		snprintf(buf[1], sizeof buf[1], "%lu", t.params[0]);
		vars[nv++] = (struct tpl_var){ "precision", buf[1], NULL, 0 };
	}
	if (t.type == GT_NUMERIC && t.nparams == 2) {
		snprintf(buf[2], sizeof buf[2], "%lu", t.params[1]);
		vars[nv++] = (struct tpl_var){ "scale", buf[2], NULL, 0 };
	}
	tpl_render(tp, vars, nv, &sb);
	return keep_sb(r, &sb);
}

/* A server_default as the dialect spells it. */
static const char *
render_default(struct r *r, const struct node *v)
{
	struct strbuf sb = STRBUF_INIT;

	if (v->kind == NODE_MAP) {
		strbuf_addf(&sb, "(%s)", map_str(v, "sql"));
		return keep_sb(r, &sb);
	}
	switch (v->type) {
	case SCALAR_NULL:
		return NULL;
	case SCALAR_BOOL:
		return v->boolean ? r->dl->lit_true : r->dl->lit_false;
	case SCALAR_INT: {
		const char *s = v->text;
		long long x;
		int neg = 0;

		if (*s == '+' || *s == '-')
			neg = *s++ == '-';
		errno = 0;
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'o'))
			x = strtoll(s + 2, NULL, s[1] == 'x' ? 16 : 8);
		else
			x = strtoll(s, NULL, 10);
		if (errno != 0) {
			rerr(r, &v->loc, "the number %s is out of range",
			    v->text);
			return NULL;
		}
		strbuf_addf(&sb, "%s%lld", neg ? "-" : "", x);
		return keep_sb(r, &sb);
	}
	case SCALAR_FLOAT:
		return v->text[0] == '+' ? v->text + 1 : v->text;
	default:
		return literal(r, v->text);
	}
}

/* The parts of a foreign_key: "table.column" or {table, column}. */
static void
fk_ref(const struct node *v, char **table, char **column)
{
	if (v->kind == NODE_MAP) {
		*table = xstrdup(map_str(v, "table"));
		*column = xstrdup(map_str(v, "column"));
	} else {
		const char *dot = strchr(v->text, '.');

		*table = xstrndup(v->text, (size_t)(dot - v->text));
		*column = xstrdup(dot + 1);
	}
}

/*
 * One column definition.  inline_pk: the constraint name of a one-column
 * primary key written on this column, or NULL.
 */
static const char *
render_column(struct r *r, const struct node *col, const char *table,
    const char *inline_pk)
{
	struct tpl_var v[12];
	struct strbuf sb = STRBUF_INIT, nm = STRBUF_INIT;
	const char *name = map_str(col, "name");
	const struct node *x;
	int pk = map_bool(col, "primary_key", 0);
	int autoinc = map_bool(col, "autoincrement", 0);
	int nullable = map_bool(col, "nullable", !pk);
	size_t n = 0;

	if (pk && nullable)
		rerr(r, &node_key(col, "nullable")->loc, "a primary key column "
		    "cannot be nullable");
	v[n++] = (struct tpl_var){ "name", ident(r, name,
	    &node_get(col, "name")->loc), NULL, 0 };
	v[n++] = (struct tpl_var){ "type", render_type(r, node_get(col, "type"),
	    autoinc), NULL, 0 };
	v[n++] = (struct tpl_var){ "not_null", nullable ? NULL : "1", NULL, 0 };
	if ((x = node_get(col, "server_default")) != NULL)
		v[n++] = (struct tpl_var){ "default", render_default(r, x),
		    NULL, 0 };
	if (inline_pk != NULL)
		v[n++] = (struct tpl_var){ "primary_key", inline_pk, NULL, 0 };
	v[n++] = (struct tpl_var){ "autoincrement", autoinc ? "1" : NULL,
	    NULL, 0 };
	if (map_bool(col, "unique", 0)) {
		render_default_name(table, name, "key", &nm);
		v[n++] = (struct tpl_var){ "unique", ident(r, nm.buf, NULL),
		    NULL, 0 };
	}
	if ((x = node_get(col, "foreign_key")) != NULL) {
		char *rt, *rc;

		fk_ref(x, &rt, &rc);
		render_default_name(table, name, "fkey", &nm);
		v[n++] = (struct tpl_var){ "references", ident(r, nm.buf, NULL),
		    NULL, 0 };
		v[n++] = (struct tpl_var){ "ref_table", ident(r, rt, &x->loc),
		    NULL, 0 };
		v[n++] = (struct tpl_var){ "ref_column", ident(r, rc, &x->loc),
		    NULL, 0 };
		free(rt);
		free(rc);
		if ((x = node_get(col, "ondelete")) != NULL)
			v[n++] = (struct tpl_var){ "ondelete",
			    fk_action_canonical(x->text), NULL, 0 };
		if ((x = node_get(col, "onupdate")) != NULL)
			v[n++] = (struct tpl_var){ "onupdate",
			    fk_action_canonical(x->text), NULL, 0 };
	}
	tpl_render(r->dl->tpl[DT_COLUMN], v, n, &sb);
	strbuf_free(&nm);
	return keep_sb(r, &sb);
}

static const char *
render_tpl(struct r *r, enum dialect_tpl which, const struct tpl_var *v,
    size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	tpl_render(r->dl->tpl[which], v, n, &sb);
	return keep_sb(r, &sb);
}

/* The columns of a named-columns value: a list, or {name?, columns}. */
static const struct node *
columns_of(const struct node *v)
{
	return v->kind == NODE_MAP ? node_get(v, "columns") : v;
}

static void
render_create_table(struct r *r, struct strbuf *out)
{
	const struct node *a = r->op->args, *cols = node_get(a, "columns");
	const struct node *pk = node_get(a, "primary_key"), *x;
	const char *tname = map_str(a, "name"), *table, *inline_pk = NULL;
	struct ptrvec elems = PTRVEC_INIT;
	struct strbuf nm = STRBUF_INIT;
	struct node pkcols;
	struct node *pkitems[256];
	size_t i, k, npk = 0;
	struct tpl_var v[6];

	table = table_name(r, a, "name");
	/* Primary key: from the columns, or the table-level key. */
	memset(&pkcols, 0, sizeof pkcols);
	pkcols.kind = NODE_SEQ;
	pkcols.items = pkitems;
	for (i = 0; i < cols->n; i++)
		if (map_bool(cols->items[i], "primary_key", 0) &&
		    npk < sizeof pkitems / sizeof pkitems[0])
			pkitems[npk++] = node_get(cols->items[i], "name");
	pkcols.n = npk;
	if (pk != NULL && npk > 0)
		rerr(r, &pk->loc, "the primary key is given twice: on columns "
		    "and in 'primary_key'");
	if (pk == NULL && npk == 1)
		inline_pk = constraint_name(r, NULL, tname, NULL, "pkey");
	for (i = 0; i < cols->n; i++) {
		const struct node *c = cols->items[i];

		if (map_bool(c, "autoincrement", 0) && inline_pk == NULL)
			rerr(r, &node_key(c, "autoincrement")->loc,
			    "autoincrement needs a one-column primary key");
		ptrvec_push(&elems, (void *)render_column(r, c, tname,
		    map_bool(c, "primary_key", 0) ? inline_pk : NULL));
	}
	if (pk != NULL || npk > 1) {
		const struct node *pc = pk ? columns_of(pk) : &pkcols;
		size_t nc;

		for (k = 0; k < pc->n; k++) {
			for (i = 0; i < cols->n; i++)
				if (strcmp(map_str(cols->items[i], "name"),
				    pc->items[k]->text) == 0)
					break;
			if (i == cols->n)
				rerr(r, &pc->items[k]->loc, "the primary key "
				    "names '%s', which is not a column of this "
				    "table", pc->items[k]->text);
		}
		v[0] = (struct tpl_var){ "name", constraint_name(r, pk, tname,
		    NULL, "pkey"), NULL, 0 };
		v[1] = (struct tpl_var){ "columns", NULL, ident_list(r, pc, &nc),
		    0 };
		v[1].nitems = nc;
		ptrvec_push(&elems, (void *)render_tpl(r, DT_PRIMARY_KEY, v, 2));
	}
	if ((x = node_get(a, "unique")) != NULL)
		for (i = 0; i < x->n; i++) {
			const struct node *u = x->items[i], *uc = columns_of(u);
			size_t nc;

			name_addition(uc, &nm);
			v[0] = (struct tpl_var){ "name", constraint_name(r, u,
			    tname, nm.buf, "key"), NULL, 0 };
			v[1] = (struct tpl_var){ "columns", NULL,
			    ident_list(r, uc, &nc), 0 };
			v[1].nitems = nc;
			ptrvec_push(&elems, (void *)render_tpl(r, DT_UNIQUE, v, 2));
		}
	if ((x = node_get(a, "foreign_keys")) != NULL)
		for (i = 0; i < x->n; i++) {
			const struct node *f = x->items[i], *y;
			const struct node *lc = node_get(f, "local_cols");
			size_t nc, nr, n = 0;

			name_addition(lc, &nm);
			v[n++] = (struct tpl_var){ "name", constraint_name(r, f,
			    tname, nm.buf, "fkey"), NULL, 0 };
			v[n] = (struct tpl_var){ "columns", NULL,
			    ident_list(r, lc, &nc), 0 };
			v[n++].nitems = nc;
			v[n++] = (struct tpl_var){ "ref_table", ident_node(r,
			    node_get(f, "referent_table")), NULL, 0 };
			v[n] = (struct tpl_var){ "ref_columns", NULL,
			    ident_list(r, node_get(f, "remote_cols"), &nr), 0 };
			v[n++].nitems = nr;
			if ((y = node_get(f, "ondelete")) != NULL)
				v[n++] = (struct tpl_var){ "ondelete",
				    fk_action_canonical(y->text), NULL, 0 };
			if ((y = node_get(f, "onupdate")) != NULL)
				v[n++] = (struct tpl_var){ "onupdate",
				    fk_action_canonical(y->text), NULL, 0 };
			ptrvec_push(&elems, (void *)render_tpl(r, DT_FOREIGN_KEY,
			    v, n));
		}
	if ((x = node_get(a, "checks")) != NULL)
		for (i = 0; i < x->n; i++) {
			const struct node *ch = x->items[i];
			int is_null;
			const char *sql = pick_sql(r, node_get(ch, "condition"),
			    &is_null, "the check");

			if (is_null)
				continue;
			v[0] = (struct tpl_var){ "name", ident_node(r,
			    node_get(ch, "name")), NULL, 0 };
			v[1] = (struct tpl_var){ "condition", sql, NULL, 0 };
			ptrvec_push(&elems, (void *)render_tpl(r, DT_CHECK, v, 2));
		}
	v[0] = (struct tpl_var){ "table", table, NULL, 0 };
	v[1] = (struct tpl_var){ "elements", NULL,
	    (const char *const *)elems.items, elems.len };
	v[2] = (struct tpl_var){ "if_not_exists",
	    map_bool(a, "if_not_exists", 0) ? "1" : NULL, NULL, 0 };
	tpl_render(r->dl->tpl[DT_CREATE_TABLE], v, 3, out);
	strbuf_addc(out, '\n');
	ptrvec_free(&elems);
	strbuf_free(&nm);
}

static void
render_add_column(struct r *r, struct strbuf *out)
{
	const struct node *a = r->op->args, *col = node_get(a, "column");
	const char *tname = map_str(a, "table"), *inline_pk = NULL;
	int pk = map_bool(col, "primary_key", 0);
	struct tpl_var v[2];

	if (pk && !r->dl->add_column_primary_key)
		rerr(r, &node_key(col, "primary_key")->loc, "the %s dialect "
		    "cannot add a primary-key column to an existing table",
		    r->dl->name);
	if (map_bool(col, "unique", 0) && !r->dl->add_column_unique)
		rerr(r, &node_key(col, "unique")->loc, "the %s dialect cannot "
		    "add a unique column to an existing table (create a unique "
		    "index after adding the column)", r->dl->name);
	if (r->dl->add_column_not_null_needs_default &&
	    !map_bool(col, "nullable", !pk) &&
	    (node_get(col, "server_default") == NULL || (node_get(col,
	    "server_default")->kind == NODE_SCALAR && node_get(col,
	    "server_default")->type == SCALAR_NULL)))
		rerr(r, &node_get(col, "name")->loc, "the %s dialect cannot add "
		    "a NOT NULL column without a server_default", r->dl->name);
	if (pk)
		inline_pk = constraint_name(r, NULL, tname, NULL, "pkey");
	v[0] = (struct tpl_var){ "table", table_name(r, a, "table"), NULL, 0 };
	v[1] = (struct tpl_var){ "column", render_column(r, col, tname,
	    inline_pk), NULL, 0 };
	tpl_render(r->dl->tpl[DT_ADD_COLUMN], v, 2, out);
	strbuf_addc(out, '\n');
}

static void
render_create_index(struct r *r, struct strbuf *out)
{
	const struct node *a = r->op->args, *cols = node_get(a, "columns");
	const struct node *w = node_get(a, "where");
	const char **items = xmalloc(cols->n * sizeof *items);
	struct tpl_var v[6];
	size_t i, n = 0;
	int is_null = 0;

	ptrvec_push(&r->lists, items);
	for (i = 0; i < cols->n; i++) {
		const struct node *c = cols->items[i];

		if (c->kind == NODE_MAP) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "(%s)", map_str(c, "sql"));
			items[i] = keep_sb(r, &sb);
		} else
			items[i] = ident_node(r, c);
	}
	v[n++] = (struct tpl_var){ "name", ident_node(r, node_get(a, "name")),
	    NULL, 0 };
	v[n++] = (struct tpl_var){ "table", table_name(r, a, "table"), NULL, 0 };
	v[n++] = (struct tpl_var){ "columns", NULL, items, cols->n };
	v[n++] = (struct tpl_var){ "unique", map_bool(a, "unique", 0) ? "1" :
	    NULL, NULL, 0 };
	if (w != NULL) {
		const char *sql = pick_sql(r, w, &is_null, "the index's where");

		if (sql != NULL)
			v[n++] = (struct tpl_var){ "where", sql, NULL, 0 };
	}
	v[n++] = (struct tpl_var){ "if_not_exists", map_bool(a, "if_not_exists",
	    0) ? "1" : NULL, NULL, 0 };
	tpl_render(r->dl->tpl[DT_CREATE_INDEX], v, n, out);
	strbuf_addc(out, '\n');
}

void
render_comment(const struct dialect *dl, const char *text,
    struct strbuf *out)
{
	const char *p = text, *nl;
	struct tpl_var v;

	do {
		char *line;

		nl = strchr(p, '\n');
		line = nl ? xstrndup(p, (size_t)(nl - p)) : xstrdup(p);
		v = (struct tpl_var){ "text", line, NULL, 0 };
		tpl_render(dl->tpl[DT_COMMENT], &v, 1, out);
		strbuf_addc(out, '\n');
		free(line);
		p = nl ? nl + 1 : NULL;
	} while (p != NULL && *p != '\0');
}

static void
render_execute(struct r *r, struct strbuf *out)
{
	const struct node *a = r->op->args;
	struct strbuf sb = STRBUF_INIT, note = STRBUF_INIT;
	const char *sql, *lastline;
	struct tpl_var v;
	int is_null = 0;
	size_t len;

	if (a->kind == NODE_SCALAR)
		sql = a->text;
	else {
		const struct node *x = node_get(a, r->dl->name);

		if (x == NULL)
			x = node_get(a, "sql");
		if (x == NULL) {
			rerr(r, NULL, "execute has no SQL for the %s dialect: add "
			    "a '%s' or 'sql' key (or '%s: null' for nothing)",
			    r->dl->name, r->dl->name, r->dl->name);
			return;
		}
		is_null = x->type == SCALAR_NULL;
		sql = x->text;
	}
	if (is_null) {
		strbuf_addf(&note, "execute: nothing on %s (%s: null at %s:%u)",
		    r->dl->name, r->dl->name, r->op->loc.file, r->op->loc.line);
		render_comment(r->dl, note.buf, out);
		strbuf_free(&note);
		return;
	}
	/* Trim trailing white space; end with ';' unless it already does. */
	len = strlen(sql);
	while (len > 0 && (sql[len - 1] == ' ' || sql[len - 1] == '\t' ||
	    sql[len - 1] == '\n' || sql[len - 1] == '\r'))
		len--;
	if (len == 0) {
		rerr(r, NULL, "execute has empty SQL for the %s dialect",
		    r->dl->name);
		return;
	}
	strbuf_addn(&sb, sql, len);
	if (sb.buf[len - 1] != ';') {
		/* A trailing "--" comment would swallow the ';'. */
		lastline = strrchr(sb.buf, '\n');
		lastline = lastline ? lastline + 1 : sb.buf;
		if (strstr(lastline, "--") != NULL)
			strbuf_addc(&sb, '\n');
		strbuf_addc(&sb, ';');
	}
	v = (struct tpl_var){ "sql", sb.buf, NULL, 0 };
	tpl_render(r->dl->tpl[DT_EXECUTE], &v, 1, out);
	strbuf_addc(out, '\n');
	strbuf_free(&sb);
}

int
render_op(const struct dialect *dl, const struct op *op, struct strbuf *out,
    struct diags *d)
{
	struct r r = { dl, op, d, PTRVEC_INIT, PTRVEC_INIT, 1 };
	struct strbuf sb = STRBUF_INIT;
	const struct node *a = op->args;
	struct tpl_var v[4];
	size_t i;

	switch (op->def->kind) {
	case OP_CREATE_TABLE:
		render_create_table(&r, &sb);
		break;
	case OP_DROP_TABLE:
		v[0] = (struct tpl_var){ "table", table_name(&r, a, "name"),
		    NULL, 0 };
		tpl_render(dl->tpl[DT_DROP_TABLE], v, 1, &sb);
		strbuf_addc(&sb, '\n');
		break;
	case OP_RENAME_TABLE:
		v[0] = (struct tpl_var){ "table", table_name(&r, a, "name"),
		    NULL, 0 };
		v[1] = (struct tpl_var){ "new_name", ident_node(&r,
		    node_get(a, "new_name")), NULL, 0 };
		tpl_render(dl->tpl[DT_RENAME_TABLE], v, 2, &sb);
		strbuf_addc(&sb, '\n');
		break;
	case OP_ADD_COLUMN:
		render_add_column(&r, &sb);
		break;
	case OP_DROP_COLUMN:
		v[0] = (struct tpl_var){ "table", table_name(&r, a, "table"),
		    NULL, 0 };
		v[1] = (struct tpl_var){ "column", ident_node(&r,
		    node_get(a, "column")), NULL, 0 };
		tpl_render(dl->tpl[DT_DROP_COLUMN], v, 2, &sb);
		strbuf_addc(&sb, '\n');
		break;
	case OP_CREATE_INDEX:
		render_create_index(&r, &sb);
		break;
	case OP_DROP_INDEX:
		v[0] = (struct tpl_var){ "name", table_name(&r, a, "name"),
		    NULL, 0 };
		v[1] = (struct tpl_var){ "table", node_get(a, "table") ?
		    ident_node(&r, node_get(a, "table")) : NULL, NULL, 0 };
		v[2] = (struct tpl_var){ "if_exists", map_bool(a, "if_exists",
		    0) ? "1" : NULL, NULL, 0 };
		tpl_render(dl->tpl[DT_DROP_INDEX], v, 3, &sb);
		strbuf_addc(&sb, '\n');
		break;
	case OP_EXECUTE:
		render_execute(&r, &sb);
		break;
	default:
		rerr(&r, NULL, "operation '%s' is not supported yet",
		    op->def->name);
		break;
	}
	if (r.ok)
		strbuf_addn(out, sb.buf ? sb.buf : "", sb.len);
	strbuf_free(&sb);
	for (i = 0; i < r.strs.len; i++)
		free(r.strs.items[i]);
	for (i = 0; i < r.lists.len; i++)
		free(r.lists.items[i]);
	ptrvec_free(&r.strs);
	ptrvec_free(&r.lists);
	return r.ok;
}

size_t
render_revision(const struct dialect *dl, const struct revision *rev,
    int upgrade, struct strbuf *out, struct diags *d)
{
	const struct op *ops = upgrade ? rev->upgrade : rev->downgrade;
	size_t n = upgrade ? rev->nupgrade : rev->ndowngrade, i, errors = 0;

	if (!upgrade && !rev->has_downgrade && rev->nupgrade > 0) {
		diag_error(d, EXIT_INPUT, &rev->loc, "revision '%s' has no "
		    "downgrade: write one (inferred downgrades are not "
		    "supported yet)", rev->id);
		return 1;
	}
	for (i = 0; i < n; i++)
		if (!render_op(dl, &ops[i], out, d))
			errors++;
	return errors;
}
