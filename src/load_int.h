/* load_int.h -- what load.c and load_dir.c share (not an interface). */
#ifndef MIGSQL_LOAD_INT_H
#define MIGSQL_LOAD_INT_H

/* 1 when s ends in suf. */
int load_has_suffix(const char *s, const char *suf);

/* name under dir (name itself for dir "." or an absolute name),
   malloc'd: the paths the loader shows and opens. */
char *load_join_path(const char *dir, const char *name);

#endif /* MIGSQL_LOAD_INT_H */
