"""The ledger on its database: opening it safely, adding and removing articles, finding the
articles a draft should be read against.

Every article is written in one transaction: its row, its claims and its keys are all there
or none is. On SQLite a write transaction starts with ``BEGIN IMMEDIATE``, so two writers
queue on the busy timeout instead of failing when a reader turns writer; on PostgreSQL a
writer that loses a race (the same article added twice at once) retries.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Connection, Engine

from factcheck.ledger import schema
from factcheck.ledger.articles import NewArticle, source_map_json
from factcheck.ledger.errors import (
    LedgerError,
    LedgerUnavailable,
    NoSuchArticle,
    NotALedger,
    SchemaMismatch,
)
from factcheck.ledger.schema import (
    article_keys,
    articles,
    claims,
    conflicts_read,
    kept_conflicts,
    keys,
    ledger_state,
)
from factcheck.ledger.url import LedgerURL, parse

BUSY_TIMEOUT_MS = 30_000
CONNECT_TIMEOUT_S = 5
# A key more articles than this share says nothing about which of them a draft meets
# ("people", "said"): it is not looked at, which also bounds the rows a lookup reads.
COMMON_KEY = 200
CANDIDATES = 6  # articles a draft is read against, those sharing its rarest keys
_RETRIES = 5
_SQLITE_MAGIC = b"SQLite format 3\x00"

Outcome = Literal["added", "updated", "unchanged"]
T = TypeVar("T")


@dataclass(frozen=True)
class Added:
    outcome: Outcome
    id: int
    version: int
    claims: int


@dataclass(frozen=True)
class StoredArticle:
    """An article read back for a check: its text and its claims' JSON, as stored."""

    id: int
    identity: str
    url: str | None
    path: str | None
    headline: str
    published_at: date | None
    version: int
    format: str
    text: str
    source_map: list[tuple[int, int, int]] | None
    corrects: int | None
    claims: list[str]  # JSON, under the placeholder document id
    superseded: frozenset[str]  # claim ids (placeholder form) a correction supersedes


