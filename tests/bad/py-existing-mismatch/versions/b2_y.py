"""y"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
revision = "b2"
down_revision = "a1"
def upgrade():
    op.add_column("t", sa.Column("name", sa.String(length=50), nullable=True))
    op.alter_column("t", "name", existing_type=sa.VARCHAR(length=50), nullable=False)
    op.alter_column("t", "name", existing_type=sa.TEXT(), existing_nullable=True, comment="x")
    op.alter_column("t", "name", existing_type=postgresql.TIMESTAMP(timezone=True), existing_comment="x", new_column_name="n2")
def downgrade():
    pass
