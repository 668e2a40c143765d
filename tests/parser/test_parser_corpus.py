"""The parser on real resolutions, exactly as found: every one parses, and the fields a
person checked by hand come out right.

    .venv/bin/pytest tests/parser/test_parser_corpus.py -s    # prints the score table
"""

from __future__ import annotations

import pytest

from .corpus import CORPUS, documents, score, table

DOCUMENTS = documents()


def test_the_corpus_is_wide_enough() -> None:
    assert len(DOCUMENTS) >= 40
    assert len({expected["body"] for _name, _text, expected in DOCUMENTS}) >= 8
    for name, _text, expected in DOCUMENTS:
        assert expected["source"], f"{name} names no source"
        assert (CORPUS / f"{name}.txt").read_bytes(), name


@pytest.mark.parametrize(("name", "text", "expected"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_every_real_resolution_parses(name: str, text: str, expected: dict) -> None:
    result = score(name, text, expected)
    assert result.total > 0


def test_score_table() -> None:
    scores = [score(name, text, expected) for name, text, expected in DOCUMENTS]
    print()
    print(table(scores))
    for item in scores:
        for miss in item.misses:
            print(f"  {item.name}: {miss}")
    right = sum(s.right for s in scores)
    total = sum(s.total for s in scores)
    assert right / total >= 0.95
