/* node.c -- libyaml events to a located node tree (load stage). */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "migsql/node.h"
#include "migsql/util.h"

/*
 * YAML 1.2.2 core schema, section 10.3.2.  Plain scalars matching these
 * are null, bool, int or float; everything else is a string.  One pattern
 * with a group per type, so one match resolves a scalar.
 */
static const char core_pattern[] =
	"^(?:(null|Null|NULL|~|)"
	"|(true|True|TRUE)"
	"|(false|False|FALSE)"
	"|([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)"
	"|([-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
	"|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)))$";

/* Compiled on first use by whichever thread gets there first (the loader
 * parses files on several threads); freed by node_cleanup(). */
static _Atomic(pcre2_code *) core_code;
static pthread_mutex_t core_lock = PTHREAD_MUTEX_INITIALIZER;

static pcre2_code *
core_compiled(void)
{
	pcre2_code *code = atomic_load(&core_code);

	if (code == NULL) {
		pthread_mutex_lock(&core_lock);
		if ((code = atomic_load(&core_code)) == NULL) {
			int err;
			PCRE2_SIZE off;

			code = pcre2_compile((PCRE2_SPTR)core_pattern,
			    PCRE2_ZERO_TERMINATED, 0, &err, &off, NULL);
			if (code == NULL)
				abort();	/* the pattern is constant */
			atomic_store(&core_code, code);
		}
		pthread_mutex_unlock(&core_lock);
	}
	return code;
}

/*
 * Resolves what needs no pattern: a plain scalar that begins with a letter
 * can only be one of the core schema's nine words for null and the
 * booleans (the int and float patterns begin with a digit, a sign or a
 * dot), and one that begins with anything else but those can only be a
 * string.  Returns 1 with *type set, or 0 when the pattern must decide.
 */
static int
resolve_without_match(const char *text, enum scalar_type *type, int *boolean)
{
	static const char *const words[] = { "null", "Null", "NULL", "true",
	    "True", "TRUE", "false", "False", "FALSE" };
	size_t i;

	switch (text[0]) {
	case '\0': case '~': case '+': case '-': case '.':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return 0;
	case 'n': case 'N': case 't': case 'T': case 'f': case 'F':
		break;
	default:
		*type = SCALAR_STR;
		return 1;
	}
	*type = SCALAR_STR;
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(text, words[i]) == 0) {
			*type = i < 3 ? SCALAR_NULL : SCALAR_BOOL;
			*boolean = i >= 3 && i < 6;
			break;
		}
	return 1;
}

enum scalar_type
node_resolve_plain(const char *text, int *boolean)
{
	static const enum scalar_type by_group[] = { SCALAR_STR, SCALAR_NULL,
	    SCALAR_BOOL, SCALAR_BOOL, SCALAR_INT, SCALAR_FLOAT };
	pcre2_match_data *md;
	enum scalar_type type = SCALAR_STR;
	int rc;

	*boolean = 0;
	if (resolve_without_match(text, &type, boolean))
		return type;
	md = pcre2_match_data_create(6, NULL);
	if (md == NULL)
		out_of_memory();
	rc = pcre2_match(core_compiled(), (PCRE2_SPTR)text, strlen(text), 0, 0,
	    md, NULL);
	if (rc > 1) {
		/* The last group that took part is the one that matched. */
		type = by_group[rc - 1];
		*boolean = rc - 1 == 2;
	}
	pcre2_match_data_free(md);
	return type;
}

void
node_cleanup(void)
{
	pcre2_code_free(atomic_load(&core_code));
	atomic_store(&core_code, NULL);
}

/*
 * A tree's nodes, texts and item arrays come from one arena, freed at once
 * by node_free(root): a revision file's tree has some 200 nodes, and a
 * malloc and a free for each node, text and array were a fifth of a
 * 10,000-revision render.  The arena's last allocation is struct tree,
 * which holds the root node, so node_free() finds the arena from the root.
 */
struct block {
	struct block	*next;
	size_t		 used;
	size_t		 size;
	max_align_t	 data[];
};

struct tree {
	struct block	*blocks;
	struct node	 root;
};

/* A tree takes about 7.5 bytes per byte of revision YAML: the first block
 * is sized for most trees to fit, and later ones add a quarter of it (or
 * what a large scalar needs). */
