/*
 * test_pyrev.c -- unit tests of pyrev.h: Alembic revision files read
 * statically into the document a YAML revision would be.
 *
 * The trees are built by hand (py.h's syntax tree), as the Python parser
 * would give them, and the document is compared in a compact flow form
 * ({key: value, ...}, [a, b]; strings unquoted, null, true, 42).
 */
#include "config.h"

#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>

#include "helpers.h"
#include "migsql/pyrev.h"
#include "../../src/pyrev_int.h"

/* Everything a test builds, freed at its end. */
static void *tb_blocks[4096];
static size_t tb_n;
static int tb_line = 1;

static void *
tb_alloc(size_t n)
{
	void *p = xcalloc(1, n);

	cr_assert_lt(tb_n, sizeof tb_blocks / sizeof tb_blocks[0]);
	tb_blocks[tb_n++] = p;
	return p;
}

static void
tb_free(void)
{
	while (tb_n > 0)
		free(tb_blocks[--tb_n]);
	tb_line = 1;
}

static struct loc
tb_loc(void)
{
	struct loc l = { "versions/a1_x.py", tb_line++, 5 };

	return l;
}

static struct py_expr *
E(int kind)
{
	struct py_expr *e = tb_alloc(sizeof *e);

	e->kind = kind;
	e->loc = tb_loc();
	return e;
}

static struct py_expr *
S(const char *s)
{
	struct py_expr *e = E(PYE_STR);

	e->s = s;
	e->len = strlen(s);
	return e;
}

static struct py_expr *
I(const char *digits)
{
	struct py_expr *e = E(PYE_INT);

	e->s = digits;
	return e;
}

static struct py_expr *
B(int b)
{
	struct py_expr *e = E(PYE_BOOL);

	e->ival = b;
	return e;
}

#define NONE E(PYE_NONE)

/* A dotted name: "op.create_table" as NAME op, ATTR create_table. */
static struct py_expr *
D(const char *dotted)
{
	char *s = tb_alloc(strlen(dotted) + 1), *dot;
	struct py_expr *e;

	strcpy(s, dotted);
	dot = strchr(s, '.');
	if (dot != NULL)
		*dot = '\0';
	e = E(PYE_NAME);
	e->s = s;
	e->len = strlen(s);	/* as the parser sets it */
	while (dot != NULL) {
		struct py_expr *a = E(PYE_ATTR);
		char *next = strchr(dot + 1, '.');

		if (next != NULL)
			*next = '\0';
		a->a = e;
		a->s = dot + 1;
		a->len = strlen(a->s);
		e = a;
		dot = next;
	}
	return e;
}

static struct py_expr *
ATTR(struct py_expr *a, const char *name)
{
	struct py_expr *e = E(PYE_ATTR);

	e->a = a;
	e->s = name;
	return e;
}

/* A keyword argument, for CALL. */
static struct py_expr *
KW(const char *name, struct py_expr *v)
{
	struct py_expr *e = E(-1);

	e->s = name;
	e->a = v;
	return e;
}

static struct py_expr *
mkcall(struct py_expr *f, ...)
{
	struct py_expr *e = E(PYE_CALL), *x;
	va_list ap;

	e->a = f;
	e->items = tb_alloc(64 * sizeof *e->items);
	e->kwnames = tb_alloc(64 * sizeof *e->kwnames);
	e->kwargs = tb_alloc(64 * sizeof *e->kwargs);
	va_start(ap, f);
	while ((x = va_arg(ap, struct py_expr *)) != NULL)
		if (x->kind == -1) {
			e->kwnames[e->nkw] = x->s;
			e->kwargs[e->nkw++] = x->a;
		} else
			e->items[e->n++] = x;
	va_end(ap);
	return e;
}
#define CALL(...) mkcall(__VA_ARGS__, NULL)

static struct py_expr *
mkseq(int kind, ...)
{
	struct py_expr *e = E(kind), *x;
	va_list ap;

	e->items = tb_alloc(64 * sizeof *e->items);
	va_start(ap, kind);
	while ((x = va_arg(ap, struct py_expr *)) != NULL)
		e->items[e->n++] = x;
	va_end(ap);
	return e;
}
#define LIST(...) mkseq(PYE_LIST, __VA_ARGS__, NULL)
#define TUPLE(...) mkseq(PYE_TUPLE, __VA_ARGS__, NULL)
#define DICT(...) mkseq(PYE_DICT, __VA_ARGS__, NULL)

static struct py_expr *
BIN(int op, struct py_expr *a, struct py_expr *b)
{
	struct py_expr *e = E(PYE_BINOP);

	e->op = op;
	e->a = a;
	e->b = b;
	return e;
}

static struct py_expr *
CMP(struct py_expr *a, int cmp, struct py_expr *b)
{
	struct py_expr *e = E(PYE_COMPARE);

	e->items = tb_alloc(2 * sizeof *e->items);
	e->cmps = tb_alloc(sizeof *e->cmps);
	e->items[0] = a;
	e->items[1] = b;
	e->cmps[0] = cmp;
	e->n = 2;
	return e;
}

static struct py_expr *
FSTR(struct py_expr *a, struct py_expr *field, struct py_expr *b)
{
	struct py_expr *e = E(PYE_FSTRING), *f = E(PYE_FORMATTED);

	f->a = field;
	e->items = tb_alloc(3 * sizeof *e->items);
	e->items[0] = a;
	e->items[1] = f;
	e->items[2] = b;
	e->n = 3;
	return e;
}

static struct py_stmt *
ST(int kind)
{
	struct py_stmt *s = tb_alloc(sizeof *s);

	s->kind = kind;
	s->loc = tb_loc();
	return s;
}

static struct py_stmt *
EXPR(struct py_expr *e)
{
	struct py_stmt *s = ST(PYS_EXPR);

	s->a = e;
	return s;
}

static struct py_stmt *
ASSIGN(const char *name, struct py_expr *v)
{
	struct py_stmt *s = ST(PYS_ASSIGN);

	s->targets = tb_alloc(sizeof *s->targets);
	s->targets[0] = D(name);
	s->ntargets = 1;
	s->a = v;
	return s;
}

/* import module [as as]; from module import name [as as]. */
static struct py_stmt *
IMPORT(const char *from, const char *name, const char *as)
{
	struct py_stmt *s = ST(from ? PYS_FROM : PYS_IMPORT);

	s->module = from;
	s->names = tb_alloc(sizeof *s->names);
	s->asnames = tb_alloc(sizeof *s->asnames);
	s->name_locs = tb_alloc(sizeof *s->name_locs);
	s->names[0] = name;
	s->asnames[0] = as;
	s->name_locs[0] = s->loc;
	s->nnames = 1;
	return s;
}

static struct py_stmt **
mkbody(size_t *n, va_list ap)
{
	struct py_stmt **b = tb_alloc(64 * sizeof *b), *x;

	*n = 0;
	while ((x = va_arg(ap, struct py_stmt *)) != NULL)
		b[(*n)++] = x;
	return b;
}

static struct py_stmt *
mkdef(const char *name, ...)
{
	struct py_stmt *s = ST(PYS_DEF);
	va_list ap;

	s->name = name;
	va_start(ap, name);
	s->body = mkbody(&s->nbody, ap);
	va_end(ap);
	return s;
}
#define DEF(name, ...) mkdef(name, __VA_ARGS__, NULL)

static struct py_stmt *
mkwith(struct py_expr *item, const char *as, ...)
{
	struct py_stmt *s = ST(PYS_WITH);
	va_list ap;

	s->items = tb_alloc(sizeof *s->items);
	s->targets = tb_alloc(sizeof *s->targets);
	s->items[0] = item;
	s->targets[0] = as ? D(as) : NULL;
	s->nitems = s->ntargets = 1;
	va_start(ap, as);
	s->body = mkbody(&s->nbody, ap);
	va_end(ap);
	return s;
}
#define WITH(item, as, ...) mkwith(item, as, __VA_ARGS__, NULL)

/* if test: body (up to NULL) else: orelse (up to NULL). */
static struct py_stmt *
mkif(struct py_expr *test, ...)
{
	struct py_stmt *s = ST(PYS_IF);
	va_list ap;

	s->a = test;
	va_start(ap, test);
	s->body = mkbody(&s->nbody, ap);
	s->orelse = mkbody(&s->norelse, ap);
	va_end(ap);
	return s;
}

static struct py_stmt *
mkfor(const char *var, struct py_expr *in, ...)
{
	struct py_stmt *s = ST(PYS_FOR);
	va_list ap;

	s->targets = tb_alloc(sizeof *s->targets);
	s->targets[0] = D(var);
	s->ntargets = 1;
	s->a = in;
	va_start(ap, in);
	s->body = mkbody(&s->nbody, ap);
	va_end(ap);
	return s;
}
#define FOR(var, in, ...) mkfor(var, in, __VA_ARGS__, NULL)

