"""seed tags and system user

Revision ID: a0d2f4b6c8e1
Revises: 9c1e3a5b7d09
Create Date: 2026-11-17 08:45:19.772301

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


# revision identifiers, used by Alembic.
revision = 'a0d2f4b6c8e1'
down_revision = '9c1e3a5b7d09'
branch_labels = None
depends_on = None

TAG_TABLE = 'tags'
DEFAULT_TAGS = ['urgent', 'later', 'archived']
DEFAULT_COLOR = '#999999'
SYSTEM_EMAIL = 'system' + '@' + 'example.com'


def upgrade() -> None:
    tags = sa.table(TAG_TABLE,
        sa.column('name', sqlmodel.sql.sqltypes.AutoString),
        sa.column('color', sa.String),
        sa.column('sort_order', sa.Integer),
    )
    op.bulk_insert(tags, [
        {'name': 'red-flag', 'color': '#ff0000', 'sort_order': 1},
        {'name': "it's fine", 'color': '#00ff00', 'sort_order': 2},
    ])
    for name in DEFAULT_TAGS:
        op.execute(f"INSERT INTO {TAG_TABLE} (name, color) VALUES ('{name}', '{DEFAULT_COLOR}')")
    op.execute(sa.text("INSERT INTO users (email, display_name) VALUES ('" + SYSTEM_EMAIL + "', 'System')"))
    bind = op.get_bind()
    bind.execute(sa.text("UPDATE tags SET sort_order = 10 WHERE name = 'urgent'"))


def downgrade() -> None:
    op.execute(sa.text(f"DELETE FROM users WHERE email = '{SYSTEM_EMAIL}'"))
    for name in DEFAULT_TAGS:
        op.execute(f"DELETE FROM {TAG_TABLE} WHERE name = '{name}'")
    op.execute("DELETE FROM tags WHERE name IN ('red-flag', 'it''s fine')")
