"""lowercase emails

Revision ID: c2f4b6d8e0a3
Revises: e4b6d8f0a2c5
Create Date: 2026-11-24 10:11:52.066419

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision = 'c2f4b6d8e0a3'
down_revision = 'e4b6d8f0a2c5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE users SET email = lower(email) WHERE email <> lower(email)")


def downgrade() -> None:
    raise NotImplementedError("emails were lower-cased in place; their original case is gone")
