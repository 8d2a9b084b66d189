/*
 * pyrev.c -- an Alembic revision file read statically (pyrev.h): the
 * module walk (docstring, imports, the revision identifiers, upgrade()
 * and downgrade()), the bindings of names, the partial evaluator and
 * the statements of the two functions.  pyrev_sa.c maps the calls.
 *
 * Nothing is executed.  A value that cannot be known without running
 * the code is PV_OPAQUE and becomes an error where it is used, at its
 * file:line:col, naming the construct and saying what to do instead.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/op.h"
#include "migsql/util.h"
#include "pyrev_int.h"

/* The dialects migsql ships, for an `if` whose branches only execute. */
static const char *const pr_dialects[] = {
	"postgresql", "sqlite", "mariadb", NULL
};
#define PR_NDIALECTS 3

/*
 * The reader's values live until the file is read: they come from
 * zeroed chunks of PR_CHUNK bytes (a larger request gets a chunk of its
 * own), freed together.  A malloc per value was a sixth of reading a
 * chain of .py files.
 */
#define PR_CHUNK	16384

/* Keeps x (calloc'd) for freeing with the reader's other blocks. */
static void
keep_block(struct pyrev *p, void *x)
{
	if (p->nblocks == p->capblocks) {
		p->capblocks = p->capblocks ? 2 * p->capblocks : 16;
		p->blocks = xrealloc(p->blocks, p->capblocks *
		    sizeof *p->blocks);
	}
	p->blocks[p->nblocks++] = x;
}

void *
pr_alloc(struct pyrev *p, size_t n)
{
	size_t at = (p->chunk_used + 15) / 16 * 16;
	void *x;

	if (n == 0)
		n = 1;
	if (n > PR_CHUNK / 4) {
		/* A block of its own; the current chunk goes on filling. */
		x = xcalloc(1, n);
		keep_block(p, x);
		return x;
	}
	if (p->chunk == NULL || n > PR_CHUNK - at) {
		p->chunk = xcalloc(1, PR_CHUNK);
		keep_block(p, p->chunk);
		at = 0;
	}
	x = p->chunk + at;
	p->chunk_used = at + n;
	return x;
}

const char *
pr_strdup(struct pyrev *p, const char *s, size_t n)
{
	char *x = pr_alloc(p, n + 1);

	memcpy(x, s, n);
	return x;
}

void
pr_error(struct pyrev *p, const struct loc *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_verror(p->d, EXIT_INPUT, l, fmt, ap);
	va_end(ap);
}

char *
pyrev_yaml_name(const char *file)
{
	size_t n = strlen(file);

	if (n > 3 && strcmp(file + n - 3, ".py") == 0)
		n -= 3;
	return xasprintf("%.*s.yaml", (int)n, file);
}

/*
 * What to do instead, said once per file, as a note after its first
 * refusal: every refusal of a file has the same remedy.
 */
static void
pr_remedy(struct pyrev *p, const struct loc *l, const char *with)
{
	char *y;

	if (p->told)
		return;
	p->told = 1;
	y = pyrev_yaml_name(p->file);
	diag_note(p->d, l, "migsql reads a revision without running it: give "
	    "this one as %s%s (a YAML file with the same revision id "
	    "replaces the .py), or run `migsql import %s` to start it", y,
	    with ? with : "", p->revid ? p->revid : "ID");
	free(y);
}

void
pr_refuse(struct pyrev *p, const struct loc *l, const char *what)
{
	pr_error(p, l, "%s cannot be read without running the revision",
	    what);
	pr_remedy(p, l, NULL);
}

void
pr_nomap(struct pyrev *p, const struct loc *l, const char *with,
    const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	pr_error(p, l, "%s", buf);
	pr_remedy(p, l, with);
}

void
pv_refuse(struct pyrev *p, const struct pv *v, const char *as)
{
	char buf[512];

	if (v->kind == PV_OPAQUE) {
		pr_refuse(p, &v->loc, v->s);
		return;
	}
	if (v->kind == PV_PATH && v->app)
		snprintf(buf, sizeof buf, "'%s', imported from outside "
		    "SQLAlchemy and Alembic", v->s);
	else
		snprintf(buf, sizeof buf, "%s as %s", pv_describe(v), as);
	pr_refuse(p, &v->loc, buf);
}

struct pv *
pv_new(struct pyrev *p, int kind, struct loc l)
{
	struct pv *v = pr_alloc(p, sizeof *v);

	v->kind = kind;
	v->loc = l;
	return v;
}

struct pv *
pv_str(struct pyrev *p, struct loc l, const char *s, size_t n)
{
	struct pv *v = pv_new(p, PV_STR, l);

	v->s = pr_strdup(p, s, n);
	v->len = n;
	return v;
}

