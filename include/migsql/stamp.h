/*
 * stamp.h -- `migsql stamp [FROM:]TO`: a guarded script that changes only
 * the version table, after checking that the database looks like TO.
 *
 * Alembic's `stamp` writes the version table blindly (Alembic 1.8,
 * command.stamp); teams use it to adopt a database made by create_all(),
 * to repair a version table or to baseline.  migsql's script is guarded
 * like every script (it refuses unless the database is at FROM) and,
 * before it writes, checks in the catalog that every table, column (with
 * its type), index and named constraint the schema model has at TO is
 * there.  The catalog queries are the dialect file's (the stamp_*
 * templates, migsql-dialect(5)); migsql only walks the model.  The script
 * itself is emit_stamp()'s (emit.h).
 */
#ifndef MIGSQL_STAMP_H
#define MIGSQL_STAMP_H

#include <stddef.h>

#include "migsql/chain.h"
#include "migsql/diag.h"
#include "migsql/dialect.h"
#include "migsql/load.h"
#include "migsql/model.h"
#include "migsql/util.h"

/*
 * Appends to out one stamp_check statement per object of the schema model
 * m, in the model's order: each table (temporary ones left out), then each
 * of its columns with its type as dl writes it, each named constraint,
 * and each index on it.  Each condition comes from the dialect's
 * stamp_table, stamp_column, stamp_constraint or stamp_index template,
 * and the message names what is missing ("column users.email
 * (varchar(255))"); a condition template that renders empty means the
 * engine cannot tell (SQLite keeps no constraint names): no check.  A
 * column an execute made with more than the model keeps (identity, a
 * default) is checked with its type as the engine spells it, or only
 * through its table when that is unknown.  A name the dialect cannot write (dialect_name_refused)
 * or a type it cannot spell is an error in d.  Returns the number of
 * errors; 0 when dl has no stamp templates is the caller's to prevent.
 */
size_t stamp_verify(const struct dialect *dl, const struct model *m,
    struct strbuf *out, struct diags *d);

#endif /* MIGSQL_STAMP_H */
