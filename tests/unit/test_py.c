/*
 * test_py.c -- unit tests of py.h: the tokenizer and parser of Python 3
 * for Alembic revision files.
 *
 * Trees are compared in a compact text form (dump_body() below): calls
 * as written, operators parenthesised, tuples as (tuple ...), what the
 * tree does not model as <what>, one statement a line, blocks indented
 * by two spaces.  Errors are compared as "line:col: message".
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/py.h"
#include "migsql/util.h"

/*
 * A compact text form of a tree, to compare with what a test expects.
 */
static void dump_expr(struct strbuf *sb, const struct py_expr *e);

static void
dump_str(struct strbuf *sb, const char *s, size_t len)
{
	size_t i;

	strbuf_addc(sb, '\'');
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\n')
			strbuf_adds(sb, "\\n");
		else if (ch == '\\' || ch == '\'')
			strbuf_addf(sb, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			strbuf_addf(sb, "\\x%02x", ch);
		else
			strbuf_addc(sb, (char)ch);
	}
	strbuf_addc(sb, '\'');
}

static void
dump_list(struct strbuf *sb, struct py_expr **v, size_t n, const char *sep)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			strbuf_adds(sb, sep);
		dump_expr(sb, v[i]);
	}
}

static const char *
op_name(int op)
{
	switch (op) {
	case PY_OP_FLOORDIV: return "//";
	case PY_OP_POW: return "**";
	case PY_OP_LSHIFT: return "<<";
	case PY_OP_RSHIFT: return ">>";
	case '+': return "+";
	case '-': return "-";
	case '*': return "*";
	case '/': return "/";
	case '%': return "%";
	case '@': return "@";
	case '&': return "&";
	case '|': return "|";
	case '^': return "^";
	case '~': return "~";
	case 'n': return "not ";
	}
	return "?";
}

static const char *const cmp_names[] = { "?", "==", "!=", "<", "<=", ">",
    ">=", "in", "not in", "is", "is not" };

static void
dump_call(struct strbuf *sb, const struct py_expr *e)
{
	size_t i;

	dump_expr(sb, e->a);
	strbuf_addc(sb, '(');
	dump_list(sb, e->items, e->n, ", ");
	for (i = 0; i < e->nkw; i++) {
		if (i > 0 || e->n > 0)
			strbuf_adds(sb, ", ");
		if (e->kwnames[i] != NULL)
			strbuf_addf(sb, "%s=", e->kwnames[i]);
		else
			strbuf_adds(sb, "**");
		dump_expr(sb, e->kwargs[i]);
	}
	strbuf_addc(sb, ')');
}

static void
dump_expr(struct strbuf *sb, const struct py_expr *e)
{
	size_t i;

	if (e == NULL) {
		strbuf_adds(sb, "NULL");
		return;
	}
	switch (e->kind) {
	case PYE_NONE: strbuf_adds(sb, "None"); break;
	case PYE_BOOL: strbuf_adds(sb, e->ival ? "True" : "False"); break;
	case PYE_INT:
		strbuf_addf(sb, "%s%s", e->s, e->ival_overflow ? "!" : "");
		break;
	case PYE_FLOAT: strbuf_addf(sb, "float:%s", e->s); break;
	case PYE_IMAG: strbuf_addf(sb, "imag:%s", e->s); break;
	case PYE_STR: dump_str(sb, e->s, e->len); break;
	case PYE_BYTES:
		strbuf_addc(sb, 'b');
		dump_str(sb, e->s, e->len);
		break;
	case PYE_FSTRING:
		strbuf_adds(sb, "f(");
		dump_list(sb, e->items, e->n, " ");
		strbuf_addc(sb, ')');
		break;
	case PYE_FORMATTED:
		strbuf_addc(sb, '{');
		dump_expr(sb, e->a);
		if (e->op)
			strbuf_addf(sb, "!%c", e->op);
		if (e->b) {
			strbuf_addc(sb, ':');
			dump_expr(sb, e->b);
		}
		strbuf_addc(sb, '}');
		break;
	case PYE_ELLIPSIS: strbuf_adds(sb, "..."); break;
	case PYE_NAME: strbuf_adds(sb, e->s); break;
	case PYE_ATTR:
		dump_expr(sb, e->a);
		strbuf_addf(sb, ".%s", e->s);
		break;
	case PYE_CALL: dump_call(sb, e); break;
	case PYE_SUBSCRIPT:
		dump_expr(sb, e->a);
		strbuf_addc(sb, '[');
		dump_expr(sb, e->b);
		strbuf_addc(sb, ']');
		break;
	case PYE_LIST:
		strbuf_addc(sb, '[');
		dump_list(sb, e->items, e->n, ", ");
		strbuf_addc(sb, ']');
		break;
	case PYE_TUPLE:
		strbuf_adds(sb, "(tuple ");
		dump_list(sb, e->items, e->n, " ");
		strbuf_addc(sb, ')');
		break;
	case PYE_SET:
		strbuf_adds(sb, "{set ");
		dump_list(sb, e->items, e->n, " ");
		strbuf_addc(sb, '}');
		break;
	case PYE_DICT:
		strbuf_addc(sb, '{');
		for (i = 0; i + 1 < e->n; i += 2) {
			if (i > 0)
				strbuf_adds(sb, ", ");
			dump_expr(sb, e->items[i]);
			strbuf_adds(sb, ": ");
			dump_expr(sb, e->items[i + 1]);
		}
		strbuf_addc(sb, '}');
		break;
	case PYE_UNARY:
		strbuf_addf(sb, "(%s", op_name(e->op));
		dump_expr(sb, e->a);
		strbuf_addc(sb, ')');
		break;
	case PYE_BINOP:
		strbuf_addc(sb, '(');
		dump_expr(sb, e->a);
		strbuf_addf(sb, " %s ", op_name(e->op));
		dump_expr(sb, e->b);
		strbuf_addc(sb, ')');
		break;
	case PYE_COMPARE:
		strbuf_addc(sb, '(');
		dump_expr(sb, e->items[0]);
		for (i = 1; i < e->n; i++) {
			strbuf_addf(sb, " %s ", cmp_names[e->cmps[i - 1]]);
			dump_expr(sb, e->items[i]);
		}
		strbuf_addc(sb, ')');
		break;
	case PYE_BOOLOP:
		strbuf_addc(sb, '(');
		dump_list(sb, e->items, e->n, e->op == 'a' ? " and " : " or ");
		strbuf_addc(sb, ')');
		break;
	case PYE_IFEXP:
		strbuf_addc(sb, '(');
		dump_expr(sb, e->a);
		strbuf_adds(sb, " if ");
		dump_expr(sb, e->b);
		strbuf_adds(sb, " else ");
		dump_expr(sb, e->c);
		strbuf_addc(sb, ')');
		break;
	case PYE_OTHER:
		strbuf_addf(sb, "<%s>", e->s);
		break;
	}
}

static void dump_body(struct strbuf *sb, struct py_stmt **v, size_t n,
    int ind);

static void
dump_def(struct strbuf *sb, const struct py_stmt *st, int ind)
{
	const struct py_param *pa;
	size_t i;

	strbuf_addf(sb, "%sdef %s(", st->async_ ? "async " : "", st->name);
	for (i = 0; i < st->nparams; i++) {
		pa = &st->params[i];
		strbuf_addf(sb, "%s%s%s%s%s", i > 0 ? ", " : "",
		    pa->posonly ? "/" : pa->kwonly ? "kw:" : "",
		    pa->star == 1 ? "*" : pa->star == 2 ? "**" : "", pa->name,
		    pa->annotation ? ": " : "");
		if (pa->annotation)
			dump_expr(sb, pa->annotation);
		if (pa->default_) {
			strbuf_addc(sb, '=');
			dump_expr(sb, pa->default_);
		}
	}
	strbuf_addc(sb, ')');
	if (st->b) {
		strbuf_adds(sb, " -> ");
		dump_expr(sb, st->b);
	}
	strbuf_adds(sb, ":\n");
	dump_body(sb, st->body, st->nbody, ind + 1);
}

