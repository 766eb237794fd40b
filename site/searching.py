"""Search for the web app: keeps the index in step with the content being served.

The index is updated (incrementally, by content hash) the first time a search runs
after the content changed, under the index's one-writer lock, so several workers can
share one instance folder. A missing or unreadable index is rebuilt once; if that
fails too, callers get `SearchUnavailable` (the API answers 503), never a traceback.

Searches are composed with what customers taught (`kb.insights.learned`, see
docs/learning.md): a query whose wording key has learned articles — chosen in enough organic
sessions, where search had shown another hit first — gets them moved to the top, but only an
article the index itself already ranks in its first `TOP_K` and at most `MAX_PROMOTED` of
them. The learned table is read from the store at most every
`LearnedPrior.refresh` seconds, in the background of one search; a store that does not answer
leaves the last table (or none) in use, so learning never fails a search.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import threading
import time
import weakref
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from flask import current_app
from sqlalchemy import Engine

from kb.content.tree import Content
from kb.core.catalogue import t
from kb.errors import KbError
from kb.insights.learned import MIN_SESSIONS, learn
from kb.insights.questions import normalize
from kb.search import Hit, IndexBusy, SearchIndex, Suggestion, build_index, update_index
from kbsite import messages as _messages  # noqa: F401 - registers search_index_unreadable
from kbsite.store import ContentStore

log = logging.getLogger(__name__)


class SearchUnavailable(KbError):
    """The index cannot be used right now (rebuild failed, or another writer is busy)."""

    status = 503


TOP_K = 5  # a learned article is promoted only from the index's own first TOP_K hits
MAX_PROMOTED = 2
PRIOR_DAYS = 90  # a promotion no organic session confirmed for this long ends
BUSY_FACTOR = 50  # wait at least this many times a read's duration before the next one


class LearnedPrior:
    """Wording key → learned article ids, re-read from the store in a background thread at
    most every `refresh` seconds (after a failure, every `retry` seconds); never raises.
    Searches meanwhile use the last table (none before the first read finishes)."""

    def __init__(self, engine: Engine, *, min_sessions: int = MIN_SESSIONS, refresh: float = 300.0,
                 retry: float = 60.0) -> None:
        self.engine = engine
        self.min_sessions = min_sessions
        self.refresh, self.retry = refresh, retry
        self._table: dict[str, tuple[str, ...]] = {}
        self._due = 0.0  # monotonic time of the next read
        self._reading = False
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()  # one read at a time; the latest one wins
        # A read under way in a process that forks (gunicorn's preloading master) would leave
        # the child waiting for a thread it does not have: the child starts afresh.
        ref = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: (p := ref()) is not None and p._forked())

    def _forked(self) -> None:
        self._lock = threading.Lock()
        self._read_lock = threading.Lock()
        self._reading = False
        self._due = 0.0

    def table(self) -> dict[str, tuple[str, ...]]:
        """The table now; starts a re-read when one is due (reading 100k events takes ~1 s,
        which no search should wait for)."""
        if time.monotonic() >= self._due and not self._reading:
            with self._lock:
                if time.monotonic() >= self._due and not self._reading:
                    self._reading = True
                    threading.Thread(target=self.load, name="learned-questions",
                                     daemon=True).start()
        return self._table

    def load(self) -> None:
        """Read the table now (the background thread's work; tests call it directly)."""
        try:
            started = time.monotonic()
            with self._read_lock:
                self._table = learn(self.engine, min_sessions=self.min_sessions,
                                    days=PRIOR_DAYS).table()
            # A big store takes seconds to read: never spend more than ~2 % of a worker on it.
            took = time.monotonic() - started
            self._due = time.monotonic() + max(self.refresh, BUSY_FACTOR * took)
        except Exception:  # noqa: BLE001 - a store that does not answer must not fail search
            log.warning("learned questions unavailable; searching without them", exc_info=True)
            self._due = time.monotonic() + self.retry
        finally:
            self._reading = False

    def articles(self, text: str) -> tuple[str, ...]:
        """Learned article ids for `text`'s wording key, most organic sessions first."""
        table = self.table()
        if not table:  # nothing learned: no Korean analysis spent on the query
            return ()
        return table.get(_key(text), ())


# A query's wording key, remembered: popular questions come back, and the key costs a Kiwi
# analysis on the search's hot path.
_key = lru_cache(maxsize=8192)(normalize)


def promote(hits: list[Hit], learned: Sequence[str]) -> list[Hit]:
    """`hits` with the learned articles found in the first `TOP_K` moved to the top (at most
    `MAX_PROMOTED`, in the table's order). The top keeps the confidence it had: customers'
    clicks are as good a reason to be sure as the words."""
    ranked = [h.id for h in hits[:TOP_K]]
    chosen = [a for a in learned if a in ranked][:MAX_PROMOTED]
    if not chosen or ranked[:len(chosen)] == chosen:
        return hits
    by_id = {h.id: h for h in hits}
    front = [by_id[a] for a in chosen]
    front[0] = dataclasses.replace(front[0], confidence=max(front[0].confidence,
                                                            hits[0].confidence))
    return front + [h for h in hits if h.id not in chosen]


class SearchService:
    def __init__(self, store: ContentStore, root: Path, engine: Engine | None = None) -> None:
        self.store = store
        self.root = root
        self.index = SearchIndex(root)
        self.prior = LearnedPrior(engine) if engine is not None else None
        self._synced: Content | None = None
        self._lock = threading.Lock()

    def sync(self) -> Content:
        """Bring the index up to date with the content now served."""
        content = self.store.get()
        if content is not self._synced:
            with self._lock:
                if content is not self._synced:
                    try:
                        result = update_index(content.published(), self.root,
                                              synonyms=content.synonyms)
                    except IndexBusy as exc:
                        raise SearchUnavailable(exc.message) from exc
                    except Exception:  # a corrupt index: start over in a new folder
                        log.exception("search index unusable; rebuilding")
                        build_index(content.published(), self.root, synonyms=content.synonyms)
                        result = None
                    if result is None or result.changed:
                        log.info("search index updated: %s", result or "rebuilt")
                        self.index.changed()
                    self._synced = content
        return content

    def _call(self, method: str, *args: object, **kwargs: object):  # noqa: ANN202
        self.sync()
        try:
            return getattr(self.index, method)(*args, **kwargs)
        except Exception:
            log.exception("search failed; rebuilding the index once")
            content = self.store.get()
            try:
                build_index(content.published(), self.root, synonyms=content.synonyms)
                self.index = SearchIndex(self.root)
                return getattr(self.index, method)(*args, **kwargs)
            except Exception as exc:
                raise SearchUnavailable(t("search_index_unreadable")) from exc

    def search(self, text: str, limit: int = 10, lang: str | None = None) -> list[Hit]:
        """Ranked hits, with what customers taught for this wording (`promote`)."""
        learned = self.prior.articles(text) if self.prior is not None else ()
        if not learned:
            return self._call("search", text, limit=limit, lang=lang)
        hits = self._call("search", text, limit=max(limit, TOP_K), lang=lang)
        return promote(hits, learned)[:limit]

    def autocomplete(self, text: str, limit: int = 8, lang: str | None = None
                     ) -> list[Suggestion]:
        return self._call("autocomplete", text, limit=limit, lang=lang)

    def did_you_mean(self, text: str) -> str | None:
        return self._call("did_you_mean", text)

    def answer(self, text: str, lang: str | None = None) -> Hit | None:
        return self._call("answer", text, lang=lang)

    def best_article(self, question: str) -> str | None:
        """The id of the article that clearly answers `question` (a matcher for question
        grouping and reports); None while search is unavailable."""
        try:
            hit = self.answer(question)
        except SearchUnavailable:
            return None
        return hit.id if hit else None


def search_service() -> SearchService:
    """The current app's search service."""
    return current_app.extensions["answerloop.search"]
