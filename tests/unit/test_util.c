/* Unit tests for util.c's containers: strmap and ptrvec_remove. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>

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
