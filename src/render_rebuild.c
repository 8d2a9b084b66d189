/*
 * render_rebuild.c -- SQLite table rebuilds (render.h): a run of changes
 * to one table that the dialect cannot make in place (no ALTER COLUMN, no
 * ADD or DROP CONSTRAINT) is carried out by one rebuild, as SQLite's
 * "Making Other Kinds Of Table Schema Changes" (lang_altertable.html 7)
 * describes: a new table made as the model has it, every row copied with
 * the conversions the changes ask, the old table dropped, the new one
 * renamed, its indexes made again and its foreign keys checked.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "migsql/ddl.h"
#include "migsql/lint.h"
#include "migsql/model.h"
#include "migsql/render.h"
#include "migsql/sqlitecheck.h"
#include "migsql/template.h"
#include "migsql/text.h"
#include "render_int.h"

/*
 * expr, the value copied into column c of a rebuilt table, with each
 * enum value rename the rebuild carries (rename_enum_value on a dialect
 * that keeps enum values in a CHECK) that concerns c's enum applied in
 * turn through the dialect's rebuild_rename_value, as RENAME VALUE
 * changes every row that holds the value (PostgreSQL 15 docs, ALTER
 * TYPE).  c is the column as the rebuild writes it, which a rename
 * closes (step_rebuild_tables): its type is the one it had then.
 */
static const char *
copy_renamed(struct r *r, const struct rebuild *b, const struct m_column *c,
    const char *expr)
{
	struct type_spec t;
	struct tpl_var v[3];
	const char *why;
	size_t i;

	if (c->type == NULL || c->type->kind != NODE_SCALAR ||
	    !type_parse(c->type->text, &t, &why) || t.type != GT_ENUM)
		return expr;
	for (i = 0; i < b->values.len; i++) {
		const struct action *a = b->values.items[i];

		if (strcmp(a->en->name, t.enum_name) != 0)
			continue;
		v[0] = VAR("expr", expr);
		v[1] = VAR("value", r_literal(r, a->old_value));
		v[2] = VAR("new_value", r_literal(r, a->value));
		expr = r_tpl(r, DT_REBUILD_RENAME_VALUE, v, 3);
	}
	return expr;
}

/* The expression that fills column c of the rebuilt table. */
static const char *
copy_expr(struct r *r, const struct rebuild *b, const struct m_column *c)
{
	const struct m_column *old = NULL;
	const char *expr;
	size_t i;

	for (i = 0; i < b->before->cols.len; i++)
		if (((struct m_column *)b->before->cols.items[i])->id == c->id)
			old = b->before->cols.items[i];
	if (old == NULL)
		return NULL;	/* a new column: its default fills it */
	expr = r_ident(r, old->name);
	for (i = b->using.len; i-- > 0;) {
		const struct action *a = b->using.items[i];
		int is_null;

		if (a->col->id != c->id)
			continue;
		if (a->using != NULL) {
			const char *sql = r_pick_sql(r, a->using, &is_null,
			    "'using'");

			if (sql != NULL)
				return copy_renamed(r, b, c, sql);
		}
		if (a->cast_back)
			return copy_renamed(r, b, c, r_cast(r, expr, c));
		break;
	}
	return copy_renamed(r, b, c, expr);
}

/*
 * What the copy reads from: the old table, or, when a 'using' expression
 * names its column as it is after a rename (PostgreSQL evaluates USING
 * after an earlier RENAME COLUMN), the old table with that column under
 * both names.
 */
