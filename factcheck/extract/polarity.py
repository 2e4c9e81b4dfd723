"""Polarity claims: simple clauses that say something is, or is not, the case.

Only clauses whose shape is unambiguous are read: a definite subject ("the agreement", "Halvard
Marine", "the union's leaders") at the start of a sentence (after at most one introductory
phrase) or after "X said/confirmed/denied (that)", then a verb group ("had been signed", "is
not open", "did not sign", "never arrived"), then the rest of the clause up to a comma or a
conjunction. A clause with a quantified or pronoun subject, a second verb, a second negation,
a hedge or a condition, a question or a quotation is left alone: FC501 must stay quiet unless
it is sure, and a missed clause costs nothing.

The proposition is the clause's content words, stemmed, without its time phrases: "the
agreement had been signed" and "the agreement has not been signed" both give "agreement sign".
The tense and the time phrases are kept apart so that the rule can tell an update ("had not
been signed by Monday … was signed on Tuesday") from a contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.extract.lexicon import Lexicon
from factcheck.model import Document, Modality, PolarityClaim, Span
from factcheck.text.attribution import SentenceSources, speaker_key
from factcheck.text.fold import fold
from factcheck.text.segment import Sentence

# -- closed word classes --------------------------------------------------------------------

_TENSE_OF_AUX = {
    "is": "present",
    "are": "present",
    "am": "present",
    "was": "past",
    "were": "past",
    "has": "present-perfect",
    "have": "present-perfect",
    "had": "past-perfect",
    "did": "past",
    "does": "present",
    "do": "present",
    "will": "future",
    "wo": "future",  # the "wo" of "won't"
}
_COPULAS = frozenset({"is", "are", "am", "was", "were"})
_DET_WORDS = r"[Tt]he|[Tt]his|[Tt]hese|[Tt]hose|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur"
_AUXES = "|".join(sorted(_TENSE_OF_AUX, key=len, reverse=True))
_MODALS = "would|could|can|may|might|must|should|shall|ought"
# Words that never belong to a subject noun phrase.
_CLOSED = (
    rf"(?:{_AUXES}|{_MODALS}|not|never|no|and|or|but|that|which|who|whom|whose|to|of|in|on|"
    r"at|by|for|with|from|as|been|be|being|if|when|while|because|said|says|it|its|there)"
)
# Adverbs allowed inside the verb group; those that date the clause go to its time key.
_ASPECT_ADVERBS = frozenset(
    "yet already still ever also fully formally officially finally actually really even just "
    "indeed".split()
)
_TIME_ADVERBS = frozenset("now recently currently previously initially originally since".split())
_ADV = "|".join(sorted(_ASPECT_ADVERBS | _TIME_ADVERBS))
# Subjects that refer to nobody in particular, or to a quantity: no polarity to compare.
_NOT_SUBJECTS = frozenset(
    """it he she they we i you this that these those there here what who which some all any
    many most few several both each every either neither none no nobody nothing everyone
    everybody everything someone somebody something anyone anything one another other others
    such much more less if when while although though because since after before as once
    but and or so yet however meanwhile still also then now today yesterday instead only
    even""".split()
)
_NOT_ONLY = frozenset({"only", "just", "merely", "simply"})
_MAX_REST_WORDS = 14  # a longer clause is not simple, and would never be said twice alike
_SUBORDINATORS = frozenset("when while after before once as since until till by".split())
_CONDITIONAL_INTRO = frozenset("if unless whether should were had provided".split())
# Verbs that raise a clause into a report, a plan or a guess: "is expected to", "is said to".
_RAISING = frozenset(
    """expected likely unlikely set due about going able unable said reported believed thought
    understood supposed scheduled planned alleged rumoured rumored feared estimated projected
    considered seen known poised ready prepared willing eager keen determined bound certain
    sure free quick slow reluctant forced allowed meant""".split()
)
# Intros whose time phrases date the clause ("On Monday,", "By 1945,"); any other intro
# ("First seen on Monday,", "However,") has its own verb or none, and its dates are its own.
_TIME_INTROS = frozenset(
    """on in at by during since until till as of last this next earlier later early late
    yesterday today tonight overnight""".split()
)
_IRREGULAR = {
    "won": "win", "lost": "lose", "made": "make", "took": "take", "taken": "take",
    "gave": "give", "given": "give", "left": "leave", "met": "meet", "paid": "pay",
    "sold": "sell", "held": "hold", "brought": "bring", "built": "build", "found": "find",
    "kept": "keep", "told": "tell", "sent": "send", "spent": "spend", "began": "begin",
    "begun": "begin", "broke": "break", "broken": "break", "chose": "choose",
    "chosen": "choose", "drove": "drive", "driven": "drive", "fell": "fall", "fallen": "fall",
    "flew": "fly", "flown": "fly", "got": "get", "gotten": "get", "knew": "know",
    "known": "know", "rose": "rise", "risen": "rise", "ran": "run", "saw": "see",
    "seen": "see", "spoke": "speak", "spoken": "speak", "stole": "steal", "stolen": "steal",
    "wrote": "write", "written": "write", "went": "go", "gone": "go", "came": "come",
    "done": "do", "shot": "shoot", "struck": "strike", "led": "lead", "hit": "hit",
    "cut": "cut", "put": "put", "shut": "shut", "quit": "quit", "thought": "think",
    "bought": "buy", "caught": "catch", "fought": "fight", "taught": "teach",
    "sought": "seek", "heard": "hear", "stood": "stand", "withdrew": "withdraw",
    "withdrawn": "withdraw", "froze": "freeze", "frozen": "freeze", "hid": "hide",
    "hidden": "hide", "ate": "eat", "eaten": "eat", "drew": "draw", "drawn": "draw",
    "grew": "grow", "grown": "grow", "threw": "throw", "thrown": "throw", "wore": "wear",
    "worn": "wear", "swore": "swear", "sworn": "swear", "forgot": "forget",
    "forgotten": "forget", "overtook": "overtake", "overtaken": "overtake",
    "undertook": "undertake", "undertaken": "undertake", "sank": "sink", "sunk": "sink",
    "dealt": "deal", "lent": "lend", "sped": "speed", "fled": "flee",
}  # fmt: skip
# Past forms that may stand alone as the verb of a clause ("the talks broke down").
_IRREGULAR_PAST = "|".join(
    sorted((w for w in _IRREGULAR if w not in {"hit", "cut", "put", "set"}), key=len,
           reverse=True)
)  # fmt: skip
_STOP = _ASPECT_ADVERBS | frozenset(
    """a an the this that these those its his her their our my your of to in on at by for with
    from into onto over under about as be been being is are am was were has have had do does
    did not n't never no longer very so too""".split()
)
_CLAUSE_END = re.compile(
    r"\s*(?:[;:!?()\[\]—–\"“”]|[.,](?!\d)|\s-\s|\b(?P<word>and|but|or|nor|because|after|before|"
    r"when|while|as(?!\s+of\b)|since|until|till|although|though|which|who|whom|where|if|"
    r"unless|whereas|despite|even|than|amid|following|that|whether)\b)"
)
# Where the clause stops decides whether it is whole: "which …" or ", police said" leave it
# whole; "that …", "when …", "but …" qualify or complete it, so it is not read.
_RELATIVES = frozenset({"which", "who", "whom", "where"})
_TIME_PREPOSITIONS = frozenset({"since", "until", "till", "before", "after"})
_NEW_CLAUSE = re.compile(rf"\s*(?:{_DET_WORDS}|it|he|she|they|we|its)\b")
_AFTER_COMMA = re.compile(
    r"\s*,\s*(?:when|while|after|before|until|till|as|since|once|if|unless|because|although|"
    r"though|even|despite|only)\b",
    re.IGNORECASE,
)
# Words that make the rest of a clause a second verb group or a second negation.
_ANOTHER_VERB = (
    frozenset(_TENSE_OF_AUX) | frozenset(_MODALS.split("|"))
    | frozenset("been being not never no nothing none nobody neither nor without".split())
)  # fmt: skip
# Words without which no time phrase is found: the pattern below runs only when one is there.
_TIME_HINTS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday jan january feb february
    march april may june july aug august sep sept september oct october nov november dec
    december week month year night morning afternoon evening weekend spring summer autumn
    fall winter yesterday today tonight tomorrow earlier later previously recently currently
    now initially originally first time then anymore more far ago""".split()
)
_TIME = re.compile(
    r"\b(?:(?:on|by|since|until|till|before|after|as\s+of|in|from|through|during)\s+)?"
    r"(?:(?:last|this|next|early|late|mid)\s+)?"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"jan(?:uary)?|feb(?:ruary)?|march|april|may|june|july|aug(?:ust)?|sept?(?:ember)?|"
    r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|week|month|year|night|morning|afternoon|"
    r"evening|weekend|spring|summer|autumn|fall|winter|(?:1[6-9]|20)\d\d)"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s+(?:1[6-9]|20)\d\d)?\b"
    r"|\b(?:\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
    r"(?:\s+(?:1[6-9]|20)\d\d)?)\b"
    r"|\b(?:yesterday|today|tonight|tomorrow|earlier|later|previously|recently|currently|now|"
    r"initially|originally|at\s+first|at\s+the\s+time|then|anymore|any\s+more|so\s+far|"
    r"(?:\d+|a|one|two|three|several|few)\s+(?:days?|weeks?|months?|years?)\s+ago|"
    r"(?:by|since|until|till|as\s+of)\s+(?:then|now|the\s+time))\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*\d|\d")
_MONTHS_AND_DAYS = frozenset(
    "jan feb mar apr may jun jul aug sep oct nov dec mon tue wed thu fri sat sun".split()
)

# -- the clause pattern ---------------------------------------------------------------------

_NP_WORD = rf"(?!{_CLOSED}\b)(?![a-z]+ly\b)(?:[a-z][a-z0-9-]*|[A-Z][\w-]*|\d[\d,.]*)"
_DET = rf"(?:{_DET_WORDS})"
_OF = rf"(?:\s+of\s+(?:the\s+)?(?:{_NP_WORD}\s+){{0,2}}{_NP_WORD})?"
_NAME_WORD = r"[A-Z][\w'’.-]*"
_SUBJECT = (
    rf"(?P<subj>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}['’]s\s+(?:{_NP_WORD}\s+){{0,2}}{_NP_WORD}"
    rf"|{_DET}\s+{_NP_WORD}['’]s\s+(?:{_NP_WORD}\s+){{0,2}}{_NP_WORD}"
    rf"|{_DET}\s+(?:{_NP_WORD}\s+){{0,3}}{_NP_WORD}{_OF}"
    rf"|{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|of|de|van|von|al)){{0,4}})"
)
_VERB_GROUP = (
    rf"(?:(?P<aux>{_AUXES})(?P<nt>n['’]t)?(?:\s+(?P<neg>not|never|no\s+longer))?"
    rf"(?:\s+(?P<adv1>{_ADV}|[a-z]+ly))?(?:\s+(?P<be>been|be))?(?:\s+(?P<adv2>{_ADV}|[a-z]+ly))?"
    r"(?:\s+(?P<art>an?|the))?\s+(?P<main>[a-z][a-z-]*)"
    rf"|(?:(?P<neg2>never)\s+)?(?P<past>[a-z]{{2,}}ed|{_IRREGULAR_PAST}))\b"
)
_INTRO = r"(?P<intro>[A-Z][^,;:\"“”()]{0,80},\s+)?"
_CLAUSE = re.compile(rf"{_INTRO}{_SUBJECT}\s+(?:[a-z]+ly\s+)?{_VERB_GROUP}")
_REPORT = re.compile(
    rf"{_INTRO}(?P<speaker>{_DET}\s+[a-z]+(?:\s+[a-z]+)?|{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})"
    r"\s+(?:(?:has|have|had)\s+)?(?:[a-z]+ly\s+)?"
    r"(?P<verb>said|says|confirmed|confirms|acknowledged|acknowledges|denied|denies|told\s+"
    r"(?:[a-z]+|[A-Z][\w-]*))\s+(?:that\s+)?"
)
_DENY = frozenset({"denied", "denies"})
_REPORT_HINT = re.compile(r"said|says|confirm|acknowledg|denie|told")  # a cheap test first
_QUOTE_MARK = re.compile(r"[\"“”«»]")


@dataclass(frozen=True)
class _Clause:
    start: int  # offsets inside the sentence
    end: int
    proposition: str
    negated: bool
    tense: str
    time: str | None
    event: bool
    never: bool = False


def stem(word: str) -> str:
    """A crude English stem that maps a verb's or noun's forms onto one key (sign, signs,
    signed → sign; approve, approved → approv)."""
    w = word.lower().replace("’", "'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 4 and w.endswith(("ies", "ied")):
        return w[:-3] + "y"
    if len(w) > 5 and w.endswith("ing"):
        w = _undouble(w[:-3])
    elif len(w) > 4 and w.endswith("ed"):
        w = _undouble(w[:-2])
    elif len(w) > 4 and w.endswith(("ses", "xes", "zes", "ches", "shes")):
        w = w[:-2]
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def _undouble(w: str) -> str:
    if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
        return w[:-1]
    return w


def _is_participle(word: str) -> bool:
    return word.endswith("ed") or word in _IRREGULAR


def _lower_words(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def _may_date(words: list[str]) -> bool:
    return any(w in _TIME_HINTS or (len(w) == 4 and w.isdigit()) for w in words)


def _time_key(*parts: str) -> tuple[str | None, list[str]]:
    """The normalised time phrases of some text, and the text with them taken out."""
    found: list[str] = []
    rests: list[str] = []
    for part in parts:
        if not part or not _may_date(_lower_words(part)):
            rests.append(part)
            continue
        found.extend(" ".join(m.group().lower().split()) for m in _TIME.finditer(part))
        rests.append(_TIME.sub(" ", part))
    return ("|".join(sorted(set(found))) or None), rests


def _content(words: list[str]) -> list[str]:
    """The stems of the words that carry content (lower-case words in)."""
    return [stem(w.removesuffix("'s")) for w in words if w not in _STOP]


def _clause_end(text: str, at: int) -> int | None:
    """Where the clause that goes on from ``at`` stops, or None when what stops it makes the
    clause partial: a complement ("confirmed that …"), a condition or a time clause
    ("… when the storm hit"), or a second object or verb ("open to cars and trucks")."""
    while True:
        m = _CLAUSE_END.search(text, at)
        if m is None:
            return len(text.rstrip())
        word = (m.group("word") or "").lower()
        if word in _TIME_PREPOSITIONS:
            t = _TIME.match(text, m.start("word"))
            if t is not None:  # "since Monday", "until March 3": a time phrase, read on
                at = t.end()
                continue
        if not word:
            if _AFTER_COMMA.match(text, m.start()):
                return None
            return m.start()
        if word in _RELATIVES:
            return m.start()
        if word == "and" and _NEW_CLAUSE.match(text, m.end()):
            return m.start()
        return None


def _parse(text: str, base: int) -> _Clause | None:
    """Read one clause at the start of ``text`` (``base``: its offset in the sentence)."""
    m = _CLAUSE.match(text)
    if m is None:
        return None
    subject = m.group("subj")
    if subject.split()[0].lower() in _NOT_SUBJECTS:
        return None
    intro = (m.group("intro") or "").strip(" ,")
    opener = intro.split()[0].lower() if intro else ""
    if opener in _CONDITIONAL_INTRO:
        return None
    verb = _verb(m)
    if verb is None:
        return None
    end = _clause_end(text, m.end())
    if end is None:
        return None
    rest = text[m.end() : end]
    rest_words = _lower_words(rest)
    if len(rest_words) > _MAX_REST_WORDS or any(
        w in _ANOTHER_VERB or w.endswith("n't") for w in rest_words
    ):
        return None  # a second verb or negation, or too long to be a simple clause
    main, tense, event = verb
    negated = bool(m.group("nt") or m.group("neg") or m.group("neg2"))
    if negated and m.group("adv1") in _NOT_ONLY:
        return None  # "is not only open …" asserts, and goes on to assert more
    adverbs = {m.group("adv1"), m.group("adv2")} & _TIME_ADVERBS
    # A time clause before the subject ("When the storm hit,") dates the whole clause; a
    # phrase like "On Monday," gives its time phrases; any other intro, nothing.
    if opener in _SUBORDINATORS:
        dated_by, intro_times = {" ".join(intro.lower().split())}, ""
    else:
        dated_by, intro_times = set(), intro if _dates_clause(opener) else ""
    if _may_date(rest_words):
        time, (rest_left, _) = _time_key(rest, intro_times)
        rest_words = _lower_words(rest_left)
    else:
        time, _ = _time_key(intro_times)
    times = {t for t in (time or "").split("|") if t} | adverbs | dated_by
    words = [*_content(_lower_words(subject)), stem(main), *_content(rest_words)]
    if len(words) < 2:
        return None
    never = (m.group("neg") or m.group("neg2") or "").lower() == "never"
    return _Clause(
        start=base + m.start("subj"),
        end=base + end,
        proposition=" ".join(words),
        negated=negated,
        tense=tense,
        time="|".join(sorted(times)) or None,
        event=event,
        never=never,
    )


def _dates_clause(opener: str) -> bool:
    return opener in _TIME_INTROS or opener[:3] in _MONTHS_AND_DAYS or opener[:1].isdigit()


def _verb(m: re.Match[str]) -> tuple[str, str, bool] | None:
    """The main verb, the tense and whether the clause reports a completed event; None when
    the verb group is not one the rule can compare."""
    aux, main, be = m.group("aux"), m.group("main"), m.group("be")
    if aux is None:
        return m.group("past"), "past", True
    aux = aux.lower()
    negated = bool(m.group("nt") or m.group("neg"))
    if aux == "wo" and not m.group("nt"):
        return None
    if main in _RAISING or main.endswith("ing") or main in _STOP or main in _NOT_SUBJECTS:
        return None
    tense = _TENSE_OF_AUX[aux]
    if aux in _COPULAS:
        return (main, tense, False) if be is None else None
    if m.group("art"):
        return None  # "has a plan", "will the …": only a copula takes an article here
    if aux in ("has", "have", "had"):
        if be is None and not _is_participle(main):
            return None  # "has a plan": "have" as a main verb
        return main, tense, _is_participle(main)
    if aux in ("did", "does", "do"):
        if be is not None or not negated:
            return None  # "did" alone is mostly a main verb ("did their jobs")
        return main, tense, aux == "did"
    return main, tense, False


def _clauses(sentence: str) -> list[tuple[_Clause, str | None]]:
    """The simple clauses of one sentence, each with who it is attributed to (a speaker key
    for "X said/confirmed/denied that …", else None to be filled from the sentence)."""
    out: list[tuple[_Clause, str | None]] = []
    main = _parse(sentence, 0)
    if main is not None:
        out.append((main, None))
    report = _REPORT.match(sentence) if _REPORT_HINT.search(sentence) else None
    if report is not None:
        clause = _parse(sentence[report.end() :], report.end())
        speaker = speaker_key(report.group("speaker"))
        if clause is not None and speaker is not None:
            if report.group("verb") in _DENY:
                clause = _Clause(**{**clause.__dict__, "negated": not clause.negated})
            out.append((clause, speaker))
    return out


def _modality(sentence: str, lexicon: Lexicon, attributed: bool) -> Modality:
    if lexicon.conditionals.search(fold(sentence)):
        return "conditional"
    if lexicon.hedges.search(sentence):
        return "hedged"
    return "reported" if attributed else "asserted"


def extract_polarity(
    document: Document,
    sentences: Sequence[Sentence],
    lexicon: Lexicon,
    sources: SentenceSources,
) -> list[PolarityClaim]:
    """Polarity claims of the simple clauses of a document (quotations excepted: who speaks
    inside them, and when, is not the text's own claim)."""
    claims: list[PolarityClaim] = []
    doc_id = document.id
    for sent in sentences:
        s = sent.text
        if s.endswith("?") or _QUOTE_MARK.search(s):
            continue
        found = _clauses(s)
        if not found:
            continue
        source = None
        for clause, speaker in found:
            if speaker is None:
                source = source or sources.of(s)
            attribution = speaker or source
            claims.append(
                PolarityClaim(
                    id=f"{doc_id}#p{len(claims) + 1}",
                    document_id=doc_id,
                    span=Span(
                        document_id=doc_id,
                        start=sent.start + clause.start,
                        end=sent.start + clause.end,
                        text=s[clause.start : clause.end],
                    ),
                    sentence=Span(document_id=doc_id, start=sent.start, end=sent.end, text=s),
                    attribution=attribution,
                    modality=_modality(s, lexicon, attribution is not None),
                    proposition=clause.proposition,
                    negated=clause.negated,
                    tense=clause.tense,
                    time=clause.time,
                    event=clause.event,
                    never=clause.never,
                )
            )
    return claims
