/*
 * ddl.c -- what a raw DDL statement does to the schema model (ddl.h).
 */
#include "config.h"

#include <stdlib.h>

#include "migsql/ddl.h"

struct ddl_effect *
ddl_effect_new(enum ddl_kind k, size_t off)
{
	struct ddl_effect *e = xcalloc(1, sizeof *e);

	e->kind = k;
	e->off = off;
	e->nullable = -1;
	return e;
}

/* Frees v's n strings and v; nothing for a NULL v. */
static void
strv_free(char **v, size_t n)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
ddl_effects_free(struct ptrvec *v)
{
	size_t i, k;

	for (i = 0; i < v->len; i++) {
		struct ddl_effect *e = v->items[i];

		for (k = 0; k < e->ncols; k++) {
			free(e->cols[k].name);
			free(e->cols[k].type);
			free(e->cols[k].ref_table);
			free(e->cols[k].ref_column);
		}
		free(e->cols);
		free(e->table);
		free(e->schema);
		free(e->name);
		free(e->new_name);
		strv_free(e->names, e->nnames);
		strv_free(e->name_parts, e->nnames);
		free(e->ref_table);
		strv_free(e->ref_names, e->nref);
		free(e->type);
		free(e->neighbor);
		free(e);
	}
	ptrvec_free(v);
}

const char *
ddl_kind_name(enum ddl_kind k)
{
	static const char *const names[] = {
		[DDL_CREATE_TABLE] = "CREATE TABLE",
		[DDL_DROP_TABLE] = "DROP TABLE",
		[DDL_RENAME_TABLE] = "ALTER TABLE ... RENAME TO",
		[DDL_ADD_COLUMN] = "ALTER TABLE ... ADD COLUMN",
		[DDL_DROP_COLUMN] = "ALTER TABLE ... DROP COLUMN",
		[DDL_RENAME_COLUMN] = "ALTER TABLE ... RENAME COLUMN",
		[DDL_ALTER_COLUMN] = "ALTER TABLE ... ALTER COLUMN",
		[DDL_ADD_CONSTRAINT] = "ALTER TABLE ... ADD CONSTRAINT",
		[DDL_DROP_CONSTRAINT] = "ALTER TABLE ... DROP CONSTRAINT",
		[DDL_RENAME_CONSTRAINT] = "ALTER TABLE ... RENAME CONSTRAINT",
		[DDL_CREATE_INDEX] = "CREATE INDEX",
		[DDL_DROP_INDEX] = "DROP INDEX",
		[DDL_RENAME_INDEX] = "ALTER INDEX ... RENAME TO",
		[DDL_CREATE_ENUM] = "CREATE TYPE ... AS ENUM",
		[DDL_DROP_TYPE] = "DROP TYPE",
		[DDL_ENUM_ADD_VALUE] = "ALTER TYPE ... ADD VALUE",
		[DDL_ENUM_RENAME_VALUE] = "ALTER TYPE ... RENAME VALUE",
		[DDL_OPAQUE] = "a statement migsql cannot see through",
		[DDL_UNTRACKED] = "DDL the model does not follow",
		[DDL_INSERT] = "INSERT",
		[DDL_UPDATE] = "UPDATE",
		[DDL_DELETE] = "DELETE",
	};

	return (size_t)k < sizeof names / sizeof names[0] ? names[k] : "DDL";
}
