"""The opening phrases of preambular and operative paragraphs.

A curated vocabulary catches the phrases that run over several words ("Takes note with
appreciation", "Bearing in mind"); a general rule catches single verbs we never listed
("Deplores", "Reassuring"), so a new document rarely loses its verbs.
"""

from __future__ import annotations

import re

# Adverbs that lead a verb ("Once again urges", "Deeply concerned"). Any word in -ly also
# counts, so "Emphatically rejects" works without listing it.
_LEADING_ADVERBS = {
    "also",
    "further",
    "furthermore",
    "moreover",
    "again",
    "once again",
    "once more",
    "hereby",
    "finally",
    "lastly",
    "likewise",
    "still",
    "equally",
}
_TRAILING_ADVERBS = {"also", "again", "further", "furthermore", "moreover"}
# After an operative verb, these words show "further" modifies the verb ("Decides further
# that"), not a noun ("Encourages further efforts").
_AFTER_ADVERB_FURTHER = {"that", "to", "the", "all", "its", "their", "member", "states", ","}

# Words ending in -ly that are not adverbs, and -s / -ing / -ed words that open sentences
# without being verbs.
_NOT_ADVERBS = {"only", "early", "family", "italy", "july", "assembly", "supply", "rely"}
_NOT_VERBS = {
    "states",
    "nations",
    "members",
    "parties",
    "governments",
    "countries",
    "this",
    "thus",
    "its",
    "his",
    "has",
    "was",
    "is",
    "as",
    "us",
    "always",
    "perhaps",
    "unless",
    "various",
    "numerous",
    "serious",
    "previous",
    "conditions",
    "measures",
    "rights",
    "migrants",
    "workers",
    "means",
    "less",
    "regardless",
    "progress",
    "access",
    "process",
    "business",
    "address",
    "analysis",
    "basis",
    "crisis",
    "thesis",
    "series",
    "species",
    "news",
    "whereas",
    "towards",
    "besides",
}
_NOT_PARTICIPLES = {
    "housing",
    "financing",
    "funding",
    "training",
    "building",
    "meeting",
    "wellbeing",
    "peacekeeping",
    "peacebuilding",
    "policing",
    "planning",
    "beijing",
    "reporting",
    "during",
    "notwithstanding",
    "according",
    "including",
    "regarding",
    "concerning",
    "following",
    "pending",
    "something",
    "nothing",
    "anything",
    "everything",
    "king",
    "spring",
    "evening",
    "morning",
    "thing",
    "bring",
    "sibling",
    "being",
    "ring",
    "sing",
    "wing",
    "ceiling",
    "shipping",
    "fishing",
    "mining",
    "banking",
    "trafficking",
    "smuggling",
    "dumping",
    "warming",
    "wrongdoing",
    "understanding",
    "outstanding",
    "landing",
}
_PREAMBULAR_ADJECTIVES = {
    "aware",
    "mindful",
    "conscious",
    "cognizant",
    "cognisant",
    "desirous",
    "convinced",
    "concerned",
    "alarmed",
    "determined",
    "encouraged",
    "guided",
    "inspired",
    "gratified",
    "pleased",
    "satisfied",
    "disturbed",
    "dismayed",
    "appreciative",
    "committed",
    "resolved",
    "shocked",
    "saddened",
    "outraged",
    "troubled",
    "reassured",
}

# Multi-word heads; the matcher tries the longest first. "{X}" stands for an optional
# intensifier and one of the nouns below ("Expresses its deep concern").
_FEELINGS = (
    "appreciation|gratitude|concern|satisfaction|regret|support|solidarity|condolences|"
    "sympathy|thanks|alarm|dismay|outrage|disappointment|hope|interest|commitment|"
    "recognition|welcome"
)
_INTENSIFIERS = (
    "deep|deepest|grave|serious|profound|sincere|great|strong|full|particular|warm|high|"
    "highest|utmost"
)
_WITH_FEELING = rf"with\s+(?:(?:{_INTENSIFIERS})\s+)?(?:{_FEELINGS})"

