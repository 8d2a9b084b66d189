/*
 * model_int.h -- what model.c and model_ddl.c share, and nothing else
 * sees.
 */
#ifndef MIGSQL_MODEL_INT_H
#define MIGSQL_MODEL_INT_H

#include "migsql/model.h"

/* con_default_name(): PostgreSQL's name for a constraint of table on
   cols (none: NULL, 0) with label ("pkey", "key", "fkey", "check",
   "idx"); malloc'd. */
char *model_constraint_name(const char *table, char *const *cols,
    size_t ncols, const char *label);
/* 1 when constraint k lists column col among its own columns. */
int model_con_uses(const struct m_constraint *k, const char *col);
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
/* Into out (cleared): " (did you mean 'x'?)" when a name of the objects
   in v (each struct begins with its name) is close to name, else "". */
void model_hint(struct strbuf *out, const char *name, const struct ptrvec *v);
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

#endif /* MIGSQL_MODEL_INT_H */
