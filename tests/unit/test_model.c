/* test_model.c -- the schema model: lowering checks, replay, inverses. */
#include "config.h"

#include <criterion/criterion.h>

#include "migsql/model.h"
#include "migsql/op.h"
#include "migsql/render.h"
#include "helpers.h"

/* A revision whose upgrade is the YAML list ops (a flow or block list). */
static struct revision *
ops_rev(const char *ops, struct diags *d)
{
	char *yaml = xasprintf("revision: r1\ndown_revision: null\n"
	    "upgrade:\n%s", ops);
	struct revision *r = parse_rev("versions/r1.yaml", yaml, d);

	free(yaml);
	cr_assert_not_null(r);
	assert_no_errors(d);
	return r;
}

/*
 * The model as text, one line per object, in model order:
 * "table t", "  col c type null|notnull [default]", "  con TYPE name
 * (cols) [-> ref(cols)]", "index name on t (cols)", "enum e (values)".
 */
static char *
dump(const struct model *m)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j, k;

	strbuf_adds(&sb, "");
	for (i = 0; i < m->tables.len; i++) {
		const struct m_table *t = m->tables.items[i];

		strbuf_addf(&sb, "table %s\n", t->name);
		for (j = 0; j < t->cols.len; j++) {
			const struct m_column *c = t->cols.items[j];

			strbuf_addf(&sb, "  col %s %s %s%s%s\n", c->name,
			    c->type ? c->type->text : "?",
			    c->nullable ? "null" : "notnull",
			    c->server_default ? " default " : "",
			    c->server_default && c->server_default->text ?
			    c->server_default->text : "");
		}
		for (j = 0; j < t->cons.len; j++) {
			const struct m_constraint *c = t->cons.items[j];

			strbuf_addf(&sb, "  con %s %s (", con_type_names[c->type],
			    c->name);
			for (k = 0; k < c->ncols; k++)
				strbuf_addf(&sb, "%s%s", k ? "," : "", c->cols[k]);
			strbuf_addc(&sb, ')');
			if (c->type == CON_FOREIGN_KEY) {
				strbuf_addf(&sb, " -> %s(", c->ref_table);
				for (k = 0; k < c->nref; k++)
					strbuf_addf(&sb, "%s%s", k ? "," : "",
					    c->ref_cols[k]);
				strbuf_addc(&sb, ')');
			}
			strbuf_addc(&sb, '\n');
		}
	}
	for (i = 0; i < m->indexes.len; i++) {
		const struct m_index *x = m->indexes.items[i];

		strbuf_addf(&sb, "index %s on %s (", x->name, x->table);
		for (k = 0; k < x->ncols; k++)
			strbuf_addf(&sb, "%s%s", k ? "," : "",
			    x->cols[k] ? x->cols[k] : "<expr>");
		strbuf_adds(&sb, ")\n");
	}
	for (i = 0; i < m->enums.len; i++) {
		const struct m_enum *e = m->enums.items[i];

		strbuf_addf(&sb, "enum %s (", e->name);
		for (k = 0; k < e->nvalues; k++)
			strbuf_addf(&sb, "%s%s", k ? "," : "", e->values[k]);
		strbuf_adds(&sb, ")\n");
	}
	return strbuf_detach(&sb);
}

static const char base_ops[] =
    "  - create_table:\n"
    "      name: users\n"
    "      columns:\n"
    "        - {name: id, type: integer, primary_key: true}\n"
    "        - {name: email, type: string(255), nullable: false, unique: true}\n"
    "        - {name: role, type: text, server_default: member}\n"
    "  - create_table:\n"
    "      name: orders\n"
    "      columns:\n"
    "        - {name: id, type: integer, primary_key: true}\n"
    "        - {name: user_id, type: integer, foreign_key: users.id}\n"
    "  - create_index: {name: ix_users_role, table: users, columns: [role]}\n";

/* Replays base_ops then extra (YAML list items) on m; returns the errors. */
static size_t
replay(struct model *m, const char *extra, struct diags *d,
    struct revision **rp)
{
	char *ops = xasprintf("%s%s", base_ops, extra ? extra : "");
	struct revision *r = ops_rev(ops, d);
	size_t errors = render_replay(m, r, NULL, d);

	free(ops);
	*rp = r;
	return errors;
}

Test(model, replay_builds_tables_constraints_and_indexes)
{
	struct diags d;
	struct model m;
	struct revision *r;
	char *text;

	diags_init(&d);
	model_init(&m);
	cr_assert_eq(replay(&m, NULL, &d, &r), 0);
	text = dump(&m);
	cr_assert_str_eq(text,
	    "table users\n"
	    "  col id integer notnull\n"
	    "  col email string(255) notnull\n"
	    "  col role text null default member\n"
	    "  con primary users_pkey (id)\n"
	    "  con unique users_email_key (email)\n"
	    "table orders\n"
	    "  col id integer notnull\n"
	    "  col user_id integer null\n"
	    "  con primary orders_pkey (id)\n"
	    "  con foreignkey orders_user_id_fkey (user_id) -> users(id)\n"
	    "index ix_users_role on users (role)\n");
	free(text);
	model_free(&m);
	revision_free(r);
	diags_free(&d);
}

