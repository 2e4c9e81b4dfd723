#!/usr/bin/env python3
"""Build the compact WordNet tables that ``factcheck.text.wordnet`` reads.

python scripts/build_wordnet_tables.py                    # rewrite rules/lexicons/wordnet/
python scripts/build_wordnet_tables.py --out /tmp/wn      # write elsewhere (the test does)
python scripts/build_wordnet_tables.py --wordnet DIR      # WordNet 3.0 files somewhere else

Input: WordNet 3.0's database files as Debian's ``wordnet-base`` installs them in
/usr/share/wordnet (``apt-get install -y wordnet-base``), plus the few hand-made links in
``rules/lexicons/wordnet/additions.yml``. Output: ``tables.json``, sorted and compact, so the
same input always gives the same bytes. Nothing here runs at check time.

What ``tables.json`` holds (ids are base-36 numbers, comma-separated):

* ``lemmas``: per part of speech (n, v, a), every single-word WordNet lemma with its record,
  in buckets keyed by the lemma's first two letters: ``[lemmas, records]``, two space-separated
  strings of the same length, so the runtime turns only the buckets it needs into dicts. The
  runtime morphy keeps a candidate base form only when it is one of these lemmas. A record is
  ``kinds/events`` for nouns and ``/events`` for verbs and adjectives (empty when it has none).
* ``exceptions``: per part of speech, WordNet's irregular forms and their first base form that
  is a lemma ("form base form base …"): children → child, fell → fall. Entries that map a word
  to itself are kept: they are how WordNet stops a suffix rule (``bed`` is not "be" + "d").
* ``forms``: the event ids of the hand additions, keyed by the word as written.
* ``places``: countries, their first-level divisions (states, provinces), continents and
  national capitals, "name name …" pairs: each name WordNet gives such a place, as folded text
  ("u.s.", "united states", "britain"), and the place it stands for, named by its synset's first
  word ("united states", "united kingdom"), so two names of one place meet. Names of one or two
  letters are left out ("al" for Alabama, "in" for Indiana) but for "us" and "uk", and so are
  names that are also verbs or adjectives ("north", "male").
* ``regions``: the places of ``places`` that may hold others (countries, states and provinces,
  continents; not a capital that is only a capital), space-separated, "_" for a space.

Events. An event id is a verb synset. A verb takes its first ``VERB_SENSES`` synsets, what
they cause (kill → die) and what their direct hypernym causes (slay is a way to kill, so slay
→ die too), leaving out broad verbs (more than ``BROAD_VERB`` troponyms). A noun or adjective
takes the ids of the verbs it is derived from (death → die, evacuation → evacuate) over its
first ``NOUN_EVENT_SENSES`` / ``ADJ_SENSES`` senses; failing that, a synonym's link
(employment → employ); failing that, for a noun of an event-like lexicographer file, its direct
hypernym's (fatality → death → die).

Kinds. A kind id is a noun synset: the lemma's first ``NOUN_SENSES`` synsets, so synonyms meet
(dwelling/home); plus, for the first sense only, its direct hypernym when that sense is the
hypernym's most frequent hyponym in WordNet's sense-tagged counts (cntlist.rev) and the
hypernym has at most ``BROAD_HYPERNYM`` hyponyms. House is the most frequent kind of dwelling,
so house meets home; mother and father both sit under parent, but only one of them can be the
most frequent, so no two siblings ever meet through their parent.

All ids are numbered 0, 1, 2, … in the order of (part of speech, synset offset): small, stable
for WordNet 3.0, and never shared between events (verb synsets) and kinds (noun synsets).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "rules" / "lexicons" / "wordnet"
ADDITIONS = OUT_DIR / "additions.yml"
WORDNET_DIR = Path("/usr/share/wordnet")
TABLES = "tables.json"

# Cut-offs, chosen on lists of news word pairs that must and must not meet (tests/test_wordnet.py
# holds them). Senses are in WordNet's order, most frequent first.
VERB_SENSES = 3  # 1 loses infect/infection, recover/recovery; 4 lets destroy meet kill
NOUN_EVENT_SENSES = 2  # 1 loses seizure/capture; 3 gains nothing on the lists
ADJ_SENSES = 2
NOUN_SENSES = 2  # 1 loses home/dwelling; 3 gains nothing on the lists
BROAD_VERB = 40  # kill has 36 troponyms; move (cause to move) 92 and change 193 are too broad
BROAD_HYPERNYM = 40  # 20 loses wound/injury (22 hyponyms); person (402) is far too broad
# Lexicographer files of nouns that name happenings: act, event, phenomenon, process, state.
EVENT_NOUN_FILES = frozenset({4, 11, 19, 22, 26})

_FILES = {"n": "noun", "v": "verb", "a": "adj"}
_WORD = re.compile(r"[a-z][a-z'-]*")  # the lemmas a tokenizer of news copy can produce
_MARKER = re.compile(r"\([a-z]+\)$")  # adjective position markers: dead(p), late(a)


@dataclass(frozen=True, slots=True)
class Pointer:
    symbol: str
    pos: str  # n, v or a ("s" satellites are folded into "a")
    offset: int
    source: int  # 1-based word number in this synset, 0 for the whole synset
    target: int


@dataclass(frozen=True, slots=True)
class Synset:
    pos: str
    offset: int
    lexfile: int
    words: tuple[str, ...]
    lex_ids: tuple[int, ...]
    pointers: tuple[Pointer, ...]

    def from_word(self, word: str, symbols: str) -> Iterator[Pointer]:
        """Pointers of the given kinds that start at ``word`` or at the whole synset."""
        for ptr in self.pointers:
            if ptr.symbol in symbols and (ptr.source == 0 or self.words[ptr.source - 1] == word):
                yield ptr

    def targets(self, symbol: str) -> list[int]:
        return [p.offset for p in self.pointers if p.symbol == symbol]


class WordNet:
    """The parts of WordNet 3.0 the tables need, read from the database files."""

    def __init__(self, folder: Path) -> None:
        self.synsets: dict[tuple[str, int], Synset] = {}
        self.index: dict[str, dict[str, list[int]]] = {}
        self.exceptions: dict[str, dict[str, list[str]]] = {}
        for pos, name in _FILES.items():
            self._read_data(folder / f"data.{name}", pos)
            self.index[pos] = _read_index(folder / f"index.{name}")
            self.exceptions[pos] = _read_exceptions(folder / f"{name}.exc")
        self.counts = _read_counts(folder / "cntlist.rev")
        self._below: dict[tuple[str, int], int] = {}
        for (pos, _), synset in self.synsets.items():
            for hypernym in synset.targets("@"):
                key = (pos, hypernym)
                self._below[key] = self._below.get(key, 0) + 1

    def _read_data(self, path: Path, pos: str) -> None:
        for line in _lines(path):
            fields = line.split(" | ", 1)[0].split()
            offset, lexfile, count = int(fields[0]), int(fields[1]), int(fields[3], 16)
            words = tuple(_MARKER.sub("", fields[4 + 2 * i]).lower() for i in range(count))
            lex_ids = tuple(int(fields[5 + 2 * i], 16) for i in range(count))
            at = 4 + 2 * count
            pointers = []
            for _ in range(int(fields[at])):
                symbol, target, target_pos, numbers = fields[at + 1 : at + 5]
                at += 4
                pointers.append(
                    Pointer(
                        symbol,
                        "a" if target_pos in "as" else target_pos,
                        int(target),
                        int(numbers[:2], 16),
                        int(numbers[2:], 16),
                    )
                )
            self.synsets[pos, offset] = Synset(
                pos, offset, lexfile, words, lex_ids, tuple(pointers)
            )

    def troponyms(self, offset: int) -> int:
        """How many verb synsets name a way of doing this one (its direct hyponyms)."""
        return self._below.get(("v", offset), 0)

    def senses(self, pos: str, lemma: str, limit: int) -> list[Synset]:
        return [self.synsets[pos, off] for off in self.index[pos].get(lemma, [])[:limit]]

    def frequency(self, synset: Synset) -> int:
        """How often a noun synset's words were tagged in WordNet's sense-tagged corpus."""
        total = 0
        for word, lex_id in zip(synset.words, synset.lex_ids, strict=True):
            total += self.counts.get(f"{word}%1:{synset.lexfile:02d}:{lex_id:02d}::", 0)
        return total


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="latin-1") as handle:
        for line in handle:
            if not line.startswith("  "):  # the licence header of every database file
                yield line.rstrip("\n")


def _read_index(path: Path) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for line in _lines(path):
        fields = line.split()
        senses, pointer_kinds = int(fields[2]), int(fields[3])
        first = 6 + pointer_kinds  # lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt
        index[fields[0]] = [int(f) for f in fields[first : first + senses]]
    return index


def _read_exceptions(path: Path) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    for line in _lines(path):
        fields = line.split()
        table.setdefault(fields[0], []).extend(fields[1:])
    return table


def _read_counts(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for line in _lines(path):
        key, _, count = line.split()
        counts[key] = counts.get(key, 0) + int(count)
    return counts


# ---- the tables ------------------------------------------------------------------------------


def vocabulary(wn: WordNet) -> dict[str, list[str]]:
    """Single-word lemmas per part of speech, sorted."""
    return {pos: sorted(w for w in wn.index[pos] if _WORD.fullmatch(w)) for pos in _FILES}


def exception_table(wn: WordNet, vocab: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for pos in _FILES:
        known = set(vocab[pos])
        table[pos] = {}
        for form, bases in sorted(wn.exceptions[pos].items()):
            base = next((b for b in bases if b in known), None)
            if base is not None and _WORD.fullmatch(form):
                table[pos][form] = base
    return table


def _verb_keys(wn: WordNet, offset: int) -> set[tuple[str, int]]:
    """A verb synset's event ids: itself, what it causes, what its direct hypernym causes.

    Broad verbs are left out of both steps: "move" (cause to move) has 92 troponyms, and
    raise, lay and displace would all meet through the "travel" it causes.
    """
    synset = wn.synsets["v", offset]
    keys = {("v", offset)}
    causes = list(synset.targets(">"))
    for hypernym in synset.targets("@"):
        if wn.troponyms(hypernym) <= BROAD_VERB:
            causes.extend(wn.synsets["v", hypernym].targets(">"))
    keys.update(("v", off) for off in causes if wn.troponyms(off) <= BROAD_VERB)
    return keys


def _noun_verb_links(wn: WordNet, synset: Synset, word: str) -> set[tuple[str, int]]:
    keys: set[tuple[str, int]] = set()
    for ptr in synset.from_word(word, "+"):
        if ptr.pos == "v":
            keys |= _verb_keys(wn, ptr.offset)
    return keys


def _noun_event_keys(wn: WordNet, synset: Synset, word: str) -> set[tuple[str, int]]:
    keys = _noun_verb_links(wn, synset, word)
    if not keys:  # a synonym's link: employment → (employ, n.) → employ, v.
        for other in synset.words:
            keys |= _noun_verb_links(wn, synset, other)
    if not keys and synset.lexfile in EVENT_NOUN_FILES:  # fatality → death → die
        for hypernym in synset.targets("@"):
            parent = wn.synsets["n", hypernym]
            for other in parent.words:
                keys |= _noun_verb_links(wn, parent, other)
    return keys


def _adjective_event_keys(wn: WordNet, synset: Synset, word: str) -> set[tuple[str, int]]:
    keys: set[tuple[str, int]] = set()
    # "+" derived from, "\" pertains to, "<" participle of
    for ptr in synset.from_word(word, "+\\<"):
        if ptr.pos == "v":
            keys |= _verb_keys(wn, ptr.offset)
        elif ptr.pos == "n":
            noun = wn.synsets["n", ptr.offset]
            keys |= _noun_verb_links(wn, noun, noun.words[ptr.target - 1] if ptr.target else "")
    return keys


def event_table(
    wn: WordNet, vocab: dict[str, list[str]]
) -> dict[str, dict[str, set[tuple[str, int]]]]:
    table: dict[str, dict[str, set[tuple[str, int]]]] = {"v": {}, "n": {}, "a": {}}
    for word in vocab["v"]:
        keys: set[tuple[str, int]] = set()
        for synset in wn.senses("v", word, VERB_SENSES):
            keys |= _verb_keys(wn, synset.offset)
        table["v"][word] = keys
    for word in vocab["n"]:
        keys = set()
        for synset in wn.senses("n", word, NOUN_EVENT_SENSES):
            keys |= _noun_event_keys(wn, synset, word)
        if keys:
            table["n"][word] = keys
    for word in vocab["a"]:
        keys = set()
        for synset in wn.senses("a", word, ADJ_SENSES):
            keys |= _adjective_event_keys(wn, synset, word)
        if keys:
            table["a"][word] = keys
    return table


def noun_table(wn: WordNet, vocab: dict[str, list[str]]) -> dict[str, set[tuple[str, int]]]:
    hyponyms: dict[int, list[Synset]] = {}
    for (pos, _), synset in sorted(wn.synsets.items()):
        if pos == "n":
            for hypernym in synset.targets("@"):
                hyponyms.setdefault(hypernym, []).append(synset)
    typical: dict[int, int] = {}  # hypernym → its most frequent hyponym, when it is not broad
    for hypernym, children in hyponyms.items():
        if len(children) <= BROAD_HYPERNYM:
            best = max(children, key=lambda s: (wn.frequency(s), -s.offset))
            if wn.frequency(best) > 0:
                typical[hypernym] = best.offset
    table: dict[str, set[tuple[str, int]]] = {}
    for word in vocab["n"]:
        keys: set[tuple[str, int]] = set()
        for rank, synset in enumerate(wn.senses("n", word, NOUN_SENSES)):
            keys.add(("n", synset.offset))
            if rank == 0:
                keys.update(
                    ("n", h) for h in synset.targets("@") if typical.get(h) == synset.offset
                )
        table[word] = keys
    return table


def apply_additions(
    wn: WordNet,
    additions: dict[str, dict[str, str]],
    nouns: dict[str, set[tuple[str, int]]],
) -> dict[str, set[tuple[str, int]]]:
    """Fold the hand links in; returns the event ids of the hand-added word forms."""
    forms: dict[str, set[tuple[str, int]]] = {}
    for word, verb in sorted(additions.get("events", {}).items()):
        first = wn.senses("v", verb, 1)
        if not first:
            raise SystemExit(f"additions.yml: {verb!r} is not a WordNet verb")
        forms[word] = _verb_keys(wn, first[0].offset)
    for word, noun in sorted(additions.get("nouns", {}).items()):
        first = wn.senses("n", noun, 1)
        if not first or word not in nouns:
            raise SystemExit(f"additions.yml: {word!r} or {noun!r} is not a WordNet noun")
        nouns[word].add(("n", first[0].offset))
    return forms


# The kinds of place a news figure is given for, by synset: a country (three synsets), an
# American state, a state or province, a continent (two), a national capital.
PLACE_KINDS = frozenset({8168978, 8544813, 8166552, 8655464, 8654360, 9254614, 8696737, 8691669})
REGION_KINDS = PLACE_KINDS - {8691669}  # all but the national capital: places that hold others
_SHORT_PLACES = frozenset({"us", "uk"})


def _kinds_above(wn: WordNet, synset: Synset) -> set[int]:
    seen: set[int] = set()
    todo = [synset]
    while todo:
        for ptr in todo.pop().pointers:
            if ptr.symbol in ("@", "@i") and ptr.pos == "n" and ptr.offset not in seen:
                seen.add(ptr.offset)
                todo.append(wn.synsets["n", ptr.offset])
    return seen


def place_table(wn: WordNet) -> tuple[dict[str, str], list[str]]:
    """Each name of a place of ``PLACE_KINDS`` (an instance of one, through its hypernyms) and
    the place it names: the first such sense of the name in WordNet's order; and the places
    that may hold others (a country, a state or province, a continent): a place is one when
    any sense read as that place is, so Singapore, a capital and a country, is."""
    places: set[int] = set()
    holding: set[int] = set()  # places that may hold others
    for (pos, offset), synset in wn.synsets.items():
        if pos == "n" and synset.targets("@i"):
            above = _kinds_above(wn, synset)
            if above & PLACE_KINDS:
                places.add(offset)
            if above & REGION_KINDS:
                holding.add(offset)
    table: dict[str, str] = {}
    regions: set[str] = set()
    for lemma, offsets in wn.index["n"].items():
        if len(lemma) < 3 and lemma not in _SHORT_PLACES:
            continue
        if lemma in wn.index["v"] or lemma in wn.index["a"]:
            continue  # "North" (the Union), "Male" (the Maldives' capital): ordinary words
        first = next((o for o in offsets if o in places), None)
        if first is not None:
            place = wn.synsets["n", first].words[0].replace("_", " ")
            table[lemma.replace("_", " ")] = place
            if first in holding:
                regions.add(place)
    return table, sorted(regions)


def build(wordnet_dir: Path, additions_path: Path) -> dict[str, bytes]:
    """Every output file, by name, as the bytes to write."""
    wn = WordNet(wordnet_dir)
    additions = yaml.safe_load(additions_path.read_text(encoding="utf-8")) or {}
    vocab = vocabulary(wn)
    events = event_table(wn, vocab)
    nouns = noun_table(wn, vocab)
    forms = apply_additions(wn, additions, nouns)

    used = {
        k for table in (*events.values(), nouns, forms) for keys in table.values() for k in keys
    }
    number = {key: i for i, key in enumerate(sorted(used))}

    def ids(keys: set[tuple[str, int]] | None) -> str:
        return ",".join(_base36(n) for n in sorted(number[k] for k in keys or ()))

    lemmas: dict[str, dict[str, list[str]]] = {}
    for pos, words in vocab.items():
        kinds = nouns if pos == "n" else {}
        buckets: dict[str, tuple[list[str], list[str]]] = {}
        for word in words:  # sorted, so every bucket comes out sorted too
            record = f"{ids(kinds.get(word))}/{ids(events[pos].get(word))}".rstrip("/")
            names, records = buckets.setdefault(word[:2], ([], []))
            names.append(word)
            records.append(record)
        lemmas[pos] = {
            key: [" ".join(names), " ".join(records)] for key, (names, records) in buckets.items()
        }
    exceptions = exception_table(wn, vocab)
    places, regions = place_table(wn)
    tables = {
        "about": "WordNet 3.0 tables for factcheck.text.wordnet, generated by "
        "scripts/build_wordnet_tables.py (its docstring explains the format): do not edit. "
        "WordNet 3.0 Copyright 2006 by Princeton University; licence in LICENSE.",
        "ids": len(number),
        "lemmas": lemmas,
        "exceptions": {
            pos: " ".join(f"{form} {base}" for form, base in sorted(table.items()))
            for pos, table in exceptions.items()
        },
        "forms": {form: ids(keys) for form, keys in sorted(forms.items())},
        "places": " ".join(
            f"{name.replace(' ', '_')} {place.replace(' ', '_')}"
            for name, place in sorted(places.items())
        ),
        "regions": " ".join(name.replace(" ", "_") for name in regions),
    }
    text = json.dumps(tables, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return {TABLES: (text + "\n").encode("ascii")}


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if number == 0:
            return text


def write(files: dict[str, bytes], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, data in sorted(files.items()):
        (out_dir / name).write_bytes(data)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wordnet", type=Path, default=WORDNET_DIR, help="WordNet 3.0 dict/")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="folder to write")
    parser.add_argument("--additions", type=Path, default=ADDITIONS, help="hand-made links")
    args = parser.parse_args(argv)
    if not (args.wordnet / "data.noun").is_file():
        print(
            f"no WordNet database in {args.wordnet}: apt-get install -y wordnet-base",
            file=sys.stderr,
        )
        return 2
    files = build(args.wordnet, args.additions)
    write(files, args.out)
    for name, data in sorted(files.items()):
        print(f"{args.out / name}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
