"""Search for the web app: keeps the index in step with the content being served.

The index is updated (incrementally, by content hash) the first time a search runs
after the content changed, under the index's one-writer lock, so several workers can
share one instance folder. A missing or unreadable index is rebuilt once; if that
fails too, callers get `SearchUnavailable` (the API answers 503), never a traceback.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from flask import current_app

from kb.content.tree import Content
from kb.core.catalogue import t
from kb.errors import KbError
from kb.search import Hit, IndexBusy, SearchIndex, Suggestion, build_index, update_index
from kbsite import messages as _messages  # noqa: F401 - registers search_index_unreadable
from kbsite.store import ContentStore

log = logging.getLogger(__name__)


class SearchUnavailable(KbError):
    """The index cannot be used right now (rebuild failed, or another writer is busy)."""

    status = 503


class SearchService:
    def __init__(self, store: ContentStore, root: Path) -> None:
        self.store = store
        self.root = root
        self.index = SearchIndex(root)
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
        return self._call("search", text, limit=limit, lang=lang)

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
