"""The SQL store: typed models, one owner of the engine, Alembic migrations, queries and writes.

Loaders write it and pages read it; nothing else opens connections.
"""
