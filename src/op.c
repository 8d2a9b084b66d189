/* op.c -- the operation table and generic types (DESIGN.md "Revision file"). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "migsql/op.h"
#include "ops_int.h"

const struct field column_fields[] = {
	{ "name", FT_NAME, 1 },
	{ "type", FT_TYPE, 1 },
	{ "nullable", FT_BOOL, 0 },
	{ "primary_key", FT_BOOL, 0 },
	{ "autoincrement", FT_AUTOINCREMENT, 0 },
	{ "identity", FT_IDENTITY, 0 },
	{ "computed", FT_COMPUTED, 0 },
	{ "server_default", FT_DEFAULT, 0 },
	{ "unique", FT_BOOL, 0 },
	{ "comment", FT_STRING, 0 },
	{ "foreign_key", FT_FK_REF, 0 },
	{ "ondelete", FT_FK_ACTION, 0 },
	{ "onupdate", FT_FK_ACTION, 0 },
	{ "deferrable", FT_BOOL, 0 },
	{ "initially", FT_INITIALLY, 0 },
	{ NULL, 0, 0 }
};

/* Every op, by kind: each row lives beside its hooks (ops_int.h). */
static const struct op_def *const op_table[OP_COUNT] = {
	[OP_CREATE_TABLE] = &op_create_table,
	[OP_DROP_TABLE] = &op_drop_table,
	[OP_RENAME_TABLE] = &op_rename_table,
	[OP_ADD_COLUMN] = &op_add_column,
	[OP_DROP_COLUMN] = &op_drop_column,
	[OP_ALTER_COLUMN] = &op_alter_column,
	[OP_CREATE_INDEX] = &op_create_index,
	[OP_DROP_INDEX] = &op_drop_index,
	[OP_CREATE_UNIQUE_CONSTRAINT] = &op_create_unique_constraint,
	[OP_CREATE_CHECK_CONSTRAINT] = &op_create_check_constraint,
	[OP_CREATE_FOREIGN_KEY] = &op_create_foreign_key,
	[OP_CREATE_PRIMARY_KEY] = &op_create_primary_key,
	[OP_DROP_CONSTRAINT] = &op_drop_constraint,
	[OP_CREATE_TABLE_COMMENT] = &op_create_table_comment,
	[OP_DROP_TABLE_COMMENT] = &op_drop_table_comment,
	[OP_CREATE_ENUM] = &op_create_enum,
	[OP_DROP_ENUM] = &op_drop_enum,
	[OP_BULK_INSERT] = &op_bulk_insert,
	[OP_EXECUTE] = &op_execute,
	[OP_VALIDATE_CONSTRAINT] = &op_validate_constraint,
	[OP_ADD_ENUM_VALUE] = &op_add_enum_value,
	[OP_RENAME_ENUM_VALUE] = &op_rename_enum_value,
	[OP_CREATE_EXCLUDE_CONSTRAINT] = &op_create_exclude_constraint,
};

static const char *op_name_list[OP_COUNT + 1];

const struct op_def *
op_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < OP_COUNT; i++)
		if (strcmp(op_table[i]->name, name) == 0)
			return op_table[i];
	return NULL;
}

const struct op_def *
op_def_of(enum op_kind kind)
{
	return op_table[kind];
}

const char *const *
op_names(void)
{
	size_t i;

	if (op_name_list[0] == NULL)
		for (i = 0; i < OP_COUNT; i++)
			op_name_list[i] = op_table[i]->name;
	return op_name_list;
}

struct node *
op_arg(const struct op *op, const char *key)
{
	if (op->args->kind == NODE_SCALAR)
		return op->def->shorthand != NULL &&
		    strcmp(op->def->shorthand, key) == 0 ? op->args : NULL;
	if (op->args->kind != NODE_MAP)
		return NULL;
	return node_get(op->args, key);
}

