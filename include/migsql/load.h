/*
 * load.h -- the load stage: migsql.yaml and versions/NAME.yaml into the
 * revision IR (DESIGN.md "Project file", "Revision file").
 *
 * Every error is appended to the caller's struct diags with its
 * file:line:col (exit class EXIT_INPUT); loading goes on past errors so one
 * run reports them all.  A revision with errors is still returned when its
 * identity could be read, so later stages can check the rest of the chain.
 */
#ifndef MIGSQL_LOAD_H
#define MIGSQL_LOAD_H

#include <stddef.h>

#include "migsql/diag.h"
#include "migsql/node.h"
#include "migsql/util.h"
#include "migsql/op.h"
#include "migsql/vars.h"

/* The longest revision id: Alembic's version_num is VARCHAR(32). */
#define REVISION_ID_MAX 32

/* The PostgreSQL major versions postgresql_version takes, and its default
   (the version the lint rules judge locks and rewrites for). */
#define PG_VERSION_MIN		10
#define PG_VERSION_MAX		99
#define PG_VERSION_DEFAULT	15

/* migsql.yaml, with defaults filled in. */
struct project {
	char		*file;			/* display path, "migsql.yaml" */
	char		*dir;			/* project directory, as given */
	char		*versions;		/* versions directory, relative to dir
						   (the first of alembic.ini's
						   version_locations) */
	char		**more_versions;	/* the other version_locations */
	size_t		 nmore_versions;
	int		 alembic_ini;		/* read from alembic.ini, there
						   being no migsql.yaml */
	char		*dialect;		/* default dialect, or NULL */
	char		*version_table;		/* default "alembic_version" */
	char		*version_table_schema;	/* or NULL */
	int		 transaction_per_revision;
	unsigned long	 lock_timeout_ms;	/* 0: not set */
	unsigned long	 statement_timeout_ms;	/* 0: not set */
	int		 postgresql_version;	/* major, PG_VERSION_DEFAULT */
	struct vars	 vars;		/* 'variables', then --var (main) */
	struct node	*root;			/* the parsed file, or NULL */
};

/* A list of revision ids as written, each with its location. */
struct idlist {
	char		**ids;		/* owned strings */
	struct loc	 *locs;
	size_t		  n;
};

/* Frees the ids and locations of l and empties it (for a caller that
 * rewrites a revision's parents, as the fuzz harness does). */
void idlist_free(struct idlist *l);

struct revision {
	char		*id;		/* owned */
	struct loc	 loc;		/* of the revision value */
	struct idlist	 down;		/* down_revision: 0 ids for a root */
	struct idlist	 depends;	/* depends_on */
	struct idlist	 labels;	/* branch_labels */
	char		*message;	/* owned; "" when absent */
	char		 sha256[65];	/* of the file's bytes, hex */
	char		*file;		/* display path "versions/x.yaml", owned;
					   every struct loc of this revision
					   points to it */
	char		*path;		/* the path it was read from (owned),
					   to read it again for the place of
					   an error inside a scalar; NULL when
					   parsed from memory */
	struct node	*root;		/* the parsed document (owned) */
	struct ptrvec	 expanded;	/* char *: ${name} expansions that
					   replaced scalar texts in root
					   (owned; the tree's own texts live
					   in its arena) */
	struct op	*upgrade;	/* owned array */
	size_t		 nupgrade;
	struct op	*downgrade;	/* owned array */
	size_t		 ndowngrade;
	int		 has_downgrade;	/* the downgrade key was written */
	char		*irreversible;	/* owned: why it cannot be reverted
					   (the irreversible key), or NULL */
	unsigned char	*vars_used;	/* per variable of load_options.vars:
					   used here (or NULL: none defined) */
	int		 bad;		/* it had errors */
};

/* Options that loading needs from the caller. */
struct load_options {
	/* Dialect names an execute or type mapping may use as keys
	   (NULL-terminated); an unknown key there is an error. */
	const char *const *dialect_names;
	/* ${name} values for execute SQL and table and schema names, or
	   NULL to leave ${...} as written (vars.h). */
	const struct vars *vars;
	/* For Python revision files (pyrev.h): the dialect an `if` on the
	   dialect name is decided for, or NULL; and, with NULL, 1 to leave
	   such an `if` out quietly (no operations are needed), 0 to make it
	   an error. */
	const char *dialect;
	int dialect_any;
};

/*
 * Reads DIR/migsql.yaml into *p (dir is the project directory, "." for
 * the current one).  Without migsql.yaml, DIR/alembic.ini says where the
 * revision files are (alembicini.h) and p->file is "alembic.ini"; with
 * neither, defaults apply (no error).
 * Returns 1 when it loaded without errors, 0 otherwise (diagnostics in d).
 * Release with project_free() in either case.
 */
int project_load(struct project *p, const char *dir, struct diags *d);
void project_free(struct project *p);

/*
 * The path from the current directory of name, a path relative to the
 * project directory ("migsql.yaml", p->versions, a revision's file), as
 * the loader opens it: malloc'd, the caller frees.
 */
char *project_path(const struct project *p, const char *name);

/*
 * Reads every *.yaml, *.yml and *.py file (not __init__.py: Alembic's
 * rule) of the project's versions directories, in bytewise order of file
 * name, into *revs.  A .yaml revision whose id a .py one has too replaces
 * it (their parents must agree: an error otherwise).  The result is a
 * malloc'd array of *nrevs malloc'd revisions, in that order.  Returns the number of errors found.
 * The caller frees with revisions_free(), errors or not.
 */
size_t revisions_load(const struct project *p, const struct load_options *o,
    struct revision ***revs, size_t *nrevs, struct diags *d);

/*
 * The revision files revisions_load() would read, as it shows them
 * ("versions/a1_x.py"), in its order; notes about other files go to d as
 * it gives them.  Returns a malloc'd, NULL-terminated array of *n
 * malloc'd paths (relative to the project directory unless absolute);
 * the caller frees each and the array.  project_path() opens one.
 */
char **revision_files(const struct project *p, size_t *n, struct diags *d);

/*
 * Parses one revision file from memory (for tests and for
 * revisions_load()).  display is the path used in locations; one that
 * ends in ".py" is read as an Alembic revision file (pyrev.h), any
 * other as YAML.  Returns a
 * revision, possibly marked bad, or NULL when not even its id could be
 * read; errors are in d.
 */
struct revision *revision_parse(const char *display, const char *buf,
    size_t len, const struct load_options *o, struct diags *d);

void revision_free(struct revision *r);
void revisions_free(struct revision **revs, size_t n);

/* 1 when id is a valid revision id or branch label (see load.c). */
int revision_id_valid(const char *id);

#endif /* MIGSQL_LOAD_H */