const char *
pv_describe(const struct pv *v)
{
	switch (v->kind) {
	case PV_NONE: return "None";
	case PV_BOOL: return "a boolean";
	case PV_INT: return "an integer";
	case PV_FLOAT: return "a number";
	case PV_STR: return "a string";
	case PV_SEQ: return "a list";
	case PV_DICT: return "a dict";
	case PV_PATH: return "a name";
	case PV_ATTR: return "an attribute";
	case PV_CALL: return "a call";
	case PV_DIALECT: return "the dialect's name";
	case PV_UNDECIDED: return "a test of the dialect's name";
	case PV_BATCH: return "a batch operation";
	case PV_DEF: return "a function";
	default: return v->s;
	}
}

int
pv_unknown(const struct pv *v)
{
	return v->kind == PV_OPAQUE || (v->kind == PV_PATH && v->app);
}

const char *
pv_path(const struct pv *v)
{
	return v != NULL && v->kind == PV_PATH && !v->app ? v->s : NULL;
}

const char *
pv_callee(const struct pv *v)
{
	return v != NULL && v->kind == PV_CALL ? pv_path(v->base) : NULL;
}

/* op.get_bind(), or op.get_context().bind / .connection (Alembic 1.8
   MigrationContext.bind). */
int
pv_is_bind(const struct pv *v)
{
	const char *c = pv_callee(v);

	if (c != NULL && strcmp(c, "alembic.op.get_bind") == 0)
		return 1;
	if (v->kind == PV_ATTR && (strcmp(v->s, "bind") == 0 ||
	    strcmp(v->s, "connection") == 0)) {
		c = pv_callee(v->base);
		return c != NULL && (strcmp(c, "alembic.op.get_context") == 0
		    || strcmp(c, "alembic.context.get_context") == 0);
	}
	return 0;
}

/* Nodes. */

void
pl_push(struct pr_list *l, struct node *n)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->items = xrealloc(l->items, l->cap * sizeof *l->items);
	}
	l->items[l->n++] = n;
}

struct node *
nb_str(struct pyrev *p, struct loc l, const char *s)
{
	return node_build_scalar(p->b, l, SCALAR_STR, s, strlen(s), 0);
}

struct node *
nb_bool(struct pyrev *p, struct loc l, int b)
{
	return node_build_scalar(p->b, l, SCALAR_BOOL, b ? "true" : "false",
	    b ? 4 : 5, b);
}

struct node *
nb_null(struct pyrev *p, struct loc l)
{
	return node_build_scalar(p->b, l, SCALAR_NULL, "null", 4, 0);
}

void
pl_put(struct pyrev *p, struct pr_list *m, const char *key, struct node *v)
{
	size_t i;

	if (v == NULL)
		return;
	/* A key given twice keeps its last value (a dict literal). */
	for (i = 0; i < m->n; i += 2)
		if (strcmp(m->items[i]->text, key) == 0) {
			m->items[i + 1] = v;
			return;
		}
	pl_push(m, nb_str(p, v->loc, key));
	pl_push(m, v);
}

struct node *
pl_map(struct pyrev *p, struct pr_list *m, struct loc l)
{
	struct node *n = node_build_coll(p->b, l, NODE_MAP, m->items,
	    m->n / 2);

	free(m->items);
	memset(m, 0, sizeof *m);
	return n;
}

struct node *
pl_seq(struct pyrev *p, struct pr_list *m, struct loc l)
{
	struct node *n = node_build_coll(p->b, l, NODE_SEQ, m->items, m->n);

	free(m->items);
	memset(m, 0, sizeof *m);
	return n;
}

struct node *
pv_node(struct pyrev *p, const struct pv *v, const char *as)
{
	struct pr_list m = { 0 };
	size_t i;

	switch (v->kind) {
	case PV_NONE:
		return nb_null(p, v->loc);
	case PV_BOOL:
		return nb_bool(p, v->loc, v->b);
	case PV_INT:
		return node_build_scalar(p->b, v->loc, SCALAR_INT, v->s,
		    strlen(v->s), 0);
	case PV_FLOAT:
		return node_build_scalar(p->b, v->loc, SCALAR_FLOAT, v->s,
		    strlen(v->s), 0);
	case PV_STR:
		if (memchr(v->s, '\0', v->len) != NULL) {
			pr_error(p, &v->loc, "a string with a NUL character "
			    "cannot be %s", as);
			return NULL;
		}
		return node_build_scalar(p->b, v->loc, SCALAR_STR, v->s,
		    v->len, 0);
	case PV_SEQ:
		for (i = 0; i < v->n; i++) {
			struct node *x = pv_node(p, v->items[i], as);

			if (x == NULL) {
				free(m.items);
				return NULL;
			}
			pl_push(&m, x);
		}
		return pl_seq(p, &m, v->loc);
	case PV_DICT:
		for (i = 0; i < v->n; i++) {
			const struct pv *k = v->items[2 * i];
			struct node *x;

			if (k->kind != PV_STR) {
				pr_error(p, &k->loc, "a key of %s must be a "
				    "string, not %s", as, pv_describe(k));
				free(m.items);
				return NULL;
			}
			if ((x = pv_node(p, v->items[2 * i + 1], as)) == NULL) {
				free(m.items);
				return NULL;
			}
			pl_put(p, &m, k->s, x);
		}
		return pl_map(p, &m, v->loc);
	default:
		pv_refuse(p, v, as);
		return NULL;
	}
}

