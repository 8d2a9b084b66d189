/* py_int.h -- what py_lex.c and py_parse.c share (not an interface). */
#ifndef MIGSQL_PY_INT_H
#define MIGSQL_PY_INT_H

#include "migsql/py.h"

#endif
