/*
 * util.h -- allocation, growable strings and arrays shared by every stage.
 *
 * Allocation never fails from the caller's point of view: the x* functions
 * print "migsql: out of memory" and exit(70) (EX_SOFTWARE) when malloc fails,
 * in the manner of tmux's xmalloc, so callers are not littered with checks.
 */
#ifndef MIGSQL_UTIL_H
#define MIGSQL_UTIL_H

#include <stdarg.h>
#include <stddef.h>

/* Prints "migsql: out of memory" and exits with status 70 (EX_SOFTWARE),
 * as the x* functions do when an allocation fails; for allocations made by
 * libraries (libyaml, pcre2). */
void out_of_memory(void) __attribute__((noreturn));
/* malloc(n) that never returns NULL; the caller frees with free(). */
void *xmalloc(size_t n);
/* calloc(n, size) that never returns NULL; the caller frees with free(). */
void *xcalloc(size_t n, size_t size);
/* realloc(p, n) that never returns NULL; p may be NULL. */
void *xrealloc(void *p, size_t n);
/* strdup(s) that never returns NULL; the caller frees. */
char *xstrdup(const char *s);
/* xstrdup(s), or NULL when s is NULL. */
char *xstrdup0(const char *s);
/* strndup(s, n) that never returns NULL; the caller frees. */
char *xstrndup(const char *s, size_t n);
/* printf into a fresh string that the caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A growable byte string, always NUL-terminated.  Initialise with
 * STRBUF_INIT or strbuf_init(); release with strbuf_free().  The buffer
 * belongs to the strbuf until strbuf_detach() hands it to the caller.
 */
struct strbuf {
	char	*buf;	/* NUL-terminated contents; NULL until the first append */
	size_t	 len;	/* bytes used, not counting the NUL */
	size_t	 cap;	/* bytes allocated */
};
#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);
/* Appends n bytes of s (which may contain NUL bytes). */
void strbuf_addn(struct strbuf *sb, const char *s, size_t n);
/* Appends the C string s. */
void strbuf_adds(struct strbuf *sb, const char *s);
/* Appends one byte. */
void strbuf_addc(struct strbuf *sb, char c);
/* Appends printf output. */
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Empties the string, keeping its allocation. */
void strbuf_reset(struct strbuf *sb);
/* Returns the contents ("" when empty); the strbuf still owns them. */
const char *strbuf_str(const struct strbuf *sb);
/* Returns the contents as a malloc'd string the caller frees; resets sb. */
char *strbuf_detach(struct strbuf *sb);

/*
 * A growable array of pointers.  The vector owns only its array, not what
 * the pointers point to.
 */
struct ptrvec {
	void	**items;
	size_t	  len;
	size_t	  cap;
};
#define PTRVEC_INIT { NULL, 0, 0 }

void ptrvec_push(struct ptrvec *v, void *p);
void ptrvec_free(struct ptrvec *v);
/* The position of the first item equal to p (pointer equality), or
 * v->len when p is not in v. */
size_t ptrvec_index(const struct ptrvec *v, const void *p);
/*
 * Removes the first item equal to p (pointer equality), keeping the order
 * of the rest.  Returns 1, or 0 when p is not in v.
 */
int ptrvec_remove(struct ptrvec *v, const void *p);

/*
 * A map from strings to pointers: open addressing with linear probing
 * (Knuth, TAOCP vol. 3, 6.4 algorithm L) over FNV-1a hashes, so that the
 * schema model finds a table or index by name in constant time on chains
 * of 100,000 revisions.  The map copies its keys and owns the copies; it
 * does not own the values.  Zero-initialise (STRMAP_INIT); release with
 * strmap_free().  Iteration order is not defined: nothing rendered may
 * depend on it.
 */
struct strmap_slot {
	char	*key;		/* NULL: empty; strmap_deleted: a tombstone */
	void	*val;
};
struct strmap {
	struct strmap_slot	*slots;
	size_t			 cap;	/* a power of two, or 0 */
	size_t			 len;	/* live keys */
	size_t			 used;	/* live keys and tombstones */
};
#define STRMAP_INIT { NULL, 0, 0, 0 }

/* The value stored under key, or NULL when there is none. */
void *strmap_get(const struct strmap *m, const char *key);
/* Stores val under key, replacing any value there; copies key. */
void strmap_put(struct strmap *m, const char *key, void *val);
/* Removes key; returns the value it had, or NULL when there was none. */
void *strmap_del(struct strmap *m, const char *key);
/* Frees the keys and the table (not the values) and zeroes m. */
void strmap_free(struct strmap *m);

/*
 * A min-heap of indices, for topological orders whose ties go to the
 * smallest index (revisions are indexed in id order).  Zero-initialise;
 * release with idxheap_free().
 */
struct idxheap {
	size_t	*a;
	size_t	 n;
	size_t	 cap;
};

void idxheap_push(struct idxheap *h, size_t v);
/* Removes and returns the smallest index; h must not be empty. */
size_t idxheap_pop(struct idxheap *h);
void idxheap_free(struct idxheap *h);

/* Bytewise comparison of two C strings for qsort over char *[]. */
int cmp_strptr(const void *a, const void *b);

/*
 * Reads the whole file at path into a malloc'd buffer (NUL-terminated; *len
 * gets the size without the NUL).  Returns NULL and sets errno on failure.
 * A path that is a directory fails with EISDIR, and a file larger than
 * READ_FILE_MAX with EFBIG.
 */
/* Input files larger than this are refused (errno EFBIG). */
#define READ_FILE_MAX ((size_t)64 << 20)
char *read_file(const char *path, size_t *len);

/*
 * Writes len bytes of buf to fd, retrying short writes and EINTR.
 * Returns 1, or 0 with errno set.
 */
int write_all(int fd, const void *buf, size_t len);

/*
 * A mkstemp()/mkdtemp() template for a temporary beside path: "DIR/.NAME.
 * XXXXXX" for "DIR/NAME", ".NAME.XXXXXX" for "NAME" (malloc'd; the caller
 * frees).  Beside it, so that a rename() onto path stays in one file
 * system and is atomic.
 */
char *temp_beside(const char *path);

/*
 * Levenshtein distance between a and b, capped: returns a value > max as
 * soon as the distance is known to exceed max.  Used for "did you mean"
 * suggestions.
 */
size_t edit_distance(const char *a, const char *b, size_t max);

/*
 * Returns the candidate closest to word (edit distance at most 2, or at
 * most a third of the word's length for longer words), or NULL.  The
 * candidates array ends with NULL.  The result points into candidates.
 */
const char *suggest(const char *word, const char *const *candidates);

/*
 * Checks that len bytes at s are UTF-8 as RFC 3629 defines it: no
 * overlong forms, no surrogates (U+D800 to U+DFFF), nothing past U+10FFFF,
 * no sequence cut short.  A NUL byte is U+0000, and valid.  Returns the
 * offset of the first byte that does not begin a valid sequence (the lead
 * byte of a bad or cut sequence, or a stray continuation byte), or
 * (size_t)-1 when all of it is valid.
 */
size_t utf8_valid(const char *s, size_t len);
/*
 * The code point of the UTF-8 sequence at s (n >= 1 bytes left) and its
 * length in *len; (unsigned long)-1, with *len 1, when the byte at s does
 * not begin a valid sequence (as utf8_valid() sees it).
 */
unsigned long utf8_decode(const char *s, size_t n, size_t *len);

/*
 * Writes the SHA-256 of len bytes at data (FIPS 180-4, computed by
 * Nettle's sha256) as 64 lower-case hex digits and a NUL into out.
 */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif /* MIGSQL_UTIL_H */
