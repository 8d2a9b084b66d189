"""backfill"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def backfill(conn):
    pass


def upgrade():
    op.add_column("users", sa.Column("n", sa.Integer(), nullable=True))
    backfill(op.get_bind())
    for (uid,) in op.get_bind().execute(sa.text("SELECT id FROM users")):
        op.execute(f"UPDATE users SET n = 1 WHERE id = {uid}")
    rows = op.get_bind().execute(sa.text("SELECT 1")).fetchall()
