/* util.c -- allocation, growable strings and arrays. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nettle/sha2.h>

#include "migsql/util.h"

void
out_of_memory(void)
{
	fputs("migsql: out of memory\n", stderr);
	exit(70);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		out_of_memory();
	return q;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrdup0(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb);
}

void
strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void
strbuf_free(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

static void
strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need = sb->len + extra + 1;

	if (need <= sb->cap)
		return;
	if (sb->cap == 0)
		sb->cap = 64;
	while (sb->cap < need)
		sb->cap *= 2;
	sb->buf = xrealloc(sb->buf, sb->cap);
}

void
strbuf_addn(struct strbuf *sb, const char *s, size_t n)
{
	strbuf_grow(sb, n);
	memcpy(sb->buf + sb->len, s, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void
strbuf_adds(struct strbuf *sb, const char *s)
{
	strbuf_addn(sb, s, strlen(s));
}

void
strbuf_addc(struct strbuf *sb, char c)
{
	strbuf_grow(sb, 1);
	sb->buf[sb->len++] = c;
	sb->buf[sb->len] = '\0';
}

void
strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void
strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void
strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf != NULL)
		sb->buf[0] = '\0';
}

const char *
strbuf_str(const struct strbuf *sb)
{
	return sb->buf != NULL ? sb->buf : "";
}

char *
strbuf_detach(struct strbuf *sb)
{
	char *p = sb->buf != NULL ? sb->buf : xstrdup("");

	strbuf_init(sb);
	return p;
}

void
ptrvec_push(struct ptrvec *v, void *p)
{
	if (v->len == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->items = xrealloc(v->items, v->cap * sizeof *v->items);
	}
	v->items[v->len++] = p;
}

void
ptrvec_free(struct ptrvec *v)
{
	free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}

size_t
ptrvec_index(const struct ptrvec *v, const void *p)
{
	size_t i;

	for (i = 0; i < v->len && v->items[i] != p; i++)
		;
	return i;
}

int
ptrvec_remove(struct ptrvec *v, const void *p)
{
	size_t i = ptrvec_index(v, p);

	if (i == v->len)
		return 0;
	memmove(v->items + i, v->items + i + 1,
	    (v->len - i - 1) * sizeof *v->items);
	v->len--;
	return 1;
}

/* ---- strmap ------------------------------------------------------------ */

static char strmap_tombstone;
#define strmap_deleted (&strmap_tombstone)

/* FNV-1a, 64 bits (Fowler, Noll, Vo; draft-eastlake-fnv). */
static size_t
strmap_hash(const char *key)
{
	unsigned long long h = 0xcbf29ce484222325ULL;

	for (; *key != '\0'; key++) {
		h ^= (unsigned char)*key;
		h *= 0x100000001b3ULL;
	}
	return (size_t)(h ^ (h >> 32));
}

/* The slot holding key, or NULL. */
static struct strmap_slot *
strmap_find(const struct strmap *m, const char *key)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = strmap_hash(key) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		struct strmap_slot *s = &m->slots[i];

		if (s->key == NULL)
			return NULL;
		if (s->key != strmap_deleted && strcmp(s->key, key) == 0)
			return s;
	}
}

static void
strmap_grow(struct strmap *m)
{
	struct strmap_slot *old = m->slots;
	size_t oldcap = m->cap, i;

	/* Rehash into a table at most half full, dropping tombstones. */
	m->cap = 16;
	while (m->cap < 4 * (m->len + 1))
		m->cap *= 2;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	m->used = m->len;
	for (i = 0; i < oldcap; i++) {
		size_t j;

		if (old[i].key == NULL || old[i].key == strmap_deleted)
			continue;
		for (j = strmap_hash(old[i].key) & (m->cap - 1);
		    m->slots[j].key != NULL; j = (j + 1) & (m->cap - 1))
			;
		m->slots[j] = old[i];
	}
	free(old);
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	struct strmap_slot *s = strmap_find(m, key);

	return s != NULL ? s->val : NULL;
}

void
strmap_put(struct strmap *m, const char *key, void *val)
{
	struct strmap_slot *s = strmap_find(m, key);
	size_t i;

	if (s != NULL) {
		s->val = val;
		return;
	}
	if (4 * (m->used + 1) > 3 * m->cap)
		strmap_grow(m);
	for (i = strmap_hash(key) & (m->cap - 1);
	    m->slots[i].key != NULL && m->slots[i].key != strmap_deleted;
	    i = (i + 1) & (m->cap - 1))
		;
	if (m->slots[i].key == NULL)
		m->used++;
	m->slots[i].key = xstrdup(key);
	m->slots[i].val = val;
	m->len++;
}

