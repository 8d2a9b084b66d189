/*
 * pyrev.h -- an Alembic revision file (versions/<id>_<slug>.py) read
 * statically into the document a YAML revision file would be (load
 * stage).  Nothing is executed: the syntax tree (py.h) is walked, names
 * bound to what is still static are evaluated, and Alembic's op.*
 * calls, with SQLAlchemy's columns, types and constraints, are mapped
 * onto migsql's operations (DESIGN.md "Revision file"), giving the
 * schema SQLAlchemy 1.4's DDL compiler would give.  What cannot be known
 * without running the code is an error at its file:line:col that names
 * the construct and says what to do instead.
 *
 * The tree it returns holds the keys revision, down_revision,
 * branch_labels, depends_on, message, create_date, upgrade and
 * downgrade, as a YAML revision file does, with every node located in
 * the .py file; load.c checks it as it checks YAML.
 */
#ifndef MIGSQL_PYREV_H
#define MIGSQL_PYREV_H

#include <stddef.h>

#include "migsql/diag.h"
#include "migsql/node.h"

struct pyrev_options {
	/* The dialect an `if` on the dialect name
	   (op.get_context().dialect.name, op.get_bind().dialect.name) is
	   decided for, as in migsql's dialect names ("postgresql",
	   "sqlite"); NULL when the command renders no single dialect. */
	const char	*dialect;
	/* With dialect NULL: 1 to leave out, with no error, what such an
	   `if` decides (a command that needs no operations: history,
	   heads); 0 to make such an `if` an error (a command that
	   renders several dialects from one load: bundle). */
	int		 dialect_any;
};

/*
 * Reads the Python source buf (len bytes) of the file shown as file
 * (which must outlive the tree) into a revision document.  Every error
 * (a syntax error, a construct that cannot be read statically, an
 * argument with no faithful equivalent) is appended to d (EXIT_INPUT)
 * at its file:line:col; reading goes on past errors that are not
 * syntax errors, leaving out the operation in error, so one run reports
 * them all.  Returns the root mapping (free with node_free()), holding
 * what could be read, even when there were errors: the caller checks
 * d->errors.  Returns NULL only when nothing could be read (a syntax
 * error); *ok is then 0, else 1.
 */
struct node *pyrev_read(const char *file, const char *buf, size_t len,
    const struct pyrev_options *o, struct diags *d, int *ok);

/*
 * The name of the YAML revision file that replaces the .py file shown as
 * file ("versions/a1_x.py" -> "versions/a1_x.yaml"; a name not ending in
 * .py gets ".yaml" appended): malloc'd, the caller frees.
 */
char *pyrev_yaml_name(const char *file);

#endif /* MIGSQL_PYREV_H */
