/* pyrev_int.h -- what pyrev.c and pyrev_sa.c share (not an interface). */
#ifndef MIGSQL_PYREV_INT_H
#define MIGSQL_PYREV_INT_H

#include "migsql/py.h"
#include "migsql/pyrev.h"

#endif
