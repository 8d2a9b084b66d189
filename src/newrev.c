/*
 * newrev.c -- `migsql new` and `migsql merge`: a new, empty revision file
 * (newrev.h), like `alembic revision -m MESSAGE` and `alembic merge`
 * (Alembic 1.8, command.revision, command.merge and script/base.py
 * ScriptDirectory.generate_revision and _rev_path).
 *
 * The steps, each reporting every error it finds before anything is
 * written: check the message and the clock (SOURCE_DATE_EPOCH), pick the
 * down_revision (the single head, --head REV, or none), check the branch
 * labels, resolve depends_on, then draw a fresh id, build the file, load
 * it back with the loader as a self-check, and create it exclusively.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <pcre2.h>

#if defined(__has_include)
#if __has_include(<sys/random.h>)
#include <sys/random.h>
#define NEWREV_HAVE_GETRANDOM 1
#endif
#endif

#include "migsql/newrev.h"
#include "migsql/node.h"
#include "migsql/plan.h"
#include "migsql/util.h"
#include "migsql/yamlout.h"

/* Hex digits in a new revision id (Alembic's uuid4().hex[-12:]). */
#define NEWREV_ID_LEN 12

/* Alembic 1.8's default truncate_slug_length (script/base.py). */
#define NEWREV_SLUG_MAX 40

/* How many ids to draw before giving up on finding a free one. */
#define NEWREV_ID_TRIES 1000

/*
 * The latest SOURCE_DATE_EPOCH accepted: 9999-12-31 23:59:59 UTC, the
 * limit GCC applies to the same variable (so the date keeps 4 digits).
 */
#define NEWREV_EPOCH_MAX 253402300799LL

/*
 * Appends the first line of s (at most 60 bytes of it, cut at a UTF-8
 * character boundary, "..." when cut) to sb: a message fit for a one-line
 * diagnostic.  Nothing is returned or allocated beyond sb's growth.
 */
static void
first_line(struct strbuf *sb, const char *s)
{
	size_t n = strcspn(s, "\r\n");

	if (n > 60) {
		n = 60;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		strbuf_addn(sb, s, n);
		strbuf_adds(sb, "...");
		return;
	}
	strbuf_addn(sb, s, n);
	if (s[n] != '\0')
		strbuf_adds(sb, "...");
}

/*
 * Adds one note per head of c to d: "head ID (LABELS): MESSAGE", so an
 * error about heads shows the user what to choose from (Alembic lists the
 * heads the same way in `alembic heads`).  No return value.
 */
static void
note_heads(const struct chain *c, struct diags *d)
{
	size_t i, k;

	for (i = 0; i < c->nheads; i++) {
		const struct revision *r = c->nodes[c->heads[i]].rev;
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "head %s", r->id);
		for (k = 0; k < r->labels.n; k++)
			strbuf_addf(&sb, " (%s)", r->labels.ids[k]);
		strbuf_adds(&sb, ": ");
		first_line(&sb, r->message);
		diag_note(d, NULL, "%s", sb.buf);
		strbuf_free(&sb);
	}
}

/*
 * Checks the message: not empty (main refuses a missing -m; "" gets here)
 * and valid UTF-8 as RFC 3629 defines it, since YAML files are UTF-8
 * (YAML 1.2.2 section 5.2).  libyaml (yamlout.h) refuses a malformed
 * sequence, but writes a surrogate or a value past U+10FFFF as an escape
 * that its own parser refuses, so the message is checked here with PCRE2's
 * UTF check: pcre2_match with PCRE2_UTF checks the whole subject first,
 * and after a failure pcre2_get_startchar gives the offset of the bad
 * character (pcre2api(3), pcre2unicode(3)).  Reports EXIT_USAGE errors to
 * d, with PCRE2's reason; returns 1 when the message is usable.
 */