/* args (a mapping, or an op's shorthand scalar) with 'dialects: ONLY'
   added (migsql-revision(5), "dialects"). */
static struct node *
with_dialects(struct pyrev *p, struct loc l, const char *name,
    struct node *args)
{
	const struct op_def *def = op_lookup(name);
	struct node **kv;
	size_t n = args->kind == NODE_MAP ? args->n : 1, i;
	struct node *m;

	if (args->kind != NODE_MAP && (def == NULL || def->shorthand == NULL))
		return args;
	kv = xcalloc(2 * (n + 1), sizeof *kv);
	if (args->kind == NODE_MAP)
		for (i = 0; i < 2 * n; i++)
			kv[i] = args->items[i];
	else {
		kv[0] = nb_str(p, args->loc, def->shorthand);
		kv[1] = args;
	}
	kv[2 * n] = nb_str(p, l, "dialects");
	kv[2 * n + 1] = p->only;
	m = node_build_coll(p->b, args->loc, NODE_MAP, kv, n + 1);
	free(kv);
	return m;
}

void
pr_emit(struct pyrev *p, struct loc l, const char *name, struct node *args)
{
	struct node *kv[2];

	if (args == NULL)
		return;
	if (p->only != NULL)
		args = with_dialects(p, l, name, args);
	kv[0] = nb_str(p, l, name);
	kv[1] = args;
	pl_push(p->out, node_build_coll(p->b, l, NODE_MAP, kv, 1));
}

/* Bindings: the module's, then the function's from p->scope on. */

struct pv *
pr_bind_get(struct pyrev *p, const char *name)
{
	size_t i;

	for (i = p->nbinds; i-- > 0;)
		if (p->binds[i].name[0] == name[0] &&
		    strcmp(p->binds[i].name, name) == 0)
			return p->binds[i].v;
	return NULL;
}

static void
bind_set(struct pyrev *p, const char *name, struct pv *v)
{
	size_t i;

	for (i = p->scope; i < p->nbinds; i++)
		if (strcmp(p->binds[i].name, name) == 0) {
			p->binds[i].v = v;
			return;
		}
	if (p->nbinds == p->capbinds) {
		p->capbinds = p->capbinds ? 2 * p->capbinds : 32;
		p->binds = xrealloc(p->binds, p->capbinds * sizeof *p->binds);
	}
	p->binds[p->nbinds].name = name;
	p->binds[p->nbinds++].v = v;
}

/*
 * The libraries a revision may use, by their import name.  A module of
 * one of them keeps its canonical dotted name; anything else is the
 * application's (or the standard library's), which is fine unless used.
 */
static int
lib_module(const char *m)
{
	static const char *const libs[] = { "sqlalchemy", "alembic",
		"sqlmodel", NULL };
	size_t i, n;

	for (i = 0; libs[i] != NULL; i++) {
		n = strlen(libs[i]);
		if (strncmp(m, libs[i], n) == 0 && (m[n] == '\0' ||
		    m[n] == '.'))
			return 1;
	}
	return 0;
}

static struct pv *
pv_import(struct pyrev *p, struct loc l, const char *path)
{
	struct pv *v = pv_new(p, PV_PATH, l);

	v->s = pr_strdup(p, path, strlen(path));
	v->app = !lib_module(path);
	return v;
}

/* import a.b.c [as x], from m import n [as x] (Python 3.11 reference,
   7.11 "The import statement"). */
static void
do_import(struct pyrev *p, const struct py_stmt *s)
{
	size_t i;

	for (i = 0; i < s->nnames; i++) {
		const char *n = s->names[i], *as = s->asnames[i];
		char *path;

		if (s->kind == PYS_IMPORT) {
			if (as != NULL) {
				bind_set(p, as, pv_import(p, s->name_locs[i],
				    n));
				continue;
			}
			/* import a.b binds a. */
			path = xstrndup(n, strcspn(n, "."));
			bind_set(p, pr_strdup(p, path, strlen(path)),
			    pv_import(p, s->name_locs[i], path));
			free(path);
			continue;
		}
		if (strcmp(n, "*") == 0)
			continue;	/* names from it are unknown: opaque */
		if (s->level > 0)
			path = xasprintf(".%s.%s", s->module ? s->module :
			    "", n);
		else
			path = xasprintf("%s.%s", s->module, n);
		bind_set(p, as ? as : n, pv_import(p, s->name_locs[i], path));
		free(path);
	}
}

/* Statements of upgrade() and downgrade(). */

static void run_body(struct pyrev *p, struct py_stmt **body, size_t n);

