"""The content the site serves: loaded once, reloaded on change, never lost to a bad edit."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from flask import current_app

from chatbot import scenarios
from kb.content.tree import Content, load_content
from kbsite.kinds import KINDS

log = logging.getLogger(__name__)


class ContentStore:
    """Holds the current `Content`; with `reload`, re-reads the tree when files change.

    A file that breaks keeps its last good version (see `kb.content.tree.load_content`).
    """

    def __init__(self, root: Path, *, reload: bool = False, interval: float = 1.0) -> None:
        self.root = root
        self.reload = reload
        self.interval = interval
        self._lock = threading.Lock()
        self._checked = 0.0
        self._signature = self._scan()
        self._content = self._load(None)

    def _scan(self) -> tuple[tuple[str, int, int], ...]:
        if not self.root.is_dir():
            return ()
        found = []
        for path in self.root.rglob("*"):
            try:
                stat = path.stat()
            except OSError:  # removed while scanning
                continue
            if path.is_file():
                found.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(sorted(found))

    def _load(self, previous: Content | None) -> Content:
        content = load_content(self.root, previous, kinds=KINDS)
        for problem in content.errors:
            log.warning("%s", problem.format("en"))
        if previous is not None:
            kept = {p.path for p in content.errors}
            for path in sorted(kept):
                log.warning("%s has errors: serving its last good version, if any", path)
        log.info("loaded %d articles, %d scenarios from %s (%d errors, %d warnings)",
                 len(content.articles), len(scenarios(content)), self.root,
                 len(content.errors), len(content.warnings))
        return content

    def get(self) -> Content:
        """The content to serve now, re-read first if reloading and files changed."""
        if self.reload and time.monotonic() - self._checked >= self.interval:
            with self._lock:
                if time.monotonic() - self._checked >= self.interval:
                    self.refresh()
        return self._content

    def refresh(self) -> bool:
        """Re-read the tree if any file changed; True if it did."""
        self._checked = time.monotonic()
        signature = self._scan()
        if signature == self._signature:
            return False
        self._signature = signature
        self._content = self._load(self._content)
        return True


def content() -> Content:
    """The current app's content."""
    return current_app.extensions["answerloop.content"].get()