/* The usual head of a revision: docstring, imports, identifiers. */
static struct py_module *
mkmod(const char *doc, ...)
{
	struct py_module *m = tb_alloc(sizeof *m);
	struct py_stmt *x;
	va_list ap;

	m->body = tb_alloc(64 * sizeof *m->body);
	m->docstring = doc;
	if (doc != NULL)
		m->body[m->nbody++] = EXPR(S(doc));
	m->body[m->nbody++] = IMPORT("alembic", "op", NULL);
	m->body[m->nbody++] = IMPORT(NULL, "sqlalchemy", "sa");
	m->body[m->nbody++] = IMPORT("sqlalchemy.dialects", "postgresql",
	    NULL);
	m->body[m->nbody++] = ASSIGN("revision", S("a1"));
	m->body[m->nbody++] = ASSIGN("down_revision", NONE);
	va_start(ap, doc);
	while ((x = va_arg(ap, struct py_stmt *)) != NULL)
		m->body[m->nbody++] = x;
	va_end(ap);
	return m;
}
#define MOD(doc, ...) mkmod(doc, __VA_ARGS__, NULL)

/* A node in flow form. */
static void
dump(FILE *fp, const struct node *n)
{
	size_t i;

	if (n->kind == NODE_SCALAR) {
		fputs(n->text, fp);
		return;
	}
	fputc(n->kind == NODE_MAP ? '{' : '[', fp);
	for (i = 0; i < n->n; i++) {
		if (i > 0)
			fputs(", ", fp);
		if (n->kind == NODE_MAP) {
			dump(fp, n->items[2 * i]);
			fputs(": ", fp);
			dump(fp, n->items[2 * i + 1]);
		} else
			dump(fp, n->items[i]);
	}
	fputc(n->kind == NODE_MAP ? '}' : ']', fp);
}

static char *
dumps(const struct node *n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	dump(fp, n);
	fclose(fp);
	return buf;
}

/* Reads m for dialect (or none) and returns the value of key, dumped. */
static char *
read_key(const struct py_module *m, const char *dialect, const char *key,
    struct diags *d)
{
	struct pyrev_options o = { dialect, 1 };
	struct node *root = pyrev_read_module("versions/a1_x.py", m, 100, &o,
	    d);
	struct node *v = node_get(root, key);
	char *s = v ? dumps(v) : xstrdup("(none)");

	node_free(root);
	return s;
}

#define assert_upgrade(m, expected) do {				\
	struct diags d_;						\
	char *got_;							\
									\
	diags_init(&d_);						\
	got_ = read_key((m), "postgresql", "upgrade", &d_);		\
	assert_no_errors(&d_);						\
	cr_assert_str_eq(got_, (expected));				\
	free(got_);							\
	diags_free(&d_);						\
	tb_free();							\
} while (0)

#define assert_upgrade_error(m, needle) do {				\
	struct diags d_;						\
	char *got_;							\
									\
	diags_init(&d_);						\
	got_ = read_key((m), "postgresql", "upgrade", &d_);		\
	cr_assert_gt(d_.errors, 0, "no error; upgrade: %s", got_);	\
	assert_diags_have(&d_, (needle));				\
	free(got_);							\
	diags_free(&d_);						\
	tb_free();							\
} while (0)

#define UP(...) DEF("upgrade", __VA_ARGS__)
#define OP(name, ...) EXPR(CALL(D("op." name), __VA_ARGS__))
#define COL(...) CALL(D("sa.Column"), __VA_ARGS__)
#define T(name) CALL(D("sa." name))

Test(pyrev, identifiers_and_docstring)
{
	struct py_module *m = MOD("Add users\n\nRevision ID: a1\nRevises: \n"
	    "Create Date: 2023-05-01 10:00:00.123456\n\n",
	    ASSIGN("branch_labels", S("core")),
	    ASSIGN("depends_on", TUPLE(S("b1"), S("c1"))),
	    UP(EXPR(E(PYE_ELLIPSIS))),
	    DEF("downgrade", ST(PYS_PASS)));
	struct pyrev_options o = { NULL, 1 };
	struct diags d;
	struct node *root;
	char *s;

	diags_init(&d);
	root = pyrev_read_module("versions/a1_x.py", m, 100, &o, &d);
	assert_no_errors(&d);
	s = dumps(root);
	cr_assert_str_eq(s, "{revision: a1, down_revision: null, "
	    "branch_labels: [core], depends_on: [b1, c1], message: Add users, "
	    "create_date: 2023-05-01 10:00:00.123456, upgrade: [], "
	    "downgrade: []}");
	cr_assert_eq(node_get(root, "down_revision")->type, SCALAR_NULL);
	free(s);
	node_free(root);
	diags_free(&d);
	tb_free();
}

Test(pyrev, autogenerate_create_table)
{
	/* What alembic revision --autogenerate writes. */
	assert_upgrade(MOD(NULL, UP(
	    OP("create_table", S("users"),
		COL(S("id"), T("Integer"), KW("nullable", B(0))),
		COL(S("email"), CALL(D("sa.String"), KW("length", I("255"))),
		    KW("nullable", B(0))),
		COL(S("created_at"), CALL(D("sa.DateTime"),
		    KW("timezone", B(1))), KW("server_default",
		    CALL(D("sa.text"), S("now()"))), KW("nullable", B(1))),
		COL(S("price"), CALL(D("sa.Numeric"), I("10"), I("2"))),
		COL(S("data"), CALL(D("postgresql.JSONB"), KW("astext_type",
		    T("Text")))),
		CALL(D("sa.PrimaryKeyConstraint"), S("id")),
		CALL(D("sa.UniqueConstraint"), S("email"))),
	    OP("create_index", CALL(D("op.f"), S("ix_users_email")),
		S("users"), LIST(S("email")), KW("unique", B(0))))),
	    "[{create_table: {name: users, columns: [{name: id, type: "
	    "integer, nullable: false, primary_key: true, autoincrement: "
	    "serial}, {name: email, type: string(255), nullable: false}, "
	    "{name: created_at, type: timestamptz, server_default: {sql: "
	    "now()}}, {name: price, type: numeric(10,2)}, {name: data, type: "
	    "jsonb}], unique: [[email]]}}, {create_index: {name: "
	    "ix_users_email, table: users, columns: [email]}}]");
}

Test(pyrev, serial_rules)
{
	/* A foreign key, a server default or a Python default keep an
	   'auto' Integer key from being SERIAL; BigInteger is BIGSERIAL;
	   autoincrement=False is a plain integer. */
	assert_upgrade(MOD(NULL, UP(
	    OP("create_table", S("a"), COL(S("id"), T("BigInteger"),
		KW("primary_key", B(1)))),
	    OP("create_table", S("b"), COL(S("id"), T("Integer"),
		CALL(D("sa.ForeignKey"), S("a.id"), KW("ondelete",
		S("CASCADE"))), KW("primary_key", B(1)))),
	    OP("create_table", S("c"), COL(S("id"), T("Integer"),
		KW("primary_key", B(1)), KW("default", I("1")))),
	    OP("create_table", S("e"), COL(S("id"), T("Integer"),
		KW("primary_key", B(1)), KW("autoincrement", B(0)))))),
	    "[{create_table: {name: a, columns: [{name: id, type: bigint, "
	    "primary_key: true, autoincrement: serial}]}}, "
	    "{create_table: {name: b, columns: [{name: id, type: integer, "
	    "foreign_key: a.id, ondelete: CASCADE, primary_key: true}]}}, "
	    "{create_table: {name: c, columns: [{name: id, type: integer, "
	    "primary_key: true}]}}, "
	    "{create_table: {name: e, columns: [{name: id, type: integer, "
	    "primary_key: true}]}}]");
}