static void
bind_target(struct pyrev *p, const struct py_expr *t, struct pv *v)
{
	size_t i;

	if (t->kind == PYE_NAME) {
		bind_set(p, t->s, v);
		return;
	}
	if (t->kind == PYE_TUPLE || t->kind == PYE_LIST) {
		for (i = 0; i < t->n; i++)
			bind_target(p, t->items[i], v->kind == PV_SEQ &&
			    v->n == t->n ? v->items[i] : pv_opaque(p, v->loc,
			    "an unpacking of %s", pv_describe(v)));
		return;
	}
	pr_refuse(p, &t->loc, "an assignment to an attribute or an item");
}

/* A call whose result is a query's (bind.execute(...), and what hangs
   off it: .fetchall(), .scalar(), ...). */
static int
pv_query_result(const struct pv *v)
{
	for (; v != NULL; v = v->base) {
		if (v->kind == PV_CALL && v->base->kind == PV_ATTR &&
		    strcmp(v->base->s, "execute") == 0 &&
		    pv_is_bind(v->base->base))
			return 1;
		if (v->kind != PV_CALL && v->kind != PV_ATTR)
			return 0;
	}
	return 0;
}

static void
do_assign(struct pyrev *p, const struct py_stmt *s)
{
	struct pv *v;
	size_t i;

	if (s->a == NULL)
		return;		/* x: T, an annotation alone */
	v = pv_eval(p, s->a);
	if (pv_query_result(v)) {
		pr_refuse(p, &s->a->loc, "a query whose result the revision "
		    "uses");
		v = pv_opaque(p, s->a->loc, "the result of a query");
	} else if (v->kind == PV_CALL) {
		/* t = op.create_table(...): made, and bound (for a
		   bulk_insert into it). */
		(void)sa_statement(p, v);
	}
	for (i = 0; i < s->ntargets; i++)
		bind_target(p, s->targets[i], v);
}

/*
 * print(...), logging.info(...) and log.info(...) over a logger from
 * logging.getLogger(): output of the Python process, which changes
 * nothing in the database, so a statement of one is passed over.
 */
static int
is_logging(struct pyrev *p, const struct py_expr *e)
{
	struct pv *f;
	const char *c;

	if (e->kind != PYE_CALL)
		return 0;
	if (e->a->kind == PYE_NAME && strcmp(e->a->s, "print") == 0 &&
	    pr_bind_get(p, "print") == NULL)
		return 1;
	if (e->a->kind != PYE_ATTR)
		return 0;
	f = pv_eval(p, e->a->a);
	if (f->kind == PV_PATH && strcmp(f->s, "logging") == 0)
		return 1;
	c = f->kind == PV_CALL ? pv_path(f->base) : NULL;
	if (c == NULL && f->kind == PV_CALL && f->base->kind == PV_PATH)
		c = f->base->s;		/* an application's import path */
	return c != NULL && strcmp(c, "logging.getLogger") == 0;
}

static void
do_expr(struct pyrev *p, const struct py_stmt *s)
{
	struct pv *v;

	if (s->a->kind == PYE_STR || s->a->kind == PYE_ELLIPSIS)
		return;		/* a docstring, ... */
	if (is_logging(p, s->a))
		return;
	v = pv_eval(p, s->a);
	if (v->kind == PV_OPAQUE) {
		pr_refuse(p, &v->loc, v->s);
		return;
	}
	if (v->kind == PV_CALL && sa_statement(p, v))
		return;
	if (v->kind == PV_CALL && pv_query_result(v)) {
		pr_refuse(p, &v->loc, "a query whose result the revision "
		    "uses");
		return;
	}
	if (v->kind == PV_CALL && v->base->kind == PV_ATTR) {
		/* insp.get_columns(), conn.execute(...).fetchall(): name
		   the method and what it is called on. */
		const struct pv *b = v->base->base;
		char what[256];

		while (b->kind == PV_ATTR || (b->kind == PV_CALL &&
		    pv_path(b->base) == NULL))
			b = b->base;
		if (b->kind == PV_CALL)
			snprintf(what, sizeof what, "a call of %s() on the "
			    "result of %s()", v->base->s, pv_path(b->base));
		else
			snprintf(what, sizeof what, "a call of %s() on %s",
			    v->base->s, pv_describe(b));
		pr_refuse(p, &v->loc, what);
		return;
	}
	pr_refuse(p, &s->loc, "a statement that is not an Alembic "
	    "operation");
}

/* with op.batch_alter_table(t) as b:, with op.get_context().
   autocommit_block(): (Alembic 1.8 Operations.batch_alter_table,
   MigrationContext.autocommit_block). */