Test(model, renames_follow_into_indexes_and_foreign_keys)
{
	struct diags d;
	struct model m;
	struct revision *r;
	char *text;

	diags_init(&d);
	model_init(&m);
	cr_assert_eq(replay(&m,
	    "  - alter_column: {table: users, column: id, new_column_name: uid}\n"
	    "  - alter_column: {table: users, column: role, new_column_name: kind}\n"
	    "  - rename_table: {name: users, new_name: people}\n",
	    &d, &r), 0);
	text = dump(&m);
	cr_assert(strstr(text, "table people\n  col uid integer notnull\n") !=
	    NULL, "%s", text);
	cr_assert(strstr(text, "con primary users_pkey (uid)") != NULL,
	    "constraints keep their names: %s", text);
	cr_assert(strstr(text, "-> people(uid)") != NULL, "%s", text);
	cr_assert(strstr(text, "index ix_users_role on people (kind)") != NULL,
	    "%s", text);
	free(text);
	model_free(&m);
	revision_free(r);
	diags_free(&d);
}

Test(model, unknown_names_are_errors_with_suggestions)
{
	struct diags d;
	struct model m;
	struct revision *r;

	diags_init(&d);
	model_init(&m);
	cr_assert_eq(replay(&m,
	    "  - add_column: {table: user, column: {name: x, type: text}}\n"
	    "  - drop_column: {table: users, column: emial}\n"
	    "  - drop_index: {name: ix_users_rol}\n",
	    &d, &r), 3);
	assert_diags_have(&d, "error: unknown table 'user' (did you mean "
	    "'users'?)");
	assert_diags_have(&d, "error: unknown column 'emial' in table 'users' "
	    "(did you mean 'email'?)");
	assert_diags_have(&d, "error: unknown index 'ix_users_rol' (did you "
	    "mean 'ix_users_role'?)");
	model_free(&m);
	revision_free(r);
	diags_free(&d);
}

Test(model, an_execute_before_makes_unknown_names_warnings)
{
	struct diags d;
	struct model m;
	struct revision *r;

	diags_init(&d);
	model_init(&m);
	cr_assert_eq(replay(&m,
	    "  - execute: CREATE TABLE legacy (id integer)\n"
	    "  - add_column: {table: legacy, column: {name: x, type: text}}\n",
	    &d, &r), 0);
	assert_no_errors(&d);
	assert_diags_have(&d, "warning: unknown table 'legacy'; assuming the "
	    "execute at versions/r1.yaml:");
	cr_assert_null(model_table(&m, "legacy"), "an execute is opaque");
	model_free(&m);
	revision_free(r);
	diags_free(&d);
}

Test(model, drops_of_what_is_still_used_are_refused)
{
	struct diags d;
	struct model m;
	struct revision *r;

	diags_init(&d);
	model_init(&m);
	replay(&m,
	    "  - drop_column: {table: users, column: id}\n"
	    "  - drop_table: users\n",
	    &d, &r);
	assert_diags_have(&d, "cannot drop column 'id' of table 'users': "
	    "foreign key 'orders_user_id_fkey' of table 'orders' references "
	    "it");
	assert_diags_have(&d, "cannot drop table 'users': foreign key "
	    "'orders_user_id_fkey' of table 'orders' references it");
	model_free(&m);
	revision_free(r);
	diags_free(&d);
}

/* Lowers and applies each op of r, then applies the inverses newest first:
   the model must come back to where it started. */
static void
assert_round_trip(const char *ops)
{
	struct diags d;
	struct model m;
	struct revision *r, *base;
	struct ptrvec acts = PTRVEC_INIT;
	char *before, *after;
	size_t i;

	diags_init(&d);
	model_init(&m);
	replay(&m, NULL, &d, &base);	/* the model points into base */
	before = dump(&m);
	r = ops_rev(ops, &d);
	cr_assert_eq(render_replay(&m, r, &acts, &d), 0);
	assert_no_errors(&d);
	cr_assert_eq(acts.len, r->nupgrade);
	for (i = acts.len; i-- > 0;) {
		struct action inv;

		cr_assert(action_invert(acts.items[i], &inv), "op %zu inverts",
		    i);
		model_apply(&m, &inv);
		action_free(&inv);
	}
	after = dump(&m);
	cr_assert_str_eq(after, before);
	free(before);
	free(after);
	render_actions_free(&acts);
	model_free(&m);
	revision_free(r);
	revision_free(base);
	diags_free(&d);
}

Test(model, inverses_restore_the_model)
{
	assert_round_trip(
	    "  - add_column: {table: users, column: {name: age, type: integer}}\n"
	    "  - alter_column: {table: users, column: role, nullable: false,"
	    " type: string(20), server_default: null, new_column_name: kind}\n"
	    "  - drop_index: {name: ix_users_role}\n"
	    "  - create_unique_constraint: {name: uq_age, table: users,"
	    " columns: [age]}\n"
	    "  - drop_constraint: {name: users_email_key, table: users}\n"
	    "  - create_enum: {name: mood, values: [ok, meh]}\n"
	    "  - add_column: {table: orders, column: {name: mood, type: enum(mood)}}\n"
	    "  - drop_table: orders\n"
	    "  - rename_table: {name: users, new_name: people}\n");
}