static int
check_message(const char *msg, struct diags *d)
{
	static const char prefix[] = "UTF-8 error: ";
	pcre2_code *re;
	pcre2_match_data *md;
	PCRE2_UCHAR why[128];
	PCRE2_SIZE off;
	const char *w;
	int err, rc;

	if (msg == NULL || *msg == '\0') {
		diag_error(d, EXIT_USAGE, NULL, "the message must not be empty: "
		    "-m MESSAGE");
		return 0;
	}
	re = pcre2_compile((PCRE2_SPTR)"", 0, PCRE2_UTF, &err, &off, NULL);
	md = re != NULL ? pcre2_match_data_create(1, NULL) : NULL;
	if (md == NULL)
		abort();	/* the pattern is constant: out of memory */
	rc = pcre2_match(re, (PCRE2_SPTR)msg, strlen(msg), 0, 0, md, NULL);
	if (rc < 0) {
		off = pcre2_get_startchar(md);
		pcre2_get_error_message(rc, why, sizeof why);
		w = (const char *)why;
		if (strncmp(w, prefix, sizeof prefix - 1) == 0)
			w += sizeof prefix - 1;
		diag_error(d, EXIT_USAGE, NULL, "the message is not valid UTF-8 "
		    "(byte 0x%02x at offset %zu: %s)",
		    (unsigned char)msg[off], (size_t)off, w);
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return rc >= 0;
}

/*
 * Writes the creation time as "YYYY-MM-DD HH:MM:SS" in UTC into out (20
 * bytes with the NUL).  The time is SOURCE_DATE_EPOCH when that is set
 * (https://reproducible-builds.org/specs/source-date-epoch/: a decimal
 * count of seconds since the epoch; like GCC, migsql takes 0 to
 * NEWREV_EPOCH_MAX, digits only), else the current time.  An invalid
 * SOURCE_DATE_EPOCH (empty, signs, spaces, fractions, too large) is an
 * EXIT_USAGE error, as the specification asks ("the build process SHOULD
 * exit with a non-zero error code").  Returns 1, or 0 after an error in d.
 * Alembic 1.8 writes local time with microseconds (_generate_create_date);
 * migsql writes UTC to the second so the file reads the same anywhere.
 */
static int
create_date(char out[20], struct diags *d)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	long long secs = 0;
	struct tm tm;
	time_t t;
	const char *p;

	if (env != NULL) {
		for (p = env; *p >= '0' && *p <= '9' && secs <= NEWREV_EPOCH_MAX;
		    p++)
			secs = secs * 10 + (*p - '0');
		if (*env == '\0' || *p != '\0' || secs > NEWREV_EPOCH_MAX) {
			diag_error(d, EXIT_USAGE, NULL, "SOURCE_DATE_EPOCH must "
			    "be a whole number of seconds since 1970-01-01 "
			    "00:00:00 UTC (0 to %lld), not '%s'",
			    NEWREV_EPOCH_MAX, env);
			return 0;
		}
		t = (time_t)secs;
		if ((long long)t != secs) {
			diag_error(d, EXIT_USAGE, NULL, "SOURCE_DATE_EPOCH '%s' "
			    "is past what this system's time_t holds", env);
			return 0;
		}
	} else
		t = time(NULL);
	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) != 19) {
		diag_error(d, EXIT_USAGE, NULL, "cannot express the time %lld "
		    "as a UTC date", (long long)t);
		return 0;
	}
	return 1;
}

/*
 * Picks the new revision's down_revision: sets *parent to a chain index,
 * or to CHAIN_NONE for a new root.  head is --head's value or NULL.
 *
 * Without --head (or with --head head, Alembic's default) the chain must
 * have at most one head: none gives a root, several is an EXIT_RANGE
 * error worded after Alembic's ("Multiple heads are present; please
 * specify the head revision on which the new revision should be based, or
 * perform a merge.").  --head REV is resolved with plan_resolve (any
 * DESIGN.md address form) and must name exactly one revision, which must
 * be a head (Alembic: "Revision X is not a head revision; please specify
 * --splice ..."; migsql has no --splice), or base for a new root.  Errors
 * go to d with a note per head; returns 1 when *parent is set.
 */
static int
pick_parent(const struct chain *c, const char *head, size_t *parent,
    struct diags *d)
{
	size_t *set = NULL, n = 0;

