/*
 * render_int.h -- what render.c and render_lint.c share, and nothing
 * else sees.
 */
#ifndef MIGSQL_RENDER_INT_H
#define MIGSQL_RENDER_INT_H

#include "migsql/lint.h"
#include "migsql/render.h"

/*
 * One finding of rule at op (loc: where to report it, op's own when
 * NULL): a comment into cm, and with s->report a diagnostic, unless the
 * op or the revision ignores the rule.  Nothing when the dialect does not
 * list the rule.
 */
void lint_add(struct render_session *s, const struct op *op,
    const struct loc *loc, enum lint_rule rule, struct strbuf *cm,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* 1 when table existed before the step (it was not created in it, by an
   op or by raw SQL). */
int lint_pre_existing(const struct render_session *s, const char *table);

/* The lint findings of upgrade (or written downgrade) action a, as
   comments into cm; the statements of an execute the model read, each at
   its place. */
void lint_action(struct render_session *s, const struct action *a,
    struct strbuf *cm);

/* ---- lint_pg.c: the rules PostgreSQL's storage and locks give ------- */

/* volatile-default for add_column action a, as a comment into cm (and a
   diagnostic, as lint_add() makes them); nothing for another action. */
void lint_volatile_default(struct render_session *s, const struct action *a,
    struct strbuf *cm);

/* statements-after-exclusive-lock, for each linted action a in the order
   they run: a comment into cm (and a diagnostic) at the first of a
   transaction that locks an existing table ACCESS EXCLUSIVE while other
   operations follow it there; s->xlock follows the transactions. */
void lint_exclusive_lock(struct render_session *s, const struct action *a,
    struct strbuf *cm);

#endif /* MIGSQL_RENDER_INT_H */
