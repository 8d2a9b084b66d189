/*
 * Unit tests for diagfmt.c: what JSON Lines and SARIF say, read back with
 * Jansson's parser (the oracle is the parsed value, not the bytes), for
 * what the CLI golden does not reach: hostile bytes in file names and
 * messages, notes as related locations, absolute paths, a dialect no run
 * has, and the URI of a directory.
 */
#include "config.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "migsql/diagfmt.h"

/* What write() put into a memory stream, parsed: JSON Lines as an array. */
static json_t *
parse_lines(const char *buf)
{
	json_t *all = json_array();
	const char *p = buf, *nl;

	while ((nl = strchr(p, '\n')) != NULL) {
		json_error_t err;
		json_t *v = json_loadb(p, (size_t)(nl - p), 0, &err);

		cr_assert_not_null(v, "line %zu does not parse: %s",
		    json_array_size(all) + 1, err.text);
		json_array_append_new(all, v);
		p = nl + 1;
	}
	cr_assert_eq(*p, '\0', "the output ends without a line break");
	return all;
}

static char *
json_of(const struct diags *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	cr_assert_eq(diags_write_json(d, fp), 0);
	fclose(fp);
	return buf;
}

static json_t *
sarif_of(const struct diags *d, const struct diagfmt_run *runs, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	json_error_t err;
	json_t *v;

	cr_assert_eq(diags_write_sarif(d, runs, n, "file:///p/", fp), 0);
	fclose(fp);
	v = json_loads(buf, 0, &err);
	cr_assert_not_null(v, "the SARIF does not parse: %s", err.text);
	free(buf);
	return v;
}

static const char *
str_at(json_t *o, const char *path)
{
	json_t *v = o;
	char *copy = strdup(path), *save = NULL, *k;

	for (k = strtok_r(copy, ".", &save); k && v; k = strtok_r(NULL, ".",
	    &save))
		v = *k >= '0' && *k <= '9' ? json_array_get(v,
		    (size_t)atoi(k)) : json_object_get(v, k);
	free(copy);
	cr_assert(json_is_string(v), "%s is not a string", path);
	return json_string_value(v);
}

Test(diagfmt, json_escapes_bytes_a_terminal_would_not_show)
{
	struct diags d;
	struct loc l = { "versions/a\xff" "b\xe2\x80\xae.yaml", 3, 7 };
	json_t *all;
	char *buf;

	diags_init(&d);
	diag_error(&d, EXIT_INPUT, &l, "unknown table 't\x1b[31m'");
	diag_note(&d, &l, "first");
	diag_note(&d, NULL, "second\nline");
	diag_warning(&d, NULL, "no place");
	buf = json_of(&d);
	all = parse_lines(buf);
	cr_assert_eq(json_array_size(all), 2, "two findings, not %zu",
	    json_array_size(all));
	/* As the text form shows them: \xHH, \u202E, \x1B; valid UTF-8. */
	cr_assert_str_eq(str_at(all, "0.file"),
	    "versions/a\\xffb\\u202E.yaml");
	cr_assert_str_eq(str_at(all, "0.message"), "unknown table 't\\x1b[31m'");
	cr_assert_str_eq(str_at(all, "0.note"), "first\nsecond\\nline");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(all, 0),
	    "column")), 7);
	cr_assert(json_is_null(json_object_get(json_array_get(all, 1),
	    "file")));
	cr_assert(json_is_null(json_object_get(json_array_get(all, 1),
	    "line")));
	cr_assert_str_eq(str_at(all, "1.severity"), "warning");
	json_decref(all);
	free(buf);
	diags_free(&d);
}

Test(diagfmt, ignored_findings_are_kept_but_not_counted)
{
	struct diags d;
	struct loc l = { "versions/x.yaml", 4, 5 };
	json_t *all;
	char *buf;

	diags_init(&d);
	diag_finding(&d, SEV_ERROR, &l, "postgresql", "drop-table", "gone",
	    "drop_table removes 't'");
	diag_note(&d, &l, "why");
	cr_assert_eq(d.errors, 0, "an ignored error counts");
	buf = json_of(&d);
	all = parse_lines(buf);
	cr_assert_eq(json_array_size(all), 1);
	cr_assert(json_is_true(json_object_get(json_array_get(all, 0),
	    "ignored")));
	cr_assert_str_eq(str_at(all, "0.reason"), "gone");
	cr_assert_str_eq(str_at(all, "0.rule"), "drop-table");
	cr_assert_str_eq(str_at(all, "0.dialect"), "postgresql");
	cr_assert_str_eq(str_at(all, "0.message"), "drop_table removes 't'");
	json_decref(all);
	free(buf);
	diags_free(&d);
}