class Ledger:
    """An open ledger. Use as a context manager, or call ``close``."""

    def __init__(self, where: LedgerURL, engine: Engine) -> None:
        self.where = where
        self.engine = engine

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, value: str, *, create: bool = False, upgrade: bool = False) -> Ledger:
        """Open the ledger ``value`` names. ``create`` makes a missing SQLite file or an empty
        database a new ledger; ``upgrade`` brings an older schema up to date. Otherwise a
        ledger of another schema, or no ledger at all, is a one-line error."""
        where = parse(value)
        if where.backend == "sqlite":
            _check_sqlite_file(where, create=create or upgrade)
        engine = _engine(where)
        ledger = cls(where, engine)
        try:
            with _translated(where):
                ledger._prepare(create=create, upgrade=upgrade)
        except BaseException:
            engine.dispose()
            raise
        return ledger

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _prepare(self, *, create: bool, upgrade: bool) -> None:
        with self.engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            conn.rollback()
        shown = self.where.shown
        if not tables and (create or upgrade):
            self._migrate()
            return
        if not tables:
            raise NotALedger(f"{shown}: no ledger here yet; 'factcheck ledger add' creates one")
        if revision is None or ("articles" not in tables and revision in schema.REVISIONS):
            raise NotALedger(f"{shown}: holds other tables, not a factcheck ledger")
        if revision not in schema.REVISIONS:
            raise SchemaMismatch(
                f"{shown}: ledger schema {revision} is newer than this factcheck knows "
                f"(up to {schema.HEAD}); upgrade factcheck"
            )
        if revision != schema.HEAD:
            if not upgrade:
                raise SchemaMismatch(
                    f"{shown}: ledger schema {revision} is older than this factcheck's "
                    f"({schema.HEAD}); run 'factcheck ledger upgrade --ledger {shown}'"
                )
            self._migrate()

    def _migrate(self) -> None:
        from factcheck.ledger import migrate

        with self.engine.connect() as conn:
            conn.execution_options(factcheck_write=True)  # SQLite: BEGIN IMMEDIATE
            migrate.upgrade(conn)
            conn.commit()

    def revision(self) -> str | None:
        with self._reading() as conn:
            found = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        return None if found is None else str(found)

    # -- transactions ----------------------------------------------------------------------

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Connection]:
        with _translated(self.where), self.engine.connect() as conn:
            yield conn
            conn.rollback()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Connection]:
        """One write transaction, committed when the block ends without an error."""
        with _translated(self.where), self.engine.connect() as conn:
            conn.execution_options(factcheck_write=True)
            with conn.begin():
                yield conn

    def _retrying(self, work: Callable[[Connection], T]) -> T:
        """Run ``work(conn)`` in a write transaction, again when a concurrent writer won a
        race for the same rows (a unique key, a deadlock) or held the lock too long."""
        for attempt in range(_RETRIES):
            try:
                with self._writing() as conn:
                    return work(conn)
            except LedgerUnavailable:
                raise
            except (sa_exc.IntegrityError, sa_exc.OperationalError) as exc:
                if attempt == _RETRIES - 1:
                    raise LedgerUnavailable(
                        f"{self.where.shown}: gave up writing after {_RETRIES} attempts "
                        f"({_first_line(exc)})"
                    ) from None
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    # -- writing ---------------------------------------------------------------------------

    def add(
        self, article: NewArticle, *, corrects: int | None = None, superseded: Sequence[str] = ()
    ) -> Added:
        """Add an article, or its new version, in one transaction. The same identity with the
        same content adds nothing. ``superseded`` are claim ids of the article ``corrects``
        that this one contradicts: they stop raising findings."""

        def work(conn: Connection) -> Added:
            return self._add(conn, article, corrects, superseded)

        with _translated(self.where):
            added = self._retrying(work)
        return added

    def _add(
        self,
        conn: Connection,
        article: NewArticle,
        corrects: int | None,
        superseded: Sequence[str],
    ) -> Added:
        query = sa.select(articles.c.id, articles.c.content_hash, articles.c.version).where(
            articles.c.identity == article.identity
        )
        if conn.dialect.name == "postgresql":
            query = query.with_for_update()
        row = conn.execute(query).first()
        if row is not None and row.content_hash == article.content_hash:
            return Added("unchanged", row.id, row.version, len(article.claims))
        if corrects is not None:
            target = conn.execute(
                sa.select(articles.c.id).where(articles.c.id == corrects)
            ).scalar()
            if target is None:
                raise NoSuchArticle(f"--corrects {corrects}: no such article in the ledger")
        values: dict[str, Any] = {
            "url": article.url,
            "path": article.path,
            "headline": article.headline,
            "published_at": article.published_at,
            "content_hash": article.content_hash,
            "format": article.format,
            "text": article.text,
            "source_map": source_map_json(article),
            "words": article.words,
            "added_at": datetime.now(UTC).replace(tzinfo=None),
            "corrects": corrects,
        }
        if row is None:
            inserted = conn.execute(
                articles.insert().values(identity=article.identity, version=1, **values)
            ).inserted_primary_key
            assert inserted is not None
            article_id = int(inserted[0])
            version, outcome = 1, cast(Outcome, "added")
        else:
            article_id, version, outcome = row.id, row.version + 1, cast(Outcome, "updated")
            _forget_conflicts(conn, article_id)  # of the articles its old keys reach
            _drop_contents(conn, article_id)
            conn.execute(
                articles.update()
                .where(articles.c.id == article_id)
                .values(version=version, **values)
            )
        if article.claims:
            conn.execute(
                claims.insert(),
                [
                    {
                        "article_id": article_id,
                        "claim_id": claim.id,
                        "kind": claim.kind,
                        "start": claim.span.start,
                        "end": claim.span.end,
                        "unit": col.unit,
                        "family": col.family,
                        "head": col.head,
                        "entity": col.entity,
                        "event": col.event,
                        "claim": claim.model_dump_json(),
                    }
                    for claim, col in zip(article.claims, article.columns, strict=True)
                ],
            )
        _add_keys(conn, article_id, sorted(article.keys))
        if outcome == "updated":
            _forget_conflicts(conn, article_id)  # … and those its new keys reach
        if corrects is not None and superseded:
            conn.execute(
                claims.update()
                .where(claims.c.article_id == corrects, claims.c.claim_id.in_(list(superseded)))
                .values(superseded_by=article_id)
            )
            _forget_conflicts(conn, corrects)
        _count_write(conn)
        return Added(outcome, int(article_id), version, len(article.claims))

    def remove(self, article_id: int) -> None:
        def work(conn: Connection) -> None:
            found = conn.execute(
                sa.select(articles.c.id).where(articles.c.id == article_id)
            ).scalar()
            if found is None:
                raise NoSuchArticle(f"no article {article_id} in the ledger (see 'ledger list')")
            corrected = conn.execute(
                sa.select(articles.c.corrects).where(articles.c.id == article_id)
            ).scalar()
            if corrected is not None:
                _forget_conflicts(conn, corrected)  # its superseded figures count again
            _forget_conflicts(conn, article_id)
            _drop_contents(conn, article_id)
            conn.execute(
                claims.update()
                .where(claims.c.superseded_by == article_id)
                .values(superseded_by=None)
            )
            conn.execute(
                articles.update().where(articles.c.corrects == article_id).values(corrects=None)
            )
            conn.execute(articles.delete().where(articles.c.id == article_id))
            _count_write(conn)

        with _translated(self.where):
            self._retrying(work)

    # -- kept conflicts --------------------------------------------------------------------

    def writes(self) -> int:
        """How many writes the ledger has had: a reading that saw another count raced one."""
        with self._reading() as conn:
            return int(conn.execute(sa.select(ledger_state.c.writes)).scalar() or 0)

    def kept(self, ids: Sequence[int], settings: str) -> dict[int, list[str]]:
        """The kept findings (JSON) of those of ``ids`` read under ``settings``; an article
        missing from the answer is to be read."""
        found: dict[int, list[str]] = {}
        if not ids:
            return found
        with self._reading() as conn:
            for chunk in chunks(ids):
                read = sa.select(conflicts_read.c.article_id).where(
                    conflicts_read.c.article_id.in_(chunk), conflicts_read.c.settings == settings
                )
                for r in conn.execute(read):
                    found[r.article_id] = []
                rows = conn.execute(
                    sa.select(kept_conflicts.c.article_id, kept_conflicts.c.finding)
                    .where(kept_conflicts.c.article_id.in_(chunk))
                    .order_by(kept_conflicts.c.id)
                )
                for r in rows:
                    if r.article_id in found:
                        found[r.article_id].append(r.finding)
        return found

    def keep(self, read: dict[int, list[str]], settings: str, writes: int) -> bool:
        """Keep what reading the articles found, unless the ledger had a write since
        ``writes`` (what they found may then be out of date). Whether it was kept."""

        def work(conn: Connection) -> bool:
            count = sa.select(ledger_state.c.writes)
            if conn.dialect.name == "postgresql":
                count = count.with_for_update()  # a writer counts itself after this commits
            if conn.execute(count).scalar() != writes:
                return False
            ids = list(read)
            for chunk in chunks(ids):
                conn.execute(kept_conflicts.delete().where(kept_conflicts.c.article_id.in_(chunk)))
                conn.execute(conflicts_read.delete().where(conflicts_read.c.article_id.in_(chunk)))
            conn.execute(
                conflicts_read.insert(), [{"article_id": i, "settings": settings} for i in ids]
            )
            rows = [{"article_id": i, "finding": f} for i, found in read.items() for f in found]
            if rows:
                conn.execute(kept_conflicts.insert(), rows)
            return True

        if not read:
            return True
        with _translated(self.where):
            return self._retrying(work)

    # -- reading ---------------------------------------------------------------------------

    def ids_of(self, identities: Sequence[str], paths: Sequence[str] = ()) -> set[int]:
        """The articles with one of these identities, or added from one of these paths."""
        if not identities and not paths:
            return set()
        with self._reading() as conn:
            rows = conn.execute(
                sa.select(articles.c.id).where(
                    sa.or_(
                        articles.c.identity.in_(list(identities)),
                        articles.c.path.in_(list(paths)),
                    )
                )
            )
            return {r.id for r in rows}

    def listing(self, offset: int = 0, limit: int | None = None) -> list[dict[str, Any]]:
        """The articles by id, ``limit`` of them from the ``offset``-th (all by default), each
        with its number of claims, counted for the rows returned only (an indexed lookup per
        article, not a pass over every claim of the ledger)."""
        n_claims = (
            sa.select(sa.func.count())
            .where(claims.c.article_id == articles.c.id)
            .scalar_subquery()
            .label("claims")
        )
        query = (
            sa.select(
                articles.c.id,
                articles.c.identity,
                articles.c.url,
                articles.c.path,
                articles.c.headline,
                articles.c.published_at,
                articles.c.version,
                articles.c.words,
                articles.c.corrects,
                n_claims,
            )
            .order_by(articles.c.id)
            .offset(offset)
            .limit(limit)
        )
        with self._reading() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def article_count(self) -> int:
        with self._reading() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar() or 0)

    def stats(self) -> dict[str, Any]:
        with self._reading() as conn:
            n_articles = conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar()
            by_kind = conn.execute(
                sa.select(claims.c.kind, sa.func.count()).group_by(claims.c.kind)
            ).all()
            first, last = conn.execute(
                sa.select(
                    sa.func.min(articles.c.published_at), sa.func.max(articles.c.published_at)
                )
            ).one()
            n_keys = conn.execute(sa.select(sa.func.count()).select_from(keys)).scalar()
            corrections = conn.execute(
                sa.select(sa.func.count()).where(articles.c.corrects.is_not(None))
            ).scalar()
            superseded = conn.execute(
                sa.select(sa.func.count()).where(claims.c.superseded_by.is_not(None))
            ).scalar()
        kinds = {str(k): int(n) for k, n in by_kind}
        return {
            "ledger": self.where.shown,
            "backend": self.where.backend,
            "schema": schema.HEAD,
            "articles": int(n_articles or 0),
            "claims": sum(kinds.values()),
            "claims_by_kind": dict(sorted(kinds.items())),
            "keys": int(n_keys or 0),
            "corrections": int(corrections or 0),
            "superseded_claims": int(superseded or 0),
            "published_from": first.isoformat() if first else None,
            "published_to": last.isoformat() if last else None,
        }

    def candidates(
        self,
        wanted: set[str],
        exclude: Collection[int] = (),
        limit: int = CANDIDATES,
    ) -> list[int]:
        """The articles sharing the rarest of ``wanted`` keys, best first: each shared key
        weighs one over the number of articles holding it."""
        if not wanted:
            return []
        with self._reading() as conn:
            key_ids = [
                r.id
                for r in conn.execute(
                    sa.select(keys.c.id).where(
                        keys.c.key.in_(sorted(wanted)),
                        keys.c.articles > 0,
                        keys.c.articles <= COMMON_KEY,
                    )
                )
            ]
            return self._ranked(conn, key_ids, exclude, limit)

    def candidates_of(self, article_id: int, limit: int = CANDIDATES) -> list[int]:
        """The earlier articles (lower ids) that share the rarest keys of a stored article."""
        with self._reading() as conn:
            key_ids = [
                r.key_id
                for r in conn.execute(
                    sa.select(article_keys.c.key_id)
                    .join(keys, keys.c.id == article_keys.c.key_id)
                    .where(article_keys.c.article_id == article_id, keys.c.articles <= COMMON_KEY)
                )
            ]
            return self._ranked(conn, key_ids, set(), limit, below=article_id)

    @staticmethod
    def _ranked(
        conn: Connection,
        key_ids: list[int],
        exclude: Collection[int],
        limit: int,
        below: int | None = None,
    ) -> list[int]:
        if not key_ids:
            return []
        weight = sa.func.sum(1.0 / keys.c.articles).label("weight")
        query = (
            sa.select(article_keys.c.article_id, weight)
            .join(keys, keys.c.id == article_keys.c.key_id)
            .where(article_keys.c.key_id.in_(key_ids))
            .group_by(article_keys.c.article_id)
            .order_by(weight.desc(), article_keys.c.article_id.desc())
            .limit(limit + len(exclude))
        )
        if below is not None:
            query = query.where(article_keys.c.article_id < below)
        found = [r.article_id for r in conn.execute(query) if r.article_id not in exclude]
        return found[:limit]

    def keys_of(self, ids: Sequence[int]) -> dict[int, set[str]]:
        """The keys each of the articles ``ids`` is indexed by (``archive check`` blocks on
        them as ``candidates_of`` does)."""
        found: dict[int, set[str]] = {i: set() for i in ids}
        if not ids:
            return found
        with self._reading() as conn:
            for r in conn.execute(
                sa.select(article_keys.c.article_id, keys.c.key)
                .join(keys, keys.c.id == article_keys.c.key_id)
                .where(article_keys.c.article_id.in_(list(ids)))
            ):
                found[r.article_id].add(r.key)
        return found

    def article_ids(self, since: date | None = None) -> list[int]:
        """Every article's id in the order added; with ``since``, only those published on
        or after that day (an article without a date is left out)."""
        query = sa.select(articles.c.id).order_by(articles.c.id)
        if since is not None:
            query = query.where(articles.c.published_at >= since)
        with self._reading() as conn:
            return [r.id for r in conn.execute(query)]

    def load(self, ids: Sequence[int], *, with_claims: bool = True) -> list[StoredArticle]:
        """The articles ``ids`` with their stored claims (or without: to show passages), in
        the order given."""
        if not ids:
            return []
        with self._reading() as conn:
            rows = conn.execute(
                sa.select(
                    articles.c.id,
                    articles.c.identity,
                    articles.c.url,
                    articles.c.path,
                    articles.c.headline,
                    articles.c.published_at,
                    articles.c.version,
                    articles.c.format,
                    articles.c.text,
                    articles.c.source_map,
                    articles.c.corrects,
                ).where(articles.c.id.in_(list(ids)))
            ).all()
            stored: dict[int, list[str]] = {i: [] for i in ids}
            superseded: dict[int, set[str]] = {i: set() for i in ids}
            rows_of_claims = (
                conn.execute(
                    sa.select(
                        claims.c.article_id,
                        claims.c.claim_id,
                        claims.c.claim,
                        claims.c.superseded_by,
                    )
                    .where(claims.c.article_id.in_(list(ids)))
                    .order_by(claims.c.article_id, claims.c.id)
                )
                if with_claims
                else ()
            )
            for r in rows_of_claims:
                stored[r.article_id].append(r.claim)
                if r.superseded_by is not None:
                    superseded[r.article_id].add(r.claim_id)
        by_id = {
            r.id: StoredArticle(
                id=r.id,
                identity=r.identity,
                url=r.url,
                path=r.path,
                headline=r.headline,
                published_at=r.published_at,
                version=r.version,
                format=r.format,
                text=r.text,
                source_map=[(a[0], a[1], a[2]) for a in json.loads(r.source_map)]
                if r.source_map
                else None,
                corrects=r.corrects,
                claims=stored[r.id],
                superseded=frozenset(superseded[r.id]),
            )
            for r in rows
        }
        return [by_id[i] for i in ids if i in by_id]

    def corrections_of(self, ids: Sequence[int]) -> dict[int, int]:
        """Correction id → the id it corrects, for corrections among or of ``ids``."""
        if not ids:
            return {}
        with self._reading() as conn:
            rows = conn.execute(
                sa.select(articles.c.id, articles.c.corrects).where(
                    sa.or_(articles.c.id.in_(list(ids)), articles.c.corrects.in_(list(ids))),
                    articles.c.corrects.is_not(None),
                )
            )
            return {r.id: r.corrects for r in rows}