_PREAMBULAR_HEADS = [
    r"Bearing\s+in\s+mind",
    r"Keeping\s+in\s+mind",
    r"Having\s+in\s+mind",
    r"Having\s+regard",
    r"Having\s+taken\s+note",
    r"Having\s+(?:(?:also|further|again|already|duly)\s+)?(?!regard\b|in\b)[a-z]+",
    r"Taking\s+note",
    r"Taking\s+(?:into\s+)?(?:account|consideration)",
    rf"Expressing\s+(?:(?:its|their)\s+)?(?:(?:{_INTENSIFIERS})\s+)?(?:{_FEELINGS})",
    r"Paying\s+tribute",
    r"Looking\s+forward",
    r"Guided\s+by",
    r"Mindful",
]
_OPERATIVE_HEADS = [
    r"Takes\s+note",
    r"Takes\s+(?:into\s+)?(?:account|consideration)",
    r"Calls\s+(?:upon|on|for|attention)",
    r"Continues\s+to\s+[a-z]+",
    r"Appeals\s+to",
    r"Bears\s+in\s+mind",
    r"Looks\s+forward",
    r"Pays\s+tribute",
    r"Places\s+on\s+record",
    r"Draws\s+(?:the\s+)?attention",
    rf"Expresses\s+(?:(?:its|their|the)\s+)?(?:(?:{_INTENSIFIERS})\s+)?(?:{_FEELINGS})",
    rf"(?:Reiterates|Renews)\s+its\s+(?:(?:{_INTENSIFIERS})\s+)?(?:call|appeal|request|{_FEELINGS})",
]
# The single operative verbs we know; others are still found by the -s rule.
OPERATIVE_VERBS = {
    "accepts",
    "acknowledges",
    "adopts",
    "affirms",
    "agrees",
    "appeals",
    "appoints",
    "appreciates",
    "approves",
    "asks",
    "authorizes",
    "authorises",
    "calls",
    "commends",
    "concurs",
    "condemns",
    "confirms",
    "considers",
    "congratulates",
    "declares",
    "decides",
    "demands",
    "deplores",
    "designates",
    "directs",
    "draws",
    "elects",
    "emphasizes",
    "emphasises",
    "encourages",
    "endorses",
    "entrusts",
    "establishes",
    "exhorts",
    "expresses",
    "extends",
    "highlights",
    "instructs",
    "invites",
    "notes",
    "proclaims",
    "reaffirms",
    "recalls",
    "recognizes",
    "recognises",
    "recommends",
    "regrets",
    "reiterates",
    "rejects",
    "renews",
    "reminds",
    "requests",
    "resolves",
    "stresses",
    "supports",
    "takes",
    "thanks",
    "underlines",
    "underscores",
    "urges",
    "welcomes",
}

# Participles common enough to trust even when nothing else says a paragraph starts here.
PREAMBULAR_PARTICIPLES = {
    "acknowledging",
    "acting",
    "affirming",
    "alarmed",
    "appreciating",
    "believing",
    "commending",
    "condemning",
    "congratulating",
    "considering",
    "declaring",
    "deploring",
    "desiring",
    "determining",
    "emphasizing",
    "emphasising",
    "encouraging",
    "endorsing",
    "expressing",
    "highlighting",
    "noting",
    "observing",
    "realizing",
    "realising",
    "reaffirming",
    "recalling",
    "recognizing",
    "recognising",
    "referring",
    "regretting",
    "reiterating",
    "rejecting",
    "reminding",
    "renewing",
    "requesting",
    "seeking",
    "stressing",
    "supporting",
    "taking",
    "underlining",
    "underscoring",
    "urging",
    "welcoming",
    "wishing",
}


_WORD = r"[A-Za-z][A-Za-z'-]*"


def _compile_heads(heads: list[str]) -> re.Pattern[str]:
    # Case-insensitive because an adverb may lead: "Further bearing in mind".
    return re.compile(
        rf"(?:{'|'.join(sorted(heads, key=len, reverse=True))})(?:\s+{_WITH_FEELING})?\b",
        re.IGNORECASE,
    )


_PREAMBULAR_HEAD_RE = _compile_heads(_PREAMBULAR_HEADS)
_OPERATIVE_HEAD_RE = _compile_heads(_OPERATIVE_HEADS)
_WITH_FEELING_RE = re.compile(rf"\s+{_WITH_FEELING}\b")
_TOKEN = re.compile(_WORD)
_WORD_AND_SPACE = re.compile(rf"({_WORD})\s+")
_ONCE_AGAIN = re.compile(r"(once\s+(?:again|more))\s+", re.IGNORECASE)
_NEXT_WORD = re.compile(rf"\s+({_WORD})")
_FOLLOWING = re.compile(rf"\s*({_WORD}|,)")


def _is_adverb(word: str) -> bool:
    lowered = word.lower()
    return lowered in _LEADING_ADVERBS or (
        lowered.endswith("ly") and len(lowered) > 4 and lowered not in _NOT_ADVERBS
    )


def _skip_adverbs(text: str) -> int:
    """Length of the leading adverbs ("Once again ", "Also strongly ") in `text`."""
    pos = 0
    for _ in range(3):
        rest = text[pos:]
        if match := _ONCE_AGAIN.match(rest):
            pos += match.end()
            continue
        match = _WORD_AND_SPACE.match(rest)
        if match and _is_adverb(match.group(1)):
            pos += match.end()
            continue
        break
    return pos


def _with_trailing(text: str, end: int, *, further_is_adverb: bool) -> int:
    """Extend a verb phrase over "with appreciation" and a trailing "also"/"further"."""
    if match := _WITH_FEELING_RE.match(text, end):
        end = match.end()
    match = _NEXT_WORD.match(text, end)
    if match and match.group(1).lower() in _TRAILING_ADVERBS:
        word = match.group(1).lower()
        after = _FOLLOWING.match(text, match.end())
        if (
            word != "further"
            or further_is_adverb
            or (after and after.group(1).lower() in _AFTER_ADVERB_FURTHER)
        ):
            end = match.end()
    return end


