/*
 * model_int.h -- what model.c, model_ddl.c and the ops' model hooks
 * (ops_*.c) share, and nothing else sees.
 */
#ifndef MIGSQL_MODEL_INT_H
#define MIGSQL_MODEL_INT_H

#include "migsql/model.h"

/* An op being lowered (model_lower(), op.h lower hooks): the model
   before it, the op, the action it fills, where errors go, and 0 once
   an error was reported. */
struct lw {
	struct model		*m;
	const struct op		*op;
	struct action		*a;
	struct diags		*d;
	int			 ok;
};

/* 1 when foreign key k references column col of its referenced table. */
int model_con_references(const struct m_constraint *k, const char *col);
struct m_constraint *model_con_copy(const struct m_constraint *k);
void model_column_free(struct m_column *c);
/* Records, journaled, that execute op made a trigger on table t. */
void model_table_dependents(struct model *m, struct m_table *t,
    const struct op *op);
/* 1 when text has CREATE, ALTER or DROP, or a word that begins or ends
   a transaction, in it (a word search). */
int model_sql_has_ddl(const char *text);
void model_con_free(struct m_constraint *k);
/* A new enum called name with n values copied from values. */
struct m_enum *model_enum_new(const char *name, char *const *values,
    size_t n);

/*
 * model_ddl.c.  model_ddl_lower(): for an execute op, when m reads its
 * dialect's SQL (model_read_sql), sets a->ddl to the effects of its
 * statements and checks them in order on m (journaled, then undone),
 * reporting at the op what the server would refuse; returns 0 after an
 * error.  model_ddl_apply(): applies a->ddl (not NULL) to m.
 */
int model_ddl_lower(struct model *m, const struct op *op, struct action *a,
    struct diags *d);
void model_ddl_apply(struct model *m, const struct action *a);

/* ---- for the ops' lower hooks (op.h) -------------------------------- */

/* An error at l (the op's own location when NULL): reported to w->d with
   EXIT_INPUT, and w->ok cleared. */