#define BLOCK_MIN	1024

/* n bytes aligned to align (1, or 8 for nodes and pointer arrays). */
static void *
arena_alloc(struct block **head, size_t n, size_t align)
{
	struct block *b = *head;
	size_t at = (b->used + align - 1) / align * align;
	void *p;

	if (at > b->size || b->size - at < n) {
		size_t size = b->size / 4 > BLOCK_MIN ? b->size / 4 : BLOCK_MIN;

		if (size < n)
			size = n;
		b = xmalloc(sizeof *b + size);
		b->next = *head;
		b->size = size;
		*head = b;
		at = 0;
	}
	p = (char *)b->data + at;
	b->used = at + n;
	return p;
}

/* Starts an arena for a document of len bytes. */
static void
arena_start(struct block **head, size_t len)
{
	size_t size = BLOCK_MIN + 8 * len;
	struct block *b = xmalloc(sizeof *b + size);

	b->next = NULL;
	b->used = 0;
	b->size = size;
	*head = b;
}

static void
arena_free(struct block *b)
{
	while (b != NULL) {
		struct block *next = b->next;

		free(b);
		b = next;
	}
}

/* The root moves into the tree header, the arena's last allocation,
   where node_free() finds the arena again. */
static struct node *
tree_root(struct block *arena, const struct node *root)
{
	struct tree *t = arena_alloc(&arena, sizeof *t, 8);

	t->root = *root;
	t->blocks = arena;
	return &t->root;
}

void
node_free(struct node *n)
{
	struct tree *t;

	if (n == NULL)
		return;
	t = (struct tree *)((char *)n - offsetof(struct tree, root));
	arena_free(t->blocks);
}

struct parse {
	yaml_parser_t	 parser;
	const char	*file;
	const char	*buf;		/* the input, for reader errors */
	size_t		 len;
	struct diags	*d;
	int		 failed;
	struct block	*arena;		/* the tree's (see struct tree) */
	struct node	**stack;	/* items of the open collections */
	size_t		 nstack;
	size_t		 capstack;
};

static struct node *
new_node(struct parse *p, enum node_kind kind, struct loc l)
{
	struct node *n = arena_alloc(&p->arena, sizeof *n, 8);

	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->loc = l;
	return n;
}

static struct loc
mark_loc(const struct parse *p, yaml_mark_t m)
{
	struct loc l = { p->file, (unsigned)m.line + 1, (unsigned)m.column + 1 };

	return l;
}

static void
yaml_fail(struct parse *p)
{
	struct loc l = mark_loc(p, p->parser.problem_mark);
	const char *problem = p->parser.problem ? p->parser.problem : "error";

	if (p->parser.error == YAML_READER_ERROR) {
		/*
		 * Reader errors have only a byte offset: count the line
		 * breaks (LF, CRLF, CR) and characters before it.
		 */
		size_t i, end = p->parser.problem_offset;

		if (end > p->len)
			end = p->len;
		l.line = l.col = 1;
		i = end >= 3 && memcmp(p->buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
		for (; i < end; i++) {
			unsigned char c = (unsigned char)p->buf[i];

			if (c == '\n' || (c == '\r' &&
			    (i + 1 >= p->len || p->buf[i + 1] != '\n'))) {
				l.line++;
				l.col = 1;
			} else if (c != '\r' && (c & 0xc0) != 0x80)
				l.col++;
		}
		diag_error(p->d, EXIT_INPUT, &l, "invalid YAML input: %s",
		    problem);
	} else if (strcmp(problem, "found character that cannot start any "
	    "token") == 0 && p->parser.problem_mark.index < p->len &&
	    p->buf[p->parser.problem_mark.index] == '\t')
		/* The first-hour mistake: an editor that indents with tabs. */
		diag_error(p->d, EXIT_INPUT, &l, "a tab: YAML indents with "
		    "spaces, never tabs; replace this tab with spaces");
	else if (p->parser.context != NULL)
		diag_error(p->d, EXIT_INPUT, &l, "invalid YAML: %s %s",
		    p->parser.context, problem);
	else
		diag_error(p->d, EXIT_INPUT, &l, "invalid YAML: %s", problem);
	p->failed = 1;
}

static int
next_event(struct parse *p, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&p->parser, ev)) {
		yaml_fail(p);
		return 0;
	}
	return 1;
}