	*parent = CHAIN_NONE;
	if (head == NULL || strcmp(head, "head") == 0) {
		if (c->nheads == 1)
			*parent = c->heads[0];
		if (c->nheads <= 1)
			return 1;
		diag_error(d, EXIT_RANGE, NULL, "multiple heads are present "
		    "(%zu); pass --head REV to name the head the new revision "
		    "follows, or write a merge revision", c->nheads);
		note_heads(c, d);
		return 0;
	}
	if (!plan_resolve(c, head, &set, &n, d))
		return 0;
	if (n > 1) {
		diag_error(d, EXIT_RANGE, NULL, "--head '%s' names %zu "
		    "revisions; name one head, or base for a new root", head, n);
		note_heads(c, d);
		free(set);
		return 0;
	}
	if (n == 1 && !chain_is_head(c, set[0])) {
		diag_error(d, EXIT_RANGE, NULL, "--head '%s': revision '%s' is "
		    "not a head; a new revision follows a head, or starts a new "
		    "root with --head base", head, c->nodes[set[0]].rev->id);
		note_heads(c, d);
		free(set);
		return 0;
	}
	if (n == 1)
		*parent = set[0];
	free(set);
	return 1;
}

/*
 * Picks a merge revision's down_revisions into *out (malloc'd chain
 * indices, *nout of them, in the order named, without repeats): every
 * revision the addresses of no->parents name ("heads" when none), each a
 * head, at least two.  Errors go to d (EXIT_RANGE) with a note per head;
 * returns 1 when *out is set.
 */
/*
 * Appends to ids (*n of them so far) the revisions address a names that
 * are not there yet, each a head; returns 0 after errors in d (EXIT_RANGE).
 */
static int
merge_part(const struct chain *c, const char *a, size_t *ids, size_t *n,
    struct diags *d)
{
	size_t *set = NULL, nset = 0, k, j;
	int ok = 1;

	if (!plan_resolve(c, a, &set, &nset, d))
		return 0;
	for (k = 0; k < nset; k++) {
		const char *id = c->nodes[set[k]].rev->id;

		if (!chain_is_head(c, set[k])) {
			if (strcmp(a, id) == 0)
				diag_error(d, EXIT_RANGE, NULL, "revision '%s' is "
				    "not a head; a merge joins heads", id);
			else
				diag_error(d, EXIT_RANGE, NULL, "'%s': revision "
				    "'%s' is not a head; a merge joins heads", a,
				    id);
			ok = 0;
			continue;
		}
		for (j = 0; j < *n && ids[j] != set[k]; j++)
			;
		if (j == *n)
			ids[(*n)++] = set[k];
	}
	free(set);
	return ok;
}

static int
pick_merge_parents(const struct chain *c, const struct new_options *no,
    size_t **out, size_t *nout, struct diags *d)
{
	static const char *const heads[] = { "heads" };
	const char *const *addr = no->nparents ? no->parents : heads;
	size_t naddr = no->nparents ? no->nparents : 1;
	size_t *ids = xmalloc((c->n ? c->n : 1) * sizeof *ids), n = 0, i;
	int ok = 1;

	for (i = 0; i < naddr; i++) {
		/* A comma list, part by part: the order named is kept. */
		const char *a = addr[i], *comma;
		char *part;

		for (; (comma = strchr(a, ',')) != NULL; a = comma + 1) {
			part = xstrndup(a, (size_t)(comma - a));
			if (!merge_part(c, part, ids, &n, d))
				ok = 0;
			free(part);
		}
		if (!merge_part(c, a, ids, &n, d))
			ok = 0;
	}
	if (ok && n < 2) {
		diag_error(d, EXIT_RANGE, NULL, "a merge joins two heads or "
		    "more; %s %zu: nothing to merge", no->nparents ? "the "
		    "revisions given name" : "the chain has", n);
		ok = 0;
	}
	if (!ok) {
		note_heads(c, d);
		free(ids);
		return 0;
	}
	*out = ids;
	*nout = n;
	return 1;
}

/*
 * Checks the --branch-label values as the loader and the chain would
 * (load.c revision_id_valid and load_idlist, chain.c chain_build): each a
 * valid label, given once, not a revision id and not already a label in
 * the chain.  Reports every problem to d (EXIT_USAGE); returns 1 when all
 * are usable.
 */
static int
check_labels(const struct chain *c, const struct new_options *no,
    struct diags *d)
{
	size_t i, j, r;
	int ok = 1;