void *
strmap_del(struct strmap *m, const char *key)
{
	struct strmap_slot *s = strmap_find(m, key);
	void *val;

	if (s == NULL)
		return NULL;
	val = s->val;
	free(s->key);
	s->key = strmap_deleted;
	s->val = NULL;
	m->len--;
	return val;
}

void
strmap_free(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key != strmap_deleted)
			free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof *m);
}

void
idxheap_push(struct idxheap *h, size_t v)
{
	size_t i, parent;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->a = xrealloc(h->a, h->cap * sizeof *h->a);
	}
	i = h->n++;
	while (i > 0) {
		parent = (i - 1) / 2;
		if (h->a[parent] <= v)
			break;
		h->a[i] = h->a[parent];
		i = parent;
	}
	h->a[i] = v;
}

size_t
idxheap_pop(struct idxheap *h)
{
	size_t top = h->a[0], last = h->a[--h->n], i = 0, child;

	while ((child = 2 * i + 1) < h->n) {
		if (child + 1 < h->n && h->a[child + 1] < h->a[child])
			child++;
		if (last <= h->a[child])
			break;
		h->a[i] = h->a[child];
		i = child;
	}
	if (h->n > 0)
		h->a[i] = last;
	return top;
}

void
idxheap_free(struct idxheap *h)
{
	free(h->a);
	h->a = NULL;
	h->n = h->cap = 0;
}

int
cmp_strptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *
read_file(const char *path, size_t *len)
{
	struct stat st;
	struct strbuf sb = STRBUF_INIT;
	char chunk[65536];
	ssize_t n;
	int fd, saved;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return NULL;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		strbuf_grow(&sb, (size_t)st.st_size);
	for (;;) {
		n = read(fd, chunk, sizeof chunk);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			close(fd);
			strbuf_free(&sb);
			errno = saved;
			return NULL;
		}
		if (n == 0)
			break;
		if (sb.len + (size_t)n > READ_FILE_MAX) {
			/* /dev/zero, say: refuse rather than read forever */
			close(fd);
			strbuf_free(&sb);
			errno = EFBIG;
			return NULL;
		}
		strbuf_addn(&sb, chunk, (size_t)n);
	}
	close(fd);
	*len = sb.len;
	return strbuf_detach(&sb);
}

size_t
edit_distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best;
	size_t *prev, *cur, *tmp, result;

	if ((la > lb ? la - lb : lb - la) > max)
		return max + 1;
	prev = xmalloc((lb + 1) * sizeof *prev);
	cur = xmalloc((lb + 1) * sizeof *cur);
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		best = cur[0];
		for (j = 1; j <= lb; j++) {
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);

			cur[j] = del < ins ? del : ins;
			if (sub < cur[j])
				cur[j] = sub;
			if (cur[j] < best)
				best = cur[j];
		}
		tmp = prev;
		prev = cur;
		cur = tmp;
		if (best > max) {
			free(prev);
			free(cur);
			return max + 1;
		}
	}
	result = prev[lb];
	free(prev);
	free(cur);
	return result;
}

const char *
suggest(const char *word, const char *const *candidates)
{
	size_t limit = strlen(word) / 3, best = (size_t)-1, d;
	const char *found = NULL;

	if (limit < 2)
		limit = 2;
	for (; *candidates != NULL; candidates++) {
		d = edit_distance(word, *candidates, limit);
		if (d <= limit && d < best && d > 0) {
			best = d;
			found = *candidates;
		}
	}
	return found;
}

/* The length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] < 0xc2 || p[0] > 0xf4)
		return 0;	/* continuation, overlong lead, past U+10FFFF */
	len = p[0] < 0xe0 ? 2 : p[0] < 0xf0 ? 3 : 4;
	/* RFC 3629 section 4: the second byte's range after E0, ED, F0, F4. */
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < len; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return len;
}

unsigned long
utf8_decode(const char *s, size_t n, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long cp;
	size_t i;

	if ((*len = utf8_seq(p, n)) == 0) {
		*len = 1;
		return (unsigned long)-1;
	}
	cp = *len == 1 ? p[0] : p[0] & (0x7f >> *len);
	for (i = 1; i < *len; i++)
		cp = cp << 6 | (p[i] & 0x3f);
	return cp;
}

size_t
utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_seq(p + i, len - i)) == 0)
			return i;
		i += n;
	}
	return (size_t)-1;
}

void
sha256_hex(const void *data, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof digest, digest);
	for (i = 0; i < sizeof digest; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	out[64] = '\0';
}

int
write_all(int fd, const void *buf, size_t len)
{
	const char *data = buf;

	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return 0;
		}
		data += n;
		len -= (size_t)n;
	}
	return 1;
}

char *
temp_beside(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash != NULL)
		return xasprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path,
		    slash + 1);
	return xasprintf(".%s.XXXXXX", path);
}