Test(model, a_dropped_column_comes_back_whole)
{
	struct diags d;
	struct model m;
	struct revision *r, *base;
	struct ptrvec acts = PTRVEC_INIT;
	struct action inv;

	diags_init(&d);
	model_init(&m);
	replay(&m, NULL, &d, &base);	/* the model points into base */
	r = ops_rev("  - drop_column: {table: users, column: email}\n", &d);
	render_replay(&m, r, &acts, &d);
	cr_assert_eq(acts.len, 1);
	cr_assert(action_invert(acts.items[0], &inv));
	cr_assert_eq(inv.kind, OP_ADD_COLUMN);
	cr_assert(inv.lossy, "the values cannot come back");
	cr_assert_str_eq(inv.col->name, "email");
	cr_assert_str_eq(inv.col->type->text, "string(255)");
	cr_assert_eq(inv.col->nullable, 0);
	cr_assert_not_null(inv.tbl);
	cr_assert_eq(inv.tbl->cons.len, 1, "its unique constraint comes too");
	action_free(&inv);
	render_actions_free(&acts);
	model_free(&m);
	revision_free(r);
	revision_free(base);
	diags_free(&d);
}

/*
 * A table whose columns are used by indexes and constraints in each way
 * table_column_dependents looks for, and by SQL that does not name them.
 */
static const char dep_ops[] =
    "  - create_table:\n"
    "      name: item\n"
    "      columns:\n"
    "        - {name: a, type: integer}\n"
    "        - {name: b, type: integer}\n"
    "        - {name: c, type: text}\n"
    "        - {name: Mixed, type: integer}\n"
    "        - {name: lower, type: text}\n"
    "      primary_key: [a, b]\n"
    "      unique:\n"
    "        - {name: uq_b_c, columns: [b, c]}\n"
    "      checks:\n"
    "        - {name: ck_c, condition: \"C <> 'b' AND a > 0\"}\n"
    "        - {name: ck_lit, condition: \"a <> 0 -- c\\n /* c */ OR 'c' = $$c$$\"}\n"
    "        - {name: ck_q, condition: {postgresql: '\"Mixed\" > 0', sqlite: 'true'}}\n"
    "        - {name: ck_fn, condition: \"lower (c) <> '' AND a::text <> ''\"}\n"
    "  - create_index: {name: ix_b, table: item, columns: [b]}\n"
    "  - create_index: {name: ix_expr, table: item, columns: [{sql: upper(c)}]}\n"
    "  - create_index: {name: ix_where, table: item, columns: [a], where: \"lower <> ''\"}\n";

/* The names of table_column_dependents(item, col): "ix_b,ix_expr;uq,ck". */
static char *
dependents(const struct model *m, const char *col)
{
	struct ptrvec idx = PTRVEC_INIT, cons = PTRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	table_column_dependents(model_table(m, "item"), col, &idx, &cons);
	strbuf_adds(&sb, "");
	for (i = 0; i < idx.len; i++)
		strbuf_addf(&sb, "%s%s", i ? "," : "",
		    ((struct m_index *)idx.items[i])->name);
	strbuf_addc(&sb, ';');
	for (i = 0; i < cons.len; i++)
		strbuf_addf(&sb, "%s%s", i ? "," : "",
		    ((struct m_constraint *)cons.items[i])->name);
	ptrvec_free(&idx);
	ptrvec_free(&cons);
	return strbuf_detach(&sb);
}

Test(model, a_column_drops_what_involves_it_as_postgresql_does)
{
	static const char *const want[][2] = {
		{ "a", "ix_where;item_pkey,ck_c,ck_lit,ck_fn" },
		{ "b", "ix_b;item_pkey,uq_b_c" },
		{ "c", "ix_expr;uq_b_c,ck_c,ck_fn" },	/* not in literals
							   or comments */
		{ "Mixed", ";ck_q" },		/* quoted: exact */
		{ "lower", "ix_where;" },	/* a column; lower (c) is a
						   function */
	};
	struct diags d;
	struct model m;
	struct revision *r;
	size_t i;

	diags_init(&d);
	model_init(&m);
	r = ops_rev(dep_ops, &d);
	cr_assert_eq(render_replay(&m, r, NULL, &d), 0);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		char *got = dependents(&m, want[i][0]);

		cr_assert_str_eq(got, want[i][1], "column %s: %s", want[i][0], got);
		free(got);
	}
	model_free(&m);
	revision_free(r);
	diags_free(&d);
}

