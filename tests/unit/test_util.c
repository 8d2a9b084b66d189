/* Unit tests for util.c: the strmap and ptrvec_remove containers, and
 * utf8_valid. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "migsql/util.h"

Test(strmap, finds_replaces_and_deletes_through_growth_and_tombstones)
{
	struct strmap m = STRMAP_INIT;
	static int vals[5000];
	char key[32];
	int i;

	cr_assert_null(strmap_get(&m, "missing"), "an empty map has nothing");
	cr_assert_null(strmap_del(&m, "missing"));
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "table_%d", i);
		strmap_put(&m, key, &vals[i]);
	}
	cr_assert_eq(m.len, 5000);
	/* Delete every other key, then put some back: probes must walk
	   past tombstones, and re-insertion must not duplicate. */
	for (i = 0; i < 5000; i += 2) {
		snprintf(key, sizeof key, "table_%d", i);
		cr_assert_eq(strmap_del(&m, key), &vals[i]);
	}
	cr_assert_eq(m.len, 2500);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "table_%d", i);
		if (i % 2 == 0)
			cr_assert_null(strmap_get(&m, key), "%s was deleted", key);
		else
			cr_assert_eq(strmap_get(&m, key), &vals[i], "%s", key);
	}
	strmap_put(&m, "table_1", &vals[0]);	/* replaces */
	cr_assert_eq(m.len, 2500);
	cr_assert_eq(strmap_get(&m, "table_1"), &vals[0]);
	strmap_put(&m, "table_0", &vals[0]);
	cr_assert_eq(m.len, 2501);
	cr_assert_eq(strmap_get(&m, "table_0"), &vals[0]);
	cr_assert_null(strmap_get(&m, "table_"), "no prefix matches");
	strmap_free(&m);
	cr_assert_eq(m.cap, 0);
}

Test(ptrvec, remove_keeps_the_order_of_the_rest)
{
	struct ptrvec v = PTRVEC_INIT;
	int a, b, c;

	ptrvec_push(&v, &a);
	ptrvec_push(&v, &b);
	ptrvec_push(&v, &c);
	ptrvec_push(&v, &b);
	cr_assert(ptrvec_remove(&v, &b), "the first b goes");
	cr_assert_eq(v.len, 3);
	cr_assert(v.items[0] == &a && v.items[1] == &c && v.items[2] == &b);
	cr_assert_not(ptrvec_remove(&v, &v), "not there");
	ptrvec_free(&v);
}

/* utf8_valid on the C string s: the offset it reports. */
static size_t
valid_at(const char *s)
{
	return utf8_valid(s, strlen(s));
}

Test(utf8_valid, accepts_every_length_and_the_edges_of_each_range)
{
	static const char *const good[] = {
		"", "plain ASCII", "\x7f",
		"\xc2\x80", "\xdf\xbf",			/* U+0080, U+07FF */
		"\xe0\xa0\x80", "\xed\x9f\xbf",		/* U+0800, U+D7FF */
		"\xee\x80\x80", "\xef\xbf\xbf",		/* U+E000, U+FFFF */
		"\xf0\x90\x80\x80",				/* U+10000 */
		"\xf4\x8f\xbf\xbf",				/* U+10FFFF */
		"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		NULL
	};
	size_t i;

	for (i = 0; good[i] != NULL; i++)
		cr_assert_eq(valid_at(good[i]), (size_t)-1, "good[%zu]", i);
	/* U+0000 is a character: a NUL inside the length is valid. */
	cr_assert_eq(utf8_valid("a\0b", 3), (size_t)-1);
}

Test(utf8_valid, refuses_overlongs_surrogates_and_past_u10ffff)
{
	static const struct {
		const char	*s;
		size_t		 at;
	} bad[] = {
		{ "\xc0\xaf", 0 },			/* overlong '/' */
		{ "\xc1\xbf", 0 },			/* overlong U+007F */
		{ "\xe0\x80\xaf", 0 },		/* overlong, 3 bytes */
		{ "\xe0\x9f\xbf", 0 },		/* overlong U+07FF */
		{ "\xf0\x80\x80\xaf", 0 },		/* overlong, 4 bytes */
		{ "\xf0\x8f\xbf\xbf", 0 },		/* overlong U+FFFF */
		{ "\xed\xa0\x80", 0 },		/* U+D800 */
		{ "\xed\xbf\xbf", 0 },		/* U+DFFF */
		{ "\xf4\x90\x80\x80", 0 },		/* U+110000 */
		{ "\xf5\x80\x80\x80", 0 },		/* no such lead */
		{ "\xf8\x88\x80\x80\x80", 0 },	/* 5 bytes */
		{ "\xfe", 0 }, { "\xff", 0 },
		{ "ab\x80", 2 },			/* stray continuation */
		{ "a\xc3", 1 },			/* cut at the end */
		{ "a\xe2\x82", 1 },
		{ "a\xf0\x9f\x98", 1 },
		{ "\xc3(", 0 },				/* cut by ASCII */
		{ "\xe2\x82(", 0 },
		{ "\xc3\xa9\xc3\xc3\xa9", 2 },	/* after a good one */
		{ "ok \xf0\x9f\x98\x80 \xff", 8 },
	};
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_assert_eq(valid_at(bad[i].s), bad[i].at,
		    "bad[%zu]: %zu, want %zu", i, valid_at(bad[i].s),
		    bad[i].at);
	/* The length bounds it: a sequence cut by len is cut. */
	cr_assert_eq(utf8_valid("\xc3\xa9", 1), 0);
	cr_assert_eq(utf8_valid("x\xe2\x82\xac", 3), 1);
	cr_assert_eq(utf8_valid("\xff", 0), (size_t)-1, "nothing is valid");
}