void lw_err(struct lw *w, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * An object the model does not know: an error, or a warning when an
 * execute came before on this path (it may have made the object); then
 * w->a->unknown is set and the action is rendered from the op alone.
 */
void lw_missing(struct lw *w, const struct loc *l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The location of node n, or NULL (the op's) when n is NULL. */
const struct loc *lw_at(const struct node *n);
/* The table called name, or NULL after reporting it unknown at where. */
struct m_table *lw_need_table(struct lw *w, const char *name,
    const struct node *where);
/* The column called name of t, or NULL after reporting it unknown. */
struct m_column *lw_need_column(struct lw *w, const struct m_table *t,
    const char *name, const struct node *where);
/* 1, after an error at where, when a table or an index is called name
   already (PostgreSQL keeps both in pg_class); what: "table", ... */
int lw_relation_taken(struct lw *w, const char *name,
    const struct node *where, const char *what);
/* Checks a column's type: parses generic types, finds enums. */
void lw_check_type(struct lw *w, const struct node *type);
/*
 * Checks a literal server_default dv of column name against type (the
 * column's type after the op): value_default_fits(), with the values of
 * an enum the model knows.  An error at the value; or, for a default the
 * column keeps through a change of type (kept: the new type's node), at
 * the type, since PostgreSQL converts the default with the column
 * (PostgreSQL 15 docs, ALTER TABLE ... SET DATA TYPE).
 */
void lw_check_default(struct lw *w, const char *name,
    const struct node *type, const struct node *dv,
    const struct node *kept);
/* The INITIALLY of a foreign key or unique constraint (FT_INITIALLY
   node v, checked by the loader) in upper case, malloc'd; NULL for
   NULL. */
char *model_initially(const struct node *v);
/* 1 when type is a generic type other than integer, bigint and
   smallint (an identity's or a serial's must be one of those). */
int model_non_integer_type(const struct node *type);
/* The identity of column x (identity: in mapping c): NOT NULL, and of an
   integer type (PostgreSQL 15 docs, CREATE TABLE "GENERATED ... AS
   IDENTITY": "The column is implicitly NOT NULL", smallint, integer or
   bigint); errors at c's keys. */
void lw_identity_column(struct lw *w, struct m_column *x,
    const struct node *c);
/* A column mapping into a new model column (owned by the caller), after
   checking its type and default. */
struct m_column *lw_make_column(struct lw *w, const struct node *c);
/*
 * Checks constraint k of table t (whose columns are known): its columns
 * exist, a foreign key's referent table and columns exist and match in
 * number.  where: the node to report at.
 */
void lw_check_con(struct lw *w, const struct m_table *t,
    const struct m_constraint *k, const struct node *where);
/* 1, after an error, when a constraint name is used on t already, or by
   a relation when the constraint makes an index (primary key, unique,
   exclusion: PostgreSQL gives them one). */
int lw_con_name_taken(struct lw *w, const struct m_table *t,
    const char *name, enum con_type type, const struct node *where);

/* ---- building and finding model objects ------------------------------ */

/* 1 when constraint c lists column col among its own columns. */
int model_con_uses(const struct m_constraint *c, const char *col);
/* Into out (cleared): " (did you mean 'x'?)" when a name of the objects
   in v (each struct begins with its name) is close to name, else "". */
void model_hint(struct strbuf *out, const char *name,
    const struct ptrvec *v);
/* PostgreSQL's name for a constraint of table on cols (none: NULL, 0)
   with label ("pkey", "key", "fkey", "check", "idx"); malloc'd. */
char *model_constraint_name(const char *table, char *const *cols,
    size_t ncols, const char *label);
/* A foreign key of another table (or of table itself) that references
   table (and its column, when column is not NULL), with *from set to its
   table; NULL when none does.  Owned by m. */
const struct m_constraint *model_referenced_by(const struct model *m,
    const char *table, const char *column, const struct m_table **from);
/* t's primary key, or NULL.  Owned by t. */
struct m_constraint *model_table_pk(const struct m_table *t);
/* A new constraint of type called name (taken over), not deferrable-said;
   the caller frees it with model_con_free(). */
struct m_constraint *model_new_con(enum con_type type, char *name);
/* The texts of list's items as a malloc'd array of malloc'd strings;
   *n: how many. */
char **model_names_of(const struct node *list, size_t *n);
/* The columns of a named-columns value: a list, or {name?, columns}. */
const struct node *model_columns_of(const struct node *v);
/* A new foreign key of table from the mapping f (create_table's
   foreign_keys, create_foreign_key), whose keys for the local and remote
   columns and the referent table are local, remote and reftable. */
struct m_constraint *model_make_fk(const struct node *f, const char *table,
    const char *local, const char *remote, const char *reftable);
/* Appends to cons the constraints (new, owned by cons' owner) that column
   mapping c of table declares inline; a primary key only with inline_pk. */
void model_column_constraints(const struct node *c, const char *table,
    int inline_pk, struct ptrvec *cons);
/* Appends to v copies of the indexes of table in m (the caller frees
   them with m_index_free()). */
void model_table_indexes(const struct model *m, const char *table,
    struct ptrvec *v);
/* The enum of column c's type in m, or NULL. */
const struct m_enum *model_column_enum(const struct model *m,
    const struct m_column *c);
/* Deep copies; free with model_column_free(), model_enum_free(). */
struct m_column *model_column_copy(const struct m_column *c);
struct m_enum *model_enum_copy(const struct m_enum *e);
void model_enum_free(struct m_enum *e);
/* The position of the object called name in v, whose objects each begin
   with their name (struct m_table, m_column, ...), or (size_t)-1. */
size_t model_named_pos(const struct ptrvec *v, const char *name);
/* Replaces each from in v[0..n) by a copy of to. */
void model_rename_in_list(char **v, size_t n, const char *from,
    const char *to);
/* Removes item i of v, keeping the order of the others. */
void model_drop_ptr(struct ptrvec *v, size_t i);
/* 1 when some SQL of execute op (any dialect's) looks like DDL. */
int model_execute_has_ddl(const struct op *op);

/* ---- changing the model (the ops' apply hooks) ----------------------- */

/* Records in m that op dropped (to NULL) or renamed (to to) table, or
   its column when column is not NULL, for later messages (journaled). */
void model_gone_add(struct model *m, const char *table, const char *column,
    const char *to, const struct op *op);
/* Registers or unregisters constraint k of t, which is in m (the
   referrers map of foreign keys). */
void model_con_added(struct model *m, struct m_table *t,
    const struct m_constraint *k);
void model_con_removed(struct model *m, struct m_table *t,
    const struct m_constraint *k);
/* Takes index x (owned by m from now) into m, journaled. */
void model_add_index(struct model *m, struct m_index *x);
/* Takes index x out of m and frees it (or keeps it in the journal). */
void model_index_removed(struct model *m, struct m_index *x);
/* Takes table t (owned by m from now, its indexes vector empty) into m,
   journaled. */
void model_table_add(struct model *m, struct m_table *t);
/* Takes table t out of m, journaled; freed unless a journal keeps it. */
void model_table_remove(struct model *m, struct m_table *t);
/* Renames table from to to, with its indexes and the foreign keys that
   reference it; nothing when m has no table from. */
void model_rename_table(struct model *m, const char *from, const char *to);

/* For the inverse_problem hooks: a's table in m, or NULL after writing
   "there is no table 'x'" into sb. */
const struct m_table *model_inverse_table(const struct model *m,
    const struct action *a, struct strbuf *sb);

#endif /* MIGSQL_MODEL_INT_H */
