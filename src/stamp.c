/*
 * stamp.c -- what `migsql stamp` checks before it writes the version
 * table: the schema model at the target, object by object, as the
 * dialect's stamp_* templates ask the catalog (stamp.h).
 */
#include "config.h"

#include <string.h>

#include "migsql/render.h"
#include "migsql/stamp.h"
#include "migsql/template.h"

/* What one check needs: its condition's placeholders, as text. */
struct stamp_ctx {
	const struct dialect	*dl;
	const struct model	*m;
	struct strbuf		*out;
	struct diags		*d;
	size_t			 errors;
};

/* Appends literal of s to sb; returns sb's text. */
static const char *
lit(const struct dialect *dl, const char *s, struct strbuf *sb)
{
	strbuf_reset(sb);
	dialect_literal(dl, s, sb);
	return strbuf_str(sb);
}

/* 0 after an error in d when the dialect cannot write name. */
static int
name_ok(struct stamp_ctx *x, const char *what, const char *name)
{
	const char *why = dialect_name_refused(x->dl, name);

	if (why == NULL)
		return 1;
	diag_error(x->d, EXIT_INPUT, NULL, "stamp: %s '%s' cannot be written "
	    "for %s: %s", what, name, x->dl->name, why);
	x->errors++;
	return 0;
}

/*
 * One stamp_check: the condition template which with its n vars, and the
 * message missing (plain text, made a literal here).
 */
static void
check(struct stamp_ctx *x, enum dialect_tpl which, const struct tpl_var *v,
    size_t n, const char *missing)
{
	struct strbuf cond = STRBUF_INIT, msg = STRBUF_INIT;
	struct tpl_var cv[2];

	tpl_render(x->dl->tpl[which], v, n, &cond);
	while (cond.len > 0 && cond.buf[cond.len - 1] == '\n')
		cond.buf[--cond.len] = '\0';
	if (cond.len == 0) {	/* the engine cannot say: not checked */
		strbuf_free(&cond);
		return;
	}
	dialect_literal(x->dl, missing, &msg);
	cv[0] = (struct tpl_var){ "condition", cond.buf, NULL, 0 };
	cv[1] = (struct tpl_var){ "missing", msg.buf, NULL, 0 };
	tpl_render(x->dl->tpl[DT_STAMP_CHECK], cv, 2, x->out);
	if (x->out->len > 0 && x->out->buf[x->out->len - 1] != '\n')
		strbuf_addc(x->out, '\n');
	strbuf_free(&cond);
	strbuf_free(&msg);
}

/*
 * Table t's options (model.h: unlogged, strict, without_rowid) as
 * stamp_table's flags into v[0..3), and the words that name the table in
 * the message into what ("unlogged table t", "table t (STRICT)").
 */
static void
table_options(const struct m_table *t, struct tpl_var *v,
    struct strbuf *what)
{
	v[0] = (struct tpl_var){ "unlogged", t->unlogged ? "1" : NULL, NULL,
	    0 };
	v[1] = (struct tpl_var){ "strict", t->strict ? "1" : NULL, NULL, 0 };
	v[2] = (struct tpl_var){ "without_rowid", t->without_rowid ? "1" :
	    NULL, NULL, 0 };
	strbuf_addf(what, "%stable %s%s%s%s%s", t->unlogged ? "unlogged " :
	    "", t->name, t->strict || t->without_rowid ? " (" : "",
	    t->strict ? "STRICT" : "", t->strict && t->without_rowid ? ", " :
	    "", t->without_rowid ? "WITHOUT ROWID)" : t->strict ? ")" : "");
}