	for (i = 0; i < no->nlabels; i++) {
		const char *l = no->labels[i];

		for (j = 0; j < i; j++)
			if (strcmp(no->labels[j], l) == 0)
				break;
		if (j < i) {
			diag_error(d, EXIT_USAGE, NULL, "--branch-label '%s' is "
			    "given twice", l);
			ok = 0;
		} else if (!revision_id_valid(l)) {
			diag_error(d, EXIT_USAGE, NULL, "--branch-label '%s' is "
			    "not a valid branch label: use 1 to %d letters, "
			    "digits, '_', '-' or '.', not starting with '-' or "
			    "'.', and not base, head or heads", l,
			    REVISION_ID_MAX);
			ok = 0;
		} else if (chain_find(c, l) != CHAIN_NONE) {
			diag_error(d, EXIT_USAGE, NULL, "--branch-label '%s' is "
			    "a revision id", l);
			ok = 0;
		} else if ((r = chain_find_label(c, l)) != CHAIN_NONE) {
			diag_error(d, EXIT_USAGE, NULL, "branch label '%s' is "
			    "already used by revision '%s'", l,
			    c->nodes[r].rev->id);
			ok = 0;
		}
	}
	return ok;
}

/*
 * Resolves every --depends-on address with plan_resolve into *out: a
 * malloc'd array of *nout full ids (pointing into the chain; the caller
 * frees only the array), sorted bytewise, without repeats.  An address
 * may name several revisions (a comma list, heads); base, which names
 * none, is an error, and so is the new revision's own down_revision
 * (parent), which the chain refuses in both lists (chain.c add_parents).
 * Alembic 1.8 keeps a branch label as written; the loader takes only ids,
 * so migsql writes the id.  Errors go to d (EXIT_RANGE from plan_resolve
 * or here, EXIT_USAGE for the down_revision); returns 1 when all resolved.
 */
static int
resolve_depends(const struct chain *c, const struct new_options *no,
    size_t parent, const char ***out, size_t *nout, struct diags *d)
{
	const char **ids = NULL;
	size_t i, k, n = 0, m, cap = 0, nset;
	size_t *set;
	int ok = 1;

	for (i = 0; i < no->ndepends; i++) {
		set = NULL;
		nset = 0;
		if (!plan_resolve(c, no->depends[i], &set, &nset, d)) {
			ok = 0;
			continue;
		}
		if (nset == 0) {
			diag_error(d, EXIT_RANGE, NULL, "--depends-on '%s' names "
			    "no revision", no->depends[i]);
			ok = 0;
		}
		for (k = 0; k < nset; k++) {
			if (set[k] == parent) {
				diag_error(d, EXIT_USAGE, NULL, "--depends-on "
				    "'%s' names '%s', the new revision's "
				    "down_revision already", no->depends[i],
				    c->nodes[parent].rev->id);
				ok = 0;
				continue;
			}
			if (n == cap) {
				cap = cap ? 2 * cap : 8;
				ids = xrealloc(ids, cap * sizeof *ids);
			}
			ids[n++] = c->nodes[set[k]].rev->id;
		}
		free(set);
	}
	if (n > 1)
		qsort(ids, n, sizeof *ids, cmp_strptr);
	for (i = 0, m = 0; i < n; i++)
		if (m == 0 || strcmp(ids[m - 1], ids[i]) != 0)
			ids[m++] = ids[i];
	*out = ids;
	*nout = m;
	return ok;
}

/*
 * Fills buf with n random bytes from getrandom(2), or from /dev/urandom
 * where getrandom is missing (older kernels: ENOSYS) or fails.  Returns 1,
 * or 0 with errno set.
 */
static int
random_bytes(unsigned char *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;
	int fd;

#ifdef NEWREV_HAVE_GETRANDOM
	while (got < n) {
		r = getrandom(buf + got, n - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got == n)
		return 1;
	got = 0;
#endif
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	while (got < n) {
		r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			close(fd);
			return 0;
		}
		got += (size_t)r;
	}
	close(fd);
	return 1;
}

/*
 * 1 when id may not be used on chain c: it equals an existing revision
 * id or either is a prefix of the other (so every id prefix that resolves
 * today keeps resolving), or it equals a branch label, existing or new
 * (chain.c refuses a label that is also a revision id).
 */