static void
dump_stmt(struct strbuf *sb, const struct py_stmt *st, int ind)
{
	size_t i;

	for (i = 0; st->kind == PYS_DEF && i < st->nitems; i++) {
		strbuf_addf(sb, "%*s@", ind * 2, "");
		dump_expr(sb, st->items[i]);
		strbuf_addc(sb, '\n');
	}
	strbuf_addf(sb, "%*s", ind * 2, "");
	switch (st->kind) {
	case PYS_EXPR:
		dump_expr(sb, st->a);
		break;
	case PYS_ASSIGN:
		for (i = 0; i < st->ntargets; i++) {
			dump_expr(sb, st->targets[i]);
			if (st->b) {
				strbuf_adds(sb, ": ");
				dump_expr(sb, st->b);
			}
			if (st->a)
				strbuf_adds(sb, " = ");
		}
		if (st->a)
			dump_expr(sb, st->a);
		break;
	case PYS_AUGASSIGN:
		dump_expr(sb, st->targets[0]);
		strbuf_addf(sb, " %s= ", op_name(st->op));
		dump_expr(sb, st->a);
		break;
	case PYS_IMPORT:
	case PYS_FROM:
		if (st->kind == PYS_FROM)
			strbuf_addf(sb, "from %.*s%s ", st->level,
			    "......................................",
			    st->module);
		strbuf_adds(sb, "import");
		for (i = 0; i < st->nnames; i++) {
			strbuf_addf(sb, "%s %s", i > 0 ? "," : "", st->names[i]);
			if (st->asnames[i])
				strbuf_addf(sb, " as %s", st->asnames[i]);
		}
		break;
	case PYS_DEF:
		dump_def(sb, st, ind);
		return;
	case PYS_WITH:
		strbuf_addf(sb, "%swith", st->async_ ? "async " : "");
		for (i = 0; i < st->nitems; i++) {
			strbuf_adds(sb, i > 0 ? ", " : " ");
			dump_expr(sb, st->items[i]);
			if (st->targets[i]) {
				strbuf_adds(sb, " as ");
				dump_expr(sb, st->targets[i]);
			}
		}
		strbuf_adds(sb, ":\n");
		dump_body(sb, st->body, st->nbody, ind + 1);
		return;
	case PYS_IF:
	case PYS_FOR:
		if (st->kind == PYS_IF)
			strbuf_adds(sb, "if ");
		else {
			strbuf_addf(sb, "%sfor ", st->async_ ? "async " : "");
			dump_expr(sb, st->targets[0]);
			strbuf_adds(sb, " in ");
		}
		dump_expr(sb, st->a);
		strbuf_adds(sb, ":\n");
		dump_body(sb, st->body, st->nbody, ind + 1);
		if (st->norelse > 0) {
			strbuf_addf(sb, "%*selse:\n", ind * 2, "");
			dump_body(sb, st->orelse, st->norelse, ind + 1);
		}
		return;
	case PYS_PASS:
		strbuf_adds(sb, "pass");
		break;
	case PYS_RAISE:
	case PYS_RETURN:
		strbuf_adds(sb, st->kind == PYS_RAISE ? "raise" : "return");
		if (st->a) {
			strbuf_addc(sb, ' ');
			dump_expr(sb, st->a);
		}
		if (st->b) {
			strbuf_adds(sb, " from ");
			dump_expr(sb, st->b);
		}
		break;
	case PYS_OTHER:
		strbuf_addf(sb, "<%s>", st->what);
		break;
	}
	strbuf_addc(sb, '\n');
}

static void
dump_body(struct strbuf *sb, struct py_stmt **v, size_t n, int ind)
{
	size_t i;

	for (i = 0; i < n; i++)
		dump_stmt(sb, v[i], ind);
}

/* Parses src, which must be valid; the caller frees the module. */
static struct py_module *
parse_ok(const char *src)
{
	struct py_module *m;
	struct diags d;

	diags_init(&d);
	m = py_parse("t.py", src, strlen(src), &d);
	cr_assert_not_null(m, "refused: %s:%u:%u: %s\n--- source:\n%s",
	    d.len ? d.items[0].loc.file : "", d.len ? d.items[0].loc.line : 0,
	    d.len ? d.items[0].loc.col : 0, d.len ? d.items[0].message : "",
	    src);
	cr_assert_eq(d.len, 0);
	diags_free(&d);
	return m;
}

/* The tree of src (valid) as text; malloc'd. */
static char *
dump(const char *src)
{
	struct py_module *m = parse_ok(src);
	struct strbuf sb;

	strbuf_init(&sb);
	dump_body(&sb, m->body, m->nbody, 0);
	py_module_free(m);
	return strbuf_detach(&sb);
}

/* The one error of src (n bytes) as "line:col: message"; malloc'd. */
static char *
error_n(const char *src, size_t n)
{
	struct py_module *m;
	struct diags d;
	char *s;

	diags_init(&d);
	m = py_parse("t.py", src, n, &d);
	cr_assert_null(m, "accepted: %s", src);
	cr_assert_eq(d.len, 1);
	cr_assert_eq(d.errors, 1);
	cr_assert_eq(d.exit_code, EXIT_INPUT);
	cr_assert_str_eq(d.items[0].loc.file, "t.py");
	s = xasprintf("%u:%u: %s", d.items[0].loc.line, d.items[0].loc.col,
	    d.items[0].message);
	diags_free(&d);
	return s;
}

#define CHECK_TREE(src, want) do {					\
	char *got_ = dump(src);						\
	cr_expect_str_eq(got_, want, "source:\n%s", src);		\
	free(got_);							\
} while (0)

#define CHECK_ERROR(src, want) do {					\
	char *got_ = error_n(src, strlen(src));				\
	cr_expect_str_eq(got_, want, "source:\n%s", src);		\
	free(got_);							\
} while (0)

/*
 * A whole revision file as Alembic writes it
 */

static const char revision_file[] =
	"\"\"\"add users\n"
	"\n"
	"Revision ID: 1a2b3c4d5e6f\n"
	"Revises: 0f1e2d3c4b5a\n"
	"Create Date: 2023-01-01 12:00:00.000000\n"
	"\n"
	"\"\"\"\n"
	"from typing import Sequence, Union\n"
	"\n"
	"from alembic import op\n"
	"import sqlalchemy as sa\n"
	"from sqlalchemy.dialects import postgresql\n"
	"\n"
	"# revision identifiers, used by Alembic.\n"
	"revision: str = '1a2b3c4d5e6f'\n"
	"down_revision: Union[str, None] = '0f1e2d3c4b5a'\n"
	"branch_labels = None\n"
	"depends_on = None\n"
	"\n"
	"TABLE = \"users\"\n"
	"\n"
	"def upgrade() -> None:\n"
	"    # ### commands auto generated by Alembic - please adjust! ###\n"
	"    op.create_table('users',\n"
	"    sa.Column('id', sa.Integer(), nullable=False),\n"
	"    sa.Column('email', sa.String(length=255), nullable=False),\n"
	"    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=True),\n"
	"    sa.PrimaryKeyConstraint('id'),\n"
	"    sa.UniqueConstraint('email')\n"
	"    )\n"
	"    op.create_index(op.f('ix_users_email'), 'users', ['email'], unique=False)\n"
	"    with op.batch_alter_table(\"users\", schema=None) as batch_op:\n"
	"        batch_op.add_column(sa.Column('x', sa.Integer(), nullable=True))\n"
	"    if op.get_context().dialect.name == \"postgresql\":\n"
	"        op.execute(f\"ALTER TABLE {TABLE} SET (fillfactor = 70)\")\n"
	"    for name in [\"a\", \"b\"]:\n"
	"        op.drop_column(TABLE, name)\n"
	"    # ### end Alembic commands ###\n"
	"\n"
	"\n"
	"def downgrade() -> None:\n"
	"    raise NotImplementedError(\"irreversible\")\n";