static const char *
copy_source(struct r *r, const struct rebuild *b)
{
	struct strbuf sb = STRBUF_INIT;
	struct ptrvec names = PTRVEC_INIT;
	size_t i, j, k;
	int extra = 0;

	for (i = 0; i < b->before->cols.len; i++)
		ptrvec_push(&names, ((struct m_column *)
		    b->before->cols.items[i])->name);
	strbuf_adds(&sb, "(SELECT ");
	for (i = 0; i < names.len; i++)
		strbuf_addf(&sb, "%s%s", i ? ", " : "", r_ident(r,
		    names.items[i]));
	for (k = 0; k < b->using.len; k++) {
		const struct action *a = b->using.items[k];

		for (j = 0; j < names.len; j++)
			if (strcmp(names.items[j], a->col->name) == 0)
				break;
		if (j < names.len)
			continue;	/* the name is there already */
		for (i = 0; i < b->before->cols.len; i++) {
			const struct m_column *o = b->before->cols.items[i];

			if (o->id != a->col->id)
				continue;
			strbuf_addf(&sb, ", %s AS %s", r_ident(r, o->name),
			    r_ident(r, a->col->name));
			ptrvec_push(&names, a->col->name);
			extra = 1;
		}
	}
	strbuf_addf(&sb, " FROM %s)", r_ident(r, b->table));
	ptrvec_free(&names);
	if (!extra) {
		strbuf_free(&sb);
		return r_ident(r, b->table);
	}
	return r_keep_sb(r, &sb);
}

/* The findings of a rebuild (it is the statement they stand above). */
static void
lint_rebuild(struct render_session *s, const struct rebuild *b,
    const struct ptrvec *checked, struct strbuf *cm)
{
	struct strbuf why = STRBUF_INIT, fks = STRBUF_INIT;
	size_t i;

	for (i = 0; i < b->why.len; i++)
		strbuf_addf(&why, "%s%s", i ? ", " : "",
		    (char *)b->why.items[i]);
	lint_add(s, b->first, NULL, LINT_TABLE_REBUILD, cm, "table '%s' is "
	    "rebuilt (copied into a new table, every row) for %s", b->table,
	    why.buf);
	for (i = 1; i < checked->len; i++)
		strbuf_addf(&fks, "%s'%s'", i > 1 ? ", " : "",
		    (char *)checked->items[i]);
	if (fks.len > 0)
		lint_add(s, b->first, NULL, LINT_REBUILD_FOREIGN_KEYS, cm,
		    "rebuilding table '%s' re-checks the foreign keys of %s "
		    "that reference it", b->table, fks.buf);
	strbuf_free(&why);
	strbuf_free(&fks);
}

/* 0 after an error when an execute whose DDL could not be read came
   before: the table's shape is not known for sure, and a rebuild from
   the model could drop what that execute made. */
static int
rebuild_shape_known(struct r *r, const struct render_session *s,
    const struct m_table *t)
{
	if (t->dependents != NULL) {
		r_err(r, NULL, "table '%s' cannot be rebuilt here: the execute "
		    "at %s:%u made a trigger on it, which migsql does not keep "
		    "and a rebuild would drop; write this change as SQL",
		    t->name, t->dependents->loc.file,
		    t->dependents->loc.line);
		return 0;
	}
	if (s->m->opaque_ddl == NULL)
		return 1;
	r_err(r, NULL, "table '%s' cannot be rebuilt here: the execute at "
	    "%s:%u ran DDL migsql could not read, so it does not know the "
	    "table's shape for sure, and a rebuild from the model could lose "
	    "what that execute made; write this change as SQL, or that "
	    "execute as SQL SQLite's engine can run", t->name,
	    s->m->opaque_ddl->loc.file, s->m->opaque_ddl->loc.line);
	return 0;
}

static void
rebuild_finish(struct render_session *s, struct render_out *o,
    struct rebuild *b)
{
	const struct m_table *t = model_table(s->m, b->table);
	struct strbuf *out = o->chunks.items[b->chunk];
	struct strbuf nm = STRBUF_INIT, note = STRBUF_INIT;
	struct ptrvec seen = PTRVEC_INIT, refs = PTRVEC_INIT;
	struct r r;
	size_t i, n = 0, lint_at;

