"""Alembic environment: the engine comes from the caller (videotron.core.migrate), never from an ini file."""

from __future__ import annotations

from alembic import context

from videotron.schema import load_models

config = context.config
target_metadata = load_models()


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