Test(pyrev, composite_key_fk_check_index)
{
	assert_upgrade(MOD(NULL, UP(
	    OP("create_table", S("li"),
		COL(S("o"), T("INTEGER"), KW("autoincrement", B(0)),
		    KW("nullable", B(0))),
		COL(S("p"), CALL(D("sa.VARCHAR"), KW("length", I("20")))),
		COL(S("flag"), T("BOOLEAN"), KW("server_default",
		    CALL(D("sa.false")))),
		CALL(D("sa.ForeignKeyConstraint"), LIST(S("o")),
		    LIST(S("orders.id")), KW("name", S("li_o_fk")),
		    KW("deferrable", B(1)), KW("initially", S("DEFERRED"))),
		CALL(D("sa.CheckConstraint"), S("p <> ''"), KW("name",
		    S("p_nonempty"))),
		CALL(D("sa.PrimaryKeyConstraint"), S("o"), S("p"),
		    KW("name", S("li_pk"))),
		CALL(D("sa.Index"), S("li_flag"), S("flag"),
		    KW("postgresql_where", CALL(D("sa.text"), S("flag"))))),
	    OP("create_table", S("t"),
		COL(S("id"), T("Integer"), KW("primary_key", B(1))),
		COL(S("code"), CALL(D("sa.String"), I("8")), KW("unique",
		    B(1))),
		COL(S("slug"), T("Text"), KW("index", B(1))),
		COL(S("name"), T("Text"), KW("index", B(1)), KW("unique",
		    B(1))), KW("comment", S("things"))))),
	    "[{create_table: {name: li, columns: [{name: o, type: integer, "
	    "nullable: false}, {name: p, type: string(20)}, {name: flag, "
	    "type: boolean, server_default: false}], primary_key: {name: "
	    "li_pk, columns: [o, p]}, foreign_keys: [{name: li_o_fk, "
	    "local_cols: [o], referent_table: orders, remote_cols: [id], "
	    "deferrable: true, initially: DEFERRED}], checks: [{name: "
	    "p_nonempty, condition: p <> ''}]}}, {create_index: {name: "
	    "li_flag, table: li, columns: [flag], where: {postgresql: flag, "
	    "sqlite: null}}}, "
	    "{create_table: {name: t, comment: things, columns: [{name: id, "
	    "type: integer, primary_key: true, autoincrement: serial}, "
	    "{name: code, type: string(8), unique: true}, {name: slug, type: "
	    "text}, {name: name, type: text}]}}, {create_index: {name: "
	    "ix_t_slug, table: t, columns: [slug]}}, {create_index: {name: "
	    "ix_t_name, table: t, columns: [name], unique: true}}]");
}

Test(pyrev, column_and_constraint_ops)
{
	assert_upgrade(MOD(NULL, UP(
	    OP("add_column", S("users"), COL(S("age"), T("SmallInteger"),
		KW("server_default", S("0")), KW("comment", S("years")))),
	    OP("drop_column", S("users"), S("nick")),
	    OP("alter_column", S("users"), S("email"),
		KW("existing_type", CALL(D("sa.VARCHAR"), KW("length",
		I("255")))), KW("type_", T("Text")), KW("nullable", B(1)),
		KW("existing_nullable", B(0)),
		KW("postgresql_using", S("email::text"))),
	    OP("alter_column", S("users"), S("a"), KW("server_default",
		NONE), KW("comment", NONE), KW("new_column_name", S("b"))),
	    OP("create_foreign_key", NONE, S("orders"), S("users"),
		LIST(S("user_id")), LIST(S("id")), KW("ondelete", S("SET NULL"))),
	    OP("create_unique_constraint", S("uq_email"), S("users"),
		LIST(S("email"))),
	    OP("create_check_constraint", S("ck_age"), S("users"),
		CALL(D("sa.text"), S("age >= 0"))),
	    OP("create_primary_key", S("pk_x"), S("x"), LIST(S("a"), S("b"))),
	    OP("drop_constraint", S("uq_email"), S("users"), KW("type_",
		S("unique"))),
	    OP("drop_index", CALL(D("op.f"), S("ix_users_email")),
		KW("table_name", S("users"))),
	    OP("rename_table", S("a"), S("b")),
	    OP("create_table_comment", S("b"), S("the b's")),
	    OP("drop_table_comment", S("b"), KW("existing_comment",
		S("the b's"))),
	    OP("drop_table", S("old")))),
	    "[{add_column: {table: users, column: {name: age, type: smallint, "
	    "server_default: 0, comment: years}}}, {drop_column: {table: "
	    "users, column: nick}}, {alter_column: {table: users, column: "
	    "email, nullable: true, type: text, existing_type: string(255), "
	    "existing_nullable: false, using: {postgresql: "
	    "email::text, sqlite: null}}}, {alter_column: {table: users, "
	    "column: a, comment: null, server_default: null, "
	    "new_column_name: b}}, {create_foreign_key: {name: "
	    "orders_user_id_fkey, source_table: orders, referent_table: "
	    "users, local_cols: [user_id], remote_cols: [id], ondelete: SET "
	    "NULL}}, {create_unique_constraint: {name: uq_email, table: "
	    "users, columns: [email]}}, {create_check_constraint: {name: "
	    "ck_age, table: users, condition: age >= 0}}, "
	    "{create_primary_key: {name: pk_x, table: x, columns: [a, b]}}, "
	    "{drop_constraint: {name: uq_email, table: users, type: "
	    "unique}}, {drop_index: {name: ix_users_email, table: users}}, "
	    "{rename_table: {name: a, new_name: b}}, {create_table_comment: "
	    "{table: b, comment: the b's}}, {drop_table_comment: {table: "
	    "b}}, {drop_table: {name: old}}]");
}

Test(pyrev, execute_and_bulk_insert)
{
	assert_upgrade(MOD(NULL, UP(
	    ASSIGN("t", CALL(D("sa.table"), S("fees"), CALL(D("sa.column"),
		S("code"), T("String")), CALL(D("sa.column"), S("fee"),
		T("Integer")))),
	    OP("bulk_insert", D("t"), LIST(DICT(S("code"), S("GP"), S("fee"),
		I("45")), DICT(S("code"), S("X"), S("fee"), NONE))),
	    OP("execute", S("UPDATE fees SET fee = 1")),
	    ASSIGN("bind", CALL(D("op.get_bind"))),
	    EXPR(CALL(ATTR(D("bind"), "execute"), CALL(D("sa.text"),
		S("VACUUM")))))),
	    "[{bulk_insert: {table: fees, rows: [{code: GP, fee: 45}, "
	    "{code: X, fee: null}]}}, {execute: UPDATE fees SET fee = 1}, "
	    "{execute: VACUUM}]");
}

Test(pyrev, enum_in_create_table_and_create_drop)
{
	assert_upgrade(MOD(NULL, UP(
	    OP("create_table", S("p"), COL(S("id"), T("Integer"),
		KW("primary_key", B(1))),
		COL(S("mood"), CALL(D("sa.Enum"), S("sad"), S("ok"),
		    KW("name", S("mood")))),
		COL(S("mood2"), CALL(D("sa.Enum"), S("sad"), S("ok"),
		    KW("name", S("mood"))))),
	    EXPR(CALL(ATTR(CALL(D("postgresql.ENUM"), S("a"), S("b"),
		KW("name", S("kind"))), "create"), CALL(D("op.get_bind")))),
	    EXPR(CALL(ATTR(CALL(D("sa.Enum"), KW("name", S("old"))),
		"drop"), CALL(D("op.get_bind")))),
	    OP("add_column", S("p"), COL(S("k"), CALL(D("postgresql.ENUM"),
		S("a"), S("b"), KW("name", S("kind")), KW("create_type",
		B(0))))))),
	    "[{create_enum: {name: mood, values: [sad, ok]}}, {create_table: "
	    "{name: p, columns: [{name: id, type: integer, primary_key: true, "
	    "autoincrement: serial}, {name: mood, type: {postgresql: mood, "
	    "sqlite: VARCHAR(3)}}, {name: mood2, type: {postgresql: mood, "
	    "sqlite: VARCHAR(3)}}]}}, {create_enum: {name: kind, values: "
	    "[a, b]}}, {drop_enum: {name: old}}, {add_column: {table: p, "
	    "column: {name: k, type: {postgresql: kind, sqlite: "
	    "VARCHAR(1)}}}}]");
}

/* A node as YAML flow text that load.c reads back the same. */
static void
yaml(FILE *fp, const struct node *n)
{
	size_t i;

	if (n->kind == NODE_SCALAR) {
		if (n->type != SCALAR_STR) {
			fputs(n->text, fp);
			return;
		}
		fputc('"', fp);
		for (i = 0; i < n->len; i++) {
			if (n->text[i] == '"' || n->text[i] == '\\')
				fputc('\\', fp);
			if (n->text[i] == '\n')
				fputs("\\n", fp);
			else
				fputc(n->text[i], fp);
		}
		fputc('"', fp);
		return;
	}
	fputc(n->kind == NODE_MAP ? '{' : '[', fp);
	for (i = 0; i < n->n; i++) {
		if (i > 0)
			fputs(", ", fp);
		if (n->kind == NODE_MAP) {
			yaml(fp, n->items[2 * i]);
			fputs(": ", fp);
			yaml(fp, n->items[2 * i + 1]);
		} else
			yaml(fp, n->items[i]);
	}
	fputc(n->kind == NODE_MAP ? '}' : ']', fp);
}

