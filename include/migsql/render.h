/*
 * render.h -- the render stage: actions (model.h) through dialect
 * templates.  Identifiers are quoted and literals escaped here (dialect.h),
 * so templates only place prepared text.
 *
 * A render session walks the steps of a script in order over one schema
 * model: each operation is lowered against the model (model_lower, which
 * reports static errors), rendered, then applied.  Where the dialect cannot
 * alter a table in place (SQLite: alter_column, constraints), the session
 * renders a table rebuild from the model instead (SQLite docs, "ALTER
 * TABLE", section 7, "Making Other Kinds Of Table Schema Changes"): one
 * rebuild per table for a run of such changes that no execute or
 * bulk_insert interrupts.
 *
 * Errors (a dialect that cannot express an op, a name over the dialect's
 * length limit, SQL missing for the dialect, an op without an inverse in
 * an inferred downgrade) are reported at the op's file:line:col with
 * EXIT_INPUT; nothing is produced for that op.
 */
#ifndef MIGSQL_RENDER_H
#define MIGSQL_RENDER_H

#include <stddef.h>

#include "migsql/chain.h"
#include "migsql/diag.h"
#include "migsql/dialect.h"
#include "migsql/load.h"
#include "migsql/model.h"
#include "migsql/sqlitecheck.h"
#include "migsql/util.h"

struct plan;

/*
 * The script a render session renders (emit_script()), for the lint rules
 * that look past the step being rendered (statements-after-exclusive-lock,
 * lint_pg.c): its chain and plan, and whether a statement of its steps
 * runs outside a transaction, which makes each step commit on its own
 * (1, 0, or -1 until a rule needs to know).
 */
struct render_script {
	const struct chain	*c;
	const struct plan	*p;
	int			 outside;
};

struct render_session {
	const struct dialect	*dl;
	struct model		*m;	/* the schema as the script goes */
	struct diags		*d;
	int			 rebuilds; /* a table rebuild was rendered */
	int			 lenient; /* an op without an inverse is a
					    warning, not an error (check) */
	size_t			 errors;
	struct ptrvec		*breaks; /* when not NULL, receives a struct
					    render_break * for each statement
					    that runs outside a transaction */
	int			 report; /* lint findings also become
					    diagnostics (check, lint) */
	struct sqlitecheck	*engine; /* when not NULL, each op's statements
					    run there as they are rendered,
					    before the model changes
					    (sqlitecheck_feed; check) */
	size_t			 findings; /* reported (not ignored) */
	size_t			 ignored;  /* suppressed where written */
	const char		*released; /* when not NULL, the revision
					    rendered was released: its lint
					    findings are kept as ignored,
					    with this as the reason (check
					    --since, --against) */
	size_t			 in_released; /* findings so kept */
	const struct project	*proj;	/* the project file, for the lint
					    rules that read it
					    (postgresql_version,
					    transaction_per_revision); NULL:
					    its defaults */
	struct render_script	*script; /* the script rendered, or NULL:
					    each revision is judged as a
					    script of its own (check, lint) */
	const struct op		*xlock;	/* lint_pg.c: the op list (a
					    revision's upgrade or downgrade)
					    in whose transaction
					    statements-after-exclusive-lock
					    was judged, or NULL */
	/* Set by render_step() for the step it renders: */
	const struct revision	*rev;
	int			 linting; /* lint its ops (written ones: an upgrade
					    or a written downgrade) */
	struct ptrvec		 created; /* char *: tables it created */
};

/*
 * A statement of a step that cannot run in a transaction (an action with
 * non_transactional set, model.h) where the dialect has an
 * outside_transaction template: bytes [start, end) of render_step()'s
 * output, which holds it alone.  Elsewhere (SQLite) such statements render
 * plainly in the transaction and make no break.  Free a vector of them
 * with render_breaks_free().
 */
