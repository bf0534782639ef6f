"""Alembic environment: runs against the engine handed over in ``config.attributes``.

On SQLite, references are not checked while the migrations run and are checked once at their
end: remaking a table (Alembic's batch mode) copies it, drops the original and renames the
copy, and dropping a table that rows refer to (a figure's copy refers to the figures it
supersedes) would otherwise fail half-way.
"""

from alembic import context
from sqlalchemy import create_engine

from store.models import Base

config = context.config
engine = config.attributes.get("engine")
if engine is None:  # invoked from the alembic command line
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite:///instance/scorecard.db")

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:  # outside any transaction: SQLite ignores this pragma inside one
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        with connection.begin():
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_as_batch=sqlite,
            )
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise RuntimeError(f"The migrated store breaks references: {broken[:5]}")
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