/* Items wait on one stack until their collection ends, then move to an
 * array of the exact size in the arena. */
static void
push_item(struct parse *p, struct node *item)
{
	if (p->nstack == p->capstack) {
		p->capstack = p->capstack ? p->capstack * 2 : 64;
		p->stack = xrealloc(p->stack, p->capstack * sizeof *p->stack);
	}
	p->stack[p->nstack++] = item;
}

struct keyref {
	const struct node	*k;
	size_t			 i;	/* pair index in the mapping */
};

static int
keycmp(const void *a, const void *b)
{
	const struct keyref *x = a, *y = b;
	int c;

	if (x->k->len != y->k->len)
		return x->k->len < y->k->len ? -1 : 1;
	c = memcmp(x->k->text, y->k->text, x->k->len);
	if (c != 0)
		return c;
	/* Same key: keep source order, so the first comes first. */
	return x->i < y->i ? -1 : (x->i > y->i);
}

/* Reports every key that repeats an earlier one, at the later key. */
static void
check_duplicates(struct parse *p, struct node *map)
{
	struct keyref *keys;
	const struct node **first;
	size_t i, j;

	if (map->n < 2)
		return;
	if (map->n <= 16) {
		for (i = 1; i < map->n; i++)
			for (j = 0; j < i; j++) {
				struct node *a = map->items[2 * j];
				struct node *b = map->items[2 * i];

				if (a->len == b->len &&
				    memcmp(a->text, b->text, a->len) == 0) {
					diag_error(p->d, EXIT_INPUT, &b->loc,
					    "duplicate key '%s' (first at line %u)",
					    b->text, a->loc.line);
					p->failed = 1;
					break;
				}
			}
		return;
	}
	/*
	 * Sort the keys (the sort keeps source order among equal ones) to
	 * find each key's first occurrence, then report in source order.
	 */
	keys = xmalloc(map->n * sizeof *keys);
	first = xcalloc(map->n, sizeof *first);
	for (i = 0; i < map->n; i++) {
		keys[i].k = map->items[2 * i];
		keys[i].i = i;
	}
	qsort(keys, map->n, sizeof *keys, keycmp);
	for (i = 1, j = 0; i < map->n; i++) {
		if (keys[i].k->len == keys[j].k->len && memcmp(keys[i].k->text,
		    keys[j].k->text, keys[i].k->len) == 0)
			first[keys[i].i] = keys[j].k;
		else
			j = i;
	}
	for (i = 0; i < map->n; i++)
		if (first[i] != NULL) {
			struct node *k = map->items[2 * i];

			diag_error(p->d, EXIT_INPUT, &k->loc,
			    "duplicate key '%s' (first at line %u)", k->text,
			    first[i]->loc.line);
			p->failed = 1;
		}
	free(first);
	free(keys);
}

static struct node *parse_node(struct parse *p, yaml_event_t *ev, int depth);

/* Rejects anchors and tags on a node-starting event. */
static int
check_props(struct parse *p, const yaml_char_t *anchor, const yaml_char_t *tag,
    int implicit, yaml_mark_t m)
{
	struct loc l = mark_loc(p, m);

	if (anchor != NULL) {
		diag_error(p->d, EXIT_INPUT, &l,
		    "YAML anchors and aliases are not supported (anchor '&%s')",
		    (const char *)anchor);
		p->failed = 1;
		return 0;
	}
	if (tag != NULL && !implicit) {
		diag_error(p->d, EXIT_INPUT, &l,
		    "YAML tags are not supported (tag '%s')", (const char *)tag);
		p->failed = 1;
		return 0;
	}
	return 1;
}

