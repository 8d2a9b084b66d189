/* alembicini.c -- alembic.ini (alembicini.h); being written. */
#include "config.h"

#include "migsql/alembicini.h"

extern int alembicini_placeholder;
int alembicini_placeholder;
