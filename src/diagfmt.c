/* diagfmt.c -- diagnostics as JSON Lines and SARIF 2.1.0 (diagfmt.h). */
#include "config.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/diagfmt.h"
#include "migsql/text.h"
#include "migsql/util.h"

#ifndef PACKAGE_URL		/* a config.h of tests/fuzz/run.sh's own */
#define PACKAGE_URL ""
#endif

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define PROJECTROOT "PROJECTROOT"

/* The rule every diagnostic that is no lint finding is reported under. */
#define CHECK_RULE "check"
#define CHECK_RULE_SHORT "An error or warning of migsql check."
#define CHECK_RULE_HELP "What migsql check found wrong in the chain, a " \
	"revision file, migsql.yaml or a dialect file: a revision that does " \
	"not load or render, an operation the schema model refutes, or SQL " \
	"that PostgreSQL's parser or SQLite's engine refuses. The message " \
	"says what and where; the notes after it say what to do."

int
diag_format_find(const char *name)
{
	if (strcmp(name, "text") == 0)
		return DIAG_FORMAT_TEXT;
	if (strcmp(name, "json") == 0)
		return DIAG_FORMAT_JSON;
	if (strcmp(name, "sarif") == 0)
		return DIAG_FORMAT_SARIF;
	return -1;
}

/*
 * s as a JSON string, written as the text form writes it (text_escape()):
 * always valid UTF-8, so Jansson takes it.
 */
static json_t *
jstr(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	text_escape(s, strlen(s), 0, &sb);	/* all of s, escaped */
	j = json_string(strbuf_str(&sb));
	strbuf_free(&sb);
	if (j == NULL)		/* text_escape() leaves no bad UTF-8 */
		abort();
	return j;
}

static json_t *
jstr_or_null(const char *s)
{
	return s != NULL ? jstr(s) : json_null();
}

/* SARIF's level and the JSON severity of sev (3.27.10). */
static const char *
level(enum severity sev)
{
	return sev == SEV_ERROR ? "error" : sev == SEV_WARNING ? "warning" :
	    "note";
}

/* 1 when x is reported on its own: an error, a warning, a lone note. */
static int
is_finding(const struct diag *x)
{
	return x->severity != SEV_NOTE || x->alone;
}

/* 1 when x is a note about the finding before it. */
static int
is_attached_note(const struct diag *x)
{
	return x->severity == SEV_NOTE && !x->alone;
}

/*
 * The notes that follow item i of d (up to the next finding), each
 * escaped as jstr() does, joined by "\n" into sb; returns the index after
 * them.
 */
static size_t
notes_of(const struct diags *d, size_t i, struct strbuf *sb)
{
	strbuf_reset(sb);
	for (i++; i < d->len && is_attached_note(&d->items[i]); i++) {
		const char *m = d->items[i].message;

		if (sb->len > 0)
			strbuf_addc(sb, '\n');
		text_escape(m, strlen(m), 0, sb);
	}
	return i;
}

/* Dumps j to fp with flags and a line break; frees j.  0 or -1. */
static int
dump_line(json_t *j, size_t flags, FILE *fp)
{
	int rc = json_dumpf(j, fp, flags);

	json_decref(j);
	if (rc != 0 || fputc('\n', fp) == EOF)
		return -1;
	return 0;
}

static json_t *
json_finding(const struct diag *x, const struct strbuf *notes)
{
	json_t *o = json_object();

	json_object_set_new(o, "file", jstr_or_null(x->loc.file));
	json_object_set_new(o, "line", x->loc.file && x->loc.line ?
	    json_integer(x->loc.line) : json_null());
	json_object_set_new(o, "column", x->loc.file && x->loc.line &&
	    x->loc.col ? json_integer(x->loc.col) : json_null());
	json_object_set_new(o, "severity", json_string(level(x->severity)));
	json_object_set_new(o, "rule", jstr_or_null(x->rule));
	json_object_set_new(o, "dialect", jstr_or_null(x->dialect));
	json_object_set_new(o, "message", jstr(x->message));
	json_object_set_new(o, "note", notes->len ? json_string(notes->buf) :
	    json_null());
	json_object_set_new(o, "ignored", json_boolean(x->suppressed != NULL));
	json_object_set_new(o, "reason", jstr_or_null(x->suppressed));
	return o;
}