Test(py, revision_file)
{
	CHECK_TREE(revision_file,
	    "'add users\\n\\nRevision ID: 1a2b3c4d5e6f\\nRevises: 0f1e2d3c4b5a\\nCreate Date: 2023-01-01 12:00:00.000000\\n\\n'\n"
	    "from typing import Sequence, Union\n"
	    "from alembic import op\n"
	    "import sqlalchemy as sa\n"
	    "from sqlalchemy.dialects import postgresql\n"
	    "revision: str = '1a2b3c4d5e6f'\n"
	    "down_revision: Union[(tuple str None)] = '0f1e2d3c4b5a'\n"
	    "branch_labels = None\n"
	    "depends_on = None\n"
	    "TABLE = 'users'\n"
	    "def upgrade() -> None:\n"
	    "  op.create_table('users', sa.Column('id', sa.Integer(), nullable=False), sa.Column('email', sa.String(length=255), nullable=False), sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=True), sa.PrimaryKeyConstraint('id'), sa.UniqueConstraint('email'))\n"
	    "  op.create_index(op.f('ix_users_email'), 'users', ['email'], unique=False)\n"
	    "  with op.batch_alter_table('users', schema=None) as batch_op:\n"
	    "    batch_op.add_column(sa.Column('x', sa.Integer(), nullable=True))\n"
	    "  if (op.get_context().dialect.name == 'postgresql'):\n"
	    "    op.execute(f('ALTER TABLE ' {TABLE} ' SET (fillfactor = 70)'))\n"
	    "  for name in ['a', 'b']:\n"
	    "    op.drop_column(TABLE, name)\n"
	    "def downgrade() -> None:\n"
	    "  raise NotImplementedError('irreversible')\n");
}

Test(py, revision_file_details)
{
	struct py_module *m = parse_ok(revision_file);
	const struct py_stmt *up, *call;
	const struct py_expr *e;
	char *s;

	cr_assert_str_eq(m->docstring, "add users\n\nRevision ID: "
	    "1a2b3c4d5e6f\nRevises: 0f1e2d3c4b5a\nCreate Date: 2023-01-01 "
	    "12:00:00.000000\n\n");
	cr_assert_eq(m->nbody, 12);
	cr_assert_eq(m->body[0]->kind, PYS_EXPR);
	/* from alembic import op: 10:1, the name at 10:20 */
	cr_assert_eq(m->body[2]->kind, PYS_FROM);
	cr_assert_str_eq(m->body[2]->module, "alembic");
	cr_assert_eq(m->body[2]->level, 0);
	cr_assert_eq(m->body[2]->loc.line, 10);
	cr_assert_eq(m->body[2]->loc.col, 1);
	cr_assert_eq(m->body[2]->name_locs[0].line, 10);
	cr_assert_eq(m->body[2]->name_locs[0].col, 21);
	up = m->body[10];
	cr_assert_eq(up->kind, PYS_DEF);
	cr_assert_str_eq(up->name, "upgrade");
	cr_assert_eq(up->loc.line, 22);
	cr_assert_eq(up->nbody, 5);
	call = up->body[0];
	cr_assert_eq(call->loc.line, 24);
	cr_assert_eq(call->loc.col, 5);
	e = call->a;
	cr_assert_eq(e->kind, PYE_CALL);
	s = py_dotted(e->a);
	cr_assert_str_eq(s, "op.create_table");
	free(s);
	cr_assert_eq(e->n, 6);
	cr_assert_eq(e->nkw, 0);
	/* sa.Column('created_at', ..., server_default=sa.text('now()'), ...) */
	e = e->items[3];
	cr_assert_eq(e->loc.line, 27);
	cr_assert_eq(e->loc.col, 5);
	cr_assert_eq(e->nkw, 2);
	cr_assert_str_eq(e->kwnames[0], "server_default");
	cr_assert_eq(e->kwargs[0]->loc.line, 27);
	cr_assert_eq(e->kwargs[0]->loc.col, 72);
	cr_assert_str_eq(e->items[0]->s, "created_at");
	/* the with */
	cr_assert_eq(up->body[2]->kind, PYS_WITH);
	cr_assert_eq(up->body[2]->nitems, 1);
	cr_assert_str_eq(up->body[2]->targets[0]->s, "batch_op");
	cr_assert_eq(up->body[2]->body[0]->loc.line, 33);
	cr_assert_eq(up->body[2]->body[0]->loc.col, 9);
	py_module_free(m);
}

/*
 * Lexical analysis (chapter 2)
 */

Test(py, empty_and_blank_files)
{
	struct py_module *m;

	m = parse_ok("");
	cr_assert_eq(m->nbody, 0);
	cr_assert_null(m->docstring);
	py_module_free(m);
	m = parse_ok("\n\n  # only a comment\n\t\n");
	cr_assert_eq(m->nbody, 0);
	py_module_free(m);
	CHECK_TREE("x = 1", "x = 1\n");	/* no final newline */
	CHECK_TREE("if x:\n  y", "if x:\n  y\n");
}

Test(py, line_ends_bom_and_locations)
{
	struct py_module *m;

	/* CR LF and lone CR end lines; a BOM is not a column. */
	m = parse_ok("\xef\xbb\xbfx = 1\r\ny = 2\rz = 'é' + w\r\n");
	cr_assert_eq(m->nbody, 3);
	cr_assert_eq(m->body[0]->loc.line, 1);
	cr_assert_eq(m->body[0]->loc.col, 1);
	cr_assert_eq(m->body[1]->loc.line, 2);
	cr_assert_eq(m->body[2]->loc.line, 3);
	/* columns count characters: 'é' is one */
	cr_assert_eq(m->body[2]->a->b->loc.col, 11);
	cr_assert_eq(m->body[2]->a->b->kind, PYE_NAME);
	py_module_free(m);
}

Test(py, comments_continuations_and_joining)
{
	CHECK_TREE("x = 1 + \\\n    2  # comment\n", "x = (1 + 2)\n");
	CHECK_TREE("x = [1,\n# comment\n      2,\n\n   3]\n",
	    "x = [1, 2, 3]\n");
	CHECK_TREE("f(a,\n  b=(1\n+ 2))\n", "f(a, b=(1 + 2))\n");
	/* a continuation that leaves its logical line blank */
	CHECK_TREE("\\\n\nx = 1\n\\\n\ny\n", "x = 1\ny\n");
	CHECK_TREE("if a:\n    x = 1\n\n        # deeper comment\n    y = 2\n",
	    "if a:\n  x = 1\n  y = 2\n");
}

Test(py, indentation_with_tabs)
{
	/* A tab goes to the next multiple of 8, consistently used. */
	CHECK_TREE("if a:\n\tif b:\n\t\tx\n\ty\nz\n",
	    "if a:\n  if b:\n    x\n  y\nz\n");
	CHECK_TREE("if a:\n\tx\n\tif b:\n\t        y\n",
	    "if a:\n  x\n  if b:\n    y\n");
	/* 8 spaces, then two tabs and 2 spaces: 18 columns, but 4 when a
	   tab is one column: inconsistent, as CPython says */
	CHECK_ERROR("if a:\n        x\n        if b:\n\t\t  y\n",
	    "4:5: invalid Python: inconsistent use of tabs and spaces in"
	    " indentation");
	CHECK_ERROR("if a:\n\tx\n        y\n",
	    "3:9: invalid Python: inconsistent use of tabs and spaces in"
	    " indentation");
	CHECK_ERROR("if a:\n        x\n\ty\n",
	    "3:2: invalid Python: inconsistent use of tabs and spaces in"
	    " indentation");
	CHECK_ERROR("if a:\n    x\n  y\n",
	    "3:3: invalid Python: unindent does not match any outer"
	    " indentation level");
	CHECK_ERROR("x = 1\n  y = 2\n", "2:3: invalid Python: unexpected indent");
	CHECK_ERROR("if x:\npass\n", "2:1: invalid Python: expected an indented"
	    " block after 'if' statement on line 1");
	CHECK_ERROR("def f():\n\n# c\nx\n", "4:1: invalid Python: expected an"
	    " indented block after function definition on line 1");
}

