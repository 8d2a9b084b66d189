/* pyrev_sa.c -- SQLAlchemy and Alembic calls onto migsql operations (pyrev.h); being written. */
#include "config.h"

#include "pyrev_int.h"

extern int pyrev_sa_placeholder;
int pyrev_sa_placeholder;