int
op_autoincrement(const struct node *c)
{
	const struct node *v = c != NULL && c->kind == NODE_MAP ?
	    node_get(c, "autoincrement") : NULL;

	if (v == NULL || v->kind != NODE_SCALAR)
		return 0;
	if (v->type == SCALAR_BOOL)
		return v->boolean ? AUTOINC_IDENTITY : 0;
	if (strcmp(v->text, "serial") == 0)
		return AUTOINC_SERIAL;
	return strcmp(v->text, "identity") == 0 ? AUTOINC_IDENTITY : 0;
}

const char *
map_str(const struct node *map, const char *key)
{
	struct node *v;

	if (map == NULL || map->kind != NODE_MAP)
		return NULL;
	v = node_get(map, key);
	return node_is_str(v) ? v->text : NULL;
}

int
map_bool(const struct node *map, const char *key, int dflt)
{
	struct node *v;

	if (map == NULL || map->kind != NODE_MAP)
		return dflt;
	v = node_get(map, key);
	if (v == NULL || v->kind != NODE_SCALAR || v->type != SCALAR_BOOL)
		return dflt;
	return v->boolean;
}

const char *
op_str(const struct op *op, const char *key)
{
	struct node *v = op_arg(op, key);

	return node_is_str(v) ? v->text : NULL;
}

const struct node *
op_execute_sql(const struct op *op, const char *dialect)
{
	const struct node *x;

	if (op->def->kind != OP_EXECUTE)
		return NULL;
	if (op->args->kind == NODE_SCALAR)
		return op->args;
	x = node_get(op->args, dialect);
	if (x == NULL)
		x = node_get(op->args, "sql");
	return node_is_str(x) ? x : NULL;
}

int
op_non_transactional(const struct op *op)
{
	switch (op->def->kind) {
	case OP_CREATE_INDEX:
	case OP_DROP_INDEX:
		return map_bool(op->args, "concurrently", 0);
	case OP_EXECUTE:
	case OP_ADD_ENUM_VALUE:
		return !map_bool(op->args, "transactional", 1);
	default:
		return 0;
	}
}

const char *const generic_type_names[GT_COUNT + 1] = {
	"integer", "bigint", "smallint", "boolean", "string", "text",
	"numeric", "float", "double", "date", "time", "timestamp",
	"timestamptz", "interval", "binary", "json", "uuid", "enum",
	"jsonb", "inet", "cidr", "macaddr", "citext", "tsvector", "char",
	"array", NULL
};

/* How many numbers each type takes in parentheses: at least, at most. */
static const unsigned char type_params[GT_COUNT][2] = {
	[GT_STRING] = { 0, 1 },
	[GT_NUMERIC] = { 0, 2 },
	[GT_TIMESTAMP] = { 0, 1 },
	[GT_TIMESTAMPTZ] = { 0, 1 },
	[GT_CHAR] = { 1, 1 },
};

/* array(T): T, a generic type that is neither an enum nor an array of
   enums, into out->enum_name. */
static int
parse_array(const char *open, struct type_spec *out, const char **why)
{
	struct type_spec el;
	size_t n = strlen(open + 1);

	if (n < 2 || open[n] != ')') {
		*why = "array types are written array(TYPE)";
		return 0;
	}
	if (n - 1 >= sizeof out->enum_name) {
		*why = "array element type too long";
		return 0;
	}
	memcpy(out->enum_name, open + 1, n - 1);
	out->enum_name[n - 1] = '\0';
	if (!type_parse(out->enum_name, &el, why)) {
		if (strcmp(*why, "unknown type") == 0)
			*why = "its element type is not a generic type";
		return 0;
	}
	if (el.type == GT_ENUM) {
		*why = "an array of an enum is not a generic type: give each "
		    "dialect its own";
		return 0;
	}
	return 1;
}