static void
do_with(struct pyrev *p, const struct py_stmt *s)
{
	struct pv *v, *b;
	const char *c;
	size_t i;

	if (s->nitems != 1) {
		pr_refuse(p, &s->loc, "a with statement of several items");
		return;
	}
	v = pv_eval(p, s->items[0]);
	c = pv_callee(v);
	if (v->kind == PV_CALL && v->base->kind == PV_ATTR &&
	    strcmp(v->base->s, "autocommit_block") == 0 &&
	    pv_is_context(v->base->base) && v->n == 0 && v->nkw == 0) {
		int was = p->autocommit;

		p->autocommit = 1;
		run_body(p, s->body, s->nbody);
		p->autocommit = was;
		return;
	}
	if (c == NULL || strcmp(c, "alembic.op.batch_alter_table") != 0) {
		if (v->kind == PV_OPAQUE)
			pr_refuse(p, &v->loc, v->s);
		else
			pr_refuse(p, &s->loc, "a with statement that is not "
			    "batch_alter_table or autocommit_block");
		return;
	}
	b = pv_new(p, PV_BATCH, v->loc);
	b->items = pr_alloc(p, 2 * sizeof *b->items);
	b->n = 2;
	b->items[0] = v->n > 0 ? v->items[0] : NULL;
	for (i = 0; i < v->nkw; i++) {
		const char *k = v->kwnames[i];

		if (strcmp(k, "table_name") == 0)
			b->items[0] = v->kw[i];
		else if (strcmp(k, "schema") == 0)
			b->items[1] = v->kw[i];
		/* How Alembic copies the table on SQLite: migsql rebuilds
		   it as its own rules say, to the same schema. */
		else if (strcmp(k, "recreate") != 0) {
			char what[128];

			snprintf(what, sizeof what, "batch_alter_table's "
			    "argument '%s'", k);
			pr_refuse(p, &v->kw[i]->loc, what);
		}
	}
	if (v->n > 1 || b->items[0] == NULL || b->items[0]->kind != PV_STR) {
		pr_refuse(p, &v->loc, "a batch_alter_table without a table "
		    "name as a string");
		return;
	}
	if (s->targets[0] != NULL)
		bind_target(p, s->targets[0], b);
	run_body(p, s->body, s->nbody);
}

/* The op.execute() calls a branch is made of, or -1 when it has
   anything else. */
static int
branch_executes(struct pyrev *p, struct py_stmt **body, size_t n,
    const struct pv **out, size_t max)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		const struct py_stmt *s = body[i];
		const struct pv *v, *sql;

		if (s->kind == PYS_PASS || (s->kind == PYS_EXPR &&
		    (s->a->kind == PYE_STR || s->a->kind == PYE_ELLIPSIS)))
			continue;
		if (s->kind != PYS_EXPR || k == max)
			return -1;
		v = pv_eval(p, s->a);
		if ((sql = sa_execute_sql(v)) == NULL)
			return -1;
		out[k++] = sql;
	}
	return (int)k;
}

/* The branch an `if` takes for p->cur_dialect, or NULL for none. */
static int
branch_for(struct pyrev *p, const struct py_stmt *s, const char *dialect,
    struct py_stmt ***body, size_t *n)
{
	const char *was = p->cur_dialect;
	struct pv *c;

	p->cur_dialect = dialect;
	c = pv_eval(p, s->a);
	p->cur_dialect = was;
	if (c->kind != PV_BOOL)
		return 0;
	if (c->b) {
		*body = s->body;
		*n = s->nbody;
	} else if (s->norelse == 1 && s->orelse[0]->kind == PYS_IF)
		return branch_for(p, s->orelse[0], dialect, body, n);
	else {
		*body = s->orelse;
		*n = s->norelse;
	}
	return 1;
}

#define PR_MAX_EXECUTES 16

/*
 * An `if` on the dialect whose branches only op.execute(): one execute
 * per position, with a key per dialect ({postgresql: ..., sqlite: null}),
 * so that the document holds for every dialect (PER-DIALECT SQL).
 */
static int
merge_executes(struct pyrev *p, const struct py_stmt *s)
{
	const struct pv *sql[PR_NDIALECTS][PR_MAX_EXECUTES];
	int n[PR_NDIALECTS], max = 0;
	size_t d, k;

	for (d = 0; pr_dialects[d] != NULL; d++) {
		struct py_stmt **body;
		size_t nb;

		if (!branch_for(p, s, pr_dialects[d], &body, &nb))
			return 0;
		n[d] = branch_executes(p, body, nb, sql[d], PR_MAX_EXECUTES);
		if (n[d] < 0)
			return 0;
		if (n[d] > max)
			max = n[d];
	}
	for (k = 0; k < (size_t)max; k++) {
		struct pr_list m = { 0 };

		for (d = 0; pr_dialects[d] != NULL; d++)
			pl_put(p, &m, pr_dialects[d], (int)k < n[d] ?
			    nb_str(p, sql[d][k]->loc, sql[d][k]->s) :
			    nb_null(p, s->loc));
		if (p->autocommit)
			pl_put(p, &m, "transactional", nb_bool(p, s->loc, 0));
		pr_emit(p, s->loc, "execute", pl_map(p, &m, s->loc));
	}
	return 1;
}