Test(model, a_dropped_column_takes_its_indexes_and_constraints_back_and_forth)
{
	struct diags d;
	struct model m;
	struct revision *r, *base;
	struct ptrvec acts = PTRVEC_INIT;
	char *before, *text;
	size_t i;

	diags_init(&d);
	model_init(&m);
	base = ops_rev(dep_ops, &d);
	cr_assert_eq(render_replay(&m, base, NULL, &d), 0);
	before = dump(&m);
	r = ops_rev("  - drop_column: {table: item, column: b}\n"
	    "  - drop_column: {table: item, column: c}\n", &d);
	cr_assert_eq(render_replay(&m, r, &acts, &d), 0);
	assert_no_errors(&d);
	text = dump(&m);
	cr_assert_str_eq(text,
	    "table item\n"
	    "  col a integer notnull\n"	/* PostgreSQL keeps it NOT NULL */
	    "  col Mixed integer null\n"
	    "  col lower text null\n"
	    "  con check ck_lit ()\n"
	    "  con check ck_q ()\n"
	    "index ix_where on item (a)\n");
	free(text);
	cr_assert_eq(((struct action *)acts.items[0])->indexes.len, 1);
	cr_assert_eq(((struct action *)acts.items[0])->tbl->cons.len, 2);
	for (i = acts.len; i-- > 0;) {
		struct action inv;

		cr_assert(action_invert(acts.items[i], &inv));
		model_apply(&m, &inv);
		action_free(&inv);
	}
	text = dump(&m);
	/* Back (newest first: c, then b), each column with what went with
	   it after the others. */
	cr_assert_str_eq(text,
	    "table item\n"
	    "  col a integer null\n"
	    "  col Mixed integer null\n"
	    "  col lower text null\n"
	    "  col c text null\n"
	    "  col b integer null\n"
	    "  con check ck_lit ()\n"
	    "  con check ck_q ()\n"
	    "  con check ck_c ()\n"
	    "  con check ck_fn ()\n"
	    "  con primary item_pkey (a,b)\n"
	    "  con unique uq_b_c (b,c)\n"
	    "index ix_where on item (a)\n"
	    "index ix_expr on item (<expr>)\n"
	    "index ix_b on item (b)\n", "before: %s\nafter: %s", before, text);
	free(text);
	free(before);
	render_actions_free(&acts);
	model_free(&m);
	revision_free(r);
	revision_free(base);
	diags_free(&d);
}

Test(model, inverses_of_drop_column_restore_the_model)
{
	assert_round_trip(
	    "  - create_index: {name: ix_users_email_role, table: users,"
	    " columns: [email, role]}\n"
	    "  - drop_column: {table: users, column: role}\n"
	    "  - drop_column: {table: users, column: email}\n");
}

Test(model, copies_are_deep)
{
	struct diags d;
	struct model m, c;
	struct revision *r, *r2;
	char *before, *after;

	diags_init(&d);
	model_init(&m);
	replay(&m, NULL, &d, &r);
	before = dump(&m);
	model_copy(&c, &m);
	r2 = ops_rev("  - alter_column: {table: users, column: id,"
	    " new_column_name: uid}\n  - drop_index: {name: ix_users_role}\n",
	    &d);
	cr_assert_eq(render_replay(&c, r2, NULL, &d), 0);
	after = dump(&m);
	cr_assert_str_eq(after, before, "the original is unchanged");
	free(before);
	free(after);
	model_free(&c);
	model_free(&m);
	revision_free(r);
	revision_free(r2);
	diags_free(&d);
}

Test(model, bulk_insert_values_match_column_types)
{
	struct diags d;
	struct model m;
	struct revision *r;

	diags_init(&d);
	model_init(&m);
	replay(&m,
	    "  - create_table:\n"
	    "      name: days\n"
	    "      columns:\n"
	    "        - {name: d, type: date, nullable: false}\n"
	    "        - {name: at, type: timestamptz}\n"
	    "        - {name: n, type: integer}\n"
	    "  - bulk_insert:\n"
	    "      table: days\n"
	    "      rows:\n"
	    "        - {d: '2024-02-29', at: '2024-02-29T10:00:00+01:00', n: 1}\n"
	    "        - {d: '2023-02-29'}\n"
	    "        - {d: '2024-01-01', at: 'noon'}\n"
	    "        - {d: '2024-01-01', n: '1'}\n"
	    "        - {d: null}\n"
	    "        - {n: 2}\n",
	    &d, &r);
	assert_errors(&d, 5);
	assert_diags_have(&d, "r1.yaml:26:15: error: column 'd' of table "
	    "'days' is date: this value should be a date as 'YYYY-MM-DD', not "
	    "'2023-02-29'");
	assert_diags_have(&d, "should be a timestamp as 'YYYY-MM-DD "
	    "HH:MM:SS', not 'noon'");
	assert_diags_have(&d, "should be an integer, not '1'");
	assert_diags_have(&d, "is NOT NULL: this value cannot be null");
	assert_diags_have(&d, "this row gives no value for column 'd' of "
	    "table 'days'");
	model_free(&m);
	revision_free(r);
	diags_free(&d);
}

Test(model, default_names_are_clipped_like_postgresql)
{
	struct strbuf sb = STRBUF_INIT;

	model_default_name("orders", "user_id", "fkey", &sb);
	cr_assert_str_eq(sb.buf, "orders_user_id_fkey");
	strbuf_free(&sb);
}

