"""Parsers for the cells of a catalogue row: each turns the cell text into a typed value or
raises :class:`CellError` with a kebab-case code and the end of a sentence an officer reads
("<column> '<value>' is not one of ...").

:mod:`domain.catalogue_checks` builds the catalogue's column checks from them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any


class CellError(ValueError):
    """A cell failed its check; ``reason`` completes the sentence "<column> '<value>' ..."."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


Parser = Callable[[str], Any]


def listing(values: Iterable[object]) -> str:
    """The values as "a, b, c" for a message."""
    return ", ".join(str(v) for v in values)


def choice_cell(options: Mapping[str, Any], code: str, optional: bool = False) -> Parser:
    """Parser for a closed vocabulary: the cell must be a key of ``options`` (empty if optional)."""

    def parse(text: str) -> Any:
        if optional and not text:
            return None
        if text not in options:
            raise CellError(code, f"is not one of {listing(options)}")
        return options[text]

    return parse


def list_cell(options: Mapping[str, Any], code: str, required: bool = False) -> Parser:
    """Parser for a semicolon list of keys of ``options``; gives a tuple of their values."""

    def parse(text: str) -> tuple[Any, ...]:
        parts = [part.strip() for part in text.split(";")] if text else []
        for part in parts:
            if part not in options:
                raise CellError(code, f"has '{part}', which is not one of {listing(options)}")
            if parts.count(part) > 1:
                raise CellError(code, f"lists '{part}' twice")
        if required and not parts:
            raise CellError(code, f"is empty; list at least one of {listing(options)}")
        return tuple(options[part] for part in parts)

    return parse


def text_cell(max_len: int | None = None, required: bool = True, blank: str | None = None
              ) -> Parser:
    """Parser for free text; an empty optional cell gives ``blank``."""

    def parse(text: str) -> str | None:
        if not text and required:
            raise CellError("missing-value", "is empty; a value is required")
        if max_len is not None and len(text) > max_len:
            raise CellError("short-title-too-long",
                            f"is {len(text)} characters long; at most {max_len} fit a chart")
        return text or blank

    return parse


def identifier_cell(text: str) -> str:
    """An indicator id: snake_case, starting with a letter, at most 60 characters."""
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,59}", text):
        raise CellError("invalid-id",
                        "is not a snake_case id (a-z, 0-9 and _, starting with a letter)")
    return text


def optional_identifier_cell(text: str) -> str | None:
    """Another indicator's id, or ``None`` for an empty cell."""
    return identifier_cell(text) if text else None


def whole_cell(minimum: int = 0, required: bool = True) -> Parser:
    """Parser for a whole number at or above ``minimum`` (empty gives ``None`` if optional)."""

    def parse(text: str) -> int | None:
        if not text and not required:
            return None
        if not re.fullmatch(r"\d+", text):
            raise CellError("invalid-number", "is not a whole number")
        if int(text) < minimum:
            raise CellError("invalid-number", f"is below {minimum}")
        return int(text)

    return parse


def number_cell(required: bool = False, positive: bool = False) -> Parser:
    """Parser for a finite decimal number, not negative (above zero if ``positive``)."""

    def parse(text: str) -> float | None:
        if not text and not required:
            return None
        try:
            value = float(text.replace(",", ""))
        except ValueError:
            raise CellError("invalid-number", "is not a number") from None
        if not math.isfinite(value) or value < 0 or (positive and value == 0):
            raise CellError("invalid-number", "is not a number above zero" if positive
                            else "is not a number of zero or more")
        return value

    return parse
