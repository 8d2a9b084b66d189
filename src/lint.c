/* lint.c -- lint rule codes and suppressions (lint.h). */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/lint.h"
#include "migsql/util.h"

const char *const lint_codes[LINT_COUNT + 1] = {
	[LINT_DROP_TABLE] = "drop-table",
	[LINT_DROP_COLUMN] = "drop-column",
	[LINT_DROP_ENUM] = "drop-enum",
	[LINT_RENAME_TABLE] = "rename-table",
	[LINT_RENAME_COLUMN] = "rename-column",
	[LINT_ADD_NOT_NULL_COLUMN] = "add-not-null-column",
	[LINT_SET_NOT_NULL] = "set-not-null",
	[LINT_CHANGE_TYPE] = "change-column-type",
	[LINT_INDEX_NOT_CONCURRENT] = "index-not-concurrent",
	[LINT_ADD_FOREIGN_KEY] = "add-foreign-key",
	[LINT_ADD_CHECK] = "add-check-constraint",
	[LINT_ADD_UNIQUE] = "add-unique-constraint",
	[LINT_NO_LOCK_TIMEOUT] = "no-lock-timeout",
	[LINT_ENUM_ADD_VALUE] = "enum-add-value",
	[LINT_LONG_IDENTIFIER] = "long-identifier",
	[LINT_TABLE_REBUILD] = "table-rebuild",
	[LINT_REBUILD_FOREIGN_KEYS] = "rebuild-foreign-keys",
	[LINT_EMPTY_DOWNGRADE] = "empty-downgrade",
	[LINT_DROP_NOT_NULL] = "drop-not-null",
	[LINT_DROP_FOREIGN_KEY] = "drop-foreign-key",
	[LINT_JSON_NOT_JSONB] = "json-not-jsonb",
	[LINT_UNIQUE_INDEX_EXISTING] = "unique-index-on-existing-table",
	[LINT_FK_WITHOUT_INDEX] = "foreign-key-without-index",
	[LINT_NO_STATEMENT_TIMEOUT] = "no-statement-timeout",
	[LINT_VOLATILE_DEFAULT] = "volatile-default",
	[LINT_EXCLUSIVE_LOCK] = "statements-after-exclusive-lock",
	[LINT_IMPLICIT_COMMIT] = "implicit-commit",
	[LINT_COUNT] = NULL
};

int
lint_rule_find(const char *code)
{
	int i;

	for (i = 0; i < LINT_COUNT; i++)
		if (strcmp(lint_codes[i], code) == 0)
			return i;
	return -1;
}

int
lint_check_suppression(const struct node *v, struct diags *d)
{
	const struct node *ign, *why;
	size_t i;
	int ok = 1;

	if (v->kind != NODE_MAP) {
		diag_error(d, EXIT_INPUT, &v->loc, "'lint' must be a mapping "
		    "{ignore: [CODE, ...], reason: \"...\"}, not %s",
		    node_describe(v));
		return 0;
	}
	for (i = 0; i < v->n; i++) {
		const struct node *k = v->items[2 * i];

		if (strcmp(k->text, "ignore") != 0 &&
		    strcmp(k->text, "reason") != 0) {
			diag_error(d, EXIT_INPUT, &k->loc, "unknown key '%s' in "
			    "'lint' (it takes ignore and reason)", k->text);
			ok = 0;
		}
	}
	ign = node_get(v, "ignore");
	why = node_get(v, "reason");
	if (ign == NULL || ign->kind != NODE_SEQ || ign->n == 0) {
		diag_error(d, EXIT_INPUT, ign ? &ign->loc : &v->loc, "'lint' "
		    "needs 'ignore', a list of the rule codes to ignore here");
		ok = 0;
	} else
		for (i = 0; i < ign->n; i++) {
			const struct node *c = ign->items[i];
			const char *s;

			if (node_is_str(c) && lint_rule_find(c->text) >= 0)
				continue;
			ok = 0;
			if (!node_is_str(c)) {
				diag_error(d, EXIT_INPUT, &c->loc, "a lint rule "
				    "code must be text, not %s",
				    node_describe(c));
				continue;
			}
			s = suggest(c->text, lint_codes);
			diag_error(d, EXIT_INPUT, &c->loc, "unknown lint rule "
			    "'%s'%s%s%s", c->text, s ? " (did you mean " : "",
			    s ? s : "", s ? "?)" : "");
		}
	if (why == NULL || !node_is_str(why) || why->text[0] == '\0') {
		diag_error(d, EXIT_INPUT, why ? &why->loc : &v->loc, "'lint' "
		    "needs a 'reason': say why ignoring the rule is safe here");
		ok = 0;
	}
	return ok;
}

void
lint_report(struct diags *d, const char *dialect, const struct lint_text *t,
    enum lint_rule rule, const struct loc *loc, const char *suppressed,
    int external, const char *msg)
{
	diag_finding(d, t->error ? SEV_ERROR : SEV_WARNING, loc, dialect,
	    lint_codes[rule], suppressed, "%s", msg);
	d->items[d->len - 1].external = suppressed != NULL && external;
	diag_note(d, loc, "%s", t->text);
}

int
lint_ignores(const struct node *v, enum lint_rule rule)
{
	const struct node *ign;
	size_t i;

	if (v == NULL || v->kind != NODE_MAP ||
	    (ign = node_get(v, "ignore")) == NULL || ign->kind != NODE_SEQ)
		return 0;
	for (i = 0; i < ign->n; i++)
		if (node_is_str(ign->items[i]) &&
		    strcmp(ign->items[i]->text, lint_codes[rule]) == 0)
			return 1;
	return 0;
}

static pcre2_code *add_value;
static pcre2_match_data *add_value_md;

int
lint_adds_enum_value(const char *sql)
{
	if (add_value == NULL) {
		int err;
		PCRE2_SIZE off;

		/* ALTER TYPE name ADD VALUE [IF NOT EXISTS] 'v' ... */
		add_value = pcre2_compile((PCRE2_SPTR)
		    "\\bALTER\\s+TYPE\\s+\\S+\\s+ADD\\s+VALUE\\b",
		    PCRE2_ZERO_TERMINATED, PCRE2_CASELESS, &err, &off, NULL);
		if (add_value == NULL)
			abort();	/* a constant pattern */
		add_value_md = pcre2_match_data_create_from_pattern(add_value,
		    NULL);
	}
	return pcre2_match(add_value, (PCRE2_SPTR)sql, strlen(sql), 0, 0,
	    add_value_md, NULL) >= 0;
}

void
lint_cleanup(void)
{
	pcre2_match_data_free(add_value_md);
	pcre2_code_free(add_value);
	add_value = NULL;
	add_value_md = NULL;
}