/* A journal takes back whatever the ops did: tables made, dropped and
 * renamed, columns renamed under an index and a foreign key, indexes,
 * enums; and the lookups answer as before afterwards. */
Test(model, a_journal_undoes_every_kind_of_change)
{
	static const char ops[] =
	    "  - add_column: {table: users, column: {name: age, type: integer}}\n"
	    "  - create_index: {name: ix_users_email_age, table: users,"
	    " columns: [email, age]}\n"
	    "  - drop_column: {table: users, column: email}\n"
	    "  - alter_column: {table: users, column: id, new_column_name: uid}\n"
	    "  - alter_column: {table: users, column: role, new_column_name: kind}\n"
	    "  - create_table:\n"
	    "      name: notes\n"
	    "      columns: [{name: id, type: integer, primary_key: true},"
	    " {name: user_id, type: integer, foreign_key: users.uid}]\n"
	    "  - create_index: {name: ix_notes_user, table: notes, columns: [user_id]}\n"
	    "  - drop_index: {name: ix_users_role}\n"
	    "  - create_enum: {name: mood, values: [ok, meh]}\n"
	    "  - drop_table: orders\n"
	    "  - rename_table: {name: users, new_name: people}\n";
	struct diags d;
	struct model m;
	struct revision *r, *base, *again;
	struct ptrvec refs = PTRVEC_INIT;
	char *before, *after;

	diags_init(&d);
	model_init(&m);
	replay(&m, NULL, &d, &base);
	before = dump(&m);
	r = ops_rev(ops, &d);
	model_journal_begin(&m);
	cr_assert_eq(render_replay(&m, r, NULL, &d), 0);
	assert_no_errors(&d);
	cr_assert_not_null(model_table(&m, "people"), "the ops did run");
	cr_assert_null(model_table(&m, "orders"));
	model_journal_undo(&m);
	after = dump(&m);
	cr_assert_str_eq(after, before);
	cr_assert_null(m.journal);
	cr_assert_null(model_table(&m, "people"));
	cr_assert_null(model_table(&m, "notes"));
	cr_assert_not_null(model_table(&m, "orders"));
	cr_assert_not_null(model_index(&m, "ix_users_role"));
	cr_assert_null(model_index(&m, "ix_notes_user"));
	cr_assert_null(model_index(&m, "ix_users_email_age"));
	cr_assert_null(model_enum(&m, "mood"));
	model_referrers(&m, "users", &refs);
	cr_assert_eq(refs.len, 1, "orders references users again");
	cr_assert_eq(refs.items[0], model_table(&m, "orders"));
	ptrvec_free(&refs);
	/* The same ops apply again, without a journal, with no error. */
	again = ops_rev(ops, &d);
	cr_assert_eq(render_replay(&m, again, NULL, &d), 0);
	assert_no_errors(&d);
	free(before);
	free(after);
	model_free(&m);
	revision_free(again);
	revision_free(r);
	revision_free(base);
	diags_free(&d);
}

/* An index made on a table that is renamed after it, in one journal: the
 * undo takes the index off that table, not off the table its name finds
 * at that point (none: the rename is undone later), which left a freed
 * index in the table's list. */
Test(model, a_journal_undoes_an_index_on_a_table_renamed_after_it)
{
	struct diags d;
	struct model m;
	struct revision *base, *r;
	struct m_table *t;
	size_t nidx;
	char *before, *after;

	diags_init(&d);
	model_init(&m);
	replay(&m, NULL, &d, &base);
	t = model_table(&m, "users");
	cr_assert_not_null(t);
	nidx = t->indexes.len;
	before = dump(&m);
	r = ops_rev("  - add_column: {table: users, column: {name: age, type: integer}}\n"
	    "  - create_index: {name: ix_users_age, table: users, columns: [age]}\n"
	    "  - rename_table: {name: users, new_name: people}\n", &d);
	model_journal_begin(&m);
	cr_assert_eq(render_replay(&m, r, NULL, &d), 0);
	assert_no_errors(&d);
	model_journal_undo(&m);
	cr_assert_eq(model_table(&m, "users"), t);
	cr_assert_eq(t->indexes.len, nidx, "the new index is off the table");
	cr_assert_null(model_index(&m, "ix_users_age"));
	after = dump(&m);
	cr_assert_str_eq(after, before);
	free(before);
	free(after);
	model_free(&m);
	revision_free(r);
	revision_free(base);
	diags_free(&d);
}

/* Journals nest: an inner one undone leaves the outer exact, so that
 * undoing the outer gives the model before both; and a forgotten journal
 * keeps the changes and frees what it kept (ASan and valgrind see a leak
 * or a double free, the dumps see a wrong schema). */