# -- helpers --------------------------------------------------------------------------------


def _forget_conflicts(conn: Connection, article_id: int) -> None:
    """Forget the kept conflicts of an article and of every later article that shares a key
    with it: a write to it may change what they find. (An earlier article is never read
    against a later one.) Keys held too widely to pick candidates are passed over, with one
    to spare for a key this write takes across that line."""
    mine, other = article_keys.alias("mine"), article_keys.alias("other")
    later = (
        sa.select(other.c.article_id)
        .join(mine, mine.c.key_id == other.c.key_id)
        .join(keys, keys.c.id == mine.c.key_id)
        .where(
            mine.c.article_id == article_id,
            other.c.article_id > article_id,
            keys.c.articles <= COMMON_KEY + 1,
        )
    )
    for table in (kept_conflicts, conflicts_read):
        conn.execute(
            table.delete().where(
                sa.or_(table.c.article_id == article_id, table.c.article_id.in_(later))
            )
        )


def _count_write(conn: Connection) -> None:
    """One more write (last in its transaction, so writers take this row's lock in one
    order)."""
    conn.execute(ledger_state.update().values(writes=ledger_state.c.writes + 1))


def chunks(ids: Sequence[int], size: int = 500) -> Iterator[list[int]]:
    """Ids in slices of ``size``; the default is what a query's parameter list holds on every
    backend."""
    for at in range(0, len(ids), size):
        yield list(ids[at : at + size])