/*
 * An `if` on the dialect whose branches hold other operations: each
 * branch's operations, once, with 'dialects:' naming the dialects that
 * take it, so that the document holds for every dialect.  0 when a
 * branch cannot be told for some dialect (then it is decided for the
 * dialect being rendered, if any).
 */
static int
tag_branches(struct pyrev *p, const struct py_stmt *s)
{
	struct py_stmt **body[PR_NDIALECTS];
	size_t nb[PR_NDIALECTS], d, e;

	for (d = 0; pr_dialects[d] != NULL; d++)
		if (!branch_for(p, s, pr_dialects[d], &body[d], &nb[d]))
			return 0;
	for (d = 0; pr_dialects[d] != NULL; d++) {
		struct node *names[PR_NDIALECTS];
		size_t k = 0;

		for (e = 0; e < d && body[e] != body[d]; e++)
			;
		if (e < d || nb[d] == 0)
			continue;	/* told already, or nothing */
		struct pyrev_options as = *p->o;
		const struct pyrev_options *was = p->o;
		const char *for_d = pr_dialects[d], *was_d = p->cur_dialect;

		for (e = d; pr_dialects[e] != NULL; e++)
			if (body[e] == body[d]) {
				names[k++] = nb_str(p, s->loc, pr_dialects[e]);
				if (was->dialect != NULL &&
				    strcmp(was->dialect, pr_dialects[e]) == 0)
					for_d = was->dialect;
			}
		/* What SQLAlchemy writes per dialect is decided for one that
		   takes the branch: the rendered one when it does. */
		as.dialect = for_d;
		as.dialect_any = 0;
		p->o = &as;
		p->cur_dialect = k == 1 ? for_d : NULL;
		p->only = node_build_coll(p->b, s->loc, NODE_SEQ, names, k);
		run_body(p, body[d], nb[d]);
		p->only = NULL;
		p->cur_dialect = was_d;
		p->o = was;
	}
	return 1;
}

static void
do_if(struct pyrev *p, const struct py_stmt *s)
{
	struct pv *c = pv_eval(p, s->a);
	struct py_stmt **body;
	size_t n;

	if (c->kind == PV_BOOL) {
		if (c->b)
			run_body(p, s->body, s->nbody);
		else
			run_body(p, s->orelse, s->norelse);
		return;
	}
	if (c->kind != PV_UNDECIDED) {
		if (c->kind == PV_OPAQUE)
			pr_refuse(p, &c->loc, c->s);
		else
			pr_refuse(p, &s->a->loc, "an if on something else than "
			    "the dialect's name");
		return;
	}
	if (merge_executes(p, s) || (p->only == NULL && tag_branches(p, s)))
		return;
	if (p->o->dialect != NULL) {
		if (branch_for(p, s, p->o->dialect, &body, &n)) {
			const char *was = p->cur_dialect;

			p->cur_dialect = p->o->dialect;
			run_body(p, body, n);
			p->cur_dialect = was;
		}
		return;
	}
	if (p->o->dialect_any)
		return;		/* a command that renders nothing */
	pr_error(p, &s->a->loc, "this if on the dialect's name decides "
	    "operations other than op.execute(), and the command renders "
	    "several dialects from one load: render one dialect (-d), or "
	    "give this revision as a YAML file with operations per "
	    "dialect");
}

static void
do_for(struct pyrev *p, const struct py_stmt *s)
{
	struct pv *v = pv_eval(p, s->a);
	size_t i;

	if (s->norelse > 0) {
		pr_refuse(p, &s->orelse[0]->loc, "a for loop's else");
		return;
	}
	if (v->kind != PV_SEQ) {
		if (v->kind == PV_OPAQUE)
			pr_refuse(p, &v->loc, v->s);
		else if (pv_query_result(v))
			pr_refuse(p, &s->a->loc, "a for loop over the rows of "
			    "a query");
		else
			pr_refuse(p, &s->a->loc, "a for loop over something "
			    "else than a literal list or tuple");
		return;
	}
	for (i = 0; i < v->n; i++) {
		bind_target(p, s->targets[0], v->items[i]);
		run_body(p, s->body, s->nbody);
	}
}

static void
run_stmt(struct pyrev *p, const struct py_stmt *s)
{
	switch (s->kind) {
	case PYS_EXPR:
		do_expr(p, s);
		break;
	case PYS_ASSIGN:
		do_assign(p, s);
		break;
	case PYS_IMPORT:
	case PYS_FROM:
		do_import(p, s);
		break;
	case PYS_WITH:
		if (s->async_)
			pr_refuse(p, &s->loc, "an async with");
		else
			do_with(p, s);
		break;
	case PYS_IF:
		do_if(p, s);
		break;
	case PYS_FOR:
		if (s->async_)
			pr_refuse(p, &s->loc, "an async for");
		else
			do_for(p, s);
		break;
	case PYS_PASS:
		break;
	case PYS_RAISE:
		pr_refuse(p, &s->loc, "a raise that is not the whole of "
		    "downgrade()");
		break;
	case PYS_RETURN:
		pr_refuse(p, &s->loc, "a return statement");
		break;
	case PYS_DEF:
		pr_refuse(p, &s->loc, "a function defined in a function");
		break;
	case PYS_AUGASSIGN:
		pr_refuse(p, &s->loc, "an augmented assignment");
		break;
	default:
		pr_refuse(p, &s->loc, s->what ? s->what : "a statement");
		break;
	}
}

