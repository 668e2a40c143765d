"""Scoring the parser on the corpus of real resolutions in tests/imports/documents/corpus.

Each `<name>.txt` is a text exactly as found (a PDF extraction or a web copy); `<name>.json`
beside it names its source and holds the structure a person checked by hand. Only the fields
the JSON lists are scored, so a text that does not carry (say) its symbol is not counted
against the parser for the symbol; `null` means "the text carries none: find none".
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from resolutions.parser import ParsedResolution, parse_resolution

CORPUS = Path(__file__).resolve().parent.parent / "imports" / "documents" / "corpus"
HEADER_FIELDS = ("body", "symbol", "date", "session", "title", "meeting", "vote")


def _norm(value: object) -> object:
    if isinstance(value, str):
        return " ".join(value.split()).casefold().rstrip(" .;,")
    return value


def _ends_with(text: str, last_words: str) -> bool:
    return " ".join(text.split()).endswith(" ".join(last_words.split()))


@dataclass
class Score:
    name: str
    body: str
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def check(self, label: str, ok: bool, detail: str = "") -> None:
        self.total += 1
        if ok:
            self.right += 1
        else:
            self.misses.append(f"{label}{': ' + detail if detail else ''}")

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 1.0


def documents() -> list[tuple[str, str, dict]]:
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        out.append((path.stem, path.read_text(encoding="utf-8"), expected))
    return out


def _value(parsed: ParsedResolution, name: str) -> object:
    value = getattr(parsed, name)
    return value.isoformat() if name == "date" and value is not None else value


def score(name: str, text: str, expected: dict) -> Score:
    want = expected["expected"]
    result = Score(name, expected["body"])
    parsed = parse_resolution(text)  # never refuses a real resolution
    for key in HEADER_FIELDS:
        if key in want:
            got = _value(parsed, key)
            result.check(key, _norm(got) == _norm(want[key]), f"{got!r} != {want[key]!r}")
    result.check(
        "preambular_count",
        len(parsed.preambular) == want["preambular_count"],
        f"{len(parsed.preambular)} != {want['preambular_count']}",
    )
    result.check(
        "operative_count",
        len(parsed.operative) == len(want["operative"]),
        f"{len(parsed.operative)} != {len(want['operative'])}",
    )
    for index, paragraph in enumerate(want["operative"]):
        got = parsed.operative[index] if index < len(parsed.operative) else None
        where = f"operative[{index}]"
        for key in ("section", "number", "verb"):
            value = getattr(got, key) if got else None
            result.check(
                f"{where}.{key}",
                got is not None and _norm(value) == _norm(paragraph[key]),
                f"{value!r} != {paragraph[key]!r}",
            )
        text_of = got.full_text() if got else ""
        result.check(
            f"{where}.last_words",
            got is not None and _ends_with(text_of, paragraph["last_words"]),
            f"...{text_of[-60:]!r}",
        )
    return result


def table(scores: list[Score]) -> str:
    lines = [f"{'document':44} {'body':7} {'fields':>7} {'exact':>7} {'score':>7}"]
    by_body: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for item in scores:
        lines.append(
            f"{item.name:44} {item.body:7} {item.total:7} {item.right:7} {item.ratio:7.1%}"
        )
        totals = by_body[item.body]
        totals[0] += 1
        totals[1] += item.total
        totals[2] += item.right
    lines.append("")
    lines.append(f"{'body':12} {'documents':>9} {'fields':>7} {'exact':>7} {'score':>7}")
    for body, (count, total, right) in sorted(by_body.items()):
        lines.append(f"{body:12} {count:9} {total:7} {right:7} {right / total:7.1%}")
    total = sum(s.total for s in scores)
    right = sum(s.right for s in scores)
    lines.append(f"{'TOTAL':12} {len(scores):9} {total:7} {right:7} {right / total:7.1%}")
    return "\n".join(lines)
