/* vars.c -- ${name} variables (see vars.h). */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/util.h"
#include "migsql/vars.h"

void
vars_init(struct vars *v)
{
	memset(v, 0, sizeof *v);
}

void
vars_free(struct vars *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free(v->names[i]);
		free(v->values[i]);
	}
	free(v->names);
	free(v->values);
	free(v->origins);
	memset(v, 0, sizeof *v);
}

void
vars_set(struct vars *v, const char *name, const char *value,
    const char *origin)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->names[i], name) == 0) {
			free(v->values[i]);
			v->values[i] = xstrdup(value);
			v->origins[i] = origin;
			return;
		}
	v->names = xrealloc(v->names, (v->n + 2) * sizeof *v->names);
	v->values = xrealloc(v->values, (v->n + 1) * sizeof *v->values);
	v->origins = xrealloc(v->origins, (v->n + 1) * sizeof *v->origins);
	v->names[v->n] = xstrdup(name);
	v->values[v->n] = xstrdup(value);
	v->origins[v->n] = origin;
	v->n++;
	v->names[v->n] = NULL;	/* for suggest() */
}

int
vars_name_valid(const char *name)
{
	const char *p = name;

	if (!(isalpha((unsigned char)*p) || *p == '_'))
		return 0;
	for (p++; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return 0;
	return 1;
}

char *
vars_expand(const struct vars *v, const char *text, const struct loc *loc,
    struct diags *d, unsigned char *used, int *ok)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = text, *start, *end;
	int changed = 0;
	size_t i;

	*ok = 1;
	if (strchr(text, '$') == NULL)
		return NULL;
	while (*p != '\0') {
		if (p[0] == '$' && p[1] == '$' && p[2] == '{') {
			strbuf_adds(&sb, "${");
			p += 3;
			changed = 1;
			continue;
		}
		if (p[0] != '$' || p[1] != '{') {
			strbuf_addc(&sb, *p++);
			continue;
		}
		start = p + 2;
		end = strchr(start, '}');
		if (end == NULL) {
			diag_error(d, EXIT_INPUT, loc, "'${' without a closing "
			    "'}' (write $${ for a literal ${)");
			*ok = 0;
			break;
		}
		{
			char *name = xstrndup(start, (size_t)(end - start));

			for (i = 0; i < v->n; i++)
				if (strcmp(v->names[i], name) == 0)
					break;
			if (i < v->n) {
				strbuf_adds(&sb, v->values[i]);
				if (used != NULL)
					used[i] = 1;
			} else if (!vars_name_valid(name)) {
				diag_error(d, EXIT_INPUT, loc, "'${%s}': '%s' is "
				    "not a variable name (letters, digits and _, "
				    "not starting with a digit; write $${ for a "
				    "literal ${)", name, name);
				*ok = 0;
			} else {
				const char *s = v->n ? suggest(name,
				    (const char *const *)v->names) : NULL;

				diag_error(d, EXIT_INPUT, loc, "undefined "
				    "variable '%s'%s%s%s: define it under "
				    "'variables' in migsql.yaml or pass --var "
				    "%s=VALUE", name, s ? " (did you mean '" :
				    "", s ? s : "", s ? "'?)" : "", name);
				*ok = 0;
			}
			free(name);
		}
		p = end + 1;
		changed = 1;
	}
	if (!*ok || !changed) {
		strbuf_free(&sb);
		return NULL;
	}
	if (sb.buf == NULL)
		strbuf_addn(&sb, "", 0);
	return strbuf_detach(&sb);
}