Test(py, encoding_declarations)
{
	CHECK_TREE("# -*- coding: utf-8 -*-\nx = 'é'\n", "x = 'é'\n");
	CHECK_TREE("#!/usr/bin/env python\n# vim: set fileencoding=utf8 :\nx\n",
	    "x\n");
	CHECK_TREE("# coding=latin-1\nx = 'e'\n", "x = 'e'\n");
	CHECK_TREE("# coding: ascii\nx\n", "x\n");
	CHECK_TREE("# vim: set fileencoding=UTF_8 :\nx\n", "x\n");
	CHECK_TREE("# coding: u8--\nx\n", "x\n");
	CHECK_TREE("# coding: utf-8-unix\nx\n", "x\n");
	CHECK_TREE("# coding: ISO_8859-1\nx\n", "x\n");
	/* Only the first two lines, the second after a comment line. */
	CHECK_TREE("x = 1\n# coding: cp1252\n", "x = 1\n");
	CHECK_ERROR("# coding: cp1252\nx\n", "1:1: invalid Python: the file"
	    " declares the encoding 'cp1252': only UTF-8 (or ASCII) files are"
	    " read, convert it to UTF-8");
	CHECK_ERROR("#\n# coding: latin-1\nx = '\xc3\xa9'\n", "3:6: invalid"
	    " Python: the file declares the encoding 'latin-1' but holds a"
	    " non-ASCII character outside comments: only UTF-8 is read,"
	    " convert the file to UTF-8");
	CHECK_ERROR("# coding: ascii\n# \xc3\xa9\n", "2:3: invalid Python:"
	    " the file declares the encoding 'ascii' but holds a non-ASCII"
	    " byte: only UTF-8 is read, convert the file to UTF-8");
	CHECK_ERROR("\xef\xbb\xbf# coding: latin-1\n", "1:1: invalid Python:"
	    " encoding problem: 'latin-1' with a UTF-8 BOM");
	CHECK_ERROR("x = 1\ny = '\xff'\n", "2:6: invalid Python: the file is not"
	    " UTF-8 (byte 0xff)");
	CHECK_ERROR("x = \xff\n", "1:5: invalid Python: the file is not"
	    " UTF-8 (byte 0xff)");
	CHECK_ERROR("x = a\xc3(\n", "1:6: invalid Python: the file is not"
	    " UTF-8 (byte 0xc3)");
	/* comments are not decoded, as CPython does not decode them */
	CHECK_TREE("# caf\xe9\nx = 1 # \xff\n", "x = 1\n");
	CHECK_TREE("# coding: latin-1\n# caf\xe9\nx = 'e'\n", "x = 'e'\n");
	{
		char *got = error_n("x = 1\ny\0", 8);

		cr_expect_str_eq(got, "2:2: invalid Python: source code cannot"
		    " contain null bytes");
		free(got);
	}
}

Test(py, names)
{
	struct py_module *m = parse_ok("ñame_1 = _x\nmatch = case = _\n"
	    "print(match, case)\n");
	char *s;

	cr_assert_eq(m->body[0]->targets[0]->kind, PYE_NAME);
	cr_assert_str_eq(m->body[0]->targets[0]->s, "ñame_1");
	cr_assert_eq(m->body[0]->targets[0]->len, strlen("ñame_1"));
	py_module_free(m);
	CHECK_TREE("match = case = _\nprint(match, case)\nmatch(x)\n",
	    "match = case = _\nprint(match, case)\nmatch(x)\n");
	CHECK_ERROR("x = a\xc2\xa0" "b\n",
	    "1:6: invalid Python: invalid character '\xc2\xa0' (U+00A0)");
	CHECK_ERROR("x = $\n", "1:5: invalid Python: invalid syntax ('$')");
	CHECK_ERROR("x = \"a\" \xe2\x80\x9c" "b\xe2\x80\x9d\n",
	    "1:9: invalid Python: invalid character '\xe2\x80\x9c' (U+201C)");
	CHECK_ERROR("x = class\n", "1:5: invalid Python: invalid syntax");
	CHECK_ERROR("x = \xc2\xb7" "a\n",
	    "1:5: invalid Python: invalid character '\xc2\xb7' (U+00B7)");
	CHECK_TREE("a\xc2\xb7" "b = 1\n", "a\xc2\xb7" "b = 1\n");
	CHECK_ERROR("x = a\xef\xbf\xbf\n",
	    "1:6: invalid Python: invalid character '\xef\xbf\xbf' (U+FFFF)");
	m = parse_ok("a.b.c\nsa.Column\nf().x\n");
	s = py_dotted(m->body[0]->a);
	cr_assert_str_eq(s, "a.b.c");
	free(s);
	s = py_dotted(m->body[1]->a);
	cr_assert_str_eq(s, "sa.Column");
	free(s);
	cr_assert_null(py_dotted(m->body[2]->a));
	py_module_free(m);
}

Test(py, integers)
{
	struct py_module *m = parse_ok("0x1F\n0o17\n0B1_01\n1_000_000\n0\n00\n"
	    "9223372036854775807\n9223372036854775808\n"
	    "0xffffffffffffffffffffffff\n");
	static const char *const want[] = { "31", "15", "5", "1000000", "0",
	    "0", "9223372036854775807", "9223372036854775808",
	    "79228162514264337593543950335" };
	static const long long ival[] = { 31, 15, 5, 1000000, 0, 0,
	    9223372036854775807LL, 0, 0 };
	size_t i;

	cr_assert_eq(m->nbody, 9);
	for (i = 0; i < 9; i++) {
		const struct py_expr *e = m->body[i]->a;

		cr_assert_eq(e->kind, PYE_INT);
		cr_expect_str_eq(e->s, want[i]);
		cr_expect_eq(e->len, strlen(want[i]));
		cr_expect_eq(e->ival_overflow, i >= 7);
		if (i < 7)
			cr_expect_eq(e->ival, ival[i]);
	}
	py_module_free(m);
	CHECK_ERROR("x = 012\n", "1:5: invalid Python: leading zeros in decimal"
	    " integer literals are not permitted; use an 0o prefix for octal"
	    " integers");
	CHECK_ERROR("x = 1_\n", "1:6: invalid Python: invalid decimal literal");
	CHECK_ERROR("x = 1__0\n", "1:6: invalid Python: invalid decimal literal");
	CHECK_ERROR("x = 0x\n", "1:7: invalid Python: invalid hexadecimal literal");
	CHECK_ERROR("x = 0o8\n",
	    "1:7: invalid Python: invalid digit '8' in octal literal");
	CHECK_ERROR("x = 1abc\n", "1:6: invalid Python: invalid decimal literal");
	/* Still read by 3.11: a keyword glued to a number. */
	CHECK_TREE("x = 1if y else 2\n", "x = (1 if y else 2)\n");
}

Test(py, floats_and_imaginary)
{
	CHECK_TREE("x = [1.5, .5, 5., 1e10, 1E-3, 1_0.0_1e+1_0, 2j, 1.5J, 0e0]\n",
	    "x = [float:1.5, float:.5, float:5., float:1e10, float:1E-3,"
	    " float:10.01e+10, imag:2, imag:1.5, float:0e0]\n");
	CHECK_TREE("x = 1..real\n", "x = float:1..real\n");
}

Test(py, strings_and_escapes)
{
	struct py_module *m = parse_ok(
	    "'a\\n\\t\\\\\\'\\\"\\x41\\101\\u00e9\\U0001F600\\q\\\nz'\n"
	    "r'\\n\\q'\nu\"x\"\nR\"\"\"a\nb\"\"\"\n'a' \"b\" '''c'''\n"
	    "b'\\xff\\u00e9\\x00' Rb'\\d'\n\"\\0\"\n");
	const struct py_expr *e;

	e = m->body[0]->a;
	cr_assert_eq(e->kind, PYE_STR);
	cr_assert_str_eq(e->s, "a\n\t\\'\"AAé😀\\qz");
	cr_assert_eq(e->string_flags, 0);
	e = m->body[1]->a;
	cr_assert_str_eq(e->s, "\\n\\q");
	cr_assert_eq(e->string_flags, PY_STR_RAW);
	cr_assert_str_eq(m->body[2]->a->s, "x");
	e = m->body[3]->a;
	cr_assert_str_eq(e->s, "a\nb");
	cr_assert_eq(e->string_flags, PY_STR_RAW | PY_STR_TRIPLE);
	e = m->body[4]->a;
	cr_assert_str_eq(e->s, "abc");
	cr_assert_eq(e->string_flags, PY_STR_CONCAT);
	cr_assert_eq(e->loc.col, 1);
	e = m->body[5]->a;
	cr_assert_eq(e->kind, PYE_BYTES);
	cr_assert_eq(e->len, 10);
	cr_assert(memcmp(e->s, "\xff\\u00e9\0\\d", 10) == 0);
	cr_assert_eq(e->string_flags, PY_STR_BYTES | PY_STR_CONCAT);
	e = m->body[6]->a;
	cr_assert_eq(e->len, 1);
	cr_assert_eq(e->s[0], '\0');
	py_module_free(m);
}

