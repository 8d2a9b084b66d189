/*
 * yamlout.h -- writing YAML through libyaml's emitter (yaml.h,
 * yaml_emitter_t), for the files migsql writes: the bundle manifest
 * (bundle.c) and new revision files (newrev.c).
 *
 * A document is written as a series of calls between yout_begin() and
 * yout_end(): yout_map_start()/yout_map_end() and yout_seq_start()/
 * yout_seq_end() around the items, and scalars through yout_str() (a
 * string) or yout_typed() (null, a number).  Each call hands libyaml one
 * event; libyaml picks the layout (indentation, quoting and escapes) and
 * checks that the events make a well-formed document.
 *
 * Errors are sticky, as with stdio's ferror: the first failure clears
 * y->ok and sets y->problem, every later call does nothing, and
 * yout_end() reports the outcome, so a caller checks once at the end.
 * What fails: a string that is not valid UTF-8 (libyaml checks strings
 * when it makes their event, yaml_scalar_event_initialize; the emitter
 * itself, yaml_emitter_emit, does no such check, so strings are never
 * handed to it unchecked), events out of order (a bug in the caller), and
 * libyaml running out of memory.
 *
 * libyaml's checks are of the encoding only: it accepts UTF-8 encodings of
 * the surrogates U+D800 to U+DFFF and of values past U+10FFFF, and writes
 * them as \u and \U escapes that its own parser then refuses.  A caller
 * writing text from outside (a command line) checks it first (newrev.c
 * check_message).
 */
#ifndef MIGSQL_YAMLOUT_H
#define MIGSQL_YAMLOUT_H

#include <stddef.h>
#include <yaml.h>

#include "migsql/node.h"
#include "migsql/util.h"

/*
 * One YAML document being written.  The caller allocates it (on the stack
 * is fine), passes it to yout_begin(), and must call yout_end() on it once
 * whatever happened in between, which releases what libyaml allocated.
 * The fields are for this module; a caller reads only ok and problem.
 */
struct yout {
	yaml_emitter_t	 em;	/* libyaml's emitter, writing to out */
	struct strbuf	*out;	/* the text goes here; not owned */
	int		 ok;	/* 1 until the first failure */
	const char	*problem; /* what failed first (static), or NULL */
};

/*
 * Starts a YAML document that is appended to out (which the caller owns
 * and may have written to already, e.g. with comment lines; it must stay
 * valid until yout_end()).  The text is UTF-8 and written as it is (not
 * escaped) where YAML allows, lines are never folded, and the document
 * has no "---" or "..." markers.  Returns y->ok: 0 when libyaml could not
 * start (out of memory); the caller still calls yout_end().
 */
int yout_begin(struct yout *y, struct strbuf *out);

/*
 * Ends the document started by yout_begin(): closes it, flushes the
 * emitter's buffer into out and frees the emitter.  Every map and
 * sequence must have been closed.  Returns 1 when the whole document was
 * written; 0 after any failure since yout_begin(), with y->problem saying
 * what failed first.  After 0 out holds a partial document that must not
 * be used.  y may not be used again without another yout_begin().
 */
int yout_end(struct yout *y);

/*
 * Writes the string s (NUL-terminated UTF-8; libyaml copies it, so it need
 * only live during the call) so that it loads back as that string: plain
 * when it is not empty and the YAML 1.2 core schema resolves it as plain
 * text to a string (node_resolve_plain(), so "null", "true", "12" and
 * "1e5" are quoted), else double-quoted.  libyaml still quotes a string
 * that plain style cannot hold: in single quotes ("'a: b'", "' x'", a
 * line break as an empty line), or in double quotes where single quotes
 * cannot hold it either (a tab, a control character, a space next to a
 * line break).  In double quotes it escapes what YAML cannot show as is
 * (control characters, YAML's own line breaks, the BOM, characters outside
 * the Basic Multilingual Plane, as \U0001F600).  A string that is not
 * valid UTF-8 is a failure.
 */
void yout_str(struct yout *y, const char *s);

/*
 * Writes s as a plain scalar that is not a string: "null", or a number
 * (the caller makes sure s reads back as the type meant; libyaml does not
 * check).  s need only live during the call.
 */
void yout_typed(struct yout *y, const char *s);

/*
 * Starts a mapping, in flow style ("{a: 1, b: 2}") when flow is not 0,
 * else in block style (one "key: value" per line).  The items that follow
 * alternate key, value; yout_map_end() closes it.
 */
void yout_map_start(struct yout *y, int flow);

/* Closes the innermost mapping opened by yout_map_start(). */
void yout_map_end(struct yout *y);

/*
 * Starts a sequence, in flow style ("[a, b]") when flow is not 0, else in
 * block style (one "- item" per line); yout_seq_end() closes it.
 */
void yout_seq_start(struct yout *y, int flow);

/* Closes the innermost sequence opened by yout_seq_start(). */
void yout_seq_end(struct yout *y);

/*
 * Writes one key of a mapping and its value: key and value as by
 * yout_str(), or null when value is NULL.
 */
void yout_kv(struct yout *y, const char *key, const char *value);

/*
 * Writes one key of a mapping (as by yout_str()) and as its value a flow
 * sequence of the n strings at v, each as by yout_str(): "key: [a, b]",
 * or "key: []" when n is 0 (v may then be NULL).
 */
void yout_list(struct yout *y, const char *key, const char *const *v,
    size_t n);

/*
 * Writes the located tree n (node.h) so that it loads back as the same
 * tree: strings by yout_str(), null, booleans and numbers as plain
 * scalars with the text they hold ("true"/"false" for a boolean).
 * Mappings and sequences are in block style but for small ones of
 * scalars only (at most 6 items, none longer than 40 bytes), which are in
 * flow style, as a person writes {name: id, type: integer}.
 */
void yout_node(struct yout *y, const struct node *n);

#endif /* MIGSQL_YAMLOUT_H */