Test(model, nested_journals_undo_in_order_and_forget_keeps_the_changes)
{
	static const char outer_ops[] =
	    "  - add_column: {table: users, column: {name: age, type: integer}}\n"
	    "  - drop_index: {name: ix_users_role}\n"
	    "  - create_table:\n"
	    "      name: notes\n"
	    "      columns: [{name: id, type: integer, primary_key: true}]\n";
	static const char inner_ops[] =
	    "  - alter_column: {table: users, column: age, new_column_name: years}\n"
	    "  - drop_table: notes\n"
	    "  - drop_table: orders\n"
	    "  - create_enum: {name: mood, values: [ok, meh]}\n";
	struct diags d;
	struct model m;
	struct revision *base, *outer, *inner, *again;
	char *before, *middle, *now;

	diags_init(&d);
	model_init(&m);
	replay(&m, NULL, &d, &base);
	before = dump(&m);
	outer = ops_rev(outer_ops, &d);
	inner = ops_rev(inner_ops, &d);
	model_journal_begin(&m);
	cr_assert_eq(render_replay(&m, outer, NULL, &d), 0);
	middle = dump(&m);
	cr_assert_str_neq(middle, before, "the outer ops did run");
	model_journal_begin(&m);
	cr_assert_eq(render_replay(&m, inner, NULL, &d), 0);
	assert_no_errors(&d);
	cr_assert_null(model_table(&m, "orders"), "the inner ops did run");
	model_journal_undo(&m);
	cr_assert_not_null(m.journal, "the outer journal is open again");
	now = dump(&m);
	cr_assert_str_eq(now, middle, "back to after the outer ops");
	free(now);
	model_journal_undo(&m);
	cr_assert_null(m.journal);
	now = dump(&m);
	cr_assert_str_eq(now, before, "back to before both");
	free(now);

	/* Forgotten: the changes stay, with no journal open. */
	model_journal_begin(&m);
	cr_assert_eq(render_replay(&m, outer, NULL, &d), 0);
	model_journal_begin(&m);
	cr_assert_eq(render_replay(&m, inner, NULL, &d), 0);
	model_journal_forget(&m);
	cr_assert_null(m.journal);
	cr_assert_null(model_table(&m, "orders"));
	cr_assert_null(model_table(&m, "notes"));
	cr_assert_not_null(model_enum(&m, "mood"));
	cr_assert_null(model_index(&m, "ix_users_role"));
	cr_assert_not_null(table_column(model_table(&m, "users"), "years"));
	/* ... and they are the model now: the outer ops cannot run again
	   (the index is gone), a fresh journal still undoes. */
	now = dump(&m);
	model_journal_begin(&m);
	again = ops_rev("  - drop_table: users\n", &d);
	cr_assert_eq(render_replay(&m, again, NULL, &d), 0);
	model_journal_undo(&m);
	free(middle);
	middle = dump(&m);
	cr_assert_str_eq(middle, now);
	assert_no_errors(&d);
	free(before);
	free(middle);
	free(now);
	model_free(&m);
	revision_free(again);
	revision_free(outer);
	revision_free(inner);
	revision_free(base);
	diags_free(&d);
}

/* A schema walk gives, at each version set in turn, the schema a replay of
 * the set's ancestors from base gives: across branches, at a merge, back
 * at base, and at one head right after a set of two (where the stack's
 * top is that head but the model holds the other branch too). */
Test(model, a_schema_walk_matches_a_replay_from_base)
{
	static const char *const yaml[] = {
	    "revision: r0\ndown_revision: null\nupgrade:\n"
	    "  - create_table: {name: t0, columns: [{name: id, type: integer}]}\n",
	    "revision: ra\ndown_revision: r0\nupgrade:\n"
	    "  - create_table: {name: ta, columns: [{name: id, type: integer}]}\n"
	    "  - add_column: {table: t0, column: {name: a, type: integer}}\n",
	    "revision: rb\ndown_revision: r0\nupgrade:\n"
	    "  - create_table: {name: tb, columns: [{name: id, type: integer}]}\n"
	    "  - rename_table: {name: t0, new_name: t1}\n",
	    "revision: rm\ndown_revision: [ra, rb]\nupgrade:\n"
	    "  - drop_table: ta\n",
	};
	static const char *const sets[][2] = {
	    { "ra", "rb" }, { "rb", NULL }, { "ra", NULL }, { "rm", NULL },
	    { NULL, NULL }, { "r0", NULL }, { "rb", "ra" }, { "ra", NULL },
	    { "rm", NULL }, { "rb", NULL },
	};
	struct revision **revs = xcalloc(4, sizeof *revs);	/* the chain's */
	struct diags d;
	struct chain c;
	struct schema_walk *w;
	size_t i, k, set[2], n;

	diags_init(&d);
	for (i = 0; i < 4; i++) {
		char *file = xasprintf("versions/%zu.yaml", i);

		revs[i] = parse_rev(file, yaml[i], &d);
		free(file);
		cr_assert_not_null(revs[i]);
	}
	cr_assert(chain_build(&c, revs, 4, &d));
	assert_no_errors(&d);
	w = schema_walk_new(&c, 1, 1);
	for (i = 0; i < sizeof sets / sizeof sets[0]; i++) {
		struct model m;
		char *walked, *replayed;

		for (n = 0, k = 0; k < 2; k++)
			if (sets[i][k] != NULL)
				set[n++] = chain_find(&c, sets[i][k]);
		cr_assert_eq(schema_walk_to(w, set, n, &d), 0);
		walked = dump(schema_walk_model(w));
		model_init(&m);
		cr_assert_eq(render_replay_ancestors(&c, set, n, &m, NULL, &d),
		    0);
		replayed = dump(&m);
		cr_assert_str_eq(walked, replayed, "at set %zu", i);
		free(walked);
		free(replayed);
		model_free(&m);
	}
	assert_no_errors(&d);
	schema_walk_free(w);
	chain_free(&c);
	diags_free(&d);
}

