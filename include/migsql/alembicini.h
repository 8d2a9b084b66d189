/*
 * alembicini.h -- an Alembic project's alembic.ini (load stage): where
 * its revision files are, and which engine its URL names.
 *
 * The file is read with inih (https://github.com/benhoyt/inih), not a
 * hand-written parser.  Of the [alembic] section only what locates the
 * revisions is used, with the meaning Alembic 1.8 gives it
 * (alembic/config.py and script/base.py, ScriptDirectory.from_config):
 *
 *   script_location	the migration environment's directory; a
 *			"package:path" resource location is refused (it
 *			needs Python's import system)
 *   version_locations	the directories of revision files, split by
 *			version_path_separator (space, colon, semicolon,
 *			os (= colon here), or, when that is absent,
 *			Alembic's legacy split on spaces and commas);
 *			default SCRIPT_LOCATION/versions
 *   sqlalchemy.url	its scheme ("postgresql+psycopg2://...") names
 *			the default dialect when it is one migsql has
 *
 * Values are interpolated as Python's configparser BasicInterpolation
 * does: %(here)s is the directory holding the file (the project
 * directory), %(NAME)s another key of the section or of [DEFAULT], and
 * %% a percent sign; anything else is an error.  Relative paths are
 * relative to the project directory (Alembic takes them relative to the
 * current directory, which migsql -C makes the project directory).
 */
#ifndef MIGSQL_ALEMBICINI_H
#define MIGSQL_ALEMBICINI_H

#include <stddef.h>

#include "migsql/diag.h"

struct alembic_ini {
	char	*file;		/* display path, "alembic.ini" (owned); every
				   loc of an error points to it */
	char	**versions;	/* the version directories, relative to the
				   project directory unless absolute, as
				   written after interpolation (owned) */
	size_t	 nversions;
	char	*dialect;	/* "postgresql" or "sqlite" from the URL's
				   scheme, or NULL (owned) */
};

/*
 * Reads DIR/alembic.ini into *ai.  Returns 1 when it was read, 0 when
 * there is no such file (not an error; *ai is empty), and -1 after
 * appending errors (EXIT_INPUT, at alembic.ini:LINE) to d.  Release *ai
 * with alembicini_free() in every case.
 */
int alembicini_load(struct alembic_ini *ai, const char *dir, struct diags *d);

void alembicini_free(struct alembic_ini *ai);

#endif /* MIGSQL_ALEMBICINI_H */
