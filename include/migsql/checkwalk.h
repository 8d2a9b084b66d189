/*
 * checkwalk.h -- check walks the written downgrades in the order they
 * run.
 *
 * `migsql check` renders each revision's downgrade right after its own
 * upgrade.  That misses a downgrade that fails because one run before it
 * on the way down did not undo what it should have (an empty downgrade
 * that leaves a renamed column renamed, say).  This walk replays each
 * head's ancestors, then renders their downgrades newest first, as
 * `migsql downgrade HEAD:base` would, on the model each earlier
 * downgrade leaves.
 */
#ifndef MIGSQL_CHECKWALK_H
#define MIGSQL_CHECKWALK_H

#include <stddef.h>

#include "migsql/chain.h"
#include "migsql/diag.h"
#include "migsql/dialect.h"

/*
 * For each head of c (a valid chain), replays its ancestors on a model
 * that reads dl's SQL, then renders every one of them down, newest first
 * (the reverse of c's order), for dialect dl.  What that finds and d
 * does not already hold (same place, severity and message) is appended
 * to d, each once.  Returns the number of errors appended.
 */
size_t checkwalk_downgrades(const struct chain *c, const struct dialect *dl,
    struct diags *d);

#endif /* MIGSQL_CHECKWALK_H */