Test(py, string_errors)
{
	CHECK_ERROR("x = 'abc\ny = 1\n", "1:5: invalid Python: unterminated"
	    " string literal (detected at line 1)");
	CHECK_ERROR("x = 1\ny = \"\"\"abc\n\ndef",
	    "2:5: invalid Python: unterminated triple-quoted string literal"
	    " (detected at line 4)");
	CHECK_ERROR("x = 'a\\N{EM DASH}'\n", "1:7: invalid Python: \\N{...}"
	    " escapes are not read (migsql has no table of Unicode names):"
	    " write the character itself or a \\u escape");
	CHECK_ERROR("x = '''\nab\\x4'''\n",
	    "2:3: invalid Python: truncated \\xXX escape");
	CHECK_ERROR("x = 'é\\u12'\n",
	    "1:7: invalid Python: truncated \\uXXXX escape");
	CHECK_ERROR("x = '\\U00110000'\n",
	    "1:6: invalid Python: illegal Unicode character");
	CHECK_ERROR("x = b'é'\n", "1:5: invalid Python: bytes can only"
	    " contain ASCII literal characters");
	CHECK_ERROR("x = 'a' b'b'\n",
	    "1:9: invalid Python: cannot mix bytes and nonbytes literals");
	CHECK_ERROR("x = b'a' f'b'\n",
	    "1:10: invalid Python: cannot mix bytes and nonbytes literals");
	/* bf is no prefix: a name, then a string */
	CHECK_ERROR("x = bf'a'\n", "1:7: invalid Python: invalid syntax");
	/* \N is kept in bytes, and in raw strings */
	CHECK_TREE("x = b'\\N{X}', r'\\N{X}'\n",
	    "x = (tuple b'\\\\N{X}' '\\\\N{X}')\n");
}

Test(py, fstrings)
{
	struct py_module *m;
	const struct py_expr *e, *f;

	CHECK_TREE("f'{x!r:>{w}} {{lit}} {a + b:.2f}' 'tail'\n",
	    "f({x!r:f('>' {w})} ' {lit} ' {(a + b):f('.2f')} 'tail')\n");
	CHECK_TREE("'a' f'b{c}d' 'e' F'f'\n", "f('ab' {c} 'def')\n");
	CHECK_TREE("f'{ x = }{y=!s}{z=:>3}'\n",
	    "f(' x = ' {x!r} 'y=' {y!s} 'z=' {z:f('>3')})\n");
	CHECK_TREE("f\"{d['k']}\" f'{a!=b}' f'{x:=5}' f'{(y:=5)}'\n",
	    "f({d['k']} {(a != b)} {x:f('=5')} {<an assignment expression>})\n");
	CHECK_TREE("f'''{\na\n+\nb}''' rf'\\{x}' f'\\{x}' f'\\\\{x}\\n'\n",
	    "f({(a + b)} '\\\\' {x} '\\\\' {x} '\\\\' {x} '\\n')\n");
	CHECK_TREE("f'{f\"{x}\"}' f'{*a, b}' f'{yield}'\n",
	    "f({f({x})} {(tuple <a starred expression> b)}"
	    " {<a yield expression>})\n");
	/* one part: the field */
	m = parse_ok("x = 1\ny = f\"a{ x }\"\n");
	e = m->body[1]->a;
	cr_assert_eq(e->kind, PYE_FSTRING);
	cr_assert_eq(e->string_flags, PY_STR_F);
	cr_assert_eq(e->n, 2);
	cr_assert_eq(e->loc.line, 2);
	cr_assert_eq(e->loc.col, 5);
	f = e->items[1];
	cr_assert_eq(f->kind, PYE_FORMATTED);
	cr_assert_eq(f->loc.col, 8);	/* the { */
	cr_assert_eq(f->a->kind, PYE_NAME);
	cr_assert_eq(f->a->loc.line, 2);
	cr_assert_eq(f->a->loc.col, 10);
	cr_assert_eq(f->op, 0);
	cr_assert_null(f->b);
	py_module_free(m);
	/* a field on the second line of a triple-quoted f-string */
	m = parse_ok("x = f'''a\nb {y}'''\n");
	f = m->body[0]->a->items[1];
	cr_assert_eq(f->a->loc.line, 2);
	cr_assert_eq(f->a->loc.col, 4);
	py_module_free(m);
}

Test(py, fstring_errors)
{
	CHECK_ERROR("x = f'{}'\n",
	    "1:8: invalid Python: f-string: empty expression not allowed");
	CHECK_ERROR("x = f'{a!x}'\n", "1:9: invalid Python: f-string: invalid"
	    " conversion character: expected 's', 'r', or 'a'");
	CHECK_ERROR("x = f'a}'\n",
	    "1:8: invalid Python: f-string: single '}' is not allowed");
	CHECK_ERROR("x = f'{a'\n", "1:9: invalid Python: f-string: expecting '}'");
	CHECK_ERROR("x = f'{a\\n}'\n", "1:9: invalid Python: f-string"
	    " expression part cannot include a backslash");
	CHECK_ERROR("x = f'{a # c}'\n", "1:10: invalid Python: f-string"
	    " expression part cannot include '#'");
	CHECK_ERROR("x = f'{a b}'\n", "1:10: invalid Python: invalid syntax");
	CHECK_ERROR("x = f'\\N{DASH}'\n", "1:7: invalid Python: \\N{...}"
	    " escapes are not read (migsql has no table of Unicode names):"
	    " write the character itself or a \\u escape");
	CHECK_ERROR("x = f'{*a}'\n", "1:8: invalid Python: f-string: cannot"
	    " use starred expression here");
	CHECK_ERROR("x = f'{a:{b:{c}}}'\n", "1:13: invalid Python: f-string:"
	    " expressions nested too deeply");
	CHECK_TREE("f'{a:{b:>3}}'\n", "f({a:f({b:f('>3')})})\n");
	CHECK_ERROR("x = f'{a(}'\n", "1:10: invalid Python: closing parenthesis"
	    " '}' does not match opening parenthesis '(' at 1:9");
}

/*
 * Expressions (chapter 6)
 */

Test(py, precedence)
{
	CHECK_TREE("x = -a ** -b // c @ d << 1 | e ^ f & ~g\n",
	    "x = (((((-(a ** (-b))) // c) @ d) << 1) | (e ^ (f & (~g))))\n");
	CHECK_TREE("x = a + b * c - d / e % f\n",
	    "x = ((a + (b * c)) - ((d / e) % f))\n");
	CHECK_TREE("x = a ** b ** c\n", "x = (a ** (b ** c))\n");
	CHECK_TREE("x = not a and b or c and not d\n",
	    "x = (((not a) and b) or (c and (not d)))\n");
	CHECK_TREE("x = a or b or c\n", "x = (a or b or c)\n");
	CHECK_TREE("x = 1 if a else 2 if b else 3\n",
	    "x = (1 if a else (2 if b else 3))\n");
	CHECK_TREE("x = (a + b) * c\n", "x = ((a + b) * c)\n");
	CHECK_TREE("x = a < b <= c == d != e > f >= g\n",
	    "x = (a < b <= c == d != e > f >= g)\n");
	CHECK_TREE("x = a in b not in c is d is not e\n",
	    "x = (a in b not in c is d is not e)\n");
	CHECK_TREE("x = not a == b\n", "x = (not (a == b))\n");
}

Test(py, compare_fields)
{
	struct py_module *m = parse_ok("a is not b < c\n");
	const struct py_expr *e = m->body[0]->a;

	cr_assert_eq(e->kind, PYE_COMPARE);
	cr_assert_eq(e->n, 3);
	cr_assert_eq(e->cmps[0], PY_CMP_IS_NOT);
	cr_assert_eq(e->cmps[1], PY_CMP_LT);
	cr_assert_str_eq(e->items[2]->s, "c");
	cr_assert_eq(e->items[2]->loc.col, 14);
	py_module_free(m);
}