/* The document of m, through load.c's checks as YAML: none may fail. */
static void
assert_loads(const struct py_module *m)
{
	struct pyrev_options o = { "postgresql", 0 };
	struct diags d;
	struct node *root;
	struct revision *r;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	diags_init(&d);
	root = pyrev_read_module("versions/a1_x.py", m, 100, &o, &d);
	assert_no_errors(&d);
	fp = open_memstream(&buf, &len);
	yaml(fp, root);
	fclose(fp);
	r = parse_rev("versions/a1_x.yaml", buf, &d);
	cr_assert_not_null(r, "%s", buf);
	assert_no_errors(&d);
	revision_free(r);
	free(buf);
	node_free(root);
	diags_free(&d);
	tb_free();
}

Test(pyrev, documents_pass_load)
{
	assert_loads(MOD("Everything", UP(
	    OP("create_table", S("users"),
		COL(S("id"), T("Integer"), KW("nullable", B(0))),
		COL(S("email"), CALL(D("sa.String"), KW("length", I("255"))),
		    KW("nullable", B(0)), KW("unique", B(1))),
		COL(S("kind"), CALL(D("sa.Enum"), S("a"), S("b"),
		    KW("name", S("kind")))),
		COL(S("at"), T("DateTime"), KW("server_default",
		    CALL(D("sa.func.now")))),
		COL(S("n"), CALL(D("postgresql.ARRAY"), T("Integer"))),
		COL(S("ok"), T("Boolean"), KW("server_default",
		    CALL(D("sa.true")))),
		CALL(D("sa.PrimaryKeyConstraint"), S("id")),
		CALL(D("sa.CheckConstraint"), S("length(email) > 3"),
		    KW("name", S("email_len")))),
	    OP("create_table", S("posts"),
		COL(S("id"), T("BigInteger"), KW("primary_key", B(1))),
		COL(S("user_id"), T("Integer"), CALL(D("sa.ForeignKey"),
		    S("users.id"), KW("ondelete", S("CASCADE")))),
		COL(S("body"), T("Text"), KW("comment", S("the text")))),
	    OP("create_index", S("posts_body"), S("posts"),
		LIST(CALL(D("sa.text"), S("lower(body)"))),
		KW("postgresql_using", S("btree"))),
	    OP("add_column", S("posts"), COL(S("n2"), T("Integer"),
		KW("server_default", S("0")), KW("nullable", B(0)))),
	    OP("alter_column", S("posts"), S("body"), KW("nullable", B(0)),
		KW("existing_type", T("TEXT"))),
	    OP("create_foreign_key", S("fk_x"), S("posts"), S("users"),
		LIST(S("n2")), LIST(S("id"))),
	    OP("execute", S("SELECT 1")))));
}

#define assert_error(m, needle) do {					\
	struct diags d_;						\
	char *got_;							\
									\
	diags_init(&d_);						\
	got_ = read_key((m), "postgresql", "upgrade", &d_);		\
	cr_assert_gt(d_.errors, 0, "no error; upgrade: %s", got_);	\
	assert_diags_have(&d_, (needle));				\
	free(got_);							\
	diags_free(&d_);						\
	tb_free();							\
} while (0)

Test(pyrev, refusals_name_the_construct_and_the_way_out)
{
	struct py_module *m = MOD(NULL,
	    IMPORT("myapp.models", "User", NULL),
	    IMPORT("myapp.util", "unused", NULL),
	    DEF("helper", ST(PYS_PASS)),
	    UP(OP("execute", S("SELECT 1")),
		EXPR(CALL(D("helper"))),
		OP("add_column", S("t"), COL(S("c"), T("Integer"),
		    KW("info", E(PYE_DICT)))),
		EXPR(CALL(D("User.backfill"))),
		ASSIGN("rows", CALL(ATTR(CALL(ATTR(CALL(D("op.get_bind")),
		    "execute"), CALL(D("sa.text"), S("SELECT id FROM t"))),
		    "fetchall"))),
		ASSIGN("insp", CALL(D("sa.inspect"), CALL(D("op.get_bind")))),
		EXPR(CALL(ATTR(D("insp"), "get_columns"), S("t"))),
		OP("execute", S("SELECT 2"))));
	struct diags d;
	char *got;

	diags_init(&d);
	got = read_key(m, "postgresql", "upgrade", &d);
	/* The good operations stay; each bad one is an error of its own. */
	cr_assert_str_eq(got, "[{execute: SELECT 1}, {execute: SELECT 2}]");
	assert_errors(&d, 5);
	assert_diags_have(&d, "error: a call of the function 'helper' of "
	    "the revision cannot be read without running the revision\n");
	/* What to do instead is said once, after the first refusal. */
	assert_diags_have(&d, "a1_x.py:51:5: note: migsql reads a revision "
	    "without running it: give this one as versions/a1_x.yaml (a YAML "
	    "file with the same revision id replaces the .py), or run "
	    "`migsql import a1` to start it");
	cr_assert_eq(d.len, 6, "one note for five errors, not %zu "
	    "diagnostics", d.len);
	assert_diags_have(&d, "Column()'s argument 'info' has no faithful "
	    "equivalent in migsql");
	assert_diags_have(&d, "a call of 'myapp.models.User.backfill', "
	    "imported from outside SQLAlchemy and Alembic");
	assert_diags_have(&d, "a query whose result the revision uses");
	assert_diags_have(&d, "a call of get_columns() on the result of "
	    "sqlalchemy.inspect() cannot be read");
	free(got);
	diags_free(&d);
	tb_free();
}

Test(pyrev, refusals_of_arguments)
{
	/* An unnamed check is create_table's to name, as PostgreSQL does
	   (ops_table.c); it is not refused. */
	assert_upgrade(MOD(NULL, UP(OP("create_table", S("t"),
	    COL(S("id"), T("Integer"), KW("primary_key", B(1))),
	    CALL(D("sa.CheckConstraint"), S("id > 0"))))),
	    "[{create_table: {name: t, columns: [{name: id, type: integer, "
	    "primary_key: true, autoincrement: serial}], checks: [{condition: "
	    "id > 0}]}}]");
	assert_error(MOD(NULL, UP(OP("create_table", S("t"),
	    COL(S("id"), CALL(D("sa.Text"), I("10")))))),
	    "a Text with a length has no faithful equivalent");
	assert_error(MOD(NULL, UP(OP("create_table", S("t"),
	    COL(S("id"), CALL(D("sa.Enum"), S("a")))))),
	    "an Enum without name=");
	assert_error(MOD(NULL, UP(OP("create_table", S("t"),
	    COL(S("id"), T("Integer")), KW("oracle_compress", S("x"))))),
	    "create_table()'s argument 'oracle_compress' has no faithful "
	    "equivalent in migsql");
	assert_error(MOD(NULL, UP(OP("create_sequence", S("x"),
	    S("t")))), "op.create_sequence() has no equivalent among "
	    "migsql's operations");
	assert_error(MOD(NULL, UP(OP("create_table", S("t"),
	    COL(S("id"), CALL(D("sa.Time"), KW("timezone", B(1))))))),
	    "TIME WITH TIME ZONE has no equivalent");
}

Test(pyrev, batch_alter_table)
{
	assert_upgrade(MOD(NULL, UP(WITH(CALL(D("op.batch_alter_table"),
	    S("users"), KW("schema", NONE)), "batch_op",
	    EXPR(CALL(D("batch_op.add_column"), COL(S("age"),
		T("Integer")))),
	    EXPR(CALL(D("batch_op.alter_column"), S("email"),
		KW("existing_type", T("VARCHAR")), KW("nullable", B(0)))),
	    EXPR(CALL(D("batch_op.create_index"), S("ix_age"),
		LIST(S("age")), KW("unique", B(0)))),
	    EXPR(CALL(D("batch_op.create_foreign_key"), S("fk"), S("orgs"),
		LIST(S("org_id")), LIST(S("id")))),
	    EXPR(CALL(D("batch_op.drop_constraint"), S("uq"),
		KW("type_", S("unique")))),
	    EXPR(CALL(D("batch_op.drop_column"), S("nick")))))),
	    "[{add_column: {table: users, column: {name: age, type: "
	    "integer}}}, {alter_column: {table: users, column: email, "
	    "nullable: false, existing_type: string}}, {create_index: {name: ix_age, table: users, "
	    "columns: [age]}}, {create_foreign_key: {name: fk, source_table: "
	    "users, referent_table: orgs, local_cols: [org_id], remote_cols: "
	    "[id]}}, {drop_constraint: {name: uq, table: users, type: "
	    "unique}}, {drop_column: {table: users, column: nick}}]");
}

