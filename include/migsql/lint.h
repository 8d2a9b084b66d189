/*
 * lint.h -- risky operations (`migsql lint`, also part of `migsql check`,
 * and comments above the statements in rendered scripts).
 *
 * The rules are fixed here, each with a stable code; what a rule means on
 * an engine -- whether it applies at all, its severity and the paragraph
 * that explains it and gives the safer alternative -- is the dialect
 * file's `lint:` section (migsql-dialect(5)), so no engine's text lives in
 * C.  The rule families follow Squawk's and Atlas's lint checks for
 * PostgreSQL (destructive changes, backward-incompatible renames, table
 * rewrites and long locks, constraints validated under lock); the texts
 * are our own.
 *
 * A finding can be suppressed where it is written: `lint: {ignore: [CODE,
 * ...], reason: "..."}` on an operation or on the revision; the reason is
 * required.
 */
#ifndef MIGSQL_LINT_H
#define MIGSQL_LINT_H

#include <stddef.h>

#include "migsql/diag.h"
#include "migsql/node.h"

enum lint_rule {
	LINT_DROP_TABLE,		/* drop-table */
	LINT_DROP_COLUMN,		/* drop-column */
	LINT_DROP_ENUM,			/* drop-enum */
	LINT_RENAME_TABLE,		/* rename-table */
	LINT_RENAME_COLUMN,		/* rename-column */
	LINT_ADD_NOT_NULL_COLUMN,	/* add-not-null-column */
	LINT_SET_NOT_NULL,		/* set-not-null */
	LINT_CHANGE_TYPE,		/* change-column-type */
	LINT_INDEX_NOT_CONCURRENT,	/* index-not-concurrent */
	LINT_ADD_FOREIGN_KEY,		/* add-foreign-key */
	LINT_ADD_CHECK,			/* add-check-constraint */
	LINT_ADD_UNIQUE,		/* add-unique-constraint */
	LINT_NO_LOCK_TIMEOUT,		/* no-lock-timeout */
	LINT_ENUM_ADD_VALUE,		/* enum-add-value */
	LINT_LONG_IDENTIFIER,		/* long-identifier */
	LINT_TABLE_REBUILD,		/* table-rebuild */
	LINT_REBUILD_FOREIGN_KEYS,	/* rebuild-foreign-keys */
	LINT_EMPTY_DOWNGRADE,		/* empty-downgrade */
	LINT_DROP_NOT_NULL,		/* drop-not-null */
	LINT_DROP_FOREIGN_KEY,		/* drop-foreign-key */
	LINT_JSON_NOT_JSONB,		/* json-not-jsonb */
	LINT_UNIQUE_INDEX_EXISTING,	/* unique-index-on-existing-table */
	LINT_FK_WITHOUT_INDEX,		/* foreign-key-without-index */
	LINT_NO_STATEMENT_TIMEOUT,	/* no-statement-timeout */
	LINT_VOLATILE_DEFAULT,		/* volatile-default */
	LINT_EXCLUSIVE_LOCK,		/* statements-after-exclusive-lock */
	LINT_IMPLICIT_COMMIT,		/* implicit-commit */
	LINT_COUNT
};

/* The codes, indexed by rule, NULL-terminated. */
extern const char *const lint_codes[LINT_COUNT + 1];

/* The rule with code, or -1. */
int lint_rule_find(const char *code);

/* How a dialect treats a rule (dialect.h holds one per rule). */
struct lint_text {
	int	 on;		/* the dialect lists the rule */
	int	 error;		/* severity: 1 error, 0 warning */
	char	*text;		/* the explanation paragraph (owned) */
};

/*
 * Checks a `lint:` value: a mapping with `ignore`, a non-empty list of
 * known codes, and `reason`, non-empty text.  Reports every problem at its
 * file:line:col (EXIT_INPUT) to d; returns 1 when v is valid.
 */
int lint_check_suppression(const struct node *v, struct diags *d);

/*
 * Reports a finding of rule on the dialect called dialect, whose lint:
 * section says t: msg at loc, an error or a warning as t says, carrying
 * the rule's code and the dialect (diag_finding(); printed as "[DIALECT]
 * CODE: msg"), then a note with t's explanation.  suppressed is the reason
 * given where the finding is ignored (NULL: it is not): such a finding is
 * kept for `--format=json|sarif` only (diagfmt.h); external is 1 when it
 * is ignored by the command line (a released revision), not in the
 * source.
 */
void lint_report(struct diags *d, const char *dialect,
    const struct lint_text *t, enum lint_rule rule, const struct loc *loc,
    const char *suppressed, int external, const char *msg);

/* 1 when the `lint:` value v (NULL: none) ignores rule. */
int lint_ignores(const struct node *v, enum lint_rule rule);

/*
 * 1 when SQL text adds a value to an enum type (ALTER TYPE ... ADD VALUE,
 * PostgreSQL 15 docs, ALTER TYPE), matched with pcre2.
 */
int lint_adds_enum_value(const char *sql);

/* Frees the compiled pattern; call once at exit (for leak checkers). */
void lint_cleanup(void);

#endif /* MIGSQL_LINT_H */
