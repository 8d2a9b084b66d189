/*
 * diag.h -- source locations and the diagnostics every stage collects.
 *
 * Stages never print: they append to a struct diags and go on, so that one
 * run reports every error of a pass (as jq's compiler does).  main() prints
 * the list in GNU style, "file:line:col: error: message", and picks the exit
 * code.  Lines and columns are 1-based here (libyaml's marks are 0-based;
 * the loader adds 1).
 */
#ifndef MIGSQL_DIAG_H
#define MIGSQL_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Exit codes, DESIGN.md "Diagnostics and exit codes". */
enum {
	EXIT_OK = 0,
	EXIT_INPUT = 1,		/* chain, revision, project or dialect file */
	EXIT_USAGE = 2,		/* command line */
	EXIT_RANGE = 3		/* a range or revision address cannot be resolved */
};

/*
 * A place in an input file.  file points to a string owned by whoever
 * loaded the file (it lives as long as the loaded IR); line and col are
 * 1-based, 0 when unknown (then only the file, or nothing, is printed).
 */
struct loc {
	const char	*file;
	unsigned	 line;
	unsigned	 col;
};

enum severity { SEV_ERROR, SEV_WARNING, SEV_NOTE };

/*
 * One diagnostic.  A lint finding also carries its rule's code and the
 * dialect whose rules found it; the text form prints them before the
 * message as "[DIALECT] CODE: ".  An ignored finding (suppressed where it
 * is written, lint.h) is kept only for the machine-readable forms
 * (diagfmt.h): it is not printed as text and not counted as an error.
 */
struct diag {
	struct loc	 loc;		/* loc.file is a copy owned here */
	enum severity	 severity;
	char		*message;	/* owned */
	const char	*rule;		/* a lint_codes[] string, or NULL */
	char		*dialect;	/* owned copy, or NULL */
	char		*suppressed;	/* owned: why it is ignored; or NULL */
	int		 external;	/* ignored by the command line (a
					   released revision), not in the
					   source */
	int		 alone;		/* a note about no diagnostic before it */
};

/* The diagnostics of a run, in the order they were found. */
struct diags {
	struct diag	*items;
	size_t		 len;
	size_t		 cap;
	size_t		 errors;	/* how many have SEV_ERROR */
	int		 exit_code;	/* the code of the first error's class */
};

void diags_init(struct diags *d);
/* Frees every message and the array. */
void diags_free(struct diags *d);
/*
 * Moves every diagnostic of from to the end of to, in order, as if each
 * had been added to to: the error count adds up and to's exit code is set
 * by its first error.  from is left empty (initialised).  For stages that
 * collect per input (one parse per thread) and report in input order.
 */
void diags_move(struct diags *to, struct diags *from);

/*
 * Appends a diagnostic at loc (which may be NULL for none).  For an error,
 * code is the exit code this error calls for (EXIT_INPUT, EXIT_RANGE, ...);
 * the first error's code becomes d->exit_code.  The message is formatted
 * with printf rules; quote user text with '%s' inside single quotes.
 */
void diag_error(struct diags *d, int code, const struct loc *loc,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* diag_error() for callers that wrap it with their own variadic helper. */
void diag_verror(struct diags *d, int code, const struct loc *loc,
    const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
void diag_warning(struct diags *d, const struct loc *loc,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void diag_note(struct diags *d, const struct loc *loc,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/*
 * A note of its own, about no error or warning before it (diag_note()'s
 * are about the one before them): JSON and SARIF give it a line and a
 * result of its own, and check says it once, not once per dialect.
 */
void diag_note_alone(struct diags *d, const struct loc *loc,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Appends a lint finding of rule (a static code string) found by dialect
 * (copied) at loc: sev is SEV_ERROR or SEV_WARNING.  With suppressed
 * non-NULL (the reason given where it is ignored, copied), the finding is
 * kept for diagfmt.h's forms but neither printed by diags_print() nor
 * counted in d->errors.  An error's code is EXIT_INPUT.
 */
void diag_finding(struct diags *d, enum severity sev, const struct loc *loc,
    const char *dialect, const char *rule, const char *suppressed,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/*
 * Appends a copy of x to d, every field copied, with suffix (NULL: none)
 * after the message; an error counts with exit code code.  For passes
 * that collect in a scratch list and then keep what is new.
 */
void diag_copy(struct diags *d, const struct diag *x, int code,
    const char *suffix);

/*
 * Sets the dialect of every diagnostic of d from index from on that has
 * none to a copy of dialect: `check` runs once per dialect and says which
 * run found what.
 */
void diags_set_dialect(struct diags *d, size_t from, const char *dialect);

/*
 * Prints every diagnostic to fp as "file:line:col: severity: message",
 * or "migsql: severity: message" when the location has no file, one line
 * each: file names and messages go through diag_fputs().  A lint finding's
 * message starts with "[DIALECT] CODE: ".  Ignored findings, and the notes
 * that follow them, are left out.
 */
void diags_print(const struct diags *d, FILE *fp);

/*
 * Writes s to fp with what a terminal would not show as itself escaped
 * (text_escape(): control characters as \n, \r, \t or \xHH; a byte
 * that is not UTF-8, as from an argument in another encoding, as \xHH;
 * bidirectional controls and other invisible format characters as
 * \uXXXX), so that a name from a revision file or the command line can
 * neither break a diagnostic's one line, nor send an escape sequence to
 * the terminal, nor show it in another order than it is written.
 */
void diag_fputs(const char *s, FILE *fp);

#endif /* MIGSQL_DIAG_H */