def _phrase(text: str, end: int) -> str:
    return " ".join(text[:end].split())


def _upper_run(text: str, end: int) -> bool:
    """Is the phrase up to `end` written in capitals ("FURTHER REQUESTS")?"""
    letters = [c for c in text[:end] if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _case_ok(text: str, any_case: bool) -> bool:
    first = text[:1]
    return first.isupper() or (any_case and first.islower())


def operative_verb(text: str, *, curated_only: bool = False, any_case: bool = False) -> str | None:
    """The opening verb phrase of an operative paragraph ("Once again urges"), or None.

    Capitals ("FURTHER REQUESTS") always count; lower case ("requests", as in Red Cross
    resolutions) only with `any_case`.
    """
    if not _case_ok(text, any_case):
        return None
    start = _skip_adverbs(text)
    head = _OPERATIVE_HEAD_RE.match(text, start)
    if head:
        end = head.end()
    else:
        word = _TOKEN.match(text, start)
        if not word:
            return None
        lowered = word.group(0).lower()
        known = lowered in OPERATIVE_VERBS
        general = (
            not curated_only
            and lowered.endswith("s")
            and not lowered.endswith(("ss", "us", "is"))
            and len(lowered) > 3
            and lowered not in _NOT_VERBS
            and word.group(0)[0].isalpha()
        )
        if not (known or general):
            return None
        end = word.end()
    if start and not text[start:end][:1].islower() and not _upper_run(text, end):
        return None  # "Member States ..." after a -ly word is not an adverb-led verb
    return _phrase(text, _with_trailing(text, end, further_is_adverb=False))


def preambular_verb(text: str, *, curated_only: bool = False, any_case: bool = False) -> str | None:
    """The opening phrase of a preambular paragraph ("Acknowledging further"), or None."""
    if not _case_ok(text, any_case):
        return None
    start = _skip_adverbs(text)
    head = _PREAMBULAR_HEAD_RE.match(text, start)
    if head:
        end = head.end()
    else:
        word = _TOKEN.match(text, start)
        if not word:
            return None
        lowered = word.group(0).lower()
        participle = (
            lowered.endswith("ing")
            and len(lowered) > 5
            and lowered not in _NOT_PARTICIPLES
            and (not curated_only or lowered in PREAMBULAR_PARTICIPLES)
        )
        if lowered in _PREAMBULAR_ADJECTIVES or participle:
            end = word.end()
        elif start and lowered.endswith("ed") and not curated_only:
            end = word.end()  # "Deeply disturbed", "Gravely alarmed"
        else:
            return None
    # After a participle "further" is the adverb ("Recalling further"), never an adjective.
    return _phrase(text, _with_trailing(text, end, further_is_adverb=True))


def verb_head(verb: str) -> str:
    """The verb without leading and trailing adverbs, lower-cased: "Once again urges" -> "urges"."""
    start = _skip_adverbs(verb)
    words = verb[start:].lower().split()
    while len(words) > 1 and words[-1] in _TRAILING_ADVERBS:
        words.pop()
    return " ".join(words)


# Decisions recorded in the past tense ("The Governing Body: (a) invited ...; (b) approved").
PAST_OPERATIVE_VERBS = {
    "adopted",
    "agreed",
    "approved",
    "appointed",
    "authorized",
    "authorised",
    "called",
    "confirmed",
    "decided",
    "deferred",
    "designated",
    "elected",
    "encouraged",
    "endorsed",
    "expressed",
    "instructed",
    "invited",
    "noted",
    "postponed",
    "provided",
    "reaffirmed",
    "recalled",
    "recommended",
    "requested",
    "took",
    "urged",
    "welcomed",
}
_PAST_HEAD = re.compile(
    r"(?:(?:also|further|again)\s+)?(?P<verb>took\s+note|called\s+(?:upon|on)|[A-Za-z]+)\b",
    re.IGNORECASE,
)


def past_operative_verb(text: str) -> str | None:
    """ "took note", "invited", "requested": the verb of a decision recorded in the past."""
    match = _PAST_HEAD.match(text)
    if not match:
        return None
    head = match["verb"].lower().split()[0]
    if head not in PAST_OPERATIVE_VERBS or (head == "took" and len(match["verb"].split()) < 2):
        return None
    return _phrase(text, match.end())


# Items under "Hereby resolves to:" (ASEAN Inter-Parliamentary Assembly) use the base form.
_BASE_HEAD = re.compile(
    r"(?:(?:also|further|strongly)\s+)?(?P<verb>take\s+note|call\s+(?:upon|on|for)|[A-Za-z]+)\b",
    re.IGNORECASE,
)


def base_operative_verb(text: str) -> str | None:
    """ "Urge", "Encourage", "Call upon": an operative verb in its base form, or None."""
    if not text[:1].isupper():
        return None
    match = _BASE_HEAD.match(text)
    if not match:
        return None
    head = match["verb"].lower().split()[0]
    forms = {head + "s", head + "es", head[:-1] + "ies" if head.endswith("y") else ""}
    if not forms & OPERATIVE_VERBS:
        return None
    return _phrase(text, match.end())