static void
run_body(struct pyrev *p, struct py_stmt **body, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		run_stmt(p, body[i]);
}

/*
 * A downgrade() that raises (after a docstring, pass or ...) declares
 * the revision irreversible, as Alembic's documentation suggests.
 */
static const struct py_stmt *
raises(const struct py_stmt *def)
{
	size_t i;

	for (i = 0; i < def->nbody; i++) {
		const struct py_stmt *s = def->body[i];

		if (s->kind == PYS_RAISE)
			return s;
		if (!(s->kind == PYS_PASS || (s->kind == PYS_EXPR &&
		    (s->a->kind == PYE_STR || s->a->kind == PYE_ELLIPSIS))))
			return NULL;
	}
	return NULL;
}

/*
 * Why a raising downgrade() cannot revert: the exception's message when
 * it is a string literal (NotImplementedError("...")), else what is
 * raised, as "downgrade() raises NotImplementedError".
 */
static const char *
raise_text(struct pyrev *p, const struct py_stmt *r)
{
	const struct py_expr *e = r->a;
	char *name, *text;
	const char *out;

	if (e != NULL && e->kind == PYE_CALL && e->n >= 1 &&
	    e->items[0]->kind == PYE_STR && e->items[0]->len > 0 &&
	    memchr(e->items[0]->s, '\0', e->items[0]->len) == NULL)
		return e->items[0]->s;
	if (e != NULL && e->kind == PYE_CALL)
		e = e->a;
	name = e != NULL ? py_dotted(e) : NULL;
	text = xasprintf("downgrade() raises %s", name ? name : "an exception");
	out = pr_strdup(p, text, strlen(text));
	free(text);
	free(name);
	return out;
}

/* upgrade() or downgrade(): its operations as a list. */
static struct node *
run_def(struct pyrev *p, const struct py_stmt *def)
{
	struct pr_list ops = { 0 };
	size_t i, scope = p->scope, nb = p->nbinds;

	for (i = 0; i < def->nparams; i++)
		if (def->params[i].default_ == NULL ||
		    def->params[i].star != 0) {
			pr_refuse(p, &def->loc, "a migration function that "
			    "takes arguments (a multi-database template)");
			return NULL;
		}
	if (def->nitems > 0 || def->async_) {
		pr_refuse(p, &def->loc, def->async_ ? "an async migration "
		    "function" : "a decorated migration function");
		return NULL;
	}
	p->scope = p->nbinds;
	p->out = &ops;
	run_body(p, def->body, def->nbody);
	p->out = NULL;
	p->scope = scope;
	p->nbinds = nb;
	return pl_seq(p, &ops, def->loc);
}

/* The module docstring, as Alembic's script.py.mako writes it:
   "message\n\nRevision ID: ...\nRevises: ...\nCreate Date: ...". */
static void
docstring(struct pyrev *p, const struct py_module *m, struct pr_list *root)
{
	const char *ds = m->docstring, *nl, *cd;
	struct loc l = m->body[0]->loc;
	size_t n;

	while (*ds == '\n' || *ds == ' ')
		ds++;
	n = strcspn(ds, "\n");
	while (n > 0 && (ds[n - 1] == ' ' || ds[n - 1] == '\r'))
		n--;
	if (n > 0 && strncmp(ds, "Revision ID:", 12) != 0)
		pl_put(p, root, "message", node_build_scalar(p->b, l,
		    SCALAR_STR, ds, n, 0));
	for (cd = m->docstring; (cd = strstr(cd, "Create Date:")) != NULL;
	    cd++)
		if (cd == m->docstring || cd[-1] == '\n')
			break;
	if (cd == NULL)
		return;
	cd += 12;
	while (*cd == ' ')
		cd++;
	nl = cd + strcspn(cd, "\n");
	while (nl > cd && (nl[-1] == ' ' || nl[-1] == '\r'))
		nl--;
	if (nl > cd)
		pl_put(p, root, "create_date", node_build_scalar(p->b, l,
		    SCALAR_STR, cd, (size_t)(nl - cd), 0));
}

/* revision, down_revision, branch_labels, depends_on: a string, None, or
   a tuple or list of strings (Alembic's script.py.mako and
   Script._from_filename). */
static void
ident(struct pyrev *p, const char *key, const struct pv *v,
    struct pr_list *root)
{
	int list_ok = strcmp(key, "revision") != 0;
	struct node *n;
	size_t i;

