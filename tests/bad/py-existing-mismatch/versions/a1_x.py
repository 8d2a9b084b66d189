"""x"""
from alembic import op
import sqlalchemy as sa
revision = "a1"
down_revision = None
def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True))
def downgrade():
    raise NotImplementedError("data is lost: restore from backup")
