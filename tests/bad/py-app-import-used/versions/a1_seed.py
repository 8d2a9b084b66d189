"""seed"""
from alembic import op
import sqlalchemy as sa

revision = "a1"
down_revision = None

from myapp.models import User, unused_thing

def upgrade():
    op.bulk_insert(User.__table__, [{"email": "a@example.com"}])
