/* py_lex.c -- the Python 3 tokenizer (py.h); being written. */
#include "config.h"

#include "py_int.h"

extern int py_lex_placeholder;
int py_lex_placeholder;