/*
 * The op table (op.h): every kind has one row, found by its name, whose
 * kind is its own; every op is checked and rendered; an op that changes
 * the model has an inverse unless it is data (bulk_insert, execute); an
 * op with an inverse has a way to check it, except comments and enums,
 * which cannot conflict.
 */
/* add_enum_value puts the value where PostgreSQL does (ALTER TYPE ...
   ADD VALUE [BEFORE | AFTER]); rename_enum_value renames it in place and
   its inverse back; a journal undoes both. */
Test(model, enum_values_change_in_place)
{
	static const char ops[] =
	    "  - create_enum: {name: mood, values: [sad, ok]}\n"
	    "  - add_column: {table: orders, column: {name: mood,"
	    " type: enum(mood)}}\n"
	    "  - add_enum_value: {name: mood, value: happy}\n"
	    "  - add_enum_value: {name: mood, value: meh, before: ok}\n"
	    "  - add_enum_value: {name: mood, value: glum, after: sad}\n"
	    "  - rename_enum_value: {name: mood, old_value: sad,"
	    " new_value: blue}\n"
	    "  - add_enum_value: {name: mood, value: ok, if_not_exists: true}\n";
	struct diags d;
	struct model m;
	struct revision *r;
	struct ptrvec acts = PTRVEC_INIT;
	struct action inv;
	char *all = xasprintf("%s%s", base_ops, ops), *text;

	diags_init(&d);
	model_init(&m);
	r = ops_rev(all, &d);
	free(all);
	model_journal_begin(&m);
	cr_assert_eq(render_replay(&m, r, &acts, &d), 0);
	assert_diags_have(&d, "warning: enum 'mood' has value 'ok' already: "
	    "this add_enum_value does nothing");
	text = dump(&m);
	cr_assert(strstr(text, "enum mood (blue,glum,meh,ok,happy)\n") != NULL,
	    "%s", text);
	free(text);
	/* The rename's inverse renames back; add_enum_value has none. */
	cr_assert(action_invert(acts.items[acts.len - 2], &inv));
	cr_assert_str_eq(inv.old_value, "blue");
	cr_assert_str_eq(inv.value, "sad");
	model_apply(&m, &inv);
	action_free(&inv);
	cr_assert_not(action_invert(acts.items[acts.len - 3], &inv));
	action_free(&inv);
	text = dump(&m);
	cr_assert(strstr(text, "enum mood (sad,glum,meh,ok,happy)\n") != NULL,
	    "%s", text);
	free(text);
	model_journal_undo(&m);
	cr_assert_null(model_enum(&m, "mood"), "the journal undid it all");
	render_actions_free(&acts);
	model_free(&m);
	revision_free(r);
	diags_free(&d);
}

/* A rename that would leave the old value in what the model keeps as
   written (a default, a check's SQL) is refused, naming it. */
Test(model, enum_value_renames_refuse_stale_text)
{
	struct diags d;
	struct model m;
	struct revision *r;

	diags_init(&d);
	model_init(&m);
	cr_assert_eq(replay(&m,
	    "  - create_enum: {name: mood, values: [sad, ok]}\n"
	    "  - create_table:\n"
	    "      name: notes\n"
	    "      columns:\n"
	    "        - {name: id, type: integer, primary_key: true}\n"
	    "        - {name: mood, type: enum(mood), server_default: ok}\n"
	    "      checks: [{name: ck_glad, condition: \"mood <> 'sad'\"}]\n"
	    "  - rename_enum_value: {name: mood, old_value: ok, new_value: fine}\n"
	    "  - rename_enum_value: {name: mood, old_value: sad, new_value: blue}\n"
	    "  - rename_enum_value: {name: mood, old_value: sda, new_value: x}\n",
	    &d, &r), 3);
	assert_diags_have(&d, "cannot rename value 'ok' of enum 'mood': column "
	    "'mood' of table 'notes' has it as its server_default");
	assert_diags_have(&d, "cannot rename value 'sad' of enum 'mood': check "
	    "'ck_glad' of table 'notes' names it");
	assert_diags_have(&d, "enum 'mood' has no value 'sda' (did you mean "
	    "'sad'?)");
	model_free(&m);
	revision_free(r);
	diags_free(&d);
}