static struct node *
parse_collection(struct parse *p, struct node *n, yaml_event_type_t end,
    int depth)
{
	yaml_event_t ev;
	struct node *item;
	size_t base = p->nstack;

	for (;;) {
		if (!next_event(p, &ev))
			return NULL;
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		item = parse_node(p, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (item == NULL)
			return NULL;
		if (n->kind == NODE_MAP && ((p->nstack - base) % 2) == 0 &&
		    item->kind != NODE_SCALAR) {
			diag_error(p->d, EXIT_INPUT, &item->loc,
			    "a mapping key must be a plain name, not %s",
			    node_describe(item));
			p->failed = 1;
			return NULL;
		}
		push_item(p, item);
	}
	n->n = p->nstack - base;
	if (n->n > 0) {
		n->items = arena_alloc(&p->arena, n->n * sizeof *n->items, 8);
		memcpy(n->items, p->stack + base, n->n * sizeof *n->items);
	}
	p->nstack = base;
	if (n->kind == NODE_MAP) {
		n->n /= 2;
		check_duplicates(p, n);
	}
	return n;
}

static struct node *
parse_node(struct parse *p, yaml_event_t *ev, int depth)
{
	struct node *n;
	struct loc l = mark_loc(p, ev->start_mark);

	if (depth > NODE_MAX_DEPTH) {
		diag_error(p->d, EXIT_INPUT, &l,
		    "nesting deeper than %d levels", NODE_MAX_DEPTH);
		p->failed = 1;
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		diag_error(p->d, EXIT_INPUT, &l,
		    "YAML anchors and aliases are not supported (alias '*%s')",
		    (const char *)ev->data.alias.anchor);
		p->failed = 1;
		return NULL;
	case YAML_SCALAR_EVENT:
		if (!check_props(p, ev->data.scalar.anchor, ev->data.scalar.tag,
		    ev->data.scalar.plain_implicit ||
		    ev->data.scalar.quoted_implicit, ev->start_mark))
			return NULL;
		if (memchr(ev->data.scalar.value, '\0',
		    ev->data.scalar.length) != NULL) {
			diag_error(p->d, EXIT_INPUT, &l,
			    "a NUL character is not allowed in a value");
			p->failed = 1;
			return NULL;
		}
		n = new_node(p, NODE_SCALAR, l);
		n->len = ev->data.scalar.length;
		n->text = arena_alloc(&p->arena, n->len + 1, 1);
		memcpy(n->text, ev->data.scalar.value, n->len);
		n->text[n->len] = '\0';
		switch (ev->data.scalar.style) {
		case YAML_SINGLE_QUOTED_SCALAR_STYLE:
			n->style = STYLE_SINGLE;
			break;
		case YAML_DOUBLE_QUOTED_SCALAR_STYLE:
			n->style = STYLE_DOUBLE;
			break;
		case YAML_LITERAL_SCALAR_STYLE:
			n->style = STYLE_LITERAL;
			break;
		case YAML_FOLDED_SCALAR_STYLE:
			n->style = STYLE_FOLDED;
			break;
		default:
			n->style = STYLE_PLAIN;
			break;
		}
		n->type = n->style == STYLE_PLAIN ?
		    node_resolve_plain(n->text, &n->boolean) : SCALAR_STR;
		return n;
	case YAML_SEQUENCE_START_EVENT:
		if (!check_props(p, ev->data.sequence_start.anchor,
		    ev->data.sequence_start.tag,
		    ev->data.sequence_start.implicit, ev->start_mark))
			return NULL;
		n = new_node(p, NODE_SEQ, l);
		return parse_collection(p, n, YAML_SEQUENCE_END_EVENT, depth);
	case YAML_MAPPING_START_EVENT:
		if (!check_props(p, ev->data.mapping_start.anchor,
		    ev->data.mapping_start.tag,
		    ev->data.mapping_start.implicit, ev->start_mark))
			return NULL;
		n = new_node(p, NODE_MAP, l);
		return parse_collection(p, n, YAML_MAPPING_END_EVENT, depth);
	default:
		diag_error(p->d, EXIT_INPUT, &l, "unexpected YAML event");
		p->failed = 1;
		return NULL;
	}
}

struct node *
node_parse(const char *file, const char *buf, size_t len, struct diags *d,
    int *ok)
{
	struct parse p;
	yaml_event_t ev;
	struct node *root = NULL;
	int docs = 0;

	memset(&p, 0, sizeof p);
	p.file = file;
	p.buf = buf;
	p.len = len;
	p.d = d;
	*ok = 0;
	if (!yaml_parser_initialize(&p.parser)) {
		diag_error(d, EXIT_INPUT, NULL, "cannot initialise libyaml");
		return NULL;
	}
	yaml_parser_set_input_string(&p.parser, (const unsigned char *)buf, len);
	arena_start(&p.arena, len);
	for (;;) {
		if (!next_event(&p, &ev))
			break;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			if (++docs > 1) {
				struct loc l = mark_loc(&p, ev.start_mark);

				diag_error(d, EXIT_INPUT, &l,
				    "a file holds one YAML document; found a second one");
				p.failed = 1;
				yaml_event_delete(&ev);
				break;
			}
			yaml_event_delete(&ev);
			if (!next_event(&p, &ev))
				break;
			root = parse_node(&p, &ev, 1);
			yaml_event_delete(&ev);
			if (root == NULL)
				break;
			if (!next_event(&p, &ev))	/* DOCUMENT_END */
				break;
			yaml_event_delete(&ev);
			continue;
		}
		yaml_event_delete(&ev);	/* STREAM_START */
	}
	yaml_parser_delete(&p.parser);
	free(p.stack);
	if (p.failed) {
		arena_free(p.arena);
		return NULL;
	}
	*ok = 1;
	if (root == NULL) {
		arena_free(p.arena);
		return NULL;
	}
	return tree_root(p.arena, root);
}

