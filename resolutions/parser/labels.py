"""Sub-paragraph labels: (a), (b) ... (i), (ii) ... (1), (2), and how they nest."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol

LabelKind = Literal["letter", "roman", "digit"]


class Labelled(Protocol):
    label: str
    kind: LabelKind


_ROMANS = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
_ROMAN_TENS = ["", "x", "xx", "xxx", "xl", "l"]


def roman(number: int) -> str:
    return _ROMAN_TENS[number // 10] + _ROMANS[number % 10]


_ROMAN_VALUES = {roman(n): n for n in range(1, 60)}


def label_kinds(label: str) -> list[LabelKind]:
    """What a label can be: "i" is a roman numeral or the letter after "h"."""
    kinds: list[LabelKind] = []
    if label.isdigit():
        return ["digit"]
    if label in _ROMAN_VALUES:
        kinds.append("roman")
    if len(label) == 1 or (len(label) == 2 and label[0] == label[1]):
        kinds.append("letter")
    return kinds


def successor(kind: LabelKind, label: str) -> str | None:
    if kind == "digit":
        return str(int(label) + 1)
    if kind == "roman":
        value = _ROMAN_VALUES.get(label)
        return roman(value + 1) if value and value + 1 < 60 else None
    if len(label) == 1:
        return chr(ord(label) + 1) if label != "z" else "aa"
    return chr(ord(label[0]) + 1) * 2 if label[0] != "z" else None


FIRST: dict[LabelKind, str] = {"letter": "a", "roman": "i", "digit": "1"}


def place_label(path: Sequence[Labelled], label: str) -> tuple[int | None, LabelKind]:
    """Where a label goes, given the open labels from outermost to innermost.

    Returns (depth, kind): depth 0 is a sub-paragraph of the paragraph itself; None when the
    label fits nowhere. "(i)" after "(h)" is the letter, after "(a)" the first roman child.
    """
    kinds = label_kinds(label)
    # The next label of an open level, innermost first: "(b)" after "(a)(ii)" closes "(ii)".
    for depth in range(len(path) - 1, -1, -1):
        node = path[depth]
        if node.kind in kinds and successor(node.kind, node.label) == label:
            return depth, node.kind
    # The first label of a new level nested in the innermost open one.
    open_kinds = {node.kind for node in path}
    for kind in kinds:
        if FIRST[kind] == label and kind not in open_kinds:
            return len(path), kind
    return None, kinds[0] if kinds else "letter"
