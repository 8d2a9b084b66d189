/* Unit tests for text.c: what readers cannot see is written escaped. */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>

#include "migsql/text.h"

static void
assert_escapes(const char *in, unsigned flags, const char *want,
    size_t nwant)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = text_escape(in, strlen(in), flags, &sb);

	cr_assert_str_eq(strbuf_str(&sb), want, "[%s]", in);
	cr_assert_eq(n, nwant, "[%s]: %zu escaped, not %zu", in, n, nwant);
	strbuf_free(&sb);
}

Test(text, escapes_what_a_reader_cannot_see)
{
	/* Plain text and visible UTF-8 stay as they are. */
	assert_escapes("add caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac", 0,
	    "add caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac", 0);
	/* A right-to-left override, an isolate, zero-width characters. */
	assert_escapes("a\xe2\x80\xae" "b", 0, "a\\u202Eb", 1);
	assert_escapes("\xe2\x81\xa6x\xe2\x81\xa9", 0, "\\u2066x\\u2069", 2);
	assert_escapes("a\xe2\x80\x8b" "b\xef\xbb\xbf", 0, "a\\u200Bb\\uFEFF",
	    2);
	/* Line and paragraph separators, C1 controls (NEL), soft hyphen. */
	assert_escapes("a\xe2\x80\xa8" "b\xe2\x80\xa9", 0, "a\\u2028b\\u2029",
	    2);
	assert_escapes("a\xc2\x85" "b\xc2\xad", 0, "a\\u0085b\\u00AD", 2);
	/* A tag character (four bytes). */
	assert_escapes("x\xf3\xa0\x80\x81", 0, "x\\U000E0001", 1);
	/* C0 controls, DEL, bytes that are not UTF-8. */
	assert_escapes("a\x1b[2Jb\x7f", 0, "a\\x1b[2Jb\\x7f", 2);
	assert_escapes("a\tb\nc\rd", 0, "a\\tb\\nc\\rd", 3);
	assert_escapes("a\tb\nc", TEXT_KEEP_TAB | TEXT_KEEP_NEWLINE,
	    "a\tb\nc", 0);
	assert_escapes("\xff\xc3(\xed\xa0\x80", 0,
	    "\\xff\\xc3(\\xed\\xa0\\x80", 5);
}

Test(text, invisible_ranges)
{
	cr_assert(text_invisible(0x202E));
	cr_assert(text_invisible(0x061C));
	cr_assert(text_invisible(0x9F));
	cr_assert(!text_invisible(0xA0), "no-break space is visible");
	cr_assert(!text_invisible(0x2030));
	cr_assert(!text_invisible('a'));
}