struct node_builder {
	struct block	*arena;
};

struct node_builder *
node_build_start(size_t len)
{
	struct node_builder *b = xmalloc(sizeof *b);

	arena_start(&b->arena, len);
	return b;
}

struct node *
node_build_scalar(struct node_builder *b, struct loc l, enum scalar_type type,
    const char *text, size_t len, int boolean)
{
	struct node *n = arena_alloc(&b->arena, sizeof *n, 8);
	char *t = arena_alloc(&b->arena, len + 1, 1);

	memset(n, 0, sizeof *n);
	memcpy(t, text, len);
	t[len] = '\0';
	n->kind = NODE_SCALAR;
	n->type = (unsigned char)type;
	n->style = STYLE_BUILT;
	n->loc = l;
	n->text = t;
	n->len = len;
	n->boolean = boolean;
	return n;
}

struct node *
node_build_coll(struct node_builder *b, struct loc l, enum node_kind kind,
    struct node *const *items, size_t n)
{
	struct node *c = arena_alloc(&b->arena, sizeof *c, 8);
	size_t k = kind == NODE_MAP ? 2 * n : n;

	memset(c, 0, sizeof *c);
	c->kind = (unsigned char)kind;
	c->loc = l;
	c->n = n;
	if (k > 0) {
		c->items = arena_alloc(&b->arena, k * sizeof *c->items, 8);
		memcpy(c->items, items, k * sizeof *c->items);
	}
	return c;
}

struct node *
node_build_finish(struct node_builder *b, struct node *root)
{
	struct node *r = tree_root(b->arena, root);

	free(b);
	return r;
}

void
node_build_abandon(struct node_builder *b)
{
	if (b == NULL)
		return;
	arena_free(b->arena);
	free(b);
}

/* The pair index of key in map, or map->n when absent. */
static size_t
key_index(const struct node *map, const char *key)
{
	size_t i, klen = strlen(key);

	for (i = 0; i < map->n; i++) {
		const struct node *k = map->items[2 * i];

		if (k->len == klen && memcmp(k->text, key, klen) == 0)
			break;
	}
	return i;
}

struct node *
node_key(const struct node *map, const char *key)
{
	size_t i = key_index(map, key);

	return i < map->n ? map->items[2 * i] : NULL;
}

struct node *
node_get(const struct node *map, const char *key)
{
	size_t i = key_index(map, key);

	return i < map->n ? map->items[2 * i + 1] : NULL;
}

const char *
node_describe(const struct node *n)
{
	if (n == NULL)
		return "nothing";
	switch (n->kind) {
	case NODE_MAP:
		return "a mapping";
	case NODE_SEQ:
		return "a list";
	default:
		break;
	}
	switch (n->type) {
	case SCALAR_NULL:
		return "null";
	case SCALAR_BOOL:
		return "a boolean";
	case SCALAR_INT:
		return "an integer";
	case SCALAR_FLOAT:
		return "a number";
	default:
		return "a string";
	}
}

int
node_is_str(const struct node *n)
{
	return n != NULL && n->kind == NODE_SCALAR && n->type == SCALAR_STR;
}