Test(py, primaries_and_calls)
{
	struct py_module *m;
	const struct py_expr *e;

	CHECK_TREE("op.get_context().dialect.name\n",
	    "op.get_context().dialect.name\n");
	CHECK_TREE("f(a, b, *c, d=1, **e, g=2)\n",
	    "f(a, b, <a starred argument>, d=1, **e, g=2)\n");
	CHECK_TREE("f(x for x in y)\nf()\nf(a,)\n",
	    "f(<a generator expression>)\nf()\nf(a)\n");
	CHECK_TREE("a[0]\na[1, 2]\na[1:2]\na[::2, x]\na[:]\na[*b]\n",
	    "a[0]\na[(tuple 1 2)]\na[<a slice>]\na[(tuple <a slice> x)]\n"
	    "a[<a slice>]\na[<a starred expression>]\n");
	CHECK_TREE("x = (yield)\n", "x = <a yield expression>\n");
	m = parse_ok("sa.Column('id', sa.Integer(), **opts, nullable=False)\n");
	e = m->body[0]->a;
	cr_assert_eq(e->kind, PYE_CALL);
	cr_assert_eq(e->n, 2);
	cr_assert_eq(e->nkw, 2);
	cr_assert_null(e->kwnames[0]);
	cr_assert_str_eq(e->kwargs[0]->s, "opts");
	cr_assert_str_eq(e->kwnames[1], "nullable");
	cr_assert_eq(e->kwargs[1]->kind, PYE_BOOL);
	cr_assert_eq(e->kwargs[1]->ival, 0);
	cr_assert_eq(e->kwargs[1]->loc.col, 48);
	cr_assert_eq(e->items[1]->kind, PYE_CALL);
	cr_assert_eq(e->items[1]->loc.col, 17);
	cr_assert_eq(e->a->kind, PYE_ATTR);
	cr_assert_str_eq(e->a->s, "Column");
	cr_assert_eq(e->a->a->kind, PYE_NAME);
	py_module_free(m);
	CHECK_ERROR("f(a=1, b)\n", "1:8: invalid Python: positional argument"
	    " follows keyword argument");
	CHECK_ERROR("f(**a, b)\n", "1:8: invalid Python: positional argument"
	    " follows keyword argument unpacking");
	CHECK_ERROR("f(x for x in y, 1)\n", "1:3: invalid Python: generator"
	    " expression must be parenthesized");
	CHECK_ERROR("f(**a, *b)\n", "1:8: invalid Python: iterable argument"
	    " unpacking follows keyword argument unpacking");
	CHECK_ERROR("x = (*a)\n",
	    "1:6: invalid Python: cannot use starred expression here");
	CHECK_ERROR("f(a=1, a=2)\n",
	    "1:10: invalid Python: keyword argument repeated: a");
}

Test(py, displays)
{
	CHECK_TREE("x = [1, 'a', None, True, False, ...]\n",
	    "x = [1, 'a', None, True, False, ...]\n");
	CHECK_TREE("x = [], (), {}, [1,], (1,), {1,}\n",
	    "x = (tuple [] (tuple ) {} [1] (tuple 1) {set 1})\n");
	CHECK_TREE("x = {'a': 1, 'b': [2],}\n", "x = {'a': 1, 'b': [2]}\n");
	CHECK_TREE("x = {**a, 'b': 1}\n", "x = {<a dict unpacking>: a, 'b': 1}\n");
	CHECK_TREE("x = [*a, b]\n", "x = [<a starred expression>, b]\n");
	CHECK_TREE("x = 1, 2\ny = 1,\n", "x = (tuple 1 2)\ny = (tuple 1)\n");
}

/* Valid Python the tree does not model: read past, said what it is. */
Test(py, unmodelled_expressions_are_other)
{
	CHECK_TREE("x = lambda a, *b, c=1, **d: a + 1\ny = lambda: 0\n",
	    "x = <a lambda>\ny = <a lambda>\n");
	CHECK_TREE("x = [i for i in r if i if j for k in i]\n",
	    "x = <a list comprehension>\n");
	CHECK_TREE("x = {k: v for k, v in d}, {i for i in x}\n",
	    "x = (tuple <a dict comprehension> <a set comprehension>)\n");
	CHECK_TREE("x = (i async for i in x)\n", "x = <a generator expression>\n");
	CHECK_TREE("x = ''.join(f(*p) for c, *p in codes)\n",
	    "x = ''.join(<a generator expression>)\n");
	CHECK_TREE("if (n := len(a)) > 10:\n  pass\n",
	    "if (<an assignment expression> > 10):\n  pass\n");
	CHECK_TREE("async def f():\n  x = await g()\n",
	    "async def f():\n  x = <an await>\n");
	CHECK_TREE("def g():\n  x = yield from h()\n  yield\n",
	    "def g():\n  x = <a yield expression>\n  <a yield expression>\n");
	CHECK_TREE("x = a[1:2:3]\n", "x = a[<a slice>]\n");
	CHECK_ERROR("x = (a.b := 1)\n", "1:6: invalid Python: cannot use"
	    " assignment expressions with an attribute");
}

Test(py, describe)
{
	struct py_module *m = parse_ok("None, True, 1, 1.5, 1j, 's', b'b', "
	    "f'{x}', ..., x, x.y, f(), x[0], [], (), {1}, {}, -x, not x, "
	    "x + 1, x < 1, x and y, x or y, a if b else c, lambda: 0\n");
	static const char *const want[] = { "None", "a boolean", "an integer",
	    "a float", "an imaginary number", "a string", "a bytes literal",
	    "an f-string", "an ellipsis", "a name", "an attribute", "a call",
	    "a subscript", "a list", "a tuple", "a set", "a dict",
	    "a unary operation", "a 'not' expression", "a binary operation",
	    "a comparison", "an 'and' expression", "an 'or' expression",
	    "a conditional expression", "a lambda" };
	const struct py_expr *t = m->body[0]->a;
	size_t i;

	cr_assert_eq(t->n, sizeof want / sizeof want[0]);
	for (i = 0; i < t->n; i++)
		cr_expect_str_eq(py_expr_describe(t->items[i]), want[i]);
	cr_expect_str_eq(py_expr_describe(t->items[7]->items[0]),
	    "an f-string field");
	py_module_free(m);
}

/*
 * Statements (chapters 7, 8)
 */

Test(py, assignments)
{
	struct py_module *m;
	const struct py_stmt *st;

	CHECK_TREE("a = b = 1\n", "a = b = 1\n");
	CHECK_TREE("a, *b = c, d\n",
	    "(tuple a <a starred expression>) = (tuple c d)\n");
	CHECK_TREE("[a, (b, c)] = x\n", "[a, (tuple b c)] = x\n");
	CHECK_TREE("x: int\ny: Union[str, None] = None\nz.a: T = 1\n",
	    "x: int\ny: Union[(tuple str None)] = None\nz.a: T = 1\n");
	CHECK_TREE("x += 1\nx.y[0] **= 2\nx //= 3\nx @= m\nx >>= 1\n",
	    "x += 1\nx.y[0] **= 2\nx //= 3\nx @= m\nx >>= 1\n");
	m = parse_ok("a = b = f()\nx: int\n");
	st = m->body[0];
	cr_assert_eq(st->kind, PYS_ASSIGN);
	cr_assert_eq(st->ntargets, 2);
	cr_assert_str_eq(st->targets[1]->s, "b");
	cr_assert_eq(st->targets[1]->loc.col, 5);
	cr_assert_null(st->b);
	st = m->body[1];
	cr_assert_eq(st->kind, PYS_ASSIGN);
	cr_assert_null(st->a);
	cr_assert_str_eq(st->b->s, "int");
	py_module_free(m);
	CHECK_ERROR("f() = 1\n", "1:1: invalid Python: cannot assign to a call");
	CHECK_ERROR("x = 1 = y\n",
	    "1:5: invalid Python: cannot assign to an integer");
	CHECK_ERROR("a, b: int\n", "1:1: invalid Python: only single target"
	    " (not tuple) can be annotated");
	CHECK_ERROR("a, b += 1\n", "1:1: invalid Python: a tuple is an illegal"
	    " expression for augmented assignment");
	CHECK_ERROR("x := 1\n", "1:3: invalid Python: invalid syntax");
	CHECK_ERROR("x = 1 y = 2\n", "1:7: invalid Python: invalid syntax");
}