Test(pyrev, autocommit_block)
{
	struct py_expr *ctx = CALL(D("op.get_context"));

	assert_upgrade(MOD(NULL, UP(WITH(CALL(ATTR(ctx,
	    "autocommit_block")), NULL,
	    OP("execute", S("ALTER TYPE mood ADD VALUE 'meh'")),
	    OP("create_index", S("ix"), S("t"), LIST(S("a")),
		KW("postgresql_concurrently", B(1)))),
	    OP("execute", S("SELECT 1")))),
	    "[{execute: {sql: ALTER TYPE mood ADD VALUE 'meh', transactional: "
	    "false}}, {create_index: {name: ix, table: t, columns: [a], "
	    "concurrently: true}}, {execute: SELECT 1}]");
	assert_error(MOD(NULL, UP(WITH(CALL(ATTR(CALL(D("op.get_context")),
	    "autocommit_block")), NULL, OP("drop_table", S("t"))))),
	    "drop_table in an autocommit_block");
}

Test(pyrev, raise_in_downgrade_is_irreversible)
{
	struct py_stmt *r = ST(PYS_RAISE);
	struct py_module *m;
	struct diags d;
	char *got;

	r->a = CALL(D("NotImplementedError"));
	m = MOD(NULL, UP(OP("drop_table", S("t"))),
	    DEF("downgrade", EXPR(S("Irreversible.")), r));
	diags_init(&d);
	got = read_key(m, "postgresql", "downgrade", &d);
	assert_no_errors(&d);
	cr_assert_str_eq(got, "(none)");
	free(got);
	got = read_key(m, "postgresql", "irreversible", &d);
	cr_assert_str_eq(got, "downgrade() raises NotImplementedError");
	free(got);
	r->a = CALL(D("NotImplementedError"), S("rows are merged"));
	got = read_key(m, "postgresql", "irreversible", &d);
	cr_assert_str_eq(got, "rows are merged");
	free(got);
	cr_assert_eq(d.len, 0, "no diagnostic at all");
	diags_free(&d);
	tb_free();
}

Test(pyrev, names_strings_and_loops)
{
	assert_upgrade(MOD(NULL,
	    ASSIGN("TABLE", S("events")),
	    ASSIGN("ID_TYPE", T("BigInteger")),
	    UP(ASSIGN("col", S("kind")),
		OP("add_column", D("TABLE"), COL(D("col"), D("ID_TYPE"))),
		OP("execute", FSTR(S("UPDATE "), D("TABLE"), S(" SET x = 1"))),
		OP("execute", BIN('+', S("DROP VIEW "), D("TABLE"))),
		OP("execute", BIN('%', S("ANALYZE %s"), D("TABLE"))),
		OP("execute", CALL(ATTR(S("VACUUM {t} -- {}"), "format"),
		    S("x"), KW("t", D("TABLE")))),
		FOR("name", LIST(S("a"), S("b")),
		    OP("drop_index", FSTR(S("ix_"), D("name"), S("")),
			KW("table_name", D("TABLE")))))),
	    "[{add_column: {table: events, column: {name: kind, type: "
	    "bigint}}}, {execute: UPDATE events SET x = 1}, {execute: DROP "
	    "VIEW events}, {execute: ANALYZE events}, {execute: VACUUM events "
	    "-- x}, {drop_index: {name: ix_a, table: events}}, {drop_index: "
	    "{name: ix_b, table: events}}]");
}

/* if op.get_bind().dialect.name == "postgresql": ... else: ... */
static struct py_stmt *
dialect_if(struct py_stmt *then, struct py_stmt *else_)
{
	return mkif(CMP(ATTR(ATTR(CALL(D("op.get_bind")), "dialect"), "name"),
	    PY_CMP_EQ, S("postgresql")), then, NULL, else_, NULL);
}

Test(pyrev, dialect_if_of_executes_is_one_execute)
{
	assert_upgrade(MOD(NULL, UP(dialect_if(
	    OP("execute", S("CREATE EXTENSION citext")),
	    ST(PYS_PASS)))),
	    "[{execute: {postgresql: CREATE EXTENSION citext, sqlite: "
	    "null, mariadb: null}}]");
}

Test(pyrev, dialect_if_of_other_operations)
{
	struct py_module *m;
	struct diags d;
	char *got;
	const char *want = "[{drop_table: {name: pg_only, dialects: "
	    "[postgresql]}}, {drop_table: {name: lite_only, dialects: [sqlite, "
	    "mariadb]}}]";

	/* Each branch's operations, once, for the dialects that take it
	   (migsql-revision(5), "dialects"), whatever the command renders. */
	m = MOD(NULL, UP(dialect_if(OP("drop_table", S("pg_only")),
	    OP("drop_table", S("lite_only")))));
	assert_upgrade(m, want);
	m = MOD(NULL, UP(dialect_if(OP("drop_table", S("pg_only")),
	    OP("drop_table", S("lite_only")))));
	diags_init(&d);
	got = read_key(m, NULL, "upgrade", &d);
	assert_no_errors(&d);
	cr_assert_str_eq(got, want);
	free(got);
	diags_free(&d);
	tb_free();
	/* A branch no shipped dialect takes is left out. */
	m = MOD(NULL, UP(mkif(CMP(ATTR(ATTR(CALL(D("op.get_bind")),
	    "dialect"), "name"), PY_CMP_EQ, S("mssql")),
	    OP("drop_table", S("ms_only")), NULL, NULL, NULL)));
	assert_upgrade(m, "[]");
	/* MariaDB reached through a mysql:// URL is "mysql" to SQLAlchemy. */
	m = MOD(NULL, UP(mkif(CMP(ATTR(ATTR(CALL(D("op.get_bind")),
	    "dialect"), "name"), PY_CMP_EQ, S("mysql")),
	    OP("drop_table", S("my_only")), NULL, NULL, NULL)));
	assert_upgrade(m, "[{drop_table: {name: my_only, dialects: "
	    "[mariadb]}}]");
}

/* Through revision_parse, from Python source, with the real parser. */

static const char autogen_py[] =
    "\"\"\"add orders\n"
    "\n"
    "Revision ID: 3c4d5e6f7081\n"
    "Revises: 2b3c4d5e6f70\n"
    "Create Date: 2024-01-02 03:04:05.678901\n"
    "\n"
    "\"\"\"\n"
    "from typing import Sequence, Union\n"
    "\n"
    "from alembic import op\n"
    "import sqlalchemy as sa\n"
    "from sqlalchemy.dialects import postgresql\n"
    "import sqlmodel\n"
    "from myapp.models import Order  # unused: fine\n"
    "\n"
    "# revision identifiers, used by Alembic.\n"
    "revision: str = '3c4d5e6f7081'\n"
    "down_revision: Union[str, None] = '2b3c4d5e6f70'\n"
    "branch_labels: Union[str, Sequence[str], None] = None\n"
    "depends_on: Union[str, Sequence[str], None] = None\n"
    "\n"
    "\n"
    "def upgrade() -> None:\n"
    "    # ### commands auto generated by Alembic - please adjust! ###\n"
    "    op.create_table('orders',\n"
    "    sa.Column('id', sa.Integer(), nullable=False),\n"
    "    sa.Column('ref', sqlmodel.sql.sqltypes.AutoString(length=20), "
    "nullable=False),\n"
    "    sa.Column('placed_at', postgresql.TIMESTAMP(timezone=True), "
    "server_default=sa.text('now()'), nullable=False),\n"
    "    sa.PrimaryKeyConstraint('id')\n"
    "    )\n"
    "    dialect = op.get_bind().dialect.name\n"
    "    if dialect == 'postgresql':\n"
    "        op.execute('ALTER TABLE orders SET (fillfactor = 70)')\n"
    "    # ### end Alembic commands ###\n"
    "\n"
    "\n"
    "def downgrade() -> None:\n"
    "    op.drop_table('orders')\n";

Test(pyrev, autogenerate_file_through_revision_parse)
{
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = revision_parse("versions/3c4d5e6f7081_add_orders.py", autogen_py,
	    strlen(autogen_py), test_options(), &d);
	assert_no_errors(&d);
	cr_assert_not_null(r);
	cr_assert_str_eq(r->id, "3c4d5e6f7081");
	cr_assert_str_eq(r->message, "add orders");
	cr_assert_eq(r->down.n, 1);
	cr_assert_eq(r->nupgrade, 2);
	cr_assert_eq(r->ndowngrade, 1);
	/* Located in the .py: the create_table call at 25:5. */
	cr_assert_eq(r->upgrade[0].loc.line, 25);
	cr_assert_eq(r->upgrade[0].loc.col, 5);
	revision_free(r);
	diags_free(&d);
}

