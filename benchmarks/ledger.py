"""Ledger benchmark: ingest rate and the latency of checking a draft against the archive.

Builds a ledger from generated news articles (storms, floods, fires, strikes, budgets, votes:
figures, names, places and dates that recur across the days of one story), then times
``check_documents`` of a ~1,000-word draft against it at each size::

    .venv/bin/python benchmarks/ledger.py --claims 10000,100000,1000000
    .venv/bin/python benchmarks/ledger.py --claims 10000 --backend sqlite      # a quick run
    .venv/bin/python benchmarks/ledger.py --postgres postgresql://u@host/db   # PostgreSQL too

Ingest goes through ``Ledger.add`` (one transaction per article, claims extracted from the
text); the rate printed is articles per second over the whole build. Latency is the median
and 95th percentile of ``--repeat`` checks with the ledger open (no process start), beside the
same draft's plain ``check()`` without a ledger, the floor the ledger adds to. It measures and
prints; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from factcheck.model import CheckConfig, Document

_SYLLABLES = """an bel cor dra el fen gar hol ist jor kel lun mar nor ost pel quin ros sal
    tor ul ven wes yar zel""".split()
_FIRST = """Anna Ben Clara David Elena Farid Greta Hugo Ines Jonas Karin Lars Maya Nils
    Olga Pavel Rosa Sven Tara Viktor""".split()
_LAST = """Adler Brandt Castell Dorn Eklund Falk Grau Hallin Iversen Janssen Krause Lind
    Moreau Novak Ortega Petrov Quist Rask Stahl Toft""".split()
_WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = (
    "January February March April May June July August September October November December".split()
)


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"


@dataclass
class Story:
    """One incident followed over several days. Its figures are fixed per story and its
    running totals grow by a fixed step a day, so an article agrees with itself; the qualifier
    ("at least", "nearly") varies, as it does between writers."""

    kind: str
    place: str
    region: str
    official: str
    agency: str
    witness: str
    volunteer: str
    spokesman: str
    start: date
    deaths: int
    deaths_step: int
    injured: int
    injured_step: int
    homes: int
    cost: int
    share: int
    families: int
    aid: int
    soldiers: int
    bridges: int
    road: int


_KINDS = ("storm", "flood", "wildfire", "earthquake", "train crash", "landslide")
_AGENCIES = ("the civil protection agency", "the fire service", "the regional police",
             "the health ministry", "the interior ministry", "the Red Cross")  # fmt: skip


def _story(rng: random.Random, day0: date) -> Story:
    return Story(
        kind=rng.choice(_KINDS),
        place=_place(rng),
        region=_place(rng),
        official=_person(rng),
        agency=rng.choice(_AGENCIES),
        witness=_person(rng),
        volunteer=_person(rng),
        spokesman=_person(rng),
        start=day0 + timedelta(days=rng.randint(0, 3000)),
        deaths=rng.randint(2, 60),
        deaths_step=rng.randint(0, 4),
        injured=rng.randint(5, 300),
        injured_step=rng.randint(0, 20),
        homes=rng.randint(10, 2000),
        cost=rng.randint(2, 900),
        share=rng.randint(5, 80),
        families=rng.randint(3, 40),
        aid=rng.randint(1, 90),
        soldiers=rng.randint(50, 900),
        bridges=rng.randint(2, 30),
        road=rng.randint(5, 90),
    )


def _paragraphs(s: Story, day: int, rng: random.Random) -> list[str]:
    deaths = s.deaths + day * s.deaths_step
    injured = s.injured + day * s.injured_step
    weekday = _WEEKDAYS[(s.start.weekday()) % 7]
    when = f"{_MONTHS[s.start.month - 1]} {s.start.day}"
    q = rng.choice(["at least ", "", "more than ", "about "])
    out = [
        f"The {s.kind} in {s.place} has killed {q}{deaths} people since {weekday}, "
        f"{s.agency} said. Another {injured} people were injured.",
        f"Mayor {s.official} said {s.homes} homes in {s.place} were damaged and that repairs "
        f"would cost ${s.cost} million. Schools in {s.region} stayed closed.",
        f"About {s.share}% of households in the {s.region} region were without power after "
        f"the {s.kind} struck on {when}, the utility said.",
        f"Rescue teams from {s.region} searched the ruins for survivors. {s.volunteer}, a "
        f"volunteer, said {s.families} families were sleeping in the town hall.",
        f"The government of {s.region} pledged ${s.aid} million in aid and sent "
        f"{s.soldiers} soldiers to help, {s.spokesman} told reporters.",
        f"Officials in {s.place} said {s.bridges} bridges and {s.road} "
        f"kilometres of road would need to be rebuilt.",
    ]
    # News copy is mostly words between the figures: background, reaction, what comes next.
    prose = [
        f"Residents of {s.place} described a night of fear as the {s.kind} cut the town off "
        f"from the rest of {s.region}, and many said they had lost everything they owned.",
        f'"We have never seen anything like this in {s.place}," said {s.witness}, who runs a '
        f'bakery on the main square. "Nobody could save anything."',
        "Critics accused the authorities of ignoring warnings from scientists and of failing "
        "to maintain the defences that were meant to protect the valley.",
        f"The national weather service warned that more rain was expected over the weekend "
        f"and urged people living near rivers in {s.region} to stay alert.",
        "Volunteers from neighbouring towns arrived with food, blankets and drinking water, "
        "and churches opened their doors to families who had nowhere else to go.",
        f"Mayor {s.official} thanked the emergency services and promised that the town would "
        f"rebuild, but admitted that recovery would take a long time.",
    ]
    picked = rng.sample(out, rng.randint(4, 6)) + rng.sample(prose, rng.randint(3, 6))
    rng.shuffle(picked)
    return picked


def articles(n: int, seed: int = 1) -> Iterator[tuple[str, str, date, Story]]:
    """``n`` articles as (name, Markdown text, publication date, story): a story runs over
    one to six days, an article a day."""
    rng = random.Random(seed)
    day0 = date(2016, 1, 1)
    made = 0
    while made < n:
        story = _story(rng, day0)
        for day in range(rng.randint(1, 6)):
            if made == n:
                return
            published = story.start + timedelta(days=day)
            headline = f"{story.kind.capitalize()} in {story.place}: day {day + 1}"
            body = "\n\n".join(_paragraphs(story, day, rng))
            yield f"a{made:07d}.md", f"# {headline}\n\n{body}\n", published, story
            made += 1


_BACKGROUND = [
    "Engineers have long warned that the region's defences were built for a climate that no "
    "longer exists, and that repairs had been postponed for years because of their cost.",
    "Insurers said it was too early to estimate the losses, but several companies have "
    "already opened emergency lines for customers whose homes and businesses were damaged.",
    "Opposition politicians called for an independent inquiry into how the warnings were "
    "handled and why some villages were told to leave only hours before the water arrived.",
    "Aid agencies appealed for donations of clothing, food and medicine, and said that the "
    "most urgent need was clean drinking water for families in the worst-hit districts.",
    "Meteorologists said the conditions that fuelled the disaster were becoming more common "
    "and urged governments to invest in early warning systems and in better drainage.",
    "Many residents spent the night in their cars or in school gyms, unsure whether they "
    "would be allowed to return to their streets before the end of the week.",
    "Farmers in the surrounding valleys said their fields were still under water and that "
    "much of this year's harvest had been lost, along with hundreds of animals.",
    "The prime minister is expected to visit the area later this week and to meet families "
    "who lost relatives, according to officials familiar with the plans.",
]


def draft(stories: list[Story], seed: int, words: int = 1000) -> Document:
    """A ~``words``-word follow-up, a week on, of one story of the archive, which recalls two
    others: figures in about one sentence in three, as in news copy."""
    rng = random.Random(seed)
    main, *others = rng.sample(stories, min(len(stories), 3))
    paragraphs = _paragraphs(main, 7, rng)
    for other in others:
        paragraphs.append(
            f"The disaster recalled the {other.kind} in {other.place} in "
            f"{_MONTHS[other.start.month - 1]} {other.start.year}, which killed "
            f"{other.deaths + 5 * other.deaths_step} people."
        )
    background = list(_BACKGROUND)
    while sum(len(p.split()) for p in paragraphs) < words:
        rng.shuffle(background)
        paragraphs.extend(background[:2])
        paragraphs.extend(_paragraphs(main, 7, rng)[:1])
    text = f"# {main.kind.capitalize()} in {main.place}: a week on\n\n" + "\n\n".join(paragraphs)
    return Document(id="draft.md", text=text + "\n", published_at=main.start + timedelta(days=7))


# -- the run --------------------------------------------------------------------------------


def _build(
    ledger_value: str, target_claims: int, have: dict[str, int], seed: int, stories: list[Story]
) -> float:
    """Add articles until the ledger holds ``target_claims``; returns articles per second."""
    from factcheck.extract.lexicon import load_lexicon
    from factcheck.ledger.articles import from_document
    from factcheck.ledger.store import Ledger

    lexicon = load_lexicon()
    rng_seed = seed
    added = 0
    started = time.perf_counter()
    with Ledger.open(ledger_value, create=True) as ledger:
        stream = articles(10**9, rng_seed)
        for _ in range(have["articles"]):  # skip what an earlier size added
            next(stream)
        for name, text, published, story in stream:
            if have["claims"] >= target_claims:
                break
            if not stories or stories[-1] is not story:
                stories.append(story)
            doc = Document(id="@", text=text, published_at=published, format="markdown")
            article = from_document(doc, lexicon, identity=name, path=name)
            ledger.add(article)
            have["claims"] += len(article.claims)
            have["articles"] += 1
            added += 1
    elapsed = time.perf_counter() - started
    return added / elapsed if elapsed else 0.0


def _latency(ledger_value: str, repeat: int, seed: int, stories: list[Story]) -> dict[str, float]:
    """The whole check against the ledger; within it, the database's part (finding the
    candidate articles by key and reading them); and the same draft's plain check."""
    from factcheck.extract import extract_claims
    from factcheck.ledger.check import check_documents
    from factcheck.ledger.keys import index
    from factcheck.ledger.store import Ledger
    from factcheck.pipeline import check

    config = CheckConfig()
    times: list[float] = []
    plain: list[float] = []
    database: list[float] = []
    found = 0
    with Ledger.open(ledger_value) as ledger:
        for i in range(repeat + 2):
            doc = draft(stories, seed + i)
            t = time.perf_counter()
            _, docs = check_documents(ledger, [doc], config)
            elapsed = time.perf_counter() - t
            t = time.perf_counter()
            check([doc], config)
            alone = time.perf_counter() - t
            wanted = index(extract_claims(doc))[1]
            t = time.perf_counter()
            ledger.load(ledger.candidates(wanted))
            lookup = time.perf_counter() - t
            if i >= 2:  # the first two warm the caches (lexicons, model)
                times.append(elapsed)
                plain.append(alone)
                database.append(lookup)
                found += len(docs) - 1
    times.sort()
    return {
        "median_ms": 1000 * statistics.median(times),
        "p95_ms": 1000 * times[min(len(times) - 1, int(0.95 * len(times)))],
        "database_median_ms": 1000 * statistics.median(database),
        "plain_check_median_ms": 1000 * statistics.median(plain),
        "articles_read_per_check": found / len(times),
        "draft_words": len(draft(stories, seed).text.split()),
    }