Test(py, imports)
{
	struct py_module *m;
	const struct py_stmt *st;

	CHECK_TREE("import a.b.c as d, e\n", "import a.b.c as d, e\n");
	CHECK_TREE("from . import x\nfrom ..a.b import (c as d,\n  e,)\n"
	    "from .... import y\nfrom m import *\n",
	    "from . import x\nfrom ..a.b import c as d, e\nfrom .... import y\n"
	    "from m import *\n");
	m = parse_ok("from ...pkg.mod import a as b, c\n");
	st = m->body[0];
	cr_assert_eq(st->kind, PYS_FROM);
	cr_assert_eq(st->level, 3);
	cr_assert_str_eq(st->module, "pkg.mod");
	cr_assert_eq(st->nnames, 2);
	cr_assert_str_eq(st->names[0], "a");
	cr_assert_str_eq(st->asnames[0], "b");
	cr_assert_null(st->asnames[1]);
	cr_assert_eq(st->name_locs[1].col, 32);
	py_module_free(m);
	m = parse_ok("from . import x\n");
	cr_assert_str_eq(m->body[0]->module, "");
	cr_assert_eq(m->body[0]->level, 1);
	py_module_free(m);
	CHECK_ERROR("from a import b,\n", "1:17: invalid Python: trailing comma"
	    " not allowed without surrounding parentheses");
	CHECK_ERROR("from a import (b\n", "2:1: invalid Python: unclosed '('"
	    " opened at 1:15");
	CHECK_ERROR("import a.\n", "1:10: invalid Python: expected a name");
	CHECK_ERROR("from a b\n", "1:8: invalid Python: expected 'import'");
}

Test(py, defs)
{
	struct py_module *m;
	const struct py_stmt *st;

	CHECK_TREE("def f(a, b: int = 1, /, c=2, *args, d, e: str = 'x', **kw)"
	    " -> 'T':\n    return a, b\n",
	    "def f(/a, /b: int=1, c=2, *args, kw:d, kw:e: str='x', **kw) ->"
	    " 'T':\n  return (tuple a b)\n");
	CHECK_TREE("def k(*, a): pass\n", "def k(kw:a):\n  pass\n");
	CHECK_TREE("@dec\n@dec2(1)\nasync def h(): ...\n",
	    "@dec\n@dec2(1)\nasync def h():\n  ...\n");
	CHECK_TREE("def f(*args: *Ts): pass\n",
	    "def f(*args: <a starred expression>):\n  pass\n");
	m = parse_ok("@d\ndef upgrade() -> None:\n    pass\n");
	st = m->body[0];
	cr_assert_eq(st->kind, PYS_DEF);
	cr_assert_eq(st->loc.line, 2);
	cr_assert_eq(st->nitems, 1);
	cr_assert_eq(st->items[0]->loc.line, 1);
	cr_assert_eq(st->items[0]->loc.col, 2);
	cr_assert_eq(st->nparams, 0);
	cr_assert_eq(st->b->kind, PYE_NONE);
	cr_assert_eq(st->body[0]->kind, PYS_PASS);
	cr_assert_eq(st->body[0]->loc.line, 3);
	cr_assert_eq(st->body[0]->loc.col, 5);
	py_module_free(m);
	CHECK_ERROR("def f(a=1, b): pass\n", "1:12: invalid Python: non-default"
	    " argument follows default argument");
	CHECK_ERROR("def f(*): pass\n",
	    "1:8: invalid Python: named arguments must follow bare *");
	CHECK_ERROR("def f(a, a): pass\n", "1:10: invalid Python: duplicate"
	    " argument 'a' in function definition");
	CHECK_ERROR("def f(**k, a): pass\n", "1:12: invalid Python: arguments"
	    " cannot follow var-keyword argument");
	CHECK_ERROR("def f(/): pass\n",
	    "1:7: invalid Python: at least one argument must precede /");
	CHECK_ERROR("@d\nx = 1\n", "2:1: invalid Python: expected 'def' or"
	    " 'class' after a decorator");
}

Test(py, with_if_for)
{
	CHECK_TREE("with a as b, c:\n  pass\n", "with a as b, c:\n  pass\n");
	CHECK_TREE("with (open(a) as f, open(b) as g,):\n  pass\n",
	    "with open(a) as f, open(b) as g:\n  pass\n");
	CHECK_TREE("with (a, b) as (c, d):\n  pass\n",
	    "with (tuple a b) as (tuple c d):\n  pass\n");
	CHECK_TREE("with (yield):\n  pass\n",
	    "with <a yield expression>:\n  pass\n");
	CHECK_TREE("if a: pass\nelif b: x = 1; y = 2\nelse: z = 3\n",
	    "if a:\n  pass\nelse:\n  if b:\n    x = 1\n    y = 2\n  else:\n"
	    "    z = 3\n");
	CHECK_TREE("for a, *b in c, d:\n  pass\nelse:\n  pass\n",
	    "for (tuple a <a starred expression>) in (tuple c d):\n  pass\n"
	    "else:\n  pass\n");
	CHECK_TREE("for x in y: pass;\n", "for x in y:\n  pass\n");
	CHECK_TREE("async def f():\n  async with a: pass\n  async for i in y: pass\n",
	    "async def f():\n  async with a:\n    pass\n  async for i in y:\n"
	    "    pass\n");
	CHECK_ERROR("for f() in x: pass\n",
	    "1:5: invalid Python: cannot assign to a call");
	CHECK_ERROR("with a as 1: pass\n",
	    "1:11: invalid Python: cannot assign to an integer");
	CHECK_ERROR("for x y: pass\n", "1:7: invalid Python: expected 'in'");
	CHECK_ERROR("if x\n  pass\n", "1:5: invalid Python: expected ':'");
}

Test(py, simple_statements)
{
	struct py_module *m;

	CHECK_TREE("pass; return; return a, b; raise; raise E('x') from e\n",
	    "pass\nreturn\nreturn (tuple a b)\nraise\n"
	    "raise E('x') from e\n");
	m = parse_ok("x = 1; y = 2;\n");
	cr_assert_eq(m->nbody, 2);
	cr_assert_eq(m->body[1]->loc.col, 8);
	py_module_free(m);
}

/* Valid Python the tree does not model: read past, said what it is. */
Test(py, unmodelled_statements_are_other)
{
	struct py_module *m;

	CHECK_TREE("class C(Base, metaclass=M):\n    x = 1\n    def m(self):"
	    " return self\nx = 2\n", "<a class definition>\nx = 2\n");
	CHECK_TREE("@dataclass\nclass C: pass\n", "<a class definition>\n");
	CHECK_TREE("try:\n  pass\nexcept (A, B) as e:\n  raise\nexcept C:\n"
	    "  pass\nelse:\n  pass\nfinally:\n  pass\nx\n",
	    "<a try statement>\nx\n");
	CHECK_TREE("try:\n  pass\nexcept* A:\n  pass\n", "<a try statement>\n");
	CHECK_TREE("try:\n  pass\nfinally:\n  pass\n", "<a try statement>\n");
	CHECK_TREE("while x:\n  break\nelse:\n  continue\n", "<a while loop>\n");
	CHECK_TREE("del a[0], b.c\nassert x, 'm'\nglobal g, h\nnonlocal n\n",
	    "<a del statement>\n<an assert statement>\n<a global statement>\n"
	    "<a nonlocal statement>\n");
	CHECK_TREE("for x in y:\n  break\n  continue\n",
	    "for x in y:\n  <a break statement>\n  <a continue statement>\n");
	CHECK_TREE("match command.split():\n    case [action]:\n        pass\n"
	    "    case [a, {'k': (b)}] if b:\n        pass\n    case _:\n"
	    "        x = 1\ny = 2\n", "<a match statement>\ny = 2\n");
	CHECK_TREE("match x, y:\n  case 1, 2: pass\n", "<a match statement>\n");
	/* match as a name, not a statement */
	CHECK_TREE("match(x)\nmatch = 1\nmatch: int\nmatch.x = 2\n",
	    "match(x)\nmatch = 1\nmatch: int\nmatch.x = 2\n");
	m = parse_ok("x = 1\nclass C:\n  pass\n");
	cr_assert_eq(m->body[1]->kind, PYS_OTHER);
	cr_assert_str_eq(m->body[1]->what, "a class definition");
	cr_assert_eq(m->body[1]->loc.line, 2);
	cr_assert_eq(m->body[1]->loc.col, 1);
	py_module_free(m);
	/* their bodies are still read */
	CHECK_ERROR("class C:\n  x = = 1\n", "2:7: invalid Python: invalid syntax");
	CHECK_ERROR("while x:\n  f(\n", "3:1: invalid Python: unclosed '('"
	    " opened at 2:4");
	CHECK_ERROR("try:\n  pass\nx = 1\n", "3:1: invalid Python: expected"
	    " 'except' or 'finally' block");
	CHECK_ERROR("try:\n  pass\nexcept:\n  pass\nexcept A:\n  pass\n",
	    "5:1: invalid Python: default 'except:' must be last");
	CHECK_ERROR("try:\n  pass\nexcept A, B:\n  pass\n", "3:9: invalid"
	    " Python: multiple exception types must be parenthesized");
	CHECK_ERROR("match x:\n  case [a, b] if in:\n    pass\n",
	    "2:18: invalid Python: invalid syntax");
	CHECK_ERROR("del *a, b\n", "1:5: invalid Python: cannot delete starred");
	CHECK_ERROR("match x:\n  case 1:\n    pass\n  other\n",
	    "4:3: invalid Python: expected 'case' in a match statement");
}