	r_init(&r, s->dl, s->m, &b->first->loc, s->d);
	r.pg_version = render_pg_version(s);
	r.rev = s->rev;
	strbuf_addn(out, strbuf_str(&b->notes), b->notes.len);
	lint_at = out->len;
	strbuf_addf(&note, "Rebuilding table %s: %s cannot make these changes "
	    "in place:", b->table, s->dl->name);
	for (i = 0; i < b->why.len; i++)
		strbuf_addf(&note, "\n  %s", (char *)b->why.items[i]);
	render_comment(s->dl, note.buf, out);
	if (t == NULL) {
		/* dropped or renamed within the run: nothing left to build */
		goto done;
	}
	if (!rebuild_shape_known(&r, s, t))
		goto done;
	strbuf_addf(&nm, "migsql_new_%s", t->name);
	render_table(&r, t, nm.buf, 0, NULL, 0, out);
	{
		const char **cols = r_new_list(&r, t->cols.len);
		const char **vals = r_new_list(&r, t->cols.len);
		struct tpl_var v[7];
		int autoinc = 0;

		for (i = 0; i < t->cols.len; i++) {
			const struct m_column *c = t->cols.items[i];
			const char *e;

			autoinc |= r_writes_autoincrement(&r, c);
			/* The new table computes a generated column itself
			   (SQLite docs, "Generated Columns": it cannot be
			   written). */
			if (c->computed != NULL ||
			    (e = copy_expr(&r, b, c)) == NULL)
				continue;
			cols[n] = r_ident(&r, c->name);
			vals[n++] = e;
		}
		v[0] = VAR("table", copy_source(&r, b));
		v[1] = VAR("new_table", r_ident(&r, nm.buf));
		v[2] = LIST("columns", cols, n);
		v[3] = LIST("values", vals, n);
		v[4] = VAR("table_text", r_literal(&r, b->table));
		v[5] = VAR("new_table_text", r_literal(&r, nm.buf));
		v[6] = VAR("autoincrement", autoinc ? "1" : NULL);
		r_stmt(&r, DT_REBUILD_COPY, v, 7, out);
		v[0] = VAR("table", r_ident(&r, b->table));
		r_stmt(&r, DT_DROP_TABLE, v, 1, out);
		v[0] = VAR("table", r_ident(&r, nm.buf));
		v[1] = VAR("new_name", r_ident(&r, t->name));
		r_stmt(&r, DT_RENAME_TABLE, v, 2, out);
	}
	for (i = 0; i < t->indexes.len; i++)
		render_index(&r, t->indexes.items[i], NULL, 0, 0, out);
	/* Foreign keys from and to the table must still hold. */
	ptrvec_push(&seen, t->name);
	model_referrers(s->m, t->name, &refs);
	for (i = 0; i < refs.len; i++) {
		const struct m_table *o2 = refs.items[i];

		/* A table made later in the step is not there yet where
		   the rebuild runs (and has no rows to check). */
		if (strcmp(o2->name, t->name) != 0 && o2->seq <= b->seq)
			ptrvec_push(&seen, o2->name);
	}
	ptrvec_free(&refs);
	for (i = 0; i < seen.len; i++) {
		struct tpl_var v[2];

		v[0] = VAR("table", r_ident(&r, seen.items[i]));
		v[1] = VAR("table_text", r_literal(&r, seen.items[i]));
		r_stmt(&r, DT_REBUILD_CHECK, v, 2, out);
	}
	s->rebuilds = 1;
	if (b->lint && lint_pre_existing(s, b->table)) {
		/* Above the rebuild, after the ops' own findings. */
		struct strbuf cm = STRBUF_INIT, rest = STRBUF_INIT;

		lint_rebuild(s, b, &seen, &cm);
		strbuf_adds(&rest, strbuf_str(out) + lint_at);
		out->len = lint_at;
		strbuf_addn(out, strbuf_str(&cm), cm.len);
		strbuf_addn(out, strbuf_str(&rest), rest.len);
		strbuf_free(&cm);
		strbuf_free(&rest);
	}
done:
	if (!r.ok)
		s->errors++;
	else if (t != NULL)
		render_engine_feed(s, b->first, out->buf + lint_at,
		    out->len - lint_at);
	r_done(&r);
	strbuf_free(&b->notes);
	ptrvec_free(&seen);
	strbuf_free(&nm);
	strbuf_free(&note);
	m_table_free(b->before);
	free(b->table);
	for (i = 0; i < b->why.len; i++)
		free(b->why.items[i]);
	ptrvec_free(&b->why);
	ptrvec_free(&b->using);
	ptrvec_free(&b->values);
	free(b);
}

void
rebuild_close_all(struct render_session *s, struct render_out *o)
{
	size_t i;

	for (i = 0; i < o->open.len; i++)
		rebuild_finish(s, o, o->open.items[i]);
	o->open.len = 0;
}

