/*
 * ops_int.h -- the rows of the operation table (op.h, struct op_def),
 * each defined in the src/ops_*.c file that holds its hooks; op.c
 * indexes them by kind.  Nothing else sees them.
 */
#ifndef MIGSQL_OPS_INT_H
#define MIGSQL_OPS_INT_H

#include "migsql/op.h"

/* ops_table.c */
extern const struct op_def op_create_table, op_drop_table, op_rename_table,
    op_create_table_comment, op_drop_table_comment;
/* ops_column.c */
extern const struct op_def op_add_column, op_drop_column, op_alter_column;
/* ops_index.c */
extern const struct op_def op_create_index, op_drop_index;
/* ops_constraint.c */
extern const struct op_def op_create_primary_key,
    op_create_unique_constraint, op_create_check_constraint,
    op_create_foreign_key, op_drop_constraint, op_validate_constraint,
    op_create_exclude_constraint;
/* ops_enum.c */
extern const struct op_def op_create_enum, op_drop_enum, op_add_enum_value,
    op_rename_enum_value;
/* ops_data.c */
extern const struct op_def op_bulk_insert, op_execute;

#endif /* MIGSQL_OPS_INT_H */
