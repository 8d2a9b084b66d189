"""lowercase emails

Revision ID: c2f4b6d8e0a3
Revises: b7c9d1e3f5a6
Create Date: 2026-11-24 10:11:52.066419

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision = 'c2f4b6d8e0a3'
down_revision = 'b7c9d1e3f5a6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE users SET email = lower(email) WHERE email <> lower(email)")


def downgrade() -> None:
    raise NotImplementedError("emails were lower-cased in place; their original case is gone")
