"""backfill names

Revision ID: 3c4d5e6f7a8b
Revises: 2a3b4c5d6e7f
Create Date: 2024-03-09 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = '3c4d5e6f7a8b'
down_revision = '2a3b4c5d6e7f'
branch_labels = None
depends_on = None


def name_from_email(email):
    return email.split("@")[0]


def upgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, email FROM users")).fetchall()
    for row in rows:
        conn.execute(
            sa.text("UPDATE users SET name = :n WHERE id = :i"),
            {"n": name_from_email(row.email), "i": row.id},
        )
    op.create_index("ix_users_name", "users", ["name"])


def downgrade():
    op.drop_index("ix_users_name", table_name="users")