def _drop_contents(conn: Connection, article_id: int) -> None:
    """Remove an article's claims and keys (its row stays), keeping the key counts true."""
    held = sa.select(article_keys.c.key_id).where(article_keys.c.article_id == article_id)
    conn.execute(keys.update().where(keys.c.id.in_(held)).values(articles=keys.c.articles - 1))
    conn.execute(article_keys.delete().where(article_keys.c.article_id == article_id))
    conn.execute(claims.delete().where(claims.c.article_id == article_id))


def _add_keys(conn: Connection, article_id: int, wanted: list[str]) -> None:
    """Count the article in each of its keys (creating the new ones) and link it to them.
    Keys are written in sorted order, so two writers never wait on each other in a cycle."""
    if not wanted:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        upsert: Any = pg_insert(keys)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        upsert = sqlite_insert(keys)
    upsert = upsert.on_conflict_do_update(
        index_elements=[keys.c.key], set_={"articles": keys.c.articles + 1}
    )
    conn.execute(upsert, [{"key": k, "articles": 1} for k in wanted])
    ids = conn.execute(sa.select(keys.c.id).where(keys.c.key.in_(wanted))).scalars().all()
    conn.execute(article_keys.insert(), [{"key_id": i, "article_id": article_id} for i in ids])


def _check_sqlite_file(where: LedgerURL, *, create: bool) -> None:
    """A missing file is created only when asked; an existing one must be a SQLite database
    (read its header rather than let the driver fail later with a vaguer message)."""
    assert where.path is not None
    path = Path(where.path)
    if path.is_dir():
        raise LedgerUnavailable(f"{where.shown}: is a directory, not a ledger file")
    if not path.exists():
        if not create:
            raise LedgerUnavailable(
                f"{where.shown}: no ledger there; 'factcheck ledger add' creates one"
            )
        if not path.parent.is_dir():
            raise LedgerUnavailable(f"{where.shown}: folder {path.parent} does not exist")
        return
    try:
        with path.open("rb") as f:
            header = f.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise LedgerUnavailable(f"{where.shown}: cannot read: {exc.strerror or exc}") from None
    if header and header != _SQLITE_MAGIC:
        raise NotALedger(f"{where.shown}: not a SQLite database (a corrupt or foreign file)")


