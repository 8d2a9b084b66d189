/*
 * node.h -- a YAML document as a tree of located nodes (load stage).
 *
 * libyaml (pyyaml's C core, https://pyyaml.org/wiki/LibYAML) parses; this
 * module turns its event stream into a tree where every node keeps its
 * file:line:col, resolves plain scalars with the YAML 1.2 core schema
 * (YAML 1.2.2 spec, section 10.3.2, "Tag Resolution"), and rejects what a
 * migration file never needs and could be abused: anchors, aliases, tags,
 * complex keys, several documents, duplicate mapping keys (libyaml accepts
 * them) and nesting deeper than NODE_MAX_DEPTH.
 */
#ifndef MIGSQL_NODE_H
#define MIGSQL_NODE_H

#include <stddef.h>

#include "migsql/diag.h"

#define NODE_MAX_DEPTH 64

enum node_kind { NODE_SCALAR, NODE_SEQ, NODE_MAP };

/* The core-schema type of a scalar.  Quoted scalars are always strings. */
enum scalar_type { SCALAR_STR, SCALAR_NULL, SCALAR_BOOL, SCALAR_INT, SCALAR_FLOAT };

/* How a scalar was written; used to place columns inside scalars. */
enum scalar_style { STYLE_PLAIN, STYLE_SINGLE, STYLE_DOUBLE, STYLE_LITERAL, STYLE_FOLDED,
	STYLE_BUILT	/* not read from YAML (a Python revision's value):
			   nodepos cannot point inside it */ };

/*
 * One node, 56 bytes on LP64 (the small fields are bytes: a chain of
 * 10,000 revisions has two million nodes).  Nodes, texts and item arrays
 * live in their tree's arena (see node_free).
 */
struct node {
	struct loc		 loc;	/* where the node starts */
	/* NODE_SCALAR */
	char			*text;	/* the value, NUL-terminated */
	size_t			 len;	/* bytes, excluding the NUL */
	/* NODE_SEQ: n items.  NODE_MAP: n pairs, key i at items[2*i] and its
	 * value at items[2*i+1]; keys are scalars. */
	struct node		**items;
	size_t			 n;
	int			 boolean; /* the value of a SCALAR_BOOL */
	unsigned char		 kind;	/* enum node_kind */
	unsigned char		 type;	/* enum scalar_type */
	unsigned char		 style;	/* enum scalar_style */
};

/*
 * Parses buf (len bytes) as one YAML document.  file is used for locations
 * and must outlive the tree.  On success returns the root (NULL when the
 * stream holds no document at all, e.g. an empty file) and sets *ok = 1.
 * On error appends diagnostics (EXIT_INPUT) to d, frees what it built,
 * sets *ok = 0 and returns NULL.  The caller frees the tree with node_free().
 */
struct node *node_parse(const char *file, const char *buf, size_t len,
    struct diags *d, int *ok);

/* Frees a whole tree, given its root (the node node_parse returned, never
 * one inside it); NULL is ignored. */
void node_free(struct node *n);

/*
 * Building a tree that was not parsed from YAML (pyrev.c builds the
 * document a Python revision file means): nodes come from a builder's
 * arena, and node_build_finish() makes the root one that node_free()
 * frees with everything else the builder made.
 *
 * node_build_start() starts a builder, sized for about len bytes of
 * source.  node_build_scalar() makes a scalar of the given type holding
 * a copy of text (len bytes; a NUL is added) at l, style STYLE_BUILT
 * (for SCALAR_BOOL, boolean is its value).  node_build_coll() makes a
 * NODE_SEQ of n items or a NODE_MAP of n pairs (2n items, key first),
 * copying the items array (not the nodes).  Keys must be string
 * scalars, and unique (node_get finds the first).  node_build_finish()
 * returns the tree's root, to free with node_free(); the builder is
 * then spent.  node_build_abandon() frees a builder and all it made
 * when no tree is wanted (after an error).  All abort on out of memory.
 */
struct node_builder;
struct node_builder *node_build_start(size_t len);
struct node *node_build_scalar(struct node_builder *b, struct loc l,
    enum scalar_type type, const char *text, size_t len, int boolean);
struct node *node_build_coll(struct node_builder *b, struct loc l,
    enum node_kind kind, struct node *const *items, size_t n);
struct node *node_build_finish(struct node_builder *b, struct node *root);
void node_build_abandon(struct node_builder *b);

/* For a map, the value stored under key, or NULL.  Not for other kinds. */
struct node *node_get(const struct node *map, const char *key);
/* For a map, the key node of key, or NULL. */
struct node *node_key(const struct node *map, const char *key);

/* "a mapping", "a list", "a string", "null", "a boolean", ... for messages. */
const char *node_describe(const struct node *n);

/* 1 when n is a scalar of SCALAR_STR type (quoted, or plain and untyped). */
int node_is_str(const struct node *n);

/*
 * Resolves a plain scalar's text to its core-schema type (YAML 1.2 core
 * schema regular expressions, matched with pcre2).  Exposed for tests.
 */
enum scalar_type node_resolve_plain(const char *text, int *boolean);

/* Frees the compiled patterns; call once at exit (for leak checkers). */
void node_cleanup(void);

#endif /* MIGSQL_NODE_H */