struct render_break {
	size_t		 start, end;
	int		 split;		/* no statement: only where a part
					   ends and the next begins (an
					   engine without transactional DDL,
					   dialect.h), at within bytes into
					   its chunk until placed */
	size_t		 within;
	enum op_kind	 kind;		/* create_index, drop_index, execute */
	char		*where;		/* "create_index at FILE:LINE
					   (concurrently: true)" */
	char		*index_text;	/* index ops: the quoted, qualified
					   index name as a literal */
	char		*drop_invalid;	/* create_index: the DROP INDEX
					   CONCURRENTLY for an invalid index a
					   killed build left */
};
void render_breaks_free(struct ptrvec *v);

/*
 * Lint (lint.h): while rendering an upgrade or a written downgrade, each
 * operation is checked
 * against the rules its dialect lists, in the schema before it (a table
 * created earlier in the same revision is new: no lock or rewrite
 * matters there).  Each finding becomes a comment above its statement,
 * "lint CODE (severity): what", ignored ones saying so with their reason;
 * with s->report set it is also a diagnostic at the op's file:line:col
 * (an error or a warning, then a note with the dialect's explanation)
 * unless ignored.  The statements of an execute are linted as the ops
 * that do the same, at the statement.  An inferred downgrade's inverses
 * are not linted.
 *
 * Renders one step: revision r's upgrade (upgrade = 1) or its downgrade
 * into out, changing s->m.  A downgrade is the written one, or else the
 * inverse of saved (the actions r's upgrade was lowered to, from
 * render_replay()), newest first; an op without an inverse is an error
 * naming it.  When lowered is not NULL it receives the step's actions
 * (as render_replay's saved).  When s->breaks is not NULL, a statement
 * that runs outside a transaction is rendered alone, after any open table
 * rebuild, and recorded there with its offsets in out.  Returns the number
 * of errors reported.
 */
size_t render_step(struct render_session *s, const struct revision *r,
    int upgrade, const struct ptrvec *saved, struct strbuf *out,
    struct ptrvec *lowered);

/*
 * Replays revision r's upgrade on m without rendering (for the revisions
 * under a script's FROM).  When saved is not NULL it receives the actions
 * (struct action *, malloc'd; free with render_actions_free()).  Returns
 * the number of errors reported.
 */
size_t render_replay(struct model *m, const struct revision *r,
    struct ptrvec *saved, struct diags *d);
void render_actions_free(struct ptrvec *v);

/*
 * Replays on m (initialised by the caller) every ancestor of the n
 * revisions in set, each included, in the chain's order: the schema at
 * that version set.  saved, when not NULL, is an array of c->n vectors
 * that receive each replayed revision's actions.  Returns the number of
 * errors reported.
 */
size_t render_replay_ancestors(const struct chain *c, const size_t *set,
    size_t n, struct model *m, struct ptrvec *saved, struct diags *d);

/*
 * A schema walk: one model moved from one version set's schema to
 * another's by undoing and replaying revisions, for the commands that need
 * the schema at many version sets of one chain (check, bundle).  Moving
 * costs the revisions between the two sets' ancestors (journals undone,
 * replays in chain order; model_journal_begin()), and a pass over the
 * chain's order, not a replay from base.
 *
 * schema_walk_new() makes one over c (c outlives it; free it with
 * schema_walk_free()).  With keep_actions each replay keeps its actions
 * (schema_walk_actions(), for a downgrade's inverses); with again, every
 * schema_walk_to() reports again what the replays of the revisions under
 * its set reported, as a replay from base would, and counts those errors;
 * without it each replay's diagnostics are reported once, when it runs.
 */
struct schema_walk;
struct schema_walk *schema_walk_new(const struct chain *c, int keep_actions,
    int again);
void schema_walk_free(struct schema_walk *w);
/* The walk's model (owned by w), the schema at its current version set. */
struct model *schema_walk_model(struct schema_walk *w);
/*
 * Makes the walk's model read the SQL of executes for dialect (as
 * model_read_sql()); when that changes what it reads, the walk starts
 * again from base (a model that read one dialect's SQL is not another's).
 */
void schema_walk_read_sql(struct schema_walk *w, const struct dialect *dl);

/*
 * Makes m read the SQL of executes for dialect dl (model_read_sql()): as
 * PostgreSQL's parser reads it for a psql client, through SQLite's engine
 * with render_model_table() as the writer for a sqlite3 client.
 */
