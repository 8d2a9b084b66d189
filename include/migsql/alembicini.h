/*
 * alembicini.h -- an Alembic project's alembic.ini (load stage): where
 * its revision files are.  Being written.
 */
#ifndef MIGSQL_ALEMBICINI_H
#define MIGSQL_ALEMBICINI_H

#endif /* MIGSQL_ALEMBICINI_H */