int
diags_write_json(const struct diags *d, FILE *fp)
{
	struct strbuf notes = STRBUF_INIT;
	size_t i = 0, next;
	int rc = 0;

	while (i < d->len) {
		const struct diag *x = &d->items[i];

		next = notes_of(d, i, &notes);
		if (is_finding(x) && rc == 0)
			rc = dump_line(json_finding(x, &notes), JSON_COMPACT,
			    fp);
		i = next;
	}
	strbuf_free(&notes);
	return rc;
}

/* Appends path to sb as a URI path, RFC 3986: unreserved and '/' as
 * they are, every other byte percent-encoded. */
static void
uri_path(struct strbuf *sb, const char *path)
{
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p) != NULL)
			strbuf_addc(sb, (char)*p);
		else
			strbuf_addf(sb, "%%%02X", *p);
	}
}

char *
diagfmt_dir_uri(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;
	char *real = realpath(dir, NULL);

	if (real == NULL)
		return NULL;
	strbuf_adds(&sb, "file://");
	uri_path(&sb, real);
	if (sb.len == 0 || sb.buf[sb.len - 1] != '/')
		strbuf_addc(&sb, '/');
	free(real);
	return strbuf_detach(&sb);
}

/* The first sentence of text (up to ". " or the end), for a rule's
 * shortDescription; the whole text when it has one sentence. */
static json_t *
first_sentence(const char *text)
{
	const char *p = strstr(text, ". ");
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	if (p == NULL)
		return jstr(text);
	strbuf_addn(&sb, text, (size_t)(p - text) + 1);
	j = jstr(sb.buf);
	strbuf_free(&sb);
	return j;
}

static json_t *
message(const char *text)
{
	json_t *m = json_object();

	json_object_set_new(m, "text", jstr(text));
	return m;
}

static json_t *
rule_descriptor(const char *id, const char *shorttext, json_t *shortdesc,
    const char *help, const char *lvl)
{
	json_t *r = json_object(), *cfg = json_object();

	json_object_set_new(r, "id", json_string(id));
	json_object_set_new(r, "shortDescription", shortdesc != NULL ?
	    json_pack("{s:o}", "text", shortdesc) : message(shorttext));
	json_object_set_new(r, "help", message(help));
	json_object_set_new(cfg, "level", json_string(lvl));
	json_object_set_new(r, "defaultConfiguration", cfg);
	return r;
}

/*
 * The rules of run: "check", then each lint rule the dialect turns on;
 * index[rule] is its ruleIndex (-1: not on).
 */
static json_t *
run_rules(const struct diagfmt_run *run, int index[LINT_COUNT])
{
	json_t *rules = json_array();
	int i, n = 1;

	json_array_append_new(rules, rule_descriptor(CHECK_RULE,
	    CHECK_RULE_SHORT, NULL, CHECK_RULE_HELP, "error"));
	for (i = 0; i < LINT_COUNT; i++) {
		const struct lint_text *t = &run->lint[i];

		index[i] = -1;
		if (!run->loaded || !t->on)
			continue;
		json_array_append_new(rules, rule_descriptor(lint_codes[i],
		    NULL, first_sentence(t->text), t->text, t->error ?
		    "error" : "warning"));
		index[i] = n++;
	}
	return rules;
}

/* A location object for loc (a message of its own when text is not
 * NULL), or NULL when loc has no file and there is no text. */
static json_t *
location(const struct loc *loc, const char *text)
{
	json_t *l, *art, *phys, *region;
	struct strbuf uri = STRBUF_INIT;

	if (loc->file == NULL && text == NULL)
		return NULL;
	l = json_object();
	if (loc->file != NULL) {
		art = json_object();
		uri_path(&uri, loc->file);
		if (loc->file[0] == '/') {
			strbuf_reset(&uri);
			strbuf_adds(&uri, "file://");
			uri_path(&uri, loc->file);
			json_object_set_new(art, "uri", json_string(uri.buf));
		} else {
			json_object_set_new(art, "uri", json_string(uri.buf));
			json_object_set_new(art, "uriBaseId",
			    json_string(PROJECTROOT));
		}
		phys = json_object();
		json_object_set_new(phys, "artifactLocation", art);
		if (loc->line > 0) {
			region = json_object();
			json_object_set_new(region, "startLine",
			    json_integer(loc->line));
			if (loc->col > 0)
				json_object_set_new(region, "startColumn",
				    json_integer(loc->col));
			json_object_set_new(phys, "region", region);
		}
		json_object_set_new(l, "physicalLocation", phys);
	}
	if (text != NULL)
		json_object_set_new(l, "message", message(text));
	strbuf_free(&uri);
	return l;
}

