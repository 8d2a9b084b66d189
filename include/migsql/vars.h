/*
 * vars.h -- variables: ${name} in execute SQL and in table and schema
 * names (DESIGN.md "Project file", "Details settled so far").  Defaults
 * come from migsql.yaml's 'variables'; --var NAME=VALUE overrides.  "$${"
 * stands for a literal "${".  A value in a name becomes part of that name,
 * which the dialect then quotes like any other; a value in execute SQL is
 * inserted as written.
 */
#ifndef MIGSQL_VARS_H
#define MIGSQL_VARS_H

#include <stddef.h>

#include "migsql/diag.h"

struct vars {
	char		**names;	/* owned, in the order first defined;
					   NULL-terminated */
	char		**values;	/* owned */
	const char	**origins;	/* static: "migsql.yaml" or "--var" */
	size_t		  n;
};

void vars_init(struct vars *v);
void vars_free(struct vars *v);

/*
 * Sets name to value (copies both), replacing an earlier value; origin is
 * a static string naming where it came from.
 */
void vars_set(struct vars *v, const char *name, const char *value,
    const char *origin);

/* 1 when name is a variable name: [A-Za-z_][A-Za-z0-9_]*. */
int vars_name_valid(const char *name);

/*
 * Expands text: returns a malloc'd copy with every ${name} replaced and
 * every $${ turned into ${, or NULL when text has neither (nothing to
 * change) or after errors.  An undefined variable or an unclosed ${ is an
 * error at loc (EXIT_INPUT), with a suggestion where one fits; *ok is set
 * to 0 then, else to 1.  When used is not NULL (an array of v->n
 * flags), sets used[i] for each variable i the text uses.  v is only
 * read, so threads may expand with one v.
 */
char *vars_expand(const struct vars *v, const char *text,
    const struct loc *loc, struct diags *d, unsigned char *used, int *ok);

#endif /* MIGSQL_VARS_H */