static int
id_taken(const struct chain *c, const struct new_options *no, const char *id)
{
	size_t i, a, b;

	for (i = 0; i < c->n; i++) {
		const char *other = c->nodes[i].rev->id;

		a = strlen(other);
		b = strlen(id);
		if (strncmp(other, id, a < b ? a : b) == 0)
			return 1;
	}
	if (chain_find_label(c, id) != CHAIN_NONE)
		return 1;
	for (i = 0; i < no->nlabels; i++)
		if (strcmp(no->labels[i], id) == 0)
			return 1;
	return 0;
}

/*
 * Draws a new revision id into id: NEWREV_ID_LEN lower-case hex digits of
 * random bytes (Alembic 1.8 util.rev_id: uuid.uuid4().hex[-12:]), drawn
 * again while id_taken(), or while YAML's core schema would read the plain
 * id as a number (all digits, such as 123456789012, or digits, 'e' and
 * digits, a float such as 1234e5678901: about 1 draw in 140).  Alembic has
 * no such rule, its ids being Python strings; here every written id is a
 * plain string that can be copied unquoted into a down_revision.
 * Returns 1, or 0 after an EXIT_INPUT error in d
 * (no random source, or no free id after NEWREV_ID_TRIES draws, which
 * takes a chain whose ids cover every hex digit as a prefix).
 */
static int
new_id(const struct chain *c, const struct new_options *no,
    char id[NEWREV_ID_LEN + 1], struct diags *d)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char b[NEWREV_ID_LEN / 2];
	size_t i;
	int tries, boolean;

	for (tries = 0; tries < NEWREV_ID_TRIES; tries++) {
		if (!random_bytes(b, sizeof b)) {
			diag_error(d, EXIT_INPUT, NULL, "cannot read random "
			    "bytes for a revision id (getrandom, /dev/urandom): "
			    "%s", strerror(errno));
			return 0;
		}
		for (i = 0; i < sizeof b; i++) {
			id[2 * i] = hex[b[i] >> 4];
			id[2 * i + 1] = hex[b[i] & 0x0f];
		}
		id[NEWREV_ID_LEN] = '\0';
		if (!id_taken(c, no, id) &&
		    node_resolve_plain(id, &boolean) == SCALAR_STR)
			return 1;
	}
	diag_error(d, EXIT_INPUT, NULL, "cannot find a revision id that no "
	    "existing revision id is a prefix of, after %d tries", tries);
	return 0;
}

/*
 * Returns the file-name slug of msg, malloc'd (the caller frees), after
 * Alembic 1.8 script/base.py: _slug_re = re.compile(r"\w+"), then in
 * _rev_path "_".join(_slug_re.findall(message)).lower(), and when longer
 * than truncate_slug_length (40) slug[:40].rsplit("_", 1)[0] + "_".
 * Unlike Python's Unicode \w, a word here is a run of ASCII [A-Za-z0-9_]
 * (other characters separate words), so file names stay portable ASCII.
 * The slug may be empty (a message without word characters).
 */
static char *
make_slug(const char *msg)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = msg;
	size_t n, cut;
	char *s;

	for (;;) {
		while (*p != '\0' && strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789_", *p) == NULL)
			p++;
		if (*p == '\0')
			break;
		n = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789_");
		if (sb.len > 0)
			strbuf_addc(&sb, '_');
		strbuf_addn(&sb, p, n);
		p += n;
	}
	s = strbuf_detach(&sb);
	for (n = 0; s[n] != '\0'; n++)
		if (s[n] >= 'A' && s[n] <= 'Z')
			s[n] = (char)(s[n] - 'A' + 'a');
	if (n > NEWREV_SLUG_MAX) {
		/* rsplit("_", 1)[0]: up to the last '_' of the first 40,
		 * or all 40 when there is none; then the '_'. */
		for (cut = NEWREV_SLUG_MAX; cut > 0 && s[cut - 1] != '_'; cut--)
			;
		cut = cut > 0 ? cut - 1 : NEWREV_SLUG_MAX;
		s[cut] = '_';
		s[cut + 1] = '\0';
	}
	return s;
}

/*
 * Appends the revision file's text to sb: three comment lines, then the
 * keys through libyaml's emitter (yamlout.h) in DESIGN.md's order
 * (revision, down_revision, branch_labels and depends_on when given,
 * message, create_date, upgrade, downgrade).  parent may be NULL (a root).
 * Returns 1, or 0 with sb holding a partial text and *problem saying what
 * libyaml refused (not expected after check_message).
 */
