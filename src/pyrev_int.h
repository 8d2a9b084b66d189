/*
 * pyrev_int.h -- what pyrev.c (the module walk and the partial
 * evaluator) and pyrev_sa.c (Alembic's op.* and SQLAlchemy's columns,
 * types and constraints onto migsql's operations) share.  Not an
 * interface.
 */
#ifndef MIGSQL_PYREV_INT_H
#define MIGSQL_PYREV_INT_H

#include <stddef.h>

#include "migsql/node.h"
#include "migsql/py.h"
#include "migsql/pyrev.h"

/*
 * A value of the partial evaluator.  What is static (literals, and what
 * is made of them) is a value; a name, an attribute or a call of a
 * library (SQLAlchemy, Alembic) stays symbolic, for pyrev_sa.c to map;
 * what cannot be known without running the code is PV_OPAQUE, which is
 * an error only where it is used (an unused helper is fine).
 */
enum pv_kind {
	PV_OPAQUE,	/* s: what it is ("a call of the helper 'f'") */
	PV_NONE,
	PV_BOOL,	/* b */
	PV_INT,		/* s: the decimal digits, with a '-' */
	PV_FLOAT,	/* s: as written */
	PV_STR,		/* s, len */
	PV_SEQ,		/* items, n (a list or a tuple) */
	PV_DICT,	/* items: n pairs, key first */
	PV_PATH,	/* s: a dotted name, canonical ("sqlalchemy.Column",
			   "alembic.op.create_table"); app: from an
			   application import */
	PV_ATTR,	/* base.s */
	PV_CALL,	/* base(items..., kwnames[i]=kw[i]...) */
	PV_DIALECT,	/* the dialect's name (op.get_bind().dialect.name) */
	PV_UNDECIDED,	/* a test on the dialect's name, with no dialect */
	PV_BATCH,	/* the batch_op of a batch_alter_table: items[0] the
			   table, items[1] the schema (or NULL) */
	PV_DEF		/* s: a function of the module */
};

struct pv {
	int		 kind;
	struct loc	 loc;
	const char	*s;
	size_t		 len;
	int		 b;
	int		 app;
	struct pv	*base;
	struct pv	**items;
	size_t		 n;
	const char	**kwnames;
	struct pv	**kw;
	size_t		 nkw;
};

struct pr_binding {
	const char	*name;
	struct pv	*v;
};

/* A list of nodes being built (a sequence, or a mapping's 2n items). */
struct pr_list {
	struct node	**items;
	size_t		 n, cap;
};

struct pyrev {
	const char		*file;
	struct diags		*d;
	const struct pyrev_options *o;
	struct node_builder	*b;
	void			**blocks;	/* everything pr_alloc made */
	size_t			 nblocks, capblocks;
	char			*chunk;		/* the chunk pr_alloc fills */
	size_t			 chunk_used;	/* bytes of it given out */
	struct pr_binding	*binds;
	size_t			 nbinds, capbinds;
	size_t			 scope;		/* the first local binding */
	const char		*revid;		/* for messages */
	const char		*cur_dialect;	/* what PV_DIALECT is */
	struct node		*only;		/* the dialects the ops being
						   read are for (an if on the
						   dialect's name): each gets
						   'dialects:'; NULL: all */
	int			 autocommit;	/* in an autocommit_block */
	int			 in_downgrade;
	int			 told;		/* the remedy was said (a note
						   after the first refusal) */
	struct pr_list		*out;		/* the operations made */
	/* Enum types create_table has made: Alembic's impl is the DDL
	   runner of every op, and SQLAlchemy's Enum remembers on it the
	   names it created (ENUM._check_for_name_in_memos). */
	const char		**enums;
	size_t			 nenums;
};

/* pyrev.c */
/* pyrev_read() of a module already parsed (for tests of hand-built
   trees, too). */
struct node *pyrev_read_module(const char *file, const struct py_module *m,
    size_t len, const struct pyrev_options *o, struct diags *d);
