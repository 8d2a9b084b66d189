/*
 * ops_enum.c -- create_enum and drop_enum.
 *
 * Each op's keys, how it changes the schema model (lower, apply), its
 * inverse, how it renders and its lint, in one place: the op's row
 * (op.h, struct op_def) at the end of the file names its hooks.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "migsql/lint.h"
#include "migsql/model.h"
#include "migsql/op.h"
#include "migsql/render.h"
#include "model_int.h"
#include "ops_int.h"
#include "render_int.h"

static const struct field create_enum_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "values", FT_VALUES, 1 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static const struct field drop_enum_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "lint", FT_LINT, 0 },
	{ NULL, 0, 0 }
};

static void
lower_enum(struct lw *w)
{
	const struct node *a = w->op->args;
	const char *name = a->kind == NODE_MAP ? map_str(a, "name") : a->text;
	const struct node *nn = a->kind == NODE_MAP ? node_get(a, "name") : a;
	struct m_enum *e = model_enum(w->m, name);
	size_t i, j;

	if (w->op->def->kind == OP_CREATE_ENUM) {
		const struct node *vals = node_get(a, "values");

		w->a->en = xcalloc(1, sizeof *w->a->en);
		w->a->en->name = xstrdup(name);
		w->a->en->values = model_names_of(vals, &w->a->en->nvalues);
		for (i = 0; i < vals->n; i++)
			for (j = 0; j < i; j++)
				if (strcmp(vals->items[i]->text,
				    vals->items[j]->text) == 0)
					lw_err(w, &vals->items[i]->loc, "enum "
					    "value '%s' is given twice",
					    vals->items[i]->text);
		if (e != NULL)
			lw_err(w, lw_at(nn), "enum '%s' already exists", name);
		return;
	}
	if (e == NULL) {
		lw_missing(w, lw_at(nn), "unknown enum '%s'", name);
		w->a->en = xcalloc(1, sizeof *w->a->en);
		w->a->en->name = xstrdup(name);
		w->a->en->values = xmalloc(sizeof *w->a->en->values);
		return;
	}
	w->a->en = model_enum_copy(e);
	for (i = 0; i < w->m->tables.len; i++) {
		const struct m_table *t = w->m->tables.items[i];

		for (j = 0; j < t->cols.len; j++)
			if (model_column_enum(w->m, t->cols.items[j]) == e)
				lw_err(w, NULL, "cannot drop enum '%s': column "
				    "'%s' of table '%s' uses it", name,
				    ((struct m_column *)t->cols.items[j])->name,
				    t->name);
	}
}

static void
apply_create_enum(struct model *m, struct m_table *t, const struct action *a)
{
	(void)t;
	ptrvec_push(&m->enums, model_enum_copy(a->en));
}

static void
apply_drop_enum(struct model *m, struct m_table *t, const struct action *a)
{
	size_t i;

	(void)t;
	if ((i = model_named_pos(&m->enums, a->en->name)) != (size_t)-1) {
		model_enum_free(m->enums.items[i]);
		model_drop_ptr(&m->enums, i);
	}
}

static int
invert_enum(const struct action *a, struct action *out)
{
	out->kind = a->kind == OP_CREATE_ENUM ? OP_DROP_ENUM : OP_CREATE_ENUM;
	out->en = model_enum_copy(a->en);
	return 1;
}

static void
render_enum_op(struct r *r, const struct action *a, struct strbuf *out)
{
	struct strbuf note = STRBUF_INIT;
	struct tpl_var v[2];
	size_t i;

	if (r->dl->tpl[DT_CREATE_ENUM] == NULL) {
		strbuf_addf(&note, "%s enum %s: %s has no enum types; its "
		    "columns are text with a CHECK of the values",
		    a->kind == OP_CREATE_ENUM ? "create" : "drop", a->en->name,
		    r->dl->name);
		render_comment(r->dl, note.buf, out);
		strbuf_free(&note);
		return;
	}
	v[0] = VAR("name", r_ident(r, a->en->name));
	if (a->kind == OP_DROP_ENUM) {
		r_stmt(r, DT_DROP_ENUM, v, 1, out);
		return;
	}
	{
		const char **vals = r_new_list(r, a->en->nvalues);

		for (i = 0; i < a->en->nvalues; i++)
			vals[i] = r_literal(r, a->en->values[i]);
		v[1] = LIST("values", vals, a->en->nvalues);
	}
	r_stmt(r, DT_CREATE_ENUM, v, 2, out);
}

static void
lint_create_enum(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	(void)old;
	lint_name(s, a, "enum", a->en->name, cm);
}

static void
lint_drop_enum(struct render_session *s, const struct action *a, int old,
    struct strbuf *cm)
{
	(void)old;
	lint_add(s, a->op, NULL, LINT_DROP_ENUM, cm, "drop_enum removes type "
	    "'%s'", a->en->name);
}

const struct op_def op_create_enum = {
	.name = "create_enum", .kind = OP_CREATE_ENUM,
	.fields = create_enum_fields, .supported = 1,
	.lower = lower_enum, .apply = apply_create_enum, .invert = invert_enum,
	.render = render_enum_op, .lint = lint_create_enum,
};

const struct op_def op_drop_enum = {
	.name = "drop_enum", .kind = OP_DROP_ENUM,
	.fields = drop_enum_fields, .shorthand = "name", .supported = 1,
	.lower = lower_enum, .apply = apply_drop_enum, .invert = invert_enum,
	.render = render_enum_op, .lint = lint_drop_enum,
};
