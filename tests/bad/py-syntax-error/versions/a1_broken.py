"""broken"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None


def upgrade(:
    pass