static const char bad_py[] =
    "from alembic import op\n"
    "import sqlalchemy as sa\n"
    "from myapp import helpers\n"
    "revision = 'b1'\n"
    "down_revision = None\n"
    "def upgrade():\n"
    "    op.add_column('t', sa.Column('c', sa.Integer(), info={'x': 1}))\n"
    "    for row in op.get_bind().execute(sa.text('SELECT 1')):\n"
    "        op.execute('SELECT 2')\n"
    "    helpers.backfill(op.get_bind())\n";

Test(pyrev, errors_at_their_file_line_col)
{
	struct diags d;
	struct revision *r;

	diags_init(&d);
	r = revision_parse("versions/b1_x.py", bad_py, strlen(bad_py),
	    test_options(), &d);
	assert_errors(&d, 3);
	assert_diags_have(&d, "versions/b1_x.py:7:58: error: Column()'s "
	    "argument 'info'");
	assert_diags_have(&d, "versions/b1_x.py:8:16: error: a for loop over "
	    "the rows of a query cannot be read");
	assert_diags_have(&d, "versions/b1_x.py:10:5: error: a call of "
	    "'myapp.helpers.backfill', imported from outside SQLAlchemy and "
	    "Alembic cannot be read without running the revision");
	assert_diags_have(&d, "versions/b1_x.py:7:58: note: migsql reads a "
	    "revision without running it: give this one as "
	    "versions/b1_x.yaml");
	revision_free(r);
	diags_free(&d);
}

static const char context_py[] =
    "from alembic import op, context\n"
    "import sqlalchemy as sa\n"
    "revision = 'c1'\n"
    "down_revision = ('a1', 'b1')\n"
    "def upgrade():\n"
    "    if context.get_context().dialect.name in ('postgresql',):\n"
    "        op.execute('CREATE EXTENSION btree_gist')\n"
    "    else:\n"
    "        pass\n"
    "    if context.is_offline_mode():\n"
    "        op.create_unique_constraint(None, 'users', ['org_id', 'email'])\n"
    "    op.create_exclude_constraint('no_overlap', 'booking',\n"
    "        ('room_id', '='), (sa.text('tstzrange(a, b)'), '&&'),\n"
    "        where=sa.text('NOT cancelled'), using='gist')\n";

Test(pyrev, context_offline_exclude_and_default_names)
{
	struct diags d;
	struct node *root;
	char *got;
	int ok;

	diags_init(&d);
	root = pyrev_read("versions/c1_x.py", context_py, strlen(context_py),
	    &(struct pyrev_options){ "sqlite", 0 }, &d, &ok);
	assert_no_errors(&d);
	got = dumps(node_get(root, "upgrade"));
	cr_assert_str_eq(got, "[{execute: {postgresql: CREATE EXTENSION "
	    "btree_gist, sqlite: null, mariadb: null}}, "
	    "{create_unique_constraint: {name: "
	    "users_org_id_email_key, table: users, columns: [org_id, "
	    "email]}}, {create_exclude_constraint: {name: no_overlap, table: "
	    "booking, elements: [{column: room_id, operator: =}, {sql: "
	    "tstzrange(a, b), operator: &&}], where: NOT cancelled, using: "
	    "gist}}]");
	free(got);
	got = dumps(node_get(root, "down_revision"));
	cr_assert_str_eq(got, "[a1, b1]");
	free(got);
	node_free(root);
	diags_free(&d);
}

static const char defaults_py[] =
    "from alembic import op\n"
    "import sqlalchemy as sa\n"
    "revision = 'd1'\n"
    "down_revision = None\n"
    "def upgrade():\n"
    "    op.create_table('t',\n"
    "        sa.Column('id', sa.Integer(), primary_key=True),\n"
    "        sa.Column('a', sa.DateTime(), server_default=sa.func.now()),\n"
    "        sa.Column('b', sa.Date(), "
    "server_default=sa.func.current_date()),\n"
    "        sa.Column('c', sa.Boolean(), server_default=sa.false()),\n"
    "        sa.Column('d', sa.Text(), server_default='it''s'),\n"
    "        sa.Column('e', sa.Integer(), "
    "server_default=sa.literal_column('0')),\n"
    "        sa.Column('f', sa.Uuid(), "
    "server_default=sa.func.gen_random_uuid()))\n";

static char *
defaults_for(const char *dialect, int any, struct diags *d)
{
	struct node *root;
	char *got;
	int ok;

	root = pyrev_read("versions/d1_x.py", defaults_py,
	    strlen(defaults_py), &(struct pyrev_options){ dialect, any }, d,
	    &ok);
	got = dumps(node_get(root, "upgrade"));
	node_free(root);
	return got;
}

Test(pyrev, server_defaults_as_sqlalchemy_compiles_them)
{
	struct diags d;
	char *got;

	diags_init(&d);
	got = defaults_for("postgresql", 0, &d);
	assert_no_errors(&d);
	cr_assert_str_eq(got, "[{create_table: {name: t, columns: [{name: id, "
	    "type: integer, primary_key: true, autoincrement: serial}, {name: "
	    "a, type: timestamp, server_default: {sql: now()}}, {name: b, "
	    "type: date, server_default: {sql: CURRENT_DATE}}, {name: c, "
	    "type: boolean, server_default: false}, {name: d, type: text, "
	    "server_default: its}, {name: e, type: integer, server_default: "
	    "{sql: 0}}, {name: f, type: uuid, server_default: {sql: "
	    "gen_random_uuid()}}]}}]");
	free(got);
	got = defaults_for("sqlite", 0, &d);
	assert_no_errors(&d);
	cr_assert(strstr(got, "{name: a, type: timestamp, server_default: "
	    "{sql: CURRENT_TIMESTAMP}}") != NULL, "%s", got);
	free(got);
	/* Several dialects from one load: now() has no one spelling. */
	got = defaults_for(NULL, 0, &d);
	assert_errors(&d, 1);
	assert_diags_have(&d, "versions/d1_x.py:8:54: error: func.now() is "
	    "now() on PostgreSQL and CURRENT_TIMESTAMP on SQLite");
	free(got);
	diags_free(&d);
}

Test(pyrev, serial_drops_a_reflected_nextval_default)
{
	/* Autogenerate's downgrades recreate a table as reflected: the
	   nextval() default goes, SERIAL makes its own. */
	assert_upgrade(MOD(NULL, UP(OP("create_table", S("legacy"),
	    COL(S("id"), T("INTEGER"), KW("server_default", CALL(D("sa.text"),
		S("nextval('legacy_id_seq'::regclass)"))), KW("autoincrement",
		B(1)), KW("nullable", B(0))),
	    CALL(D("sa.PrimaryKeyConstraint"), S("id"), KW("name",
		S("legacy_pkey")))))),
	    "[{create_table: {name: legacy, columns: [{name: id, type: "
	    "integer, nullable: false, primary_key: true, autoincrement: "
	    "serial}]}}]");
}

static const char seed_py[] =
    "import datetime\n"
    "from decimal import Decimal\n"
    "from alembic import op\n"
    "import sqlalchemy as sa\n"
    "revision = 's1'\n"
    "down_revision = None\n"
    "fees = sa.table('fees', sa.column('code'), sa.column('fee'),\n"
    "    sa.column('since'), sa.column('at'))\n"
    "def upgrade():\n"
    "    op.bulk_insert(fees, [{'code': 'GP', 'fee': Decimal('45.00'),\n"
    "        'since': datetime.date(2026, 3, 1),\n"
    "        'at': datetime.datetime(2026, 2, 20, 17, 30)}])\n"
    "def downgrade():\n"
    "    op.execute(\"DELETE FROM fees WHERE code = 'GP'\")\n";

Test(pyrev, bulk_insert_of_standard_library_values)
{
	struct diags d;
	struct node *root;
	char *got;
	int ok;

	diags_init(&d);
	root = pyrev_read("versions/s1_x.py", seed_py, strlen(seed_py),
	    &(struct pyrev_options){ "postgresql", 0 }, &d, &ok);
	assert_no_errors(&d);
	got = dumps(node_get(root, "upgrade"));
	cr_assert_str_eq(got, "[{bulk_insert: {table: fees, rows: [{code: GP, "
	    "fee: 45.00, since: 2026-03-01, at: 2026-02-20 17:30:00}]}}]");
	free(got);
	node_free(root);
	diags_free(&d);
}

Test(pyrev, an_enum_is_created_once_per_revision)
{
	/* Alembic 1.8 offline: CREATE TYPE mood once for both tables. */
	assert_upgrade(MOD(NULL, UP(
	    OP("create_table", S("a"), COL(S("m"), CALL(D("sa.Enum"), S("x"),
		KW("name", S("mood"))))),
	    OP("create_table", S("b"), COL(S("m"), CALL(D("sa.Enum"), S("x"),
		KW("name", S("mood"))))))),
	    "[{create_enum: {name: mood, values: [x]}}, {create_table: {name: "
	    "a, columns: [{name: m, type: {postgresql: mood, sqlite: "
	    "VARCHAR(1)}}]}}, {create_table: {name: b, columns: [{name: m, "
	    "type: {postgresql: mood, sqlite: VARCHAR(1)}}]}}]");
}

