/* test_model_ddl.c -- raw DDL read by PostgreSQL's parser reaches the
 * schema model: each kind's effect, and what stays an error. */
#include "config.h"

#include <criterion/criterion.h>

#include "migsql/model.h"
#include "migsql/render.h"
#include "helpers.h"

TestSuite(model_ddl, .fini = helpers_fini);

/* The model as text: "table t", "  col c TYPE null|notnull", "  con TYPE
   name (cols) [-> ref(cols)]", "index name on t (cols)[ unique]",
   "enum e (values)". TYPE is the type node's text, the engine's spelling
   of a raw column's type, or "?" (a "!" after it: cannot be written). */
static char *
dump(const struct model *m)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i, j, k;

	strbuf_adds(&sb, "");
	for (i = 0; i < m->tables.len; i++) {
		const struct m_table *t = m->tables.items[i];

		strbuf_addf(&sb, "table %s%s%s\n", t->name, t->uncertain ?
		    " (uncertain)" : "", t->unlogged ? " (unlogged)" : "");
		for (j = 0; j < t->cols.len; j++) {
			const struct m_column *c = t->cols.items[j];

			strbuf_addf(&sb, "  col %s %s%s %s\n", c->name,
			    c->type ? c->type->text : c->sql_type ?
			    c->sql_type : "?", c->raw ? "!" : "",
			    c->nullable ? "null" : "notnull");
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
		strbuf_addf(&sb, ")%s\n", x->unique ? " unique" : "");
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

/*
 * Replays a revision whose upgrade is ops (YAML list items) on a model
 * that reads PostgreSQL's SQL; returns the model's dump and leaves the
 * diagnostics in d.
 */
static char *
run_ops(const char *ops, struct diags *d)
{
	char *yaml = xasprintf("revision: r1\ndown_revision: null\n"
	    "upgrade:\n%s", ops);
	struct revision *r = parse_rev("versions/r1.yaml", yaml, d);
	struct model m;
	char *text;

	free(yaml);
	cr_assert_not_null(r);
	model_init(&m);
	model_read_sql(&m, "postgresql", 1, NULL, NULL);
	render_replay(&m, r, NULL, d);
	text = dump(&m);
	model_free(&m);
	revision_free(r);
	return text;
}

/* run_ops() that must report nothing. */
static char *
clean(const char *ops)
{
	struct diags d;
	char *text;

	diags_init(&d);
	text = run_ops(ops, &d);
	assert_no_errors(&d);
	cr_expect_eq(d.len, 0, "no warnings either");
	diags_free(&d);
	return text;
}

Test(model_ddl, create_table_with_its_constraints)
{
	char *t = clean(
	    "  - execute: |\n"
	    "      CREATE TABLE users (id serial PRIMARY KEY, email varchar(255) NOT NULL UNIQUE);\n"
	    "      CREATE TABLE orders (\n"
	    "        id bigint, user_id integer REFERENCES users,\n"
	    "        total numeric(10,2) NOT NULL, tags text[],\n"
	    "        placed timestamp with time zone DEFAULT now(),\n"
	    "        PRIMARY KEY (id), CONSTRAINT orders_total_check CHECK (total > 0))\n");

	/* PostgreSQL's own names: users_pkey, users_email_key,
	   orders_user_id_fkey; types as PostgreSQL spells them. */
	cr_expect_str_eq(t,
	    "table users\n"
	    "  col id serial notnull\n"
	    "  col email varchar(255) notnull\n"
	    "  con primary users_pkey (id)\n"
	    "  con unique users_email_key (email)\n"
	    "table orders\n"
	    "  col id int8 notnull\n"
	    "  col user_id int4 null\n"
	    "  col total numeric(10,2) notnull\n"
	    "  col tags text[] null\n"
	    "  col placed timestamptz! null\n"
	    "  con foreignkey orders_user_id_fkey (user_id) -> users(id)\n"
	    "  con primary orders_pkey (id)\n"
	    "  con check orders_total_check ()\n");
	free(t);
}

/* The chain: a table rebuilt in raw SQL, then its index and
   foreign key made again under the old names by operations. */
Test(model_ddl, table_rebuilt_in_raw_sql)
{
	char *t = clean(
	    "  - create_table: {name: customers, columns: [{name: id, type: integer, primary_key: true}]}\n"
	    "  - create_table: {name: orders, columns: [{name: id, type: integer, primary_key: true}, {name: customer_id, type: integer}, {name: total, type: integer}]}\n"
	    "  - create_index: {name: ix_orders_customer, table: orders, columns: [customer_id]}\n"
	    "  - execute: |\n"
	    "      CREATE TABLE orders_new AS SELECT id, customer_id, total * 100 AS total_cents FROM orders;\n"
	    "      DROP TABLE orders;\n"
	    "      ALTER TABLE orders_new RENAME TO orders\n"
	    "  - create_index: {name: ix_orders_customer, table: orders, columns: [customer_id]}\n"
	    "  - create_foreign_key: {name: fk_orders_customer, source_table: orders, referent_table: customers, local_cols: [customer_id], remote_cols: [id]}\n");

	cr_expect_str_eq(t,
	    "table customers\n"
	    "  col id integer notnull\n"
	    "  con primary customers_pkey (id)\n"
	    "table orders\n"
	    "  col id ?! null\n"
	    "  col customer_id ?! null\n"
	    "  col total_cents ?! null\n"
	    "  con foreignkey fk_orders_customer (customer_id) -> customers(id)\n"
	    "index ix_orders_customer on orders (customer_id)\n");
	free(t);
}

Test(model_ddl, drop_column_takes_its_indexes_and_constraints)
{
	char *t = clean(
	    "  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}, {name: a, type: integer}, {name: b, type: integer}]}\n"
	    "  - create_index: {name: ix_t_a, table: t, columns: [a]}\n"
	    "  - create_index: {name: ix_t_ab, table: t, columns: [a, b]}\n"
	    "  - create_index: {name: ix_t_b, table: t, columns: [b]}\n"
	    "  - create_unique_constraint: {name: uq_t_ab, table: t, columns: [a, b]}\n"
	    "  - execute: ALTER TABLE t DROP COLUMN a\n");

	cr_expect_str_eq(t,
	    "table t\n"
	    "  col id integer notnull\n"
	    "  col b integer null\n"
	    "  con primary t_pkey (id)\n"
	    "index ix_t_b on t (b)\n");
	free(t);
}

Test(model_ddl, renames_and_unnamed_indexes)
{
	char *t = clean(
	    "  - create_table: {name: t, columns: [{name: id, type: integer, primary_key: true}, {name: a, type: integer}]}\n"
	    "  - execute: |\n"
	    "      CREATE INDEX ON t (a);\n"
	    "      CREATE UNIQUE INDEX ON t (a, lower(a::text));\n"
	    "      ALTER TABLE t RENAME COLUMN a TO b;\n"
	    "      ALTER TABLE t RENAME CONSTRAINT t_pkey TO t_key_id;\n"
	    "      ALTER INDEX t_a_idx RENAME TO ix_t_b;\n"
	    "      ALTER TABLE t RENAME TO u\n"
	    "  - create_index: {name: ix_u_id, table: u, columns: [id]}\n");

	/* ChooseIndexName: t_a_idx, then t_a_lower_idx: the expression
	   counts by its function's name (FigureIndexColname). */
	cr_expect_str_eq(t,
	    "table u\n"
	    "  col id integer notnull\n"
	    "  col b integer null\n"
	    "  con primary t_key_id (id)\n"
	    "index t_a_lower_idx on u (b,<expr>) unique\n"
	    "index ix_t_b on u (b)\n"
	    "index ix_u_id on u (id)\n");
	free(t);
}

/*
 * EXCLUDE in raw SQL: the model knows the constraint by its name (the one
 * given, or PostgreSQL's: table_parts_excl, a function call named by its
 * function, a number added until it is free) with its plain columns; one
 * whose name PostgreSQL takes from another expression stays out.
 */
Test(model_ddl, exclusion_constraints)
{
	char *t = clean(
	    "  - create_table: {name: b, columns: [{name: id, type: integer, primary_key: true}, {name: room, type: integer}, {name: lo, type: integer}, {name: hi, type: integer}]}\n"
	    "  - execute: |\n"
	    "      ALTER TABLE b ADD EXCLUDE USING gist (room WITH =, int4range(lo, hi) WITH &&);\n"
	    "      ALTER TABLE b ADD EXCLUDE USING gist (int4range(lo, hi) WITH &&) WHERE (room > 0);\n"
	    "      ALTER TABLE b ADD EXCLUDE (room WITH =);\n"
	    "      ALTER TABLE b ADD EXCLUDE (room WITH =);\n"
	    "      ALTER TABLE b ADD EXCLUDE USING gist ((room + 1) WITH =);\n"
	    "      ALTER TABLE b ADD CONSTRAINT b_x EXCLUDE USING gist ((room + 1) WITH =, lo WITH =);\n"
	    "      ALTER TABLE b RENAME CONSTRAINT b_room_excl TO b_r_excl;\n"
	    "      CREATE TABLE c (r int4range, EXCLUDE USING gist (r WITH &&))\n");

	cr_expect_str_eq(t,
	    "table b\n"
	    "  col id integer notnull\n"
	    "  col room integer null\n"
	    "  col lo integer null\n"
	    "  col hi integer null\n"
	    "  con primary b_pkey (id)\n"
	    "  con exclude b_room_int4range_excl (room)\n"
	    "  con exclude b_int4range_excl ()\n"
	    "  con exclude b_room_excl1 (room)\n"
	    "  con exclude b_x (lo)\n"
	    "  con exclude b_r_excl (room)\n"
	    "table c\n"
	    "  col r int4range null\n"
	    "  con exclude c_r_excl (r)\n");
	free(t);
}

Test(model_ddl, enum_types)
{
	char *t = clean(
	    "  - execute: |\n"
	    "      CREATE TYPE mood AS ENUM ('sad', 'ok');\n"
	    "      ALTER TYPE mood ADD VALUE 'happy';\n"
	    "      ALTER TYPE mood RENAME VALUE 'ok' TO 'fine';\n"
	    "      CREATE TYPE gone AS ENUM ('x');\n"
	    "      DROP TYPE gone\n"
	    "  - create_table: {name: t, columns: [{name: m, type: enum(mood)}]}\n");

	cr_expect_str_eq(t,
	    "table t\n"
	    "  col m enum(mood) null\n"
	    "enum mood (sad,fine,happy)\n");
	free(t);
}

/* ADD VALUE puts the value BEFORE or AFTER its neighbor, as the server
   does; one the enum has (IF NOT EXISTS) changes nothing; CREATE
   UNLOGGED TABLE makes an unlogged table. */
Test(model_ddl, enum_value_order_and_unlogged_tables)
{
	char *t = clean(
	    "  - create_enum: {name: mood, values: [sad, happy]}\n"
	    "  - execute: |\n"
	    "      ALTER TYPE mood ADD VALUE 'ok' BEFORE 'happy';\n"
	    "      ALTER TYPE mood ADD VALUE 'glum' AFTER 'sad';\n"
	    "      ALTER TYPE mood ADD VALUE IF NOT EXISTS 'sad' AFTER 'happy';\n"
	    "      ALTER TYPE mood ADD VALUE 'ecstatic';\n"
	    "      CREATE UNLOGGED TABLE cache (id integer)\n");

	cr_expect_str_eq(t,
	    "table cache (unlogged)\n"
	    "  col id int4 null\n"
	    "enum mood (sad,glum,ok,happy,ecstatic)\n");
	free(t);
}

/* What the server refuses is an error at the execute. */
Test(model_ddl, what_the_server_refuses)
{
	struct diags d;
	char *t;

	diags_init(&d);
	t = run_ops(
	    "  - create_table: {name: p, columns: [{name: id, type: integer, primary_key: true}]}\n"
	    "  - create_table: {name: c, columns: [{name: id, type: integer, primary_key: true}, {name: p_id, type: integer, foreign_key: p.id}]}\n"
	    "  - execute: DROP TABLE p\n"
	    "  - execute: CREATE TABLE c (x int)\n"
	    "  - execute: ALTER TABLE c ADD COLUMN p_id int\n"
	    "  - execute: DROP INDEX nope\n"
	    "  - execute: DROP INDEX IF EXISTS nope\n", &d);
	assert_diags_have(&d, "versions/r1.yaml:6:5: error: execute: DROP TABLE: "
	    "foreign key 'c_p_id_fkey' of table 'c' needs table 'p': drop it "
	    "first, or add CASCADE");
	assert_diags_have(&d, "versions/r1.yaml:7:5: error: execute: CREATE TABLE: "
	    "'c' already exists: a table has that name");
	assert_diags_have(&d, "versions/r1.yaml:8:5: error: execute: ALTER TABLE "
	    "... ADD COLUMN: column 'p_id' already exists in table 'c'");
	assert_diags_have(&d, "versions/r1.yaml:9:5: error: execute: DROP INDEX: "
	    "unknown index 'nope'");
	assert_errors(&d, 4);
	free(t);
	diags_free(&d);
	diags_init(&d);
	t = run_ops(
	    "  - create_table: {name: p, columns: [{name: id, type: integer, primary_key: true}]}\n"
	    "  - create_table: {name: c, columns: [{name: id, type: integer, primary_key: true}, {name: p_id, type: integer, foreign_key: p.id}]}\n"
	    "  - execute: DROP TABLE p CASCADE\n", &d);
	assert_no_errors(&d);
	cr_expect_str_eq(t,
	    "table c\n"
	    "  col id integer notnull\n"
	    "  col p_id integer null\n"
	    "  con primary c_pkey (id)\n");
	free(t);
	diags_free(&d);
}

/* Only a statement that could have made an object softens its absence. */
Test(model_ddl, blame_only_what_could_have_made_it)
{
	struct diags d;
	char *t;

	diags_init(&d);
	t = run_ops(
	    "  - execute: UPDATE things SET n = 1\n"
	    "  - add_column: {table: legacy, column: {name: n, type: integer}}\n", &d);
	assert_diags_have(&d, "error: unknown table 'legacy'");
	free(t);
	diags_free(&d);
	diags_init(&d);
	t = run_ops(
	    "  - execute: DO $$ BEGIN EXECUTE 'CREATE TABLE legacy (n int)'; END $$\n"
	    "  - add_column: {table: legacy, column: {name: n, type: integer}}\n", &d);
	assert_no_errors(&d);
	assert_diags_have(&d, "warning: unknown table 'legacy'; assuming the execute "
	    "at versions/r1.yaml:4 made it");
	free(t);
	diags_free(&d);
}

/* The columns of a check's condition, as PostgreSQL's parser reads
   them: for the name of an unnamed check (ops_table.c). */
Test(model_ddl, column_refs_of_a_condition)
{
	static const struct { const char *sql; const char *want; } cases[] = {
		{ "price > 0 AND price < 1000", "price" },
		{ "Price < \"Qty\" OR t.price > 1", "price,Qty" },
		{ "lower(email) <> '' AND length(email) < 255", "email" },
		{ "true", "" },
		{ "a IN (SELECT 1) OR b BETWEEN c AND 3", "a,b,c" },
		{ "CASE WHEN a THEN b ELSE a END", "a,b" },
	};
	size_t i, k, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char **v = sqlpg_column_refs(cases[i].sql, &n);
		struct strbuf sb = STRBUF_INIT;

		cr_assert_not_null(v, "%s", cases[i].sql);
		for (k = 0; k < n; k++) {
			strbuf_addf(&sb, "%s%s", k ? "," : "", v[k]);
			free(v[k]);
		}
		cr_assert_null(v[n]);
		free(v);
		cr_assert_str_eq(strbuf_str(&sb), cases[i].want, "%s",
		    cases[i].sql);
		strbuf_free(&sb);
	}
	cr_assert_null(sqlpg_column_refs("price >", &n));
}