def _engine(where: LedgerURL) -> Engine:
    try:
        if where.backend == "sqlite":
            engine = sa.create_engine(where.url)
            _sqlite_events(engine)
            return engine
        return sa.create_engine(
            where.url,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
            pool_pre_ping=False,
        )
    except ImportError as exc:
        raise LedgerError(
            f"{where.shown}: the ledger needs extra packages ({exc.name} is missing): "
            "pip install 'factcheck[ledger]'"
        ) from None
    except sa_exc.ArgumentError as exc:
        raise LedgerUnavailable(f"{where.shown}: not a usable database URL ({exc})") from None


def _sqlite_events(engine: Engine) -> None:
    """WAL (readers never block the writer), a busy timeout (writers queue), foreign keys,
    and transactions the code starts itself: the driver's own implicit ones start too late
    for a writer to queue cleanly."""

    @sa.event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("factcheck_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


@contextlib.contextmanager
def _translated(where: LedgerURL) -> Iterator[None]:
    """Driver errors as one-line ledger errors: what went wrong, where, nothing more."""
    try:
        yield
    except (LedgerError, sa_exc.IntegrityError):
        raise  # a lost race for a unique key: the writer's retry decides
    except sa_exc.OperationalError as exc:
        detail = _first_line(exc)
        if where.backend == "sqlite" and "not a database" in detail:
            raise NotALedger(f"{where.shown}: not a SQLite database ({detail})") from None
        if where.backend == "sqlite" and "locked" in detail:
            raise  # a busy writer: the caller's retry decides
        if where.backend == "postgresql" and _is_connect_failure(exc):
            raise LedgerUnavailable(f"{where.shown}: cannot connect: {detail}") from None
        raise
    except sa_exc.DatabaseError as exc:
        detail = _first_line(exc)
        if where.backend == "sqlite":
            raise NotALedger(f"{where.shown}: not a usable ledger ({detail})") from None
        raise LedgerError(f"{where.shown}: {detail}") from None
    except sa_exc.NoSuchModuleError as exc:
        raise LedgerError(f"{where.shown}: {exc}") from None
    except ImportError as exc:
        raise LedgerError(
            f"{where.shown}: the ledger needs extra packages ({exc.name} is missing): "
            "pip install 'factcheck[ledger]'"
        ) from None


def _first_line(exc: sa_exc.DBAPIError) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _is_connect_failure(exc: sa_exc.OperationalError) -> bool:
    return exc.connection_invalidated or "connect" in str(exc).lower() or exc.statement is None