static const char logging_py[] =
    "import logging\n"
    "from alembic import op\n"
    "log = logging.getLogger('alembic.runtime.migration')\n"
    "revision = 'l1'\n"
    "down_revision = None\n"
    "def upgrade():\n"
    "    print('adding t')\n"
    "    log.info('adding %s', 't')\n"
    "    logging.warning('slow')\n"
    "    op.drop_table('t')\n";

Test(pyrev, print_and_logging_are_passed_over)
{
	struct diags d;
	struct node *root;
	char *got;
	int ok;

	diags_init(&d);
	root = pyrev_read("versions/l1_x.py", logging_py, strlen(logging_py),
	    &(struct pyrev_options){ "postgresql", 0 }, &d, &ok);
	assert_no_errors(&d);
	got = dumps(node_get(root, "upgrade"));
	cr_assert_str_eq(got, "[{drop_table: {name: t}}]");
	free(got);
	node_free(root);
	diags_free(&d);
}

static const char generated_py[] =
    "from alembic import op\n"
    "import sqlalchemy as sa\n"
    "revision = 'g1'\n"
    "down_revision = None\n"
    "def upgrade():\n"
    "    op.create_table('t',\n"
    "        sa.Column('id', sa.Integer(), primary_key=True),\n"
    "        sa.Column('n', sa.BigInteger(), sa.Identity(start=10)),\n"
    "        sa.Column('c', sa.Integer(), sa.Computed('id * 2')))\n";

static char *
generated_for(const char *dialect, struct diags *d)
{
	struct node *root;
	char *got;
	int ok;

	root = pyrev_read("versions/g1_x.py", generated_py,
	    strlen(generated_py), &(struct pyrev_options){ dialect, 0 }, d,
	    &ok);
	got = dumps(node_get(root, "upgrade"));
	node_free(root);
	return got;
}

Test(pyrev, identity_and_computed_as_each_dialect_writes_them)
{
	struct diags d;
	char *got;

	diags_init(&d);
	got = generated_for("postgresql", &d);
	assert_no_errors(&d);
	cr_assert(strstr(got, "{name: n, type: bigint, identity: {start: "
	    "10}}, {name: c, type: integer, computed: id * 2}") != NULL,
	    "%s", got);
	free(got);
	/* SQLAlchemy 1.4 on SQLite: no identity (NOT NULL stays), and a
	   computed column without persisted= is VIRTUAL. */
	got = generated_for("sqlite", &d);
	assert_no_errors(&d);
	cr_assert(strstr(got, "{name: n, type: bigint, nullable: false}, "
	    "{name: c, type: integer, computed: {sql: id * 2, persisted: "
	    "false}}") != NULL, "%s", got);
	free(got);
	got = generated_for(NULL, &d);
	assert_errors(&d, 2);
	assert_diags_have(&d, "an Identity is written differently on "
	    "PostgreSQL and SQLite");
	free(got);
	diags_free(&d);
}

/* The upgrade of a .py source read for a dialect, in the flow form. */
static char *
py_upgrade(const char *src, const char *dialect, struct diags *d)
{
	struct node *root;
	char *got;
	int ok;

	root = pyrev_read("versions/p1_x.py", src, strlen(src),
	    &(struct pyrev_options){ dialect, 0 }, d, &ok);
	got = dumps(node_get(root, "upgrade"));
	node_free(root);
	return got;
}

#define PY_HEAD								\
    "from alembic import op\n"						\
    "import sqlalchemy as sa\n"						\
    "from sqlalchemy.dialects import postgresql\n"			\
    "revision = 'p1'\n"							\
    "down_revision = None\n"						\
    "def upgrade():\n"

static const char sqlite_ai_py[] = PY_HEAD
    "    op.create_table('c',\n"
    "        sa.Column('id', sa.Integer(), nullable=False),\n"
    "        sa.PrimaryKeyConstraint('id', name='c_pk'),\n"
    "        sqlite_autoincrement=True)\n";

Test(pyrev, sqlite_autoincrement_per_dialect)
{
	struct diags d;
	char *got;

	diags_init(&d);
	/* SQLite: INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, the
	   constraint's name left out as SQLAlchemy does. */
	got = py_upgrade(sqlite_ai_py, "sqlite", &d);
	assert_no_errors(&d);
	cr_assert_str_eq(got, "[{create_table: {name: c, columns: [{name: id, "
	    "type: integer, nullable: false, primary_key: true, "
	    "autoincrement: true}]}}]");
	free(got);
	/* PostgreSQL ignores it: SERIAL under the named key. */
	got = py_upgrade(sqlite_ai_py, "postgresql", &d);
	assert_no_errors(&d);
	cr_assert(strstr(got, "type: {postgresql: SERIAL, sqlite: INTEGER}") !=
	    NULL, "%s", got);
	cr_assert(strstr(got, "AUTOINCREMENT") == NULL, "%s", got);
	free(got);
	got = py_upgrade(sqlite_ai_py, NULL, &d);
	assert_errors(&d, 1);
	assert_diags_have(&d, "versions/p1_x.py:10:30: error: "
	    "sqlite_autoincrement is written differently on PostgreSQL and "
	    "SQLite");
	free(got);
	diags_free(&d);
}

static const char sqlite_kw_py[] = PY_HEAD
    "    op.create_table('c',\n"
    "        sa.Column('id', sa.Integer(), primary_key=True,\n"
    "            sqlite_on_conflict_primary_key='IGNORE'),\n"
    "        sqlite_strict=True)\n";

Test(pyrev, unmapped_sqlite_keywords_are_errors)
{
	struct diags d;
	char *got;

	diags_init(&d);
	got = py_upgrade(sqlite_kw_py, "sqlite", &d);
	assert_errors(&d, 2);
	assert_diags_have(&d, "'sqlite_strict' has no faithful equivalent");
	assert_diags_have(&d, "'sqlite_on_conflict_primary_key' has no "
	    "faithful equivalent");
	free(got);
	diags_free(&d);
}

static const char type_check_py[] = PY_HEAD
    "    op.create_table('c',\n"
    "        sa.Column('id', sa.Integer(), primary_key=True),\n"
    "        sa.Column('state', sa.Enum('idle', \"it's\", name='cstate',\n"
    "            create_constraint=True)),\n"
    "        sa.Column('on', sa.Boolean(create_constraint=True, "
    "name='ck_on')),\n"
    "        sa.Column('off', sa.Boolean(create_constraint=False)))\n";

static const char bool_check_add_py[] = PY_HEAD
    "    op.create_table('c', sa.Column('a', sa.Boolean("
    "create_constraint=True)))\n"
    "    op.add_column('c', sa.Column('b', sa.Boolean("
    "create_constraint=True, name='ck_b')))\n";

Test(pyrev, create_constraint_is_a_check_on_sqlite)
{
	struct diags d;
	char *got;

	diags_init(&d);
	got = py_upgrade(type_check_py, "sqlite", &d);
	assert_no_errors(&d);
	cr_assert(strstr(got, "checks: [{name: cstate, condition: state IN "
	    "('idle', 'it''s')}, {name: ck_on, condition: \"on\" IN (0, 1)}]"
	    ) != NULL, "%s", got);
	free(got);
	got = py_upgrade(type_check_py, "postgresql", &d);
	assert_no_errors(&d);
	cr_assert(strstr(got, "checks") == NULL, "%s", got);
	free(got);
	got = py_upgrade(type_check_py, NULL, &d);
	assert_errors(&d, 2);
	assert_diags_have(&d, "create_constraint=True is a CHECK on SQLite");
	free(got);
	diags_free(&d);
	/* Unnamed (SQLAlchemy's CHECK has no name), and in an add_column
	   (Alembic skips it on SQLite): refused there, fine on
	   PostgreSQL. */
	diags_init(&d);
	got = py_upgrade(bool_check_add_py, "sqlite", &d);
	assert_errors(&d, 2);
	assert_diags_have(&d, "versions/p1_x.py:7:70: error: a Boolean with "
	    "create_constraint and no name");
	assert_diags_have(&d, "versions/p1_x.py:8:68: error: "
	    "create_constraint=True in an add_column");
	free(got);
	diags_free(&d);
	diags_init(&d);
	got = py_upgrade(bool_check_add_py, "postgresql", &d);
	assert_no_errors(&d);
	free(got);
	diags_free(&d);
}

