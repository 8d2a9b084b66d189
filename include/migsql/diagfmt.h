/*
 * diagfmt.h -- diagnostics in the forms CI systems and editors read:
 * JSON Lines and SARIF 2.1.0 (`migsql check|lint --format=json|sarif`).
 *
 * Both are written with Jansson, so that every string is escaped as JSON
 * requires; file names and messages first go through text_escape(), as
 * the text form's do, so a byte that is not UTF-8 or a bidirectional
 * control in a name shows as itself (\xHH, \uXXXX) and never reaches a
 * code-scanning page as a control.  Lines and columns are 1-based, columns
 * counted in characters (libyaml's marks), as SARIF's columnKind
 * "unicodeCodePoints" says.
 *
 * Sources: SARIF 2.1.0 (OASIS Standard, 27 March 2020), sections 3.13
 * (sarifLog), 3.14 (run), 3.19 (toolComponent), 3.27 (result), 3.28
 * (location), 3.30 (region), 3.34 (suppression), 3.49 (reportingDescriptor);
 * JSON Lines (jsonlines.org): one JSON value per line, UTF-8, "\n" after
 * each.
 */
#ifndef MIGSQL_DIAGFMT_H
#define MIGSQL_DIAGFMT_H

#include <stddef.h>
#include <stdio.h>

#include "migsql/diag.h"
#include "migsql/lint.h"

/* The forms of `--format`. */
enum diag_format { DIAG_FORMAT_TEXT, DIAG_FORMAT_JSON, DIAG_FORMAT_SARIF };

/* The form called name ("text", "json", "sarif"), or -1. */
int diag_format_find(const char *name);

/*
 * What one dialect's pass of `check` knew about the lint rules, for
 * SARIF's rules: the dialect's name and its lint: section (lint[i].text
 * borrowed, as the caller keeps it).  A dialect that did not load has
 * loaded = 0 and no rules.
 */
struct diagfmt_run {
	const char		*dialect;
	int			 loaded;
	struct lint_text	 lint[LINT_COUNT];
};

/*
 * Writes every error and warning of d, ignored findings included, as JSON
 * Lines to fp: one object per finding with the keys file, line, column
 * (null when unknown), severity ("error", "warning"), rule (the lint code,
 * or null for any other diagnostic), dialect (the dialect whose pass found
 * it, or null), message, note (the notes that follow it, joined by "\n",
 * or null), ignored (true for a finding suppressed where it is written)
 * and reason (why, or null).  Returns 0, or -1 when writing failed.
 */
int diags_write_json(const struct diags *d, FILE *fp);

/*
 * Writes d as one SARIF 2.1.0 log to fp: one run per element of runs (in
 * order), each with the tool (migsql, its version, the rules that
 * dialect's lint: section turns on, with its severity and explanation as
 * help, and the rule "check" for every other diagnostic), the results
 * whose dialect is that run's (a diagnostic without one goes to the first
 * run), each with its level, message, physical location, notes as related
 * locations, and for an ignored finding a suppression with the reason as
 * justification, of kind "inSource" (lint: {ignore, reason}) or
 * "external" (a released revision: check --since, --against).  A file name that is relative is
 * relative to the project directory: its artifactLocation has uriBaseId
 * "PROJECTROOT", which originalUriBaseIds maps to project_uri (a file:
 * URI ending in '/', from diagfmt_dir_uri()).  Returns 0, or -1 when
 * writing failed.
 */
int diags_write_sarif(const struct diags *d, const struct diagfmt_run *runs,
    size_t nruns, const char *project_uri, FILE *fp);

/*
 * The file: URI of directory dir (resolved with realpath(3)), ending in
 * '/', every byte outside RFC 3986's unreserved characters and '/'
 * percent-encoded; malloc'ed, the caller frees.  NULL when dir cannot be
 * resolved (errno set).
 */
char *diagfmt_dir_uri(const char *dir);

#endif /* MIGSQL_DIAGFMT_H */