/*
 * The result for item i of d (an error or warning), its notes (but a
 * lint finding's explanation, which is its rule's help) as related
 * locations.
 */
static json_t *
result(const struct diags *d, size_t i, const int index[LINT_COUNT],
    const struct diagfmt_run *run)
{
	const struct diag *x = &d->items[i];
	json_t *r = json_object(), *rel = json_array(), *l;
	int rule = x->rule ? lint_rule_find(x->rule) : -1;
	size_t k, id = 0;

	json_object_set_new(r, "ruleId", json_string(rule >= 0 ? x->rule :
	    CHECK_RULE));
	if (rule < 0)
		json_object_set_new(r, "ruleIndex", json_integer(0));
	else if (index[rule] >= 0)
		json_object_set_new(r, "ruleIndex", json_integer(index[rule]));
	json_object_set_new(r, "level", json_string(level(x->severity)));
	json_object_set_new(r, "message", message(x->message));
	if ((l = location(&x->loc, NULL)) != NULL)
		json_object_set_new(r, "locations", json_pack("[o]", l));
	for (k = i + 1; k < d->len && is_attached_note(&d->items[k]); k++) {
		const struct diag *n = &d->items[k];

		if (rule >= 0 && run->loaded &&
		    strcmp(n->message, run->lint[rule].text) == 0)
			continue;
		l = location(&n->loc, n->message);
		json_object_set_new(l, "id", json_integer((json_int_t)id++));
		json_array_append_new(rel, l);
	}
	if (json_array_size(rel) > 0)
		json_object_set_new(r, "relatedLocations", rel);
	else
		json_decref(rel);
	if (x->suppressed != NULL)
		json_object_set_new(r, "suppressions", json_pack("[{s:s,s:o}]",
		    "kind", x->external ? "external" : "inSource",
		    "justification", jstr(x->suppressed)));
	return r;
}

/* The run for runs[k]: the diagnostics of its dialect (and, for the first
 * run, those of none or of a dialect no run has). */
static json_t *
sarif_run(const struct diags *d, const struct diagfmt_run *runs,
    size_t nruns, size_t k, const char *project_uri)
{
	json_t *run = json_object(), *driver = json_object(), *results;
	struct strbuf id = STRBUF_INIT;
	int index[LINT_COUNT];
	size_t i, j;

	json_object_set_new(driver, "name", json_string("migsql"));
	json_object_set_new(driver, "version", json_string(PACKAGE_VERSION));
	if (PACKAGE_URL[0] != '\0')
		json_object_set_new(driver, "informationUri",
		    json_string(PACKAGE_URL));
	json_object_set_new(driver, "rules", run_rules(&runs[k], index));
	json_object_set_new(run, "tool", json_pack("{s:o}", "driver",
	    driver));
	/* A category per dialect, as code-scanning services group runs. */
	strbuf_adds(&id, "migsql/");
	strbuf_adds(&id, runs[k].dialect);
	strbuf_adds(&id, "/");
	json_object_set_new(run, "automationDetails", json_pack("{s:o}", "id",
	    jstr(id.buf)));
	json_object_set_new(run, "originalUriBaseIds", json_pack("{s:{s:s}}",
	    PROJECTROOT, "uri", project_uri));
	json_object_set_new(run, "columnKind",
	    json_string("unicodeCodePoints"));
	results = json_array();
	for (i = 0; i < d->len; i++) {
		const struct diag *x = &d->items[i];
		size_t mine = 0;

		if (!is_finding(x))
			continue;
		for (j = 0; j < nruns; j++)
			if (x->dialect != NULL &&
			    strcmp(x->dialect, runs[j].dialect) == 0)
				break;
		mine = j < nruns ? j : 0;
		if (mine == k)
			json_array_append_new(results, result(d, i, index,
			    &runs[k]));
	}
	json_object_set_new(run, "results", results);
	strbuf_free(&id);
	return run;
}

int
diags_write_sarif(const struct diags *d, const struct diagfmt_run *runs,
    size_t nruns, const char *project_uri, FILE *fp)
{
	json_t *log = json_object(), *arr = json_array();
	size_t k;

	json_object_set_new(log, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(log, "version", json_string("2.1.0"));
	for (k = 0; k < nruns; k++)
		json_array_append_new(arr, sarif_run(d, runs, nruns, k,
		    project_uri));
	json_object_set_new(log, "runs", arr);
	return dump_line(log, JSON_INDENT(2), fp);
}