int
type_parse(const char *text, struct type_spec *out, const char **why)
{
	const char *p = text, *open;
	size_t namelen, i;
	int found = -1;

	memset(out, 0, sizeof *out);
	open = strchr(p, '(');
	namelen = open ? (size_t)(open - p) : strlen(p);
	for (i = 0; i < GT_COUNT; i++)
		if (strlen(generic_type_names[i]) == namelen &&
		    memcmp(generic_type_names[i], p, namelen) == 0)
			found = (int)i;
	if (namelen == 7 && memcmp(p, "varchar", 7) == 0)
		found = GT_STRING;	/* SQLAlchemy's VARCHAR, Alembic's habit */
	if (found < 0) {
		*why = "unknown type";
		return 0;
	}
	out->type = (enum generic_type)found;
	if (out->type == GT_ENUM) {
		size_t n;

		if (open == NULL || (n = strlen(open + 1)) < 2 ||
		    open[n] != ')') {
			*why = "enum types are written enum(NAME)";
			return 0;
		}
		if (n - 1 >= sizeof out->enum_name) {
			*why = "enum name too long";
			return 0;
		}
		memcpy(out->enum_name, open + 1, n - 1);
		out->enum_name[n - 1] = '\0';
		return 1;
	}
	if (out->type == GT_ARRAY && open == NULL) {
		*why = "array types are written array(TYPE)";
		return 0;
	}
	if (out->type == GT_ARRAY)
		return parse_array(open, out, why);
	if (open == NULL) {
		if (type_params[out->type][0] > 0) {
			*why = "this type needs parameters";
			return 0;
		}
		return 1;
	}
	p = open + 1;
	for (;;) {
		char *end;
		unsigned long v;

		while (*p == ' ')
			p++;
		if (!isdigit((unsigned char)*p)) {
			*why = "type parameters are whole numbers";
			return 0;
		}
		errno = 0;
		v = strtoul(p, &end, 10);
		if (errno != 0 || v > 100000) {
			*why = "type parameter out of range";
			return 0;
		}
		if (out->nparams == 2) {
			*why = "too many type parameters";
			return 0;
		}
		out->params[out->nparams++] = v;
		p = end;
		while (*p == ' ')
			p++;
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == ')' && p[1] == '\0')
			break;
		*why = "malformed type parameters";
		return 0;
	}
	if (out->nparams > type_params[out->type][1]) {
		*why = type_params[out->type][1] == 0 ?
		    "this type takes no parameters" : "too many type parameters";
		return 0;
	}
	if ((out->type == GT_TIMESTAMP || out->type == GT_TIMESTAMPTZ) &&
	    out->params[0] > 6) {
		*why = "a timestamp's precision is 0 to 6 (fractional digits)";
		return 0;
	}
	if (out->type == GT_CHAR && out->params[0] == 0) {
		*why = "char(N) needs a length of 1 or more";
		return 0;
	}
	return 1;
}

/* The keys from "jsonb" on are optional (type_map_optional()). */
#define FIRST_OPTIONAL_KEY 21
static const char *const map_keys[] = {
	"integer", "bigint", "smallint", "boolean", "string", "string(length)",
	"text", "numeric", "numeric(precision)", "numeric(precision,scale)",
	"float", "double", "date", "time", "timestamp", "timestamptz",
	"interval", "binary", "json", "uuid", "enum",
	"jsonb", "inet", "cidr", "macaddr", "citext", "tsvector",
	"char(length)", "timestamp(precision)", "timestamptz(precision)",
	"array", NULL
};

const char *
type_map_key(const struct type_spec *t)
{
	switch (t->type) {
	case GT_STRING:
		return t->nparams ? "string(length)" : "string";
	case GT_NUMERIC:
		return t->nparams == 2 ? "numeric(precision,scale)" :
		    t->nparams == 1 ? "numeric(precision)" : "numeric";
	case GT_TIMESTAMP:
		return t->nparams ? "timestamp(precision)" : "timestamp";
	case GT_TIMESTAMPTZ:
		return t->nparams ? "timestamptz(precision)" : "timestamptz";
	case GT_CHAR:
		return "char(length)";
	default:
		return generic_type_names[t->type];
	}
}

const char *const *
type_map_keys(void)
{
	return map_keys;
}

int
type_map_optional(size_t i)
{
	return i >= FIRST_OPTIONAL_KEY;
}

const char *
fk_action_canonical(const char *text)
{
	static const char *const actions[] = {
		"CASCADE", "SET NULL", "SET DEFAULT", "RESTRICT", "NO ACTION",
		NULL
	};
	size_t i;

	for (i = 0; actions[i] != NULL; i++)
		if (strcasecmp(actions[i], text) == 0)
			return actions[i];
	return NULL;
}