/* Table options ride along in copies and journals (model.h, m_table). */
Test(model, table_options_are_kept)
{
	struct diags d;
	struct model m;
	struct revision *r;
	struct m_table *t, *copy;

	diags_init(&d);
	model_init(&m);
	cr_assert_eq(replay(&m,
	    "  - create_table:\n"
	    "      name: kv\n"
	    "      strict: true\n"
	    "      without_rowid: true\n"
	    "      columns: [{name: k, type: text, primary_key: true}]\n"
	    "  - create_table:\n"
	    "      name: cache\n"
	    "      unlogged: true\n"
	    "      columns: [{name: id, type: integer}]\n",
	    &d, &r), 0);
	t = model_table(&m, "kv");
	cr_assert(t->strict && t->without_rowid && !t->unlogged);
	cr_assert(model_table(&m, "cache")->unlogged);
	copy = m_table_copy(t);
	cr_assert(copy->strict && copy->without_rowid);
	m_table_free(copy);
	model_free(&m);
	revision_free(r);
	diags_free(&d);
}

/* An exclusion constraint goes with any column it uses, as a plain
   element, in an expression element or in its WHERE (PostgreSQL 15 docs,
   ALTER TABLE DROP COLUMN), but only a column element lets the column go
   without CASCADE; it follows a rename of its column elements, and
   comes back with what dropped it. */
Test(model, an_exclusion_constraint_follows_its_columns)
{
	static const char ops[] =
	    "  - create_table:\n"
	    "      name: item\n"
	    "      columns:\n"
	    "        - {name: id, type: integer, primary_key: true}\n"
	    "        - {name: a, type: integer}\n"
	    "        - {name: b, type: integer}\n"
	    "        - {name: c, type: integer}\n"
	    "        - {name: d, type: boolean}\n"
	    "        - {name: e, type: text}\n"
	    "  - create_exclude_constraint:\n"
	    "      name: xc\n"
	    "      table: item\n"
	    "      elements: [{column: a, operator: '='},"
	    " {sql: 'int4range(b, c)', operator: '&&'}]\n"
	    "      where: NOT d\n"
	    "  - alter_column: {table: item, column: a, new_column_name: a2}\n";
	static const char *const want[][2] = {
		{ "a2", ";xc" }, { "b", ";xc" }, { "c", ";xc" }, { "d", ";xc" },
		{ "e", ";" }, { "id", ";item_pkey" },
	};
	struct diags d;
	struct model m;
	struct revision *r;
	size_t i;
	char *text;

	diags_init(&d);
	model_init(&m);
	r = ops_rev(ops, &d);
	cr_assert_eq(render_replay(&m, r, NULL, &d), 0);
	text = dump(&m);
	cr_expect(strstr(text, "  con exclude xc (a2)\n") != NULL, "%s", text);
	free(text);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		char *got = dependents(&m, want[i][0]);

		cr_expect_str_eq(got, want[i][1], "column %s: %s", want[i][0],
		    got);
		free(got);
	}
	cr_expect_null(table_column_exclusion(model_table(&m, "item"), "a2"));
	cr_expect_null(table_column_exclusion(model_table(&m, "item"), "e"));
	for (i = 1; i < 4; i++)
		cr_expect_not_null(table_column_exclusion(model_table(&m,
		    "item"), want[i][0]), "%s", want[i][0]);
	model_free(&m);
	revision_free(r);
	diags_free(&d);
	assert_round_trip(
	    "  - create_exclude_constraint: {name: users_role_excl, table: "
	    "users, elements: [{column: role, operator: '='}, {sql: lower(email), "
	    "operator: '='}], using: btree}\n"
	    "  - drop_column: {table: users, column: role}\n"
	    "  - create_exclude_constraint: {name: users_role_excl, table: "
	    "users, elements: [{column: email, operator: '='}], deferrable: "
	    "true, initially: deferred}\n"
	    "  - drop_constraint: {name: users_role_excl, table: users, type: "
	    "exclude}\n");
}

Test(op_table, one_row_per_kind)
{
	const char *const *names = op_names();
	size_t k, n = 0;

	for (k = 0; k < OP_COUNT; k++) {
		const struct op_def *d = op_def_of((enum op_kind)k);

		cr_assert_not_null(d, "kind %zu has no row", k);
		cr_assert_eq(d->kind, (enum op_kind)k, "row %s", d->name);
		cr_assert_eq(op_lookup(d->name), d, "%s", d->name);
		cr_assert_not_null(d->fields, "%s", d->name);
		cr_assert_not_null(d->lower, "%s", d->name);
		cr_assert_not_null(d->render, "%s", d->name);
		if (k != OP_BULK_INSERT && k != OP_EXECUTE &&
		    k != OP_ADD_ENUM_VALUE)
			cr_assert_not_null(d->invert, "%s has no inverse",
			    d->name);
		else
			cr_assert_null(d->invert, "%s", d->name);
		/* An op without an inverse by design says why, or is one
		   whose downgrade is the user's by nature. */
		if (k == OP_ADD_ENUM_VALUE)
			cr_assert_not_null(d->no_inverse, "%s", d->name);
		cr_assert_str_eq(names[k], d->name);
	}
	while (names[n] != NULL)
		n++;
	cr_assert_eq(n, (size_t)OP_COUNT);
	cr_assert_null(op_lookup("create_tabel"));
}