static const char upper_types_py[] = PY_HEAD
    "    op.create_table('c',\n"
    "        sa.Column('a', sa.TIMESTAMP(timezone=True)),\n"
    "        sa.Column('b', sa.TIMESTAMP()),\n"
    "        sa.Column('c', postgresql.TIMESTAMP(precision=3)),\n"
    "        sa.Column('d', sa.DateTime()),\n"
    "        sa.Column('e', sa.CHAR()),\n"
    "        sa.Column('f', sa.NCHAR(4)),\n"
    "        sa.Column('g', sa.NVARCHAR(length=5)),\n"
    "        sa.Column('h', sa.DECIMAL(10, 2)),\n"
    "        sa.Column('i', sa.CLOB()),\n"
    "        sa.Column('j', sa.BLOB()),\n"
    "        sa.Column('k', sa.CHAR(3)))\n";

Test(pyrev, upper_case_types_as_sqlalchemy_spells_them_on_sqlite)
{
	struct diags d;
	char *got;

	diags_init(&d);
	got = py_upgrade(upper_types_py, "sqlite", &d);
	assert_no_errors(&d);
	cr_assert_str_eq(got, "[{create_table: {name: c, columns: ["
	    "{name: a, type: {postgresql: timestamptz, sqlite: TIMESTAMP}}, "
	    "{name: b, type: {postgresql: timestamp, sqlite: TIMESTAMP}}, "
	    "{name: c, type: {postgresql: timestamp(3), sqlite: TIMESTAMP}}, "
	    "{name: d, type: timestamp}, "
	    "{name: e, type: {postgresql: char(1), sqlite: CHAR}}, "
	    "{name: f, type: {postgresql: char(4), sqlite: NCHAR(4)}}, "
	    "{name: g, type: {postgresql: varchar(5), sqlite: NVARCHAR(5)}}, "
	    "{name: h, type: {postgresql: numeric(10,2), sqlite: "
	    "DECIMAL(10, 2)}}, "
	    "{name: i, type: {postgresql: text, sqlite: CLOB}}, "
	    "{name: j, type: binary}, {name: k, type: char(3)}]}}]");
	free(got);
	diags_free(&d);
}

static const char identity_null_py[] = PY_HEAD
    "    op.create_table('c',\n"
    "        sa.Column('id', sa.Integer(), primary_key=True),\n"
    "        sa.Column('bi', sa.BigInteger(), sa.Identity(), "
    "nullable=True),\n"
    "        sa.Column('bn', sa.BigInteger(), sa.Identity()))\n";

Test(pyrev, identity_keeps_an_explicit_nullable_on_sqlite)
{
	struct diags d;
	char *got;

	diags_init(&d);
	got = py_upgrade(identity_null_py, "sqlite", &d);
	assert_no_errors(&d);
	cr_assert(strstr(got, "{name: bi, type: bigint}, {name: bn, type: "
	    "bigint, nullable: false}") != NULL, "%s", got);
	free(got);
	/* PostgreSQL refuses SQLAlchemy's IDENTITY NULL. */
	got = py_upgrade(identity_null_py, "postgresql", &d);
	assert_errors(&d, 1);
	assert_diags_have(&d, "versions/p1_x.py:9:66: error: an Identity with "
	    "nullable=True");
	free(got);
	diags_free(&d);
}

static const char reflected_py[] = PY_HEAD
    "    op.create_table('t',\n"
    "        sa.Column('id', sa.Integer(), primary_key=True),\n"
    "        sa.Column('a', sa.Integer(), sa.ForeignKey('t.id',\n"
    "            postgresql_ignore_search_path=False)),\n"
    "        sa.Column('b', sa.Integer()),\n"
    "        sa.ForeignKeyConstraint(['b'], ['t.id'], name='t_b_fkey',\n"
    "            deferrable=True, initially='DEFERRED',\n"
    "            postgresql_ignore_search_path=False),\n"
    "        sa.UniqueConstraint('b', name='uq_b', deferrable=False),\n"
    "        postgresql_ignore_search_path=False)\n";

Test(pyrev, reflection_options_and_fk_deferrable_in_create_table)
{
	struct diags d;
	char *got;

	diags_init(&d);
	got = py_upgrade(reflected_py, "postgresql", &d);
	assert_no_errors(&d);
	cr_assert_str_eq(got, "[{create_table: {name: t, columns: [{name: id, "
	    "type: integer, primary_key: true, autoincrement: serial}, "
	    "{name: a, type: integer, foreign_key: t.id}, {name: b, type: "
	    "integer}], unique: [{name: uq_b, columns: [b]}], foreign_keys: "
	    "[{name: t_b_fkey, local_cols: [b], referent_table: t, "
	    "remote_cols: [id], deferrable: true, initially: DEFERRED}]}}]");
	free(got);
	diags_free(&d);
}

static const char deferrable_py[] = PY_HEAD
    "    op.create_table('t',\n"
    "        sa.Column('id', sa.Integer()),\n"
    "        sa.PrimaryKeyConstraint('id', initially='DEFERRED'),\n"
    "        sa.UniqueConstraint('id', deferrable=True),\n"
    "        sa.CheckConstraint('id > 0', name='c', deferrable=True))\n";

Test(pyrev, deferrable_constraints_create_table_cannot_say)
{
	struct diags d;
	char *got;

	diags_init(&d);
	got = py_upgrade(deferrable_py, "postgresql", &d);
	assert_errors(&d, 3);
	assert_diags_have(&d, "versions/p1_x.py:9:49: error: initially= of a "
	    "PrimaryKeyConstraint in create_table has no equivalent");
	assert_diags_have(&d, "versions/p1_x.py:10:46: error: deferrable=True "
	    "of a UniqueConstraint in create_table has no equivalent in "
	    "migsql's create_table: create the table, then the constraint "
	    "with op.create_unique_constraint(..., deferrable=True)");
	assert_diags_have(&d, "versions/p1_x.py:11:59: error: deferrable=True "
	    "of a CheckConstraint");
	free(got);
	diags_free(&d);
}

static const char bool_default_py[] = PY_HEAD
    "    op.create_table('t',\n"
    "        sa.Column('a', sa.Boolean(), server_default='false'),\n"
    "        sa.Column('b', sa.BOOLEAN(), server_default=\"it's\"),\n"
    "        sa.Column('c', sa.Boolean(), server_default=sa.false()),\n"
    "        sa.Column('d', sa.Integer(), server_default='0'))\n"
    "    op.alter_column('t', 'a', existing_type=sa.Boolean(),\n"
    "        server_default='true')\n";

Test(pyrev, a_string_default_of_a_boolean_is_quoted_sql)
{
	struct diags d;
	char *got;

	diags_init(&d);
	got = py_upgrade(bool_default_py, "sqlite", &d);
	assert_no_errors(&d);
	cr_assert_str_eq(got, "[{create_table: {name: t, columns: [{name: a, "
	    "type: boolean, server_default: {sql: 'false'}}, {name: b, type: "
	    "boolean, server_default: {sql: 'it''s'}}, {name: c, type: "
	    "boolean, server_default: false}, {name: d, type: integer, "
	    "server_default: 0}]}}, {alter_column: {table: t, column: a, "
	    "server_default: {sql: 'true'}, existing_type: boolean}}]");
	free(got);
	diags_free(&d);
}

static const char ordered_index_py[] = PY_HEAD
    "    op.create_table('t', sa.Column('big', sa.Integer()),\n"
    "        sa.Index('ix_a', sa.text('big DESC')))\n"
    "    op.create_index('ix_b', 't', [sa.desc(sa.column('big')),\n"
    "        sa.text('e ASC NULLS LAST'), sa.column('f').asc(),\n"
    "        sa.text('lower(e)')])\n"
    "    op.create_index('ix_c', 't', [sa.text('lower(e) DESC')])\n";

Test(pyrev, ordered_index_keys_are_columns_with_their_order)
{
	struct diags d;
	char *got;

	diags_init(&d);
	got = py_upgrade(ordered_index_py, "postgresql", &d);
	assert_errors(&d, 1);
	cr_assert(strstr(got, "{create_index: {name: ix_a, table: t, columns: "
	    "[{name: big, desc: true}]}}, {create_index: {name: ix_b, table: "
	    "t, columns: [{name: big, desc: true}, {name: e, asc: true, "
	    "nulls_last: true}, {name: f, asc: true}, {sql: lower(e)}]}}") !=
	    NULL, "%s", got);
	assert_diags_have(&d, "versions/p1_x.py:12:35: error: an index "
	    "expression with an order: migsql writes an expression inside "
	    "parentheses");
	free(got);
	diags_free(&d);
}