void *pr_alloc(struct pyrev *p, size_t n);
const char *pr_strdup(struct pyrev *p, const char *s, size_t n);
void pr_error(struct pyrev *p, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void pr_refuse(struct pyrev *p, const struct loc *l, const char *what);
/* What has no faithful equivalent in migsql: the message, then the way
   out (a YAML revision, `with` what it can say there). */
void pr_nomap(struct pyrev *p, const struct loc *l, const char *with,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void pv_refuse(struct pyrev *p, const struct pv *v, const char *as);
struct pv *pv_new(struct pyrev *p, int kind, struct loc l);
struct pv *pv_str(struct pyrev *p, struct loc l, const char *s, size_t n);
const char *pv_describe(const struct pv *v);
/* 1 when v cannot be known statically (PV_OPAQUE, or a name of an
   application import); pv_refuse() says why. */
int pv_unknown(const struct pv *v);
/* The Alembic / SQLAlchemy name a value spells, or NULL. */
const char *pv_path(const struct pv *v);
/* The path of the function a PV_CALL calls, or NULL. */
const char *pv_callee(const struct pv *v);
int pv_is_bind(const struct pv *v);
/* The value a name is bound to (a local first), or NULL. */
struct pv *pr_bind_get(struct pyrev *p, const char *name);

/* pyrev_eval.c */
struct pv *pv_eval(struct pyrev *p, const struct py_expr *e);
struct pv *pv_opaque(struct pyrev *p, struct loc l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* op.get_context(), context.get_context(): the MigrationContext. */
int pv_is_context(const struct pv *v);

void pl_push(struct pr_list *l, struct node *n);
void pl_put(struct pyrev *p, struct pr_list *m, const char *key,
    struct node *v);
struct node *pl_map(struct pyrev *p, struct pr_list *m, struct loc l);
struct node *pl_seq(struct pyrev *p, struct pr_list *m, struct loc l);
struct node *nb_str(struct pyrev *p, struct loc l, const char *s);
struct node *nb_bool(struct pyrev *p, struct loc l, int b);
struct node *nb_null(struct pyrev *p, struct loc l);
/* A static value as a node (a YAML scalar, list or mapping), or NULL
   after an error that says it was needed as what. */
struct node *pv_node(struct pyrev *p, const struct pv *v, const char *as);
/* An operation {name: args} appended to the list being built. */
void pr_emit(struct pyrev *p, struct loc l, const char *name,
    struct node *args);

/* pyrev_col.c: names, arguments, types, server defaults */
/* An Enum type met in a column: its CREATE TYPE. */
struct sa_enum {
	const char	*name;		/* NULL when the type is no enum */
	const struct pv	*call;		/* its values are call->items */
	int		 create;	/* create_type */
	/* When SQLAlchemy's SQLite spelling is not migsql's for the
	   generic type: the type per dialect. */
	const char	*pg, *sqlite;
	/* create_constraint=True of an Enum or a Boolean: SQLite's CHECK
	   (SQLAlchemy 1.4 SchemaType), "COL IN (<check_in>)", named
	   check_name (NULL: unnamed); check_at where it was asked. */
	const char	*check_in, *check_name;
	const struct pv	*check_at;
};
/* The SQLAlchemy name of a dotted path ("sqlalchemy.types.Integer" is
   "Integer"); *pg set for PostgreSQL's dialect module; NULL for a name
   that is not SQLAlchemy's (or is another dialect's). */
const char *sa_name(const char *path, int *pg);
/* The function of sa.func.NAME, or NULL. */
const char *sa_func(const char *path);
/* The SQLAlchemy name v calls, or names uncalled. */
const char *sa_called(const struct pv *v, int *pg);
/* Binds a call's arguments to params (in positional order): out[i] the
   value given or NULL.  An argument not in params is an error. */
int sa_args(struct pyrev *p, const struct pv *c, const char *fname,
    const char *const *params, struct pv **out);
int sa_absent(const struct pv *v);
int sa_true(struct pyrev *p, const struct pv *v, const char *what,
    int *out);
const char *sa_str(struct pyrev *p, const struct pv *v, const char *what);
const char *sa_type(struct pyrev *p, const struct pv *v, struct sa_enum *en);
/* boolean: the column's type is a Boolean (a string default is then
   SQL, quoted, as SQLAlchemy writes it). */
struct node *sa_server_default(struct pyrev *p, const struct pv *v,
    int boolean);
/* 1 when t is SQLAlchemy's Boolean or BOOLEAN. */
int sa_is_boolean(const struct pv *t);
/* The condition of a type's CHECK on the column col. */
const char *sa_type_check(struct pyrev *p, const char *col,
    const struct sa_enum *en);
/* Whether the type's CHECK is written in the rendered dialect: 1 on
   SQLite, 0 when there is none (no create_constraint, PostgreSQL, a
   command that renders nothing), -1 after an error (a load that
   renders several dialects). */
int sa_type_check_here(struct pyrev *p, const struct sa_enum *en);
/* The type node of a column: the generic type, or one per dialect. */
struct node *sa_type_node(struct pyrev *p, struct loc l, const char *generic,
    const struct sa_enum *en);

/* pyrev_index.c: indexes */
/* Index(name, *expressions, unique=, postgresql_*=, sqlite_where=) and
   op.create_index(): the index's keys after name and table. */
struct sa_index_args {
	const struct pv	*name, *table, *schema;
	struct pv	*const *cols;
	size_t		 ncols;
	const struct pv	*call;		/* for its keyword arguments */
	size_t		 kwfrom;	/* the first one to read */
};
/* The create_index of an Index, or NULL after an error. */
struct node *sa_index_node(struct pyrev *p,
    const struct sa_index_args *ia);
int sa_create_index(struct pyrev *p, const struct pv *call);

/* pyrev_table.c: columns, constraints, create_table, add_column */
struct node *sa_names(struct pyrev *p, const struct pv *v, const char *what);
int sa_create_table(struct pyrev *p, const struct pv *call);
int sa_add_column(struct pyrev *p, const struct pv *call);
struct node *sa_create_enum(struct pyrev *p, const struct sa_enum *en);

/* pyrev_sa.c */
/* A call as an operation: 1 when it was one (mapped, or refused with
   an error), 0 when it is not an operation at all. */
int sa_statement(struct pyrev *p, const struct pv *call);
/* SQL text (a str or sa.text()), or NULL. */
const char *sa_sql(const struct pv *v);
/* The literal SQL of an op.execute() call, or NULL when it is not one
   whose SQL is static. */
const struct pv *sa_execute_sql(const struct pv *call);

#endif