def _conflicts(ledger_value: str, seed: int) -> dict[str, float]:
    """``ledger conflicts`` over the whole archive: reading every article, then a call that
    finds everything kept, one after a new article, one after a new version of an article
    half-way through the archive (seconds, and the articles each call read)."""
    import io

    from factcheck.extract.lexicon import load_lexicon
    from factcheck.ledger.articles import from_document
    from factcheck.ledger.check import archive_conflicts
    from factcheck.ledger.store import Ledger
    from factcheck.progress import Progress

    config = CheckConfig()
    lexicon = load_lexicon()
    out: dict[str, float] = {}

    def timed(name: str, ledger: Ledger, reread: bool = False) -> None:
        bar = Progress(io.StringIO(), enabled=False)
        t = time.perf_counter()
        report, _ = archive_conflicts(ledger, config, reread=reread, progress=bar)
        out[f"{name}_s"] = time.perf_counter() - t
        out[f"{name}_read"] = bar.total
        out["findings"] = len(report.findings)

    def add(ledger: Ledger, name: str, text: str, published: date) -> None:
        doc = Document(id="@", text=text, published_at=published, format="markdown")
        ledger.add(from_document(doc, lexicon, identity=name, path=name))

    with Ledger.open(ledger_value) as ledger:
        timed("every_article", ledger, reread=True)
        timed("kept", ledger)
        _, text, published, _ = next(articles(1, seed))
        add(ledger, f"conflicts-bench-{ledger.article_count()}.md", text, published)
        timed("after_one_new", ledger)
        middle = ledger.load([ledger.article_ids()[len(ledger.article_ids()) // 2]])[0]
        assert middle.path is not None and middle.published_at is not None
        add(
            ledger,
            middle.path,
            middle.text + "\nThe toll was revised on Friday.\n",
            middle.published_at,
        )
        timed("after_one_update", ledger)
    return out


def _stories_of(n_articles: int, seed: int) -> list[Story]:
    """The stories of the first ``n_articles`` generated articles (to measure a ledger an
    earlier run built)."""
    stories: list[Story] = []
    for _, _, _, story in articles(n_articles, seed):
        if not stories or stories[-1] is not story:
            stories.append(story)
    return stories


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--claims",
        default="10000,100000,1000000",
        help="ledger sizes in claims, comma-separated (built cumulatively)",
    )
    parser.add_argument("--backend", default="sqlite,postgresql")
    parser.add_argument("--sqlite", help="SQLite file to build (default: a temporary one)")
    parser.add_argument(
        "--postgres",
        help="PostgreSQL URL of an empty database (default: $FACTCHECK_BENCH_POSTGRES)",
        default=os.environ.get("FACTCHECK_BENCH_POSTGRES"),
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--conflicts",
        action="store_true",
        help="also time 'ledger conflicts' at each size: every article read, then kept",
    )
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="only measure the ledger --sqlite/--postgres names, as an earlier run built it",
    )
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.claims.split(","))
    results = []
    for backend in args.backend.split(","):
        if backend == "sqlite":
            value = args.sqlite or os.path.join(tempfile.mkdtemp(), "ledger.db")
        elif args.postgres:
            value = args.postgres
        else:
            print("postgresql: skipped (give --postgres URL of an empty database)", file=sys.stderr)
            continue
        have = {"claims": 0, "articles": 0}
        stories: list[Story] = []
        if args.measure_only:
            from factcheck.ledger.store import Ledger

            with Ledger.open(value) as ledger:
                stats = ledger.stats()
            have = {"claims": stats["claims"], "articles": stats["articles"]}
            stories = _stories_of(have["articles"], args.seed)
            sizes = [have["claims"]]
        for size in sizes:
            rate = 0.0 if args.measure_only else _build(value, size, have, args.seed, stories)
            measured = _latency(value, args.repeat, 1000, stories)
            row = {
                "backend": backend,
                "claims": have["claims"],
                "articles": have["articles"],
                "ingest_articles_per_s": round(rate, 1),
                **{k: round(v, 2) for k, v in measured.items()},
            }
            if args.conflicts:
                row.update({k: round(v, 3) for k, v in _conflicts(value, args.seed + 7).items()})
            results.append(row)
            if not args.json:
                print(
                    f"{backend:10s} {row['claims']:>9,} claims {row['articles']:>7,} articles  "
                    f"ingest {row['ingest_articles_per_s']:7.1f} art/s  check median "
                    f"{row['median_ms']:6.1f} ms  p95 {row['p95_ms']:6.1f} ms  (database "
                    f"{row['database_median_ms']:.1f} ms; plain check "
                    f"{row['plain_check_median_ms']:.1f} ms, {row['articles_read_per_check']:.1f} "
                    f"articles read, {row['draft_words']} words)",
                    flush=True,
                )
                if args.conflicts:
                    print(
                        f"{'':10s} ledger conflicts: every article {row['every_article_s']:.1f} s "
                        f"({row['every_article_read']:.0f} read); kept "
                        f"{1000 * row['kept_s']:.0f} ms; after one new article "
                        f"{1000 * row['after_one_new_s']:.0f} ms ({row['after_one_new_read']:.0f}"
                        f" read); after one new version {1000 * row['after_one_update_s']:.0f}"
                        f" ms ({row['after_one_update_read']:.0f} read); "
                        f"{row['findings']:.0f} findings",
                        flush=True,
                    )
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