void render_reads_sql(struct model *m, const struct dialect *dl);
/* model_table_writer (model.h) for the dialect ctx (a struct dialect *). */
int render_model_table(const void *ctx, const struct model *m,
    const char *name, int index, struct strbuf *sql);
/*
 * Moves the model to the schema at the ancestors of the n chain indices in
 * set, each included (none: base).  A caller may change the model after
 * it only inside a journal it undoes, or through schema_walk_push().
 * Diagnostics of the replays go to d; returns the errors among them.
 */
size_t schema_walk_to(struct schema_walk *w, const size_t *set, size_t n,
    struct diags *d);
/*
 * Records that revision rev, whose parents are the walk's current set, is
 * being applied to the model by the caller (after this call): in a journal
 * of its own, or, with final, as a change kept for good (the caller knows
 * that every version set to come descends from rev: the walk forgets its
 * journals, and will not move below rev again but by starting over).
 */
void schema_walk_push(struct schema_walk *w, size_t rev, int final);
/* The actions revision rev's replay lowered (keep_actions), while rev is
 * under the walk's set; NULL when it is not. */
const struct ptrvec *schema_walk_actions(const struct schema_walk *w,
    size_t rev);

/*
 * The revisions of a chain that were released already (`check --since
 * REV`, `--against OLD_MANIFEST`): released[i] is 1 for chain index i
 * (an array of c->n bytes), why the reason their lint findings are not
 * errors ("released: at or before REV").
 */
struct check_release {
	const unsigned char	*released;
	const char		*why;
};

/* What check counted beside the diagnostics. */
struct check_counts {
	size_t	ignored;	/* findings ignored where they are written */
	size_t	released;	/* findings in released revisions */
};

/*
 * `migsql check` for one dialect: every revision is lowered in the schema
 * its own ancestors give (so each branch of a merge is checked in the
 * state it sees), rendered up with its lint findings reported, then down
 * (an op without an inverse is a warning here).  One schema walk serves
 * every revision: a branch point or merge costs the revisions of the
 * branches it crosses, not a copy or a replay of the whole schema.  Adds
 * the findings its revisions ignore to counts->ignored.  With rel (NULL:
 * none), the lint findings of a released revision are kept as ignored
 * ones with rel->why as the reason (so not errors; --format=json|sarif
 * lists them) and counted in counts->released; every other check still
 * holds there.  proj is the project file the lint rules read (NULL: its
 * defaults).  Returns the number of errors reported (lint errors are in
 * d, not in the count).
 */
size_t render_check_chain(const struct chain *c, const struct dialect *dl,
    const struct project *proj, const struct check_release *rel,
    struct diags *d, struct check_counts *counts);

/*
 * Appends the model m as statements for dl: enums, tables in creation
 * order with their constraints and comments, indexes, then foreign keys
 * that reference a table created later (as ALTER TABLE where the dialect
 * can add constraints).  Returns the number of errors.
 */
size_t render_schema(const struct dialect *dl, const struct model *m,
    struct strbuf *out, struct diags *d);

/*
 * Appends the type of column c of table t in model m as dl writes it in a
 * column definition (its type through the dialect's type map, or its
 * strict_types for a STRICT table, the autoincrement type for an
 * autoincrement column, or the engine's own spelling for a column an
 * execute made) to out.  Returns 1, or 0 after an error in d (a type with
 * no spelling for dl, one an execute made that cannot be written again);
 * out is then unchanged.
 */
int render_column_type(const struct dialect *dl, const struct model *m,
    const struct m_table *t, const struct m_column *c, struct strbuf *out,
    struct diags *d);

/*
 * Appends text as comment lines, one per line of text (a CR ends a line
 * too: psql ends a -- comment there), through the dialect's comment
 * template, each ending in a newline; what a reader would not see, or
 * would see in another order, escaped (text_escape(), tabs kept).
 */
void render_comment(const struct dialect *dl, const char *text,
    struct strbuf *out);

#endif /* MIGSQL_RENDER_H */