static int
build_file(struct strbuf *sb, const char *id, const char *const *parents,
    size_t nparents, const struct new_options *no, const char *const *deps,
    size_t ndeps, const char *date, const char **problem)
{
	struct yout y;

	if (no->merge)
		strbuf_adds(sb, "# Written by migsql merge.  A merge usually "
		    "needs no operations; list any\n# that reconcile the "
		    "branches under upgrade, their inverses under\n# "
		    "downgrade.\n");
	else
		strbuf_adds(sb, "# Written by migsql new.  List the operations "
		    "under upgrade; 'downgrade: []'\n# reverts nothing: list "
		    "the inverse operations, or delete the key to have\n# "
		    "migsql infer them.\n");
	yout_begin(&y, sb);
	yout_map_start(&y, 0);
	yout_kv(&y, "revision", id);
	if (nparents > 1)
		yout_list(&y, "down_revision", parents, nparents);
	else
		yout_kv(&y, "down_revision", nparents ? parents[0] : NULL);
	if (no->nlabels > 0)
		yout_list(&y, "branch_labels", no->labels, no->nlabels);
	if (ndeps > 0)
		yout_list(&y, "depends_on", deps, ndeps);
	yout_kv(&y, "message", no->message);
	yout_kv(&y, "create_date", date);
	yout_list(&y, "upgrade", NULL, 0);
	yout_list(&y, "downgrade", NULL, 0);
	yout_map_end(&y);
	if (yout_end(&y))
		return 1;
	*problem = y.problem;
	return 0;
}

/* 1 when the n ids of l are the n strings of v, in order. */
static int
idlist_is(const struct idlist *l, const char *const *v, size_t n)
{
	size_t i;

	if (l->n != n)
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(l->ids[i], v[i]) != 0)
			return 0;
	return 1;
}

/*
 * Loads the built text back with the loader (revision_parse) and checks
 * that it says what was meant: no errors, and the same id, down_revision,
 * labels, depends_on and message.  A self-check: the file is written only
 * when migsql reads it as intended.  Returns 1, or 0 after an EXIT_INPUT
 * error in d naming what came back different (a bug in this file).
 */
static int
verify_file(const char *display, const struct strbuf *text, const char *id,
    const char *const *parents, size_t nparents, const struct new_options *no,
    const char *const *deps, size_t ndeps, struct diags *d)
{
	struct diags tmp;
	struct revision *r;
	int ok;

	diags_init(&tmp);
	r = revision_parse(display, text->buf, text->len, NULL, &tmp);
	ok = r != NULL && tmp.errors == 0 && !r->bad &&
	    strcmp(r->id, id) == 0 &&
	    idlist_is(&r->down, parents, nparents) &&
	    idlist_is(&r->labels, no->labels, no->nlabels) &&
	    idlist_is(&r->depends, deps, ndeps) &&
	    strcmp(r->message, no->message) == 0 &&
	    r->nupgrade == 0 && r->ndowngrade == 0;
	if (!ok)
		diag_error(d, EXIT_INPUT, NULL, "internal error: the new revision "
		    "file does not load back as written%s%s; nothing written",
		    tmp.len > 0 ? ": " : "", tmp.len > 0 ? tmp.items[0].message :
		    "");
	revision_free(r);
	diags_free(&tmp);
	return ok;
}

/*
 * Creates path with the n bytes of buf, never replacing an existing file
 * (DESIGN.md: never a partial file).  The text goes to a temporary file
 * ".NAME.XXXXXX" beside path (the loader skips dot files), is synced, and
 * is hard-linked to path, which fails with EEXIST when path exists; the
 * temporary name is removed either way.  Where the file system has no
 * hard links, path is created with O_CREAT|O_EXCL, written, synced, and
 * removed again on failure.  Returns 1, or 0 with errno set (EEXIST when
 * path exists) and nothing left behind.
 */