	if (v->kind == PV_NONE && strcmp(key, "down_revision") != 0 &&
	    list_ok)
		return;		/* branch_labels = None: none */
	if (v->kind == PV_SEQ && list_ok) {
		for (i = 0; i < v->n; i++)
			if (v->items[i]->kind != PV_STR) {
				pr_error(p, &v->items[i]->loc, "'%s' holds "
				    "revision ids as strings, not %s", key,
				    pv_describe(v->items[i]));
				return;
			}
	} else if (v->kind != PV_STR && !(v->kind == PV_NONE &&
	    strcmp(key, "down_revision") == 0)) {
		if (v->kind == PV_OPAQUE)
			pr_refuse(p, &v->loc, v->s);
		else
			pr_error(p, &v->loc, "'%s' must be a string%s, not %s",
			    key, list_ok ? ", a tuple of strings or None" : "",
			    pv_describe(v));
		return;
	}
	if ((n = pv_node(p, v, key)) == NULL)
		return;
	if (v->kind == PV_STR && (strcmp(key, "branch_labels") == 0 ||
	    strcmp(key, "depends_on") == 0))
		n = node_build_coll(p->b, v->loc, NODE_SEQ, &n, 1);
	if (strcmp(key, "revision") == 0)
		p->revid = pr_strdup(p, v->s, v->len);
	pl_put(p, root, key, n);
}

static const char *const ident_keys[] = { "revision", "down_revision",
	"branch_labels", "depends_on", NULL };

/* The module's statements: what they bind, and the two functions. */
static void
walk_module(struct pyrev *p, const struct py_module *m,
    const struct py_stmt **up, const struct py_stmt **down)
{
	size_t i, j;

	for (i = 0; i < m->nbody; i++) {
		const struct py_stmt *s = m->body[i];
		struct pv *v;

		switch (s->kind) {
		case PYS_IMPORT:
		case PYS_FROM:
			do_import(p, s);
			break;
		case PYS_ASSIGN:
			if (s->a == NULL)
				break;
			v = pv_eval(p, s->a);
			for (j = 0; j < s->ntargets; j++)
				bind_target(p, s->targets[j], v);
			break;
		case PYS_DEF:
			if (strcmp(s->name, "upgrade") == 0)
				*up = s;
			else if (strcmp(s->name, "downgrade") == 0)
				*down = s;
			v = pv_new(p, PV_DEF, s->loc);
			v->s = s->name;
			bind_set(p, s->name, v);
			break;
		default:
			/* A helper class, a try around an import, a call
			   at import time: none of it is the migration's,
			   and a name it binds is unknown if used. */
			break;
		}
	}
}

static void
read_module(struct pyrev *p, const struct py_module *m, struct pr_list *root)
{
	const struct py_stmt *up = NULL, *down = NULL, *r;
	struct node *ops;
	size_t i;

	walk_module(p, m, &up, &down);
	for (i = 0; ident_keys[i] != NULL; i++) {
		struct pv *v = pr_bind_get(p, ident_keys[i]);

		if (v != NULL)
			ident(p, ident_keys[i], v, root);
	}
	if (m->docstring != NULL && m->nbody > 0)
		docstring(p, m, root);
	if (up == NULL) {
		struct loc l = { p->file, 1, 1 };

		pr_error(p, &l, "a revision file defines upgrade()");
		return;
	}
	if ((ops = run_def(p, up)) != NULL)
		pl_put(p, root, "upgrade", ops);
	if (down == NULL)
		return;
	/* Alembic's irreversible revision: a downgrade() that raises is
	   migsql's 'irreversible' key, with the exception's text. */
	if ((r = raises(down)) != NULL) {
		pl_put(p, root, "irreversible", nb_str(p, r->loc,
		    raise_text(p, r)));
		return;
	}
	p->in_downgrade = 1;
	if ((ops = run_def(p, down)) != NULL)
		pl_put(p, root, "downgrade", ops);
	p->in_downgrade = 0;
}

struct node *
pyrev_read_module(const char *file, const struct py_module *m, size_t len,
    const struct pyrev_options *o, struct diags *d)
{
	static const struct pyrev_options none = { NULL, 1 };
	struct pyrev p;
	struct pr_list root = { 0 };
	struct node *n;
	struct loc l = { file, 1, 1 };
	size_t i;

	memset(&p, 0, sizeof p);
	p.file = file;
	p.d = d;
	p.o = o != NULL ? o : &none;
	p.b = node_build_start(len);
	read_module(&p, m, &root);
	n = node_build_finish(p.b, pl_map(&p, &root, l));
	for (i = 0; i < p.nblocks; i++)
		free(p.blocks[i]);
	free(p.blocks);
	free(p.binds);
	free(p.enums);
	return n;
}

struct node *
pyrev_read(const char *file, const char *buf, size_t len,
    const struct pyrev_options *o, struct diags *d, int *ok)
{
	struct py_module *m;
	struct node *n;

	*ok = 0;
	if ((m = py_parse(file, buf, len, d)) == NULL)
		return NULL;
	n = pyrev_read_module(file, m, len, o, d);
	py_module_free(m);
	*ok = 1;
	return n;
}