/* The operator name of n bytes at s checked as pg_operator_problem()
   says (PostgreSQL 15 docs, 4.1.3): a static reason, or NULL. */
static const char *
operator_name_problem(const char *s, size_t n)
{
	static const char chars[] = "+-*/<>=~!@#%^&|`?";
	size_t i;
	int special = 0;

	if (n == 0)
		return "it is empty";
	if (n > 63)
		return "it is longer than 63 characters (PostgreSQL's limit)";
	for (i = 0; i < n; i++) {
		if (s[i] == '\0' || strchr(chars, s[i]) == NULL)
			return "an operator is made of the characters "
			    "+ - * / < > = ~ ! @ # % ^ & | ` ? alone";
		if (i > 0 && ((s[i - 1] == '-' && s[i] == '-') ||
		    (s[i - 1] == '/' && s[i] == '*')))
			return "-- and /* start comments, so no operator holds "
			    "them";
		special |= strchr("~!@#%^&|`?", s[i]) != NULL;
	}
	if (n > 1 && (s[n - 1] == '+' || s[n - 1] == '-') && !special)
		return "an operator of several characters ends in + or - only "
		    "when it also holds one of ~ ! @ # % ^ & | ` ? (PostgreSQL "
		    "would read the last character as another operator)";
	return NULL;
}

const char *
pg_operator_problem(const char *text)
{
	size_t n = strlen(text), i;
	const char *op = text;

	if (n > 9 && strncasecmp(text, "operator(", 9) == 0 &&
	    text[n - 1] == ')') {
		/* OPERATOR(op) or OPERATOR(schema.op), the schema a plain
		   lower-case name. */
		const char *in = text + 9, *dot;
		size_t len = n - 10;

		op = in;
		dot = memchr(in, '.', len);
		if (dot != NULL) {
			if (dot == in || (size_t)(dot - in) > 63 ||
			    !(islower((unsigned char)*in) || *in == '_'))
				return "in OPERATOR(schema.op) the schema must "
				    "be a plain lower-case name";
			for (i = 1; in + i < dot; i++)
				if (!islower((unsigned char)in[i]) &&
				    !isdigit((unsigned char)in[i]) &&
				    in[i] != '_')
					return "in OPERATOR(schema.op) the "
					    "schema must be a plain lower-case "
					    "name";
			op = dot + 1;
		}
		return operator_name_problem(op, (size_t)(text + n - 1 - op));
	}
	return operator_name_problem(text, n);
}

int
duration_ms(const struct node *v, unsigned long *ms)
{
	static const struct { const char *unit; unsigned long mul; } units[] = {
		{ "ms", 1 }, { "s", 1000 }, { "min", 60000 }
	};
	const char *p;
	char *end;
	unsigned long n;
	size_t i;

	if (v == NULL || v->kind != NODE_SCALAR ||
	    (v->type != SCALAR_INT && v->type != SCALAR_STR))
		return 0;
	p = v->text;
	if (!isdigit((unsigned char)*p))
		return 0;
	errno = 0;
	n = strtoul(p, &end, 10);
	if (errno != 0 || n > 86400000UL)
		return 0;
	/* No space before the unit (migsql(1), "--lock-timeout"). */
	if (*end == '\0') {
		*ms = n;
		return 1;	/* plain milliseconds */
	}
	for (i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcmp(end, units[i].unit) == 0 &&
		    n <= 86400000UL / units[i].mul) {
			*ms = n * units[i].mul;
			return 1;
		}
	return 0;
}

int
op_for_dialect(const struct op *op, const char *dialect)
{
	const struct node *v;
	size_t i;

	if (dialect == NULL || op->args == NULL ||
	    op->args->kind != NODE_MAP ||
	    (v = node_get(op->args, "dialects")) == NULL || v->kind != NODE_SEQ)
		return 1;
	for (i = 0; i < v->n; i++)
		if (node_is_str(v->items[i]) &&
		    strcmp(v->items[i]->text, dialect) == 0)
			return 1;
	return 0;
}
