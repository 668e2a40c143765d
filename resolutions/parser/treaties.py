"""Treaty references by full title or abbreviation, mapped to short names.

The app feeds its Treaty rows in as extra aliases, so this list only needs the common ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

KNOWN_TREATIES: dict[str, tuple[str, ...]] = {
    "ICMW": (
        "International Convention on the Protection of the Rights of All Migrant Workers "
        "and Members of Their Families",
        "Migrant Workers Convention",
        "ICMW",
        "ICRMW",
    ),
    "UNCLOS": (
        "United Nations Convention on the Law of the Sea",
        "Law of the Sea Convention",
        "UNCLOS",
    ),
    "ICC": ("Rome Statute of the International Criminal Court", "Rome Statute"),
    "ICCPR": ("International Covenant on Civil and Political Rights", "ICCPR"),
    "ICESCR": ("International Covenant on Economic, Social and Cultural Rights", "ICESCR"),
    "CEDAW": (
        "Convention on the Elimination of All Forms of Discrimination against Women",
        "CEDAW",
    ),
    "CERD": (
        "International Convention on the Elimination of All Forms of Racial Discrimination",
        "ICERD",
    ),
    "CRC": ("Convention on the Rights of the Child",),
    "CRPD": ("Convention on the Rights of Persons with Disabilities", "CRPD"),
    "CAT": (
        "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
    ),
    "Refugee Convention": (
        "Convention relating to the Status of Refugees",
        "1951 Refugee Convention",
    ),
    "VCLT": ("Vienna Convention on the Law of Treaties", "VCLT"),
    "UNCAC": ("United Nations Convention against Corruption", "UNCAC"),
    "UNTOC": ("United Nations Convention against Transnational Organized Crime", "UNTOC"),
    "UNFCCC": ("United Nations Framework Convention on Climate Change", "UNFCCC"),
}


def _key(text: str) -> str:
    return " ".join(re.split(r"[\s\-]+", text.strip()))


def _is_abbreviation(alias: str) -> bool:
    return alias.replace(" ", "").isupper()


def _match_key(alias: str) -> str:
    """What two aliases must share to name the same thing, by the rules `find` applies."""
    return _key(alias) if _is_abbreviation(alias) else _key(alias).casefold()


def _alternation(aliases: Iterable[str], flags: int) -> re.Pattern[str] | None:
    bodies = [
        r"[\s\-]+".join(re.escape(word) for word in _key(alias).split(" "))
        for alias in sorted(aliases, key=len, reverse=True)
    ]
    if not bodies:
        return None
    # Longest alternative first, so "Rome Statute of the International Criminal Court" wins
    # over "Rome Statute" at the same position.
    return re.compile(rf"(?<![\w\-])(?:{'|'.join(bodies)})(?![\w\-])", flags)


@dataclass(frozen=True)
class TreatyRegistry:
    """Aliases compiled into two patterns; `find` gives short names in order of first mention.

    Abbreviations are matched case-sensitively ("CAT" is a treaty, "cat" is not), titles
    case-insensitively.
    """

    _titles: re.Pattern[str] | None
    _abbreviations: re.Pattern[str] | None
    _by_title: Mapping[str, str]
    _by_abbreviation: Mapping[str, str]

    @classmethod
    def build(cls, extra: Mapping[str, Iterable[str]] | None = None) -> TreatyRegistry:
        """The known treaties plus the caller's {short name: [aliases]}.

        The caller's short names win: a known treaty that shares an alias with one of them
        is merged into it, so "CMW" from the database also claims "ICMW 1990".
        """
        aliases: dict[str, set[str]] = {k: set(v) for k, v in KNOWN_TREATIES.items()}
        for short_name, names in (extra or {}).items():
            if not isinstance(short_name, str) or isinstance(names, str):
                raise TypeError("treaty_aliases maps a short name to a list of aliases")
            claimed = {short_name, *(n for n in names if isinstance(n, str) and n.strip())}
            keys = {_match_key(n) for n in claimed}
            for known in [k for k in aliases if k != short_name]:
                if keys & {_match_key(n) for n in aliases[known]}:
                    claimed |= aliases.pop(known)
            aliases.setdefault(short_name, set()).update(claimed)
        by_title: dict[str, str] = {}
        by_abbreviation: dict[str, str] = {}
        for short_name, names in aliases.items():
            for alias in names:
                if not alias.strip():
                    continue
                if _is_abbreviation(alias):
                    by_abbreviation.setdefault(_key(alias), short_name)
                else:
                    by_title.setdefault(_key(alias).casefold(), short_name)
        return cls(
            _alternation(by_title, re.IGNORECASE),
            _alternation(by_abbreviation, 0),
            by_title,
            by_abbreviation,
        )

    def find(self, text: str) -> list[str]:
        spans: list[tuple[int, int, str]] = []
        if self._titles:
            spans += [
                (m.start(), m.end(), self._by_title[_key(m.group(0)).casefold()])
                for m in self._titles.finditer(text)
            ]
        if self._abbreviations:
            spans += [
                (m.start(), m.end(), self._by_abbreviation[_key(m.group(0))])
                for m in self._abbreviations.finditer(text)
            ]
        ordered: list[str] = []
        taken_until = -1
        for start, end, short_name in sorted(spans, key=lambda s: (s[0], s[0] - s[1])):
            if start < taken_until:
                continue  # inside a longer mention already counted
            taken_until = end
            if short_name not in ordered:
                ordered.append(short_name)
        return ordered


DEFAULT_REGISTRY = TreatyRegistry.build()
