"""merge billing and tags

Revision ID: 6f8b0d2e4a76
Revises: 3c5e7a9b1d43, 5e7a9c1d3f65
Create Date: 2026-11-09 14:05:22.570183

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision = '6f8b0d2e4a76'
down_revision = ('3c5e7a9b1d43', '5e7a9c1d3f65')
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
