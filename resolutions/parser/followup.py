"""Follow-up read from the words of an operative paragraph.

These are first guesses for the secretariat, which can correct them in the app; the rules
lean towards the cases DOMAIN.md describes and stay simple enough to explain to a user.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Addressees
from .ordinals import parse_ordinal
from .text import normalise_symbol
from .treaties import TreatyRegistry
from .vocabulary import verb_head

# Verbs that ask somebody to act. Whether the paragraph asks *states* is decided by whom
# they address: "Requests the Secretary-General" does not.
_ASKING_HEADS = {
    "requests",
    "urges",
    "encourages",
    "calls upon",
    "calls on",
    "invites",
    "appeals to",
    "recommends",
    "exhorts",
    "asks",
    "demands",
    "reiterates its call",
    "renews its call",
    "reiterates its appeal",
}
_STATES = re.compile(
    r"(?<!United )\b(?:member\s+)?states\b|\bgovernments\b|\bmember\s+countries\b",
    re.IGNORECASE,
)
# Whom the verb addresses: its first phrase, up to a comma, the infinitive or a "that"
# clause. "Requests the Secretary-General, in consultation with Member States," asks the
# Secretary-General.
_OBJECT_END = re.compile(r"\bto\s+[a-z]|\bthat\b|[,:;.]")
# "Requests the Secretariat to ..., and Member States to ...": a second addressee.
_SECOND_ADDRESSEE = re.compile(
    r"\b(?:and|as\s+well\s+as)\s+(?:all\s+)?(?:the\s+)?(?:member\s+)?states\s+to\s+[a-z]",
    re.IGNORECASE,
)
# A request to states inside another paragraph: "Decides to invite Member States to ...".
_EMBEDDED_ASK = re.compile(
    r"\b(?:request|urge|encourage|invite|call\s+upon|call\s+on|appeal\s+to|exhort)s?\s+"
    r"(?:all\s+|the\s+)?(?:member\s+)?states\b",
    re.IGNORECASE,
)
_NOT_YET = re.compile(
    r"\b(?:that|which|who)\s+ha(?:ve|s)\s+not\s+(?:yet\s+)?(?:done\s+so|ratified|acceded|"
    r"signed|become\s+part(?:y|ies))|\bnot\s+yet\s+(?:become\s+)?part(?:y|ies)\b|"
    r"\bnon-?part(?:y|ies)\b|\bstates\s+not\s+part(?:y|ies)\b",
    re.IGNORECASE,
)
_TREATY_ACTION = re.compile(
    r"\b(?:ratif\w*|acce(?:de|ding|ssion|ssions)\b|becom(?:e|ing)\s+part(?:y|ies)|adher\w*)",
    re.IGNORECASE,
)
_AGENDA = re.compile(
    r"\b(?:agenda|consider(?:ation)?|take\s+up|examine|examination)\b", re.IGNORECASE
)
_SESSION_REFERENCE = re.compile(
    r"\b(?:its|the)\s+(?P<words>(?:[\w\-]+\s+){0,5}?)(?:annual\s+|regular\s+|ordinary\s+)?"
    r"session\b",
    re.IGNORECASE,
)
_NEXT = {"next", "forthcoming", "following", "subsequent", "upcoming"}


@dataclass(frozen=True, slots=True)
class FollowUp:
    requests_report: bool
    addressees: Addressees
    treaties: list[str]
    carries_to_session: int | None


def _addressed_object(text: str, verb: str) -> str:
    rest = text[len(verb) :].lstrip(" ,")
    rest = rest.removeprefix("that ")
    end = _OBJECT_END.search(rest)
    return rest[: end.start()] if end else rest


def asks_states(verb: str, text: str, subparagraph_texts: list[str]) -> bool:
    if verb_head(verb) in _ASKING_HEADS:
        target = _addressed_object(text, verb)
        if _STATES.search(target) or _SECOND_ADDRESSEE.search(text):
            return True
        # "Calls upon:" followed by "(a) All States to ..."
        if not target.strip() and any(
            _STATES.search(_addressed_object(sub, "")) for sub in subparagraph_texts
        ):
            return True
    return any(_EMBEDDED_ASK.search(t) for t in [text, *subparagraph_texts])


def addressees(asks: bool, full_text: str, treaties: list[str]) -> Addressees:
    if not asks:
        return Addressees.NONE
    if _NOT_YET.search(full_text) and (treaties or _TREATY_ACTION.search(full_text)):
        return Addressees.NON_PARTIES
    return Addressees.ALL


def carried_to_session(full_text: str, session: int | None) -> int | None:
    """The session a paragraph carries the item to.

    "Decides to place this item on the provisional agenda of its Fifty-Third Annual Session"
    gives 53; "its next session" gives the resolution's session + 1.
    """
    if not _AGENDA.search(full_text):
        return None
    for match in _SESSION_REFERENCE.finditer(full_text):
        words = match.group("words").split()
        if words and words[-1].lower() in _NEXT:
            if session is not None:
                return session + 1
            continue
        # The ordinal is the longest run of words just before "session" that reads as one.
        for start in range(len(words)):
            value = parse_ordinal(" ".join(words[start:]))
            if value is not None:
                return value
    return None


def derive(
    *,
    verb: str,
    text: str,
    subparagraph_texts: list[str],
    session: int | None,
    registry: TreatyRegistry,
) -> FollowUp:
    full_text = " ".join([text, *subparagraph_texts])
    treaties = registry.find(full_text)
    asks = asks_states(verb, text, subparagraph_texts)
    return FollowUp(
        requests_report=asks,
        addressees=addressees(asks, full_text, treaties),
        treaties=treaties,
        carries_to_session=carried_to_session(full_text, session),
    )


_SECRETARIAT_DOCUMENT = re.compile(
    r"\bSecretariat\s+Doc(?:ument|\.)?s?\s+(?:No(?:s)?\.?|Number)?\s*:?\s*"
    r"(?P<document>[A-Z][^;]*?)\s*(?=;|,\s|\.\s|\.$|\s+and\s|\s+as\s|$)",
    re.IGNORECASE,
)


def secretariat_document(text: str) -> str | None:
    """The secretariat document a preambular paragraph cites, with its spacing normalised.

    "AALCO/52/HEADQUARTERS (NEW DELHI)/ 2013 /S 5" -> "AALCO/52/HEADQUARTERS (NEW DELHI)/2013/S 5"
    """
    match = _SECRETARIAT_DOCUMENT.search(text)
    if not match:
        return None
    return normalise_symbol(match.group("document")).rstrip(" .,") or None