Test(py, docstring)
{
	struct py_module *m;

	m = parse_ok("'''doc''' 'more'\nx = 1\n");
	cr_assert_str_eq(m->docstring, "docmore");
	cr_assert_eq(m->body[0]->kind, PYS_EXPR);
	py_module_free(m);
	m = parse_ok("# c\nx = 1\n'not a docstring'\n");
	cr_assert_null(m->docstring);
	py_module_free(m);
	m = parse_ok("f'{x}'\n");
	cr_assert_null(m->docstring);
	py_module_free(m);
	m = parse_ok("b'bytes'\n");
	cr_assert_null(m->docstring);
	py_module_free(m);
}

Test(py, bracket_errors)
{
	CHECK_ERROR("x = (1,\n  2\n", "3:1: invalid Python: unclosed '(' opened"
	    " at 1:5");
	CHECK_ERROR("x = [1, 2\ny = 3\n", "2:1: invalid Python: expected ']'");
	CHECK_ERROR("x = (]\n", "1:6: invalid Python: closing parenthesis ']'"
	    " does not match opening parenthesis '(' at 1:5");
	CHECK_ERROR("x = )\n", "1:5: invalid Python: unmatched ')'");
	CHECK_ERROR("x = 1 \\ 2\n", "1:7: invalid Python: unexpected character"
	    " after line continuation character");
	CHECK_ERROR("x = 1 +\n", "1:8: invalid Python: invalid syntax");
	CHECK_ERROR("x = 1 \\\n", "2:1: invalid Python: unexpected EOF while"
	    " parsing");
	CHECK_ERROR("x = 1 if y\n", "1:11: invalid Python: expected 'else'"
	    " after 'if' expression");
	CHECK_ERROR("print 'x'\n", "1:7: invalid Python: invalid syntax");
}

/*
 * Limits
 */

/* s repeated n times, then tail; malloc'd. */
static char *
repeat(const char *head, const char *s, size_t n, const char *tail)
{
	struct strbuf sb;
	size_t i;

	strbuf_init(&sb);
	strbuf_adds(&sb, head);
	for (i = 0; i < n; i++)
		strbuf_adds(&sb, s);
	strbuf_adds(&sb, tail);
	return strbuf_detach(&sb);
}

/* head s*n tail close*n: accepted for n = ok, too deep for n = bad. */
static void
check_nesting(const char *head, const char *s, const char *tail,
    const char *close, size_t ok, size_t bad)
{
	char *src, *t, *got;
	struct py_module *m;

	t = repeat(tail, close, ok, "\n");
	src = repeat(head, s, ok, t);
	m = parse_ok(src);
	py_module_free(m);
	free(src);
	free(t);
	t = repeat(tail, close, bad, "\n");
	src = repeat(head, s, bad, t);
	got = error_n(src, strlen(src));
	cr_expect(strstr(got, "nested too deeply") != NULL, "%s: %s", head, got);
	free(got);
	free(src);
	free(t);
}

Test(py, depth_limit)
{
	char *src, *got;
	size_t i;
	struct strbuf sb;

	check_nesting("x = ", "(", "1", ")", 50, 200);
	check_nesting("x = ", "[", "", "]", 50, 200);
	check_nesting("x = ", "f(", "", ")", 50, 200);
	check_nesting("x = ", "{1: ", "1", "}", 50, 200);
	check_nesting("x = ", "-", "1", "", 50, 100000);
	check_nesting("x = ", "not ", "1", "", 50, 100000);
	check_nesting("x = ", "lambda: ", "1", "", 50, 100000);
	check_nesting("x = ", "1 if a else ", "1", "", 50, 100000);
	check_nesting("x = a", " ** -a", "", "", 50, 100000);
	check_nesting("x = ", "a[", "1", "]", 50, 200);
	/* indented blocks */
	strbuf_init(&sb);
	for (i = 0; i < 120; i++)
		strbuf_addf(&sb, "%*sif x:\n", (int)i, "");
	strbuf_addf(&sb, "%*spass\n", 120, "");
	got = error_n(sb.buf, sb.len);
	cr_expect(strstr(got, "nested too deeply") != NULL, "%s", got);
	free(got);
	strbuf_free(&sb);
	/* long flat things are not deep */
	src = repeat("x = 0", " + 1", 20000, "\n");
	py_module_free(parse_ok(src));
	free(src);
	src = repeat("if a: pass\n", "elif b: pass\n", 20000, "else: pass\n");
	py_module_free(parse_ok(src));
	free(src);
	src = repeat("x = f(", "a,", 20000, ")\n");
	py_module_free(parse_ok(src));
	free(src);
}

Test(py, blocks_and_their_ends)
{
	struct py_module *m;

	/* comment lines do not end a block, whatever their indentation */
	CHECK_TREE("if x:\n  a\n# c\n      # c\n  b\nc\n",
	    "if x:\n  a\n  b\nc\n");
	/* a form feed resets the indentation count */
	CHECK_TREE("if x:\n  a\n\f  b\n", "if x:\n  a\n  b\n");
	/* the file ends in a comment, no line end, blocks open */
	CHECK_TREE("def f():\n  if x:\n    pass\n    # end", "def f():\n  if x:\n"
	    "    pass\n");
	/* several blocks closed at once, then a statement's location */
	m = parse_ok("def f():\n    if a:\n        for x in y:\n"
	    "            pass\nz = 1\n");
	cr_assert_eq(m->nbody, 2);
	cr_assert_eq(m->body[1]->loc.line, 5);
	cr_assert_eq(m->body[1]->loc.col, 1);
	cr_assert_eq(m->body[0]->body[0]->body[0]->body[0]->loc.line, 4);
	cr_assert_eq(m->body[0]->body[0]->body[0]->body[0]->loc.col, 13);
	py_module_free(m);
	/* a statement spanning lines keeps the location of its start */
	m = parse_ok("op.create_table(\n    't',\n    sa.Column('id'),\n)\n"
	    "x = \\\n  1\n");
	cr_assert_eq(m->body[0]->a->items[1]->loc.line, 3);
	cr_assert_eq(m->body[0]->a->items[1]->loc.col, 5);
	cr_assert_eq(m->body[1]->loc.line, 5);
	cr_assert_eq(m->body[1]->a->loc.line, 6);
	cr_assert_eq(m->body[1]->a->loc.col, 3);
	py_module_free(m);
	/* a string over lines: the next token's column is right */
	m = parse_ok("x = '''a\nbc''' + y\n");
	cr_assert_eq(m->body[0]->a->b->loc.line, 2);
	cr_assert_eq(m->body[0]->a->b->loc.col, 9);
	py_module_free(m);
}

Test(py, soft_keywords_and_match_heuristic)
{
	/* match/case as names in every place a name may be */
	CHECK_TREE("case = match = _ = 1\nmatch.group(1)\nmatch[0]\n"
	    "def match(case): return case\nmatch, case = 1, 2\n"
	    "match (x)\n",
	    "case = match = _ = 1\nmatch.group(1)\nmatch[0]\n"
	    "def match(case):\n  return case\n"
	    "(tuple match case) = (tuple 1 2)\nmatch(x)\n");
	/* a match statement inside a def, then more statements */
	CHECK_TREE("def f(x):\n    match x:\n        case {'a': 1, **rest}:\n"
	    "            return 1\n        case Point(x=0) | None:\n"
	    "            return 2\n    return 3\n",
	    "def f(x):\n  <a match statement>\n  return 3\n");
	/* not a match: no indented case after it */
	CHECK_ERROR("match x:\n    pass\n", "1:7: invalid Python: invalid syntax");
}
