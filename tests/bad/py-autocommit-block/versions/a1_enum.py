"""enum values"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade():
    with op.get_context().autocommit_block():
        op.execute("ALTER TYPE mood ADD VALUE 'meh'")
        op.add_column("users", sa.Column("n", sa.Integer()))
