"""The demo partnership's Board scorecard definitions, loaded beside the demo files.

Two definitions ship in ``demo/data/``: the 2016/17 scorecard of the quarterly papers (its 30
rows, order and headings) and the current one (2024/25 onward). A definition whose newest
stored version already says the same is skipped, so loading twice changes nothing.
"""

from __future__ import annotations

from pathlib import Path

from services.scorecard_definitions import (
    latest_definitions,
    load_definition_file,
    read_definition_text,
    to_toml,
)
from store.engine import Engine

DATA = Path(__file__).parent / "data"
#: The definition files, oldest plan year first.
DEFINITION_FILES = (DATA / "scorecard_definition_2016-17.toml",
                    DATA / "scorecard_definition_2024-25.toml")


def load_demo_definitions(engine: Engine, user: str) -> list[str]:
    """Store each demo definition not already stored as it is; one line per file."""
    with engine.connect() as conn:
        stored = {(d.partnership_code, d.first_quarter_key): d.document
                  for d in latest_definitions(conn)}
    lines = []
    for path in DEFINITION_FILES:
        definition, _ = read_definition_text(path.read_text(encoding="utf-8"), path.name)
        if definition is not None and stored.get(
                (definition.partnership, definition.first_quarter.key)) == to_toml(definition):
            lines.append(f"{path.name}: already stored, skipped")
            continue
        saved = load_definition_file(engine, path, user)
        lines.append(f"{path.name}: stored as version {saved.version} of "
                     f"{saved.title!r} ({len(definition.rows) if definition else 0} rows)")
    return lines