/* The table's checks: itself, its columns, constraints, indexes. */
static void
verify_table(struct stamp_ctx *x, const struct m_table *t)
{
	struct strbuf ident = STRBUF_INIT, text = STRBUF_INIT;
	struct strbuf tname = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	struct strbuf what = STRBUF_INIT, type = STRBUF_INIT;
	struct tpl_var v[6];
	size_t i;

	if (!name_ok(x, "table", t->name) ||
	    (t->schema != NULL && !name_ok(x, "schema", t->schema)))
		goto done;
	if (t->schema != NULL) {
		dialect_ident(x->dl, t->schema, &ident);
		strbuf_addc(&ident, '.');
	}
	dialect_ident(x->dl, t->name, &ident);
	dialect_literal(x->dl, ident.buf, &text);
	dialect_literal(x->dl, t->name, &tname);
	v[0] = (struct tpl_var){ "table", ident.buf, NULL, 0 };
	v[1] = (struct tpl_var){ "table_text", text.buf, NULL, 0 };
	v[2] = (struct tpl_var){ "table_name", tname.buf, NULL, 0 };
	table_options(t, v + 3, &what);
	check(x, DT_STAMP_TABLE, v, 6, what.buf);
	for (i = 0; i < t->cols.len; i++) {
		const struct m_column *c = t->cols.items[i];

		strbuf_reset(&type);
		if (!name_ok(x, "column", c->name))
			continue;
		if (c->raw != NULL) {
			/* An execute made it with more than the model keeps
			   (identity, a default): its type as the engine
			   spells it, when known; else its table's check
			   stands for it. */
			if (c->sql_type == NULL)
				continue;
			strbuf_adds(&type, c->sql_type);
		} else if (!render_column_type(x->dl, x->m, t, c, &type,
		    x->d)) {
			x->errors++;
			continue;
		}
		v[3] = (struct tpl_var){ "column_name", lit(x->dl, c->name, &a),
		    NULL, 0 };
		v[4] = (struct tpl_var){ "type_text", lit(x->dl, type.buf, &b),
		    NULL, 0 };
		strbuf_reset(&what);
		strbuf_addf(&what, "column %s.%s (%s)", t->name, c->name,
		    type.buf);
		check(x, DT_STAMP_COLUMN, v, 5, what.buf);
	}
	v[2] = (struct tpl_var){ "table_name", tname.buf, NULL, 0 };
	for (i = 0; i < t->cons.len; i++) {
		const struct m_constraint *k = t->cons.items[i];
		struct tpl_var cv[4] = { v[1], v[2], { "constraint_name", NULL,
		    NULL, 0 }, { "primary_key", NULL, NULL, 0 } };

		if (k->name == NULL || !name_ok(x, "constraint", k->name))
			continue;
		cv[2].value = lit(x->dl, k->name, &a);
		/* An engine where the primary key has a fixed name (MariaDB's
		   PRIMARY) looks it up by its kind. */
		cv[3].value = k->type == CON_PRIMARY_KEY ? "1" : NULL;
		strbuf_reset(&what);
		strbuf_addf(&what, "constraint %s on %s", k->name, t->name);
		check(x, DT_STAMP_CONSTRAINT, cv, 4, what.buf);
	}
	for (i = 0; i < t->indexes.len; i++) {
		const struct m_index *ix = t->indexes.items[i];
		struct strbuf iid = STRBUF_INIT;
		struct tpl_var iv[4] = { v[1], v[2], { "index_text", NULL, NULL,
		    0 }, { "index_name", NULL, NULL, 0 } };

		if (!name_ok(x, "index", ix->name))
			continue;
		if (t->schema != NULL) {
			dialect_ident(x->dl, t->schema, &iid);
			strbuf_addc(&iid, '.');
		}
		dialect_ident(x->dl, ix->name, &iid);
		iv[2].value = lit(x->dl, iid.buf, &a);
		iv[3].value = lit(x->dl, ix->name, &b);
		strbuf_reset(&what);
		strbuf_addf(&what, "index %s on %s", ix->name, t->name);
		check(x, DT_STAMP_INDEX, iv, 4, what.buf);
		strbuf_free(&iid);
	}
done:
	strbuf_free(&ident);
	strbuf_free(&text);
	strbuf_free(&tname);
	strbuf_free(&a);
	strbuf_free(&b);
	strbuf_free(&what);
	strbuf_free(&type);
}

size_t
stamp_verify(const struct dialect *dl, const struct model *m,
    struct strbuf *out, struct diags *d)
{
	struct stamp_ctx x = { dl, m, out, d, 0 };
	size_t i;

	for (i = 0; i < m->tables.len; i++) {
		const struct m_table *t = m->tables.items[i];

		if (!t->temporary)
			verify_table(&x, t);
	}
	return x.errors;
}