int
newrev_create_file(const char *path, const char *buf, size_t n)
{
	char *tmp = temp_beside(path);
	mode_t mask;
	int fd, saved;

	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return 0;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || !write_all(fd, buf, n) ||
	    fsync(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		free(tmp);
		errno = saved;
		return 0;
	}
	if (close(fd) != 0) {
		saved = errno;
		unlink(tmp);
		free(tmp);
		errno = saved;
		return 0;
	}
	if (link(tmp, path) == 0) {
		unlink(tmp);
		free(tmp);
		return 1;
	}
	saved = errno;
	unlink(tmp);
	free(tmp);
	if (saved != EPERM && saved != ENOTSUP && saved != EOPNOTSUPP &&
	    saved != EXDEV && saved != EMLINK && saved != ENOSYS) {
		errno = saved;
		return 0;
	}
	/* No hard links here (FAT, some FUSE and network file systems). */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		return 0;
	if (!write_all(fd, buf, n) || fsync(fd) != 0 || close(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(path);
		errno = saved;
		return 0;
	}
	return 1;
}

/*
 * The directory new files go to, malloc'd: the project's versions
 * directory joined to its directory as load.c's revisions_load() does (so
 * the file lands where the chain was read), with "." left out and a
 * trailing '/' of the project directory dropped, e.g. "versions" or, with
 * -C shop/, "shop/versions".  This is also the prefix of the printed path,
 * which the user can open from where they ran migsql.
 */
static char *
versions_dir(const struct project *proj)
{
	size_t n = strlen(proj->dir);

	if (strcmp(proj->dir, ".") == 0)
		return xstrdup(proj->versions);
	while (n > 1 && proj->dir[n - 1] == '/')
		n--;
	if (n == 1 && proj->dir[0] == '/')
		return xasprintf("/%s", proj->versions);
	return xasprintf("%.*s/%s", (int)n, proj->dir, proj->versions);
}

int
new_revision(const struct project *proj, const struct chain *c,
    const struct new_options *no, char **path, struct diags *d)
{
	const char **deps = NULL, **pids = NULL;
	size_t ndeps = 0, parent = CHAIN_NONE, before = d->errors, npids = 0;
	size_t *merged = NULL, i;
	struct strbuf text = STRBUF_INIT;
	char id[NEWREV_ID_LEN + 1], date[20];
	char *slug = NULL, *dir = NULL, *file = NULL;
	const char *problem;

	*path = NULL;
	if (!c->valid) {
		diag_error(d, EXIT_INPUT, NULL, "the chain has errors; fix them "
		    "before adding a revision");
		return 0;
	}
	/* Every check first, so one run reports every problem. */
	check_message(no->message, d);
	create_date(date, d);
	if (no->merge) {
		if (pick_merge_parents(c, no, &merged, &npids, d)) {
			pids = xmalloc(npids * sizeof *pids);
			for (i = 0; i < npids; i++)
				pids[i] = c->nodes[merged[i]].rev->id;
		}
	} else if (pick_parent(c, no->head, &parent, d) &&
	    parent != CHAIN_NONE) {
		pids = xmalloc(sizeof *pids);
		pids[npids++] = c->nodes[parent].rev->id;
	}
	check_labels(c, no, d);
	if (!no->merge)
		resolve_depends(c, no, parent, &deps, &ndeps, d);
	if (d->errors > before)
		goto done;

	if (!new_id(c, no, id, d))
		goto done;
	slug = make_slug(no->message);
	dir = versions_dir(proj);
	/* Alembic's file_template "%(rev)s_%(slug)s": an empty slug gives
	 * "<id>_.yaml", as Alembic gives "<id>_.py". */
	file = xasprintf("%s/%s_%s.yaml", dir, id, slug);
	if (!build_file(&text, id, pids, npids, no, deps, ndeps, date,
	    &problem)) {
		diag_error(d, EXIT_INPUT, NULL, "internal error: cannot write "
		    "the new revision file as YAML: %s; nothing written",
		    problem);
		goto done;
	}
	if (!verify_file(file, &text, id, pids, npids, no, deps, ndeps, d))
		goto done;
	if (!newrev_create_file(file, text.buf, text.len)) {
		struct loc l = { file, 0, 0 };

		if (errno == EEXIST)
			diag_error(d, EXIT_INPUT, &l, "cannot create: the file "
			    "already exists");
		else
			diag_error(d, EXIT_INPUT, &l, "cannot create: %s",
			    strerror(errno));
		goto done;
	}
	*path = file;
	file = NULL;
done:
	free(deps);
	free(pids);
	free(merged);
	free(slug);
	free(dir);
	free(file);
	strbuf_free(&text);
	return *path != NULL;
}