struct rebuild *
rebuild_open(struct render_out *o, const char *table)
{
	size_t i;

	if (table == NULL)
		return NULL;
	for (i = 0; i < o->open.len; i++) {
		struct rebuild *b = o->open.items[i];

		if (strcmp(b->table, table) == 0)
			return b;
	}
	return NULL;
}

/*
 * A new rebuild of table t (in s's model) for action a, which starts
 * it, in a chunk of its own at this point of o; NULL after an error at
 * a's op when the dialect has no rebuild templates.
 */
struct rebuild *
rebuild_start(struct render_session *s, struct render_out *o,
    const struct action *a, const struct m_table *t)
{
	struct rebuild *b;

	if (s->dl->tpl[DT_REBUILD_COPY] == NULL ||
	    s->dl->tpl[DT_REBUILD_CHECK] == NULL) {
		diag_error(s->d, EXIT_INPUT, &a->op->loc, "the %s dialect "
		    "cannot do this %s in place and has no rebuild_copy and "
		    "rebuild_check templates to rebuild table '%s'",
		    s->dl->name, a->op->def->name, t->name);
		s->errors++;
		return NULL;
	}
	b = xcalloc(1, sizeof *b);
	b->table = xstrdup(t->name);
	b->before = m_table_copy(t);
	b->first = a->op;
	b->lint = s->linting && !a->inverse;
	b->chunk = o->chunks.len;
	b->seq = s->m->next_seq;
	if (s->engine != NULL)	/* the table as the rebuild finds it */
		sqlitecheck_ensure(s->engine, t->name);
	render_out_chunk(o);
	ptrvec_push(&o->open, b);
	return b;
}

/* Records in rebuild b that it carries out action a. */
void
rebuild_why(struct rebuild *b, const struct action *a)
{
	ptrvec_push(&b->why, xasprintf("%s%s at %s:%u%s",
	    a->inverse ? "inverse of " : "", a->op->def->name,
	    a->op->loc.file, a->op->loc.line, a->lossy ? " (the data "
	    "it removed cannot be brought back)" : ""));
}

/*
 * Action a (op_def's rebuilds hook) changes tables other than its own on
 * this dialect: an enum's values, which SQLite keeps in the CHECK of each
 * column of the enum.  When the hook names any, each of them joins its
 * open rebuild or starts one, a is applied to the model, and, when a
 * renames a value (the rebuilds then copy each row with the value
 * renamed: copy_renamed), those rebuilds end at once, so that nothing
 * later in the step is copied over rows that still hold the old value.
 * Returns 1 when it took a (and ownership of it), 0 when no table is
 * rebuilt.
 */
int
rebuild_step_tables(struct render_session *s, struct render_out *o,
    struct action *a, struct ptrvec *keep)
{
	const struct op_def *def = op_def_of(a->kind);
	struct ptrvec tables = PTRVEC_INIT;
	size_t i;
	int ok = 1;

	if (def->rebuilds != NULL)
		def->rebuilds(s->dl, s->m, a, &tables);
	if (tables.len == 0)
		return 0;
	if (a->old_value != NULL &&
	    s->dl->tpl[DT_REBUILD_RENAME_VALUE] == NULL) {
		diag_error(s->d, EXIT_INPUT, &a->op->loc, "the %s dialect "
		    "keeps enum values in a CHECK and has no "
		    "rebuild_rename_value template to rename '%s' in the "
		    "rows of table '%s'", s->dl->name, a->old_value,
		    ((const struct m_table *)tables.items[0])->name);
		s->errors++;
		ok = 0;
	}
	for (i = 0; ok && i < tables.len; i++) {
		const struct m_table *t = tables.items[i];
		struct rebuild *b = rebuild_open(o, t->name);

		if (b == NULL && (b = rebuild_start(s, o, a, t)) == NULL)
			break;
		if (i == 0 && s->linting && !a->inverse)
			lint_action(s, a, &b->notes);
		rebuild_why(b, a);
		if (a->old_value != NULL)
			ptrvec_push(&b->values, a);
	}
	ptrvec_free(&tables);
	model_apply(s->m, a);
	ptrvec_push(keep, a);
	if (a->old_value != NULL)
		rebuild_close_all(s, o);
	return 1;
}