Test(diagfmt, sarif_runs_rules_locations_and_notes)
{
	struct diags d;
	struct diagfmt_run runs[2];
	struct loc rel = { "versions/a b#1.yaml", 2, 3 };
	struct loc abs = { "/usr/share/migsql/dialects/x.yaml", 9, 0 };
	json_t *log, *r0, *r1, *res;

	memset(runs, 0, sizeof runs);
	runs[0].dialect = "postgresql";
	runs[0].loaded = 1;
	runs[0].lint[LINT_DROP_TABLE] = (struct lint_text){ 1, 1,
	    "Drops rows. Then more." };
	runs[1].dialect = "sqlite";	/* did not load: no lint rules */
	diags_init(&d);
	diag_finding(&d, SEV_ERROR, &rel, "postgresql", "drop-table", NULL,
	    "drop");
	diag_note(&d, &rel, "Drops rows. Then more.");	/* the rule's help */
	diag_error(&d, EXIT_INPUT, &abs, "in the dialect");
	diag_note(&d, &rel, "see here");
	diags_set_dialect(&d, 2, "sqlite");
	diag_warning(&d, NULL, "of no run");
	diags_set_dialect(&d, 4, "mariadb");
	log = sarif_of(&d, runs, 2);
	r0 = json_array_get(json_object_get(log, "runs"), 0);
	r1 = json_array_get(json_object_get(log, "runs"), 1);
	cr_assert_str_eq(str_at(log, "version"), "2.1.0");
	/* Rules: "check", then the dialect's; the short text its first
	   sentence. */
	cr_assert_str_eq(str_at(r0, "tool.driver.rules.1.id"), "drop-table");
	cr_assert_str_eq(str_at(r0, "tool.driver.rules.1.shortDescription.text"),
	    "Drops rows.");
	cr_assert_str_eq(str_at(r0, "tool.driver.rules.1.help.text"),
	    "Drops rows. Then more.");
	cr_assert_eq(json_array_size(json_object_get(json_object_get(
	    json_object_get(r1, "tool"), "driver"), "rules")), 1);
	/* Run 0: the lint finding and the warning of a dialect no run has. */
	res = json_object_get(r0, "results");
	cr_assert_eq(json_array_size(res), 2);
	cr_assert_str_eq(str_at(res, "0.ruleId"), "drop-table");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(res, 0),
	    "ruleIndex")), 1);
	cr_assert_str_eq(str_at(res,
	    "0.locations.0.physicalLocation.artifactLocation.uri"),
	    "versions/a%20b%231.yaml");
	cr_assert_null(json_object_get(json_array_get(res, 0),
	    "relatedLocations"), "the rule's help repeated as a note");
	cr_assert_null(json_object_get(json_array_get(res, 1), "locations"));
	/* Run 1: an absolute path is a file: URI; its note a related
	   location. */
	res = json_object_get(r1, "results");
	cr_assert_eq(json_array_size(res), 1);
	cr_assert_str_eq(str_at(res,
	    "0.locations.0.physicalLocation.artifactLocation.uri"),
	    "file:///usr/share/migsql/dialects/x.yaml");
	cr_assert_null(json_object_get(json_object_get(json_object_get(
	    json_array_get(json_object_get(json_array_get(res, 0),
	    "locations"), 0), "physicalLocation"), "artifactLocation"),
	    "uriBaseId"));
	cr_assert_str_eq(str_at(res, "0.relatedLocations.0.message.text"),
	    "see here");
	cr_assert_str_eq(str_at(r1, "originalUriBaseIds.PROJECTROOT.uri"),
	    "file:///p/");
	json_decref(log);
	diags_free(&d);
}

Test(diagfmt, a_directory_uri_is_absolute_and_percent_encoded)
{
	char *uri = diagfmt_dir_uri("/");

	cr_assert_str_eq(uri, "file:///");
	free(uri);
	cr_assert_null(diagfmt_dir_uri("/no/such/dir/at/all"));
	cr_assert_eq(diag_format_find("sarif"), DIAG_FORMAT_SARIF);
	cr_assert_eq(diag_format_find("SARIF"), -1);
}
