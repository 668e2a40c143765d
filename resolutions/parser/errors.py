"""The one error the parser raises, and the non-fatal warnings it collects."""

from __future__ import annotations

from dataclasses import dataclass


class ResolutionParseError(ValueError):
    """The text cannot be read as a resolution.

    `line` is the 1-based line of the input that shows the problem, or None when the problem
    belongs to the whole text (empty text, no operative paragraphs).
    """

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """Something the user should check; the parse still succeeded."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line is not None else self.message
