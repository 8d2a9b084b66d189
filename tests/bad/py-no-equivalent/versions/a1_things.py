"""things"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    op.create_table(
        "things",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("note", sa.Text(), info={"pii": True}),
        sa.Column("t", sa.Time(timezone=True)),
        sa.CheckConstraint("id > 0"),
        mysql_engine="InnoDB",
    )
    op.create_table_comment("things", "stuff", schema="other")
