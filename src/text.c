/* text.c -- text as people read it (text.h). */
#include "config.h"

#include <stdio.h>

#include "migsql/text.h"

/*
 * General_Category Cf, Zl and Zp of Unicode 15.0 (UnicodeData.txt), and
 * the C1 controls, as ranges of code points.
 */
static const struct {
	unsigned long lo, hi;
} invisible[] = {
	{ 0x0080, 0x009F }, { 0x00AD, 0x00AD }, { 0x0600, 0x0605 },
	{ 0x061C, 0x061C }, { 0x06DD, 0x06DD }, { 0x070F, 0x070F },
	{ 0x0890, 0x0891 }, { 0x08E2, 0x08E2 }, { 0x180E, 0x180E },
	{ 0x200B, 0x200F }, { 0x2028, 0x202E }, { 0x2060, 0x2064 },
	{ 0x2066, 0x206F }, { 0xFEFF, 0xFEFF }, { 0xFFF9, 0xFFFB },
	{ 0x110BD, 0x110BD }, { 0x110CD, 0x110CD }, { 0x13430, 0x1343F },
	{ 0x1BCA0, 0x1BCA3 }, { 0x1D173, 0x1D17A }, { 0xE0001, 0xE0001 },
	{ 0xE0020, 0xE007F },
};

int
text_invisible(unsigned long cp)
{
	size_t i;

	if (cp < 0x20 || cp == 0x7F)
		return 1;
	for (i = 0; i < sizeof invisible / sizeof invisible[0]; i++)
		if (cp >= invisible[i].lo && cp <= invisible[i].hi)
			return 1;
	return 0;
}

size_t
text_escape(const char *s, size_t n, unsigned flags, struct strbuf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0, escaped = 0;

	while (i < n) {
		size_t len;
		unsigned long cp;

		/* Printable ASCII in runs: most text is nothing else. */
		if (p[i] >= 0x20 && p[i] < 0x7F) {
			i++;
			continue;
		}
		cp = utf8_decode(s + i, n - i, &len);
		if (cp != (unsigned long)-1 && (!text_invisible(cp) ||
		    (cp == '\t' && (flags & TEXT_KEEP_TAB)) ||
		    ((cp == '\n' || cp == '\r') && (flags & TEXT_KEEP_NEWLINE)))) {
			i += len;
			continue;
		}
		strbuf_addn(out, s + run, i - run);
		escaped++;
		if (cp == (unsigned long)-1) {
			strbuf_addf(out, "\\x%02x", p[i]);
			len = 1;
		} else if (cp == '\n')
			strbuf_adds(out, "\\n");
		else if (cp == '\r')
			strbuf_adds(out, "\\r");
		else if (cp == '\t')
			strbuf_adds(out, "\\t");
		else if (cp < 0x80)
			strbuf_addf(out, "\\x%02lx", cp);
		else if (cp < 0x10000)
			strbuf_addf(out, "\\u%04lX", cp);
		else
			strbuf_addf(out, "\\U%08lX", cp);
		i += len;
		run = i;
	}
	strbuf_addn(out, s + run, n - run);
	return escaped;
}
