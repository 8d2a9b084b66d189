/*
 * text.h -- text as people read it: what a terminal or an editor would
 * not show, or would show in another order than the bytes run.
 */
#ifndef MIGSQL_TEXT_H
#define MIGSQL_TEXT_H

#include <stddef.h>

#include "migsql/util.h"

/* Flags of text_escape(). */
enum {
	TEXT_KEEP_TAB = 1,	/* a tab stays a tab (comments) */
	TEXT_KEEP_NEWLINE = 2	/* LF and CR stay (the caller splits lines) */
};

/*
 * Appends the n bytes of s to out with every character a reader cannot
 * see, or could misread, escaped:
 *  - C0 controls and DEL as \n, \r, \t or \xHH (a tab or line breaks kept
 *    with the flags above);
 *  - C1 controls (U+0080-U+009F), the line and paragraph separators
 *    U+2028 and U+2029 (Unicode General_Category Zl, Zp), and the format
 *    characters (General_Category Cf, Unicode 15.0: the bidirectional
 *    controls U+200E, U+200F, U+202A-U+202E, U+2066-U+2069, U+061C, the
 *    zero-width U+200B-U+200D and U+2060-U+2064, U+FEFF, U+00AD, the tags
 *    U+E0000-U+E007F, ...) as \uXXXX or \UXXXXXXXX;
 *  - a byte that does not start a well-formed UTF-8 sequence (RFC 3629)
 *    as \xHH.
 * A right-to-left override in a message can make a reviewer's viewer
 * show a script's comment, or a diagnostic, in another order than the
 * client or the terminal reads it; written escaped, it shows as itself.
 * Returns the number of characters escaped.
 */
size_t text_escape(const char *s, size_t n, unsigned flags, struct strbuf *out);

/* 1 when code point cp is one text_escape() writes escaped (above). */
int text_invisible(unsigned long cp);

#endif /* MIGSQL_TEXT_H */
