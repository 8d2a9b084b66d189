/*
 * yamlout.c -- writing YAML through libyaml's emitter (yamlout.h).
 */
#include "config.h"

#include <string.h>
#include <yaml.h>

#include "migsql/node.h"
#include "migsql/util.h"
#include "migsql/yamlout.h"

/* libyaml's write handler: appends size bytes of buf to the strbuf. */
static int
yout_write(void *data, unsigned char *buf, size_t size)
{
	strbuf_addn(data, (const char *)buf, size);
	return 1;
}

/* Records the first failure: clears y->ok, keeps the first problem. */
static void
yout_fail(struct yout *y, const char *problem)
{
	if (y->ok)
		y->problem = problem;
	y->ok = 0;
}

/*
 * Hands the initialized event ev to the emitter, which then owns it (and
 * frees it, even when yaml_emitter_emit fails), or frees it here after an
 * earlier failure.
 */
static void
yout_event(struct yout *y, yaml_event_t *ev)
{
	if (!y->ok) {
		yaml_event_delete(ev);
		return;
	}
	if (!yaml_emitter_emit(&y->em, ev))
		yout_fail(y, y->em.error == YAML_MEMORY_ERROR ? "libyaml is "
		    "out of memory" : y->em.problem != NULL ? y->em.problem :
		    "libyaml's emitter failed");
}

/*
 * Makes a scalar event for the n bytes at s and emits it.  libyaml refuses
 * (returns 0 for) a string that is not valid UTF-8, and fails when out of
 * memory; the event is then not initialized and is not emitted.
 */
static void
yout_scalar(struct yout *y, const char *s, int plain_implicit,
    int quoted_implicit, yaml_scalar_style_t style)
{
	yaml_event_t ev;

	if (!y->ok)
		return;
	if (!yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s,
	    (int)strlen(s), plain_implicit, quoted_implicit, style)) {
		yout_fail(y, "a string is not valid UTF-8 (or libyaml is out "
		    "of memory)");
		return;
	}
	yout_event(y, &ev);
}

int
yout_begin(struct yout *y, struct strbuf *out)
{
	yaml_event_t ev;

	memset(y, 0, sizeof *y);
	y->out = out;
	y->ok = 1;
	if (!yaml_emitter_initialize(&y->em)) {
		yout_fail(y, "libyaml is out of memory");
		return 0;
	}
	yaml_emitter_set_output(&y->em, yout_write, out);
	yaml_emitter_set_unicode(&y->em, 1);
	yaml_emitter_set_width(&y->em, -1);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	yout_event(y, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	yout_event(y, &ev);
	return y->ok;
}

int
yout_end(struct yout *y)
{
	yaml_event_t ev;

	if (y->ok) {
		yaml_document_end_event_initialize(&ev, 1);
		yout_event(y, &ev);
		yaml_stream_end_event_initialize(&ev);
		yout_event(y, &ev);
	}
	yaml_emitter_delete(&y->em);
	return y->ok;
}

void
yout_str(struct yout *y, const char *s)
{
	int b, plain = *s != '\0' && node_resolve_plain(s, &b) == SCALAR_STR;

	yout_scalar(y, s, plain, 1, plain ? YAML_ANY_SCALAR_STYLE :
	    YAML_DOUBLE_QUOTED_SCALAR_STYLE);
}

void
yout_typed(struct yout *y, const char *s)
{
	yout_scalar(y, s, 1, 0, YAML_PLAIN_SCALAR_STYLE);
}

void
yout_map_start(struct yout *y, int flow)
{
	yaml_event_t ev;

	if (!y->ok)
		return;
	if (yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, flow ?
	    YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE))
		yout_event(y, &ev);
	else
		yout_fail(y, "libyaml is out of memory");
}

void
yout_map_end(struct yout *y)
{
	yaml_event_t ev;

	if (!y->ok)
		return;
	yaml_mapping_end_event_initialize(&ev);
	yout_event(y, &ev);
}

void
yout_seq_start(struct yout *y, int flow)
{
	yaml_event_t ev;

	if (!y->ok)
		return;
	if (yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, flow ?
	    YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE))
		yout_event(y, &ev);
	else
		yout_fail(y, "libyaml is out of memory");
}

void
yout_seq_end(struct yout *y)
{
	yaml_event_t ev;

	if (!y->ok)
		return;
	yaml_sequence_end_event_initialize(&ev);
	yout_event(y, &ev);
}

void
yout_kv(struct yout *y, const char *key, const char *value)
{
	yout_str(y, key);
	if (value != NULL)
		yout_str(y, value);
	else
		yout_typed(y, "null");
}

void
yout_list(struct yout *y, const char *key, const char *const *v, size_t n)
{
	size_t i;

	yout_str(y, key);
	yout_seq_start(y, 1);
	for (i = 0; i < n; i++)
		yout_str(y, v[i]);
	yout_seq_end(y);
}

/* 1 when every item of n is a short scalar and there are few. */
static int
flow_fits(const struct node *n)
{
	size_t i, k = n->kind == NODE_MAP ? 2 * n->n : n->n;

	if (n->n > 6)
		return 0;
	for (i = 0; i < k; i++)
		if (n->items[i]->kind != NODE_SCALAR ||
		    n->items[i]->len > 40 ||
		    memchr(n->items[i]->text, '\n', n->items[i]->len) != NULL)
			return 0;
	return 1;
}

void
yout_node(struct yout *y, const struct node *n)
{
	size_t i;

	if (n->kind == NODE_SCALAR) {
		if (n->type == SCALAR_STR)
			yout_str(y, n->text);
		else if (n->type == SCALAR_NULL)
			yout_typed(y, "null");
		else if (n->type == SCALAR_BOOL)
			yout_typed(y, n->boolean ? "true" : "false");
		else
			yout_typed(y, n->text);
		return;
	}
	if (n->kind == NODE_MAP) {
		yout_map_start(y, flow_fits(n));
		for (i = 0; i < 2 * n->n; i++)
			yout_node(y, n->items[i]);
		yout_map_end(y);
		return;
	}
	yout_seq_start(y, flow_fits(n));
	for (i = 0; i < n->n; i++)
		yout_node(y, n->items[i]);
	yout_seq_end(y);
}
