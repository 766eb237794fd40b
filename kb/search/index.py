"""The search index on disk: full builds into versioned folders, incremental updates, one writer.

Layout under `instance/index/`:
    CURRENT                 name of the live version folder (switched atomically)
    v1-20261123T172501-1a2b/ a Whoosh index + meta.json (format, synonyms)
    .lock                   held by the one writer

A full build never touches the live folder: it builds a new one and then replaces
CURRENT, so a search during a rebuild sees the old index or the new one, never a
partial one. Incremental updates commit into the live folder (Whoosh commits are atomic
for readers).
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as windex
from whoosh.analysis import Tokenizer
from whoosh.fields import ID, STORED, TEXT, Schema

from kb.content.models import Article
from kb.errors import KbError
from kb.search.analyzers import (
    BigramAnalyzer,
    BodyAnalyzer,
    Counted,
    MorphemeAnalyzer,
    SyllableAnalyzer,
)
from kb.text import analysis
from kb.text.lexicon import LEXICON

FORMAT = 3  # bump when fields or analyzers change (3: every part as morphemes and syllables)
POINTER = "CURRENT"
LOCK_TIMEOUT = 30.0

Progress = Callable[[int, int], None]


class IndexError_(KbError):  # noqa: N801 - avoid shadowing the builtin IndexError
    """Base for index problems people can act on (the API answers 503)."""

    status = 503


class IndexMissing(IndexError_):
    """No usable index: run `kb index` (the server builds one itself)."""


class IndexBusy(IndexError_):
    """Another writer held the lock for longer than the timeout."""


def _text(analyzer: Tokenizer) -> TEXT:
    # No positions (phrase=False): queries never need them, and builds are faster without.
    field = TEXT(analyzer=analyzer, phrase=False)
    field.format = Counted(field_boost=1.0)  # `document` hands it the terms, analysed
    return field


def schema() -> Schema:
    """The index's fields: each part of an article twice, as morphemes and as syllables."""
    # Three parts, weighted apart at query time: title and questions ("head"), the summary
    # with tags and headings ("about"), and the body; each as Kiwi morphemes and as
    # syllable bigrams within words (the head: single syllables too). The head is read by
    # Kiwi whole, as queries are; the rest word by word, cached (`word_morphemes`): Kiwi
    # reads 1–2 ms of text per call, and these parts are most of an article's text.
    return Schema(
        id=ID(stored=True, unique=True),
        lang=ID(stored=True),
        category=ID(stored=True),
        title=STORED(),
        summary=STORED(),
        head=_text(MorphemeAnalyzer()),
        head_bi=_text(SyllableAnalyzer()),
        about=_text(BodyAnalyzer()),
        about_bi=_text(BigramAnalyzer()),
        body=_text(BodyAnalyzer()),
        body_bi=_text(BigramAnalyzer()),
        text=STORED(),  # plain text, for snippets
        questions_list=STORED(),  # for autocomplete
        digest=STORED(),
    )


_TAG = re.compile(r"<[^>]+>")


def plain_text(html_text: str) -> str:
    """Rendered HTML as plain text (for the body field and snippets)."""
    return re.sub(r"\s+", " ", html.unescape(_TAG.sub(" ", html_text))).strip()


def _terms(analyse: Callable[[str], list[analysis.Term]], text: str) -> list[str]:
    return [t.text for t in analyse(text)]


def document(article: Article) -> dict[str, object]:
    """The fields of one article."""
    body = plain_text(article.html)
    questions = "\n".join(article.questions)
    tags = " ".join(t.replace("/", " ") for t in article.tags)
    head = f"{article.title}\n{questions}"
    about = "\n".join([article.summary, tags, *(h.text for h in article.toc)])
    return {
        "id": article.id, "lang": article.lang, "category": article.category,
        "title": article.title, "summary": article.summary,
        # Each field's terms, analysed here (as its analyzer would) and counted by Whoosh.
        "head": _terms(analysis.morphemes, head),
        "head_bi": analysis.syllable_texts(head, singles=True),
        "about": _terms(analysis.word_morphemes, about),
        "about_bi": analysis.syllable_texts(about),
        "body": _terms(analysis.word_morphemes, body),
        "body_bi": analysis.syllable_texts(body),
        "text": body,
        "questions_list": list(article.questions), "digest": article.digest,
    }


@dataclass(frozen=True)
class UpdateResult:
    added: int = 0
    updated: int = 0
    removed: int = 0
    rebuilt: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)


@contextmanager
def writer_lock(root: Path, timeout: float = LOCK_TIMEOUT):  # noqa: ANN201
    """One writer at a time across processes; IndexBusy after `timeout` seconds."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy("index_busy", root=root) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_folder(root: Path) -> Path | None:
    """The live version folder, if there is a usable one of this format."""
    try:
        name = (root / POINTER).read_text("utf-8").strip()
    except OSError:
        return None
    folder = root / name
    # Not windex.exists_in: it leaks a file handle when the TOC is unreadable.
    if not name.startswith(f"v{FORMAT}-") or not any(folder.glob("_MAIN_*.toc")):
        return None
    return folder


def _write_meta(folder: Path, synonyms: Sequence[Sequence[str]]) -> None:
    meta = {"format": FORMAT, "synonyms": [list(g) for g in (*LEXICON, *synonyms)]}
    tmp = folder / "meta.json.tmp"
    tmp.write_text(json.dumps(meta, ensure_ascii=False), "utf-8")
    os.replace(tmp, folder / "meta.json")


def read_meta(folder: Path) -> dict:
    try:
        return json.loads((folder / "meta.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {"format": FORMAT, "synonyms": [list(g) for g in LEXICON]}


def _switch(root: Path, folder: Path) -> None:
    tmp = root / f"{POINTER}.tmp"
    tmp.write_text(folder.name, "utf-8")
    os.replace(tmp, root / POINTER)  # atomic on POSIX
    keep = {folder.name}
    versions = sorted((p for p in root.iterdir() if p.is_dir() and p.name.startswith("v")),
                      key=lambda p: p.stat().st_mtime, reverse=True)
    for old in versions[2:]:  # keep the previous one for searchers still reading it
        if old.name not in keep:
            shutil.rmtree(old, ignore_errors=True)


def build_index(articles: Iterable[Article], root: Path, *,
                synonyms: Sequence[Sequence[str]] = (), progress: Progress | None = None,
                procs: int = 1) -> Path:
    """Build a complete index in a new folder, then make it the live one."""
    root = Path(root)
    articles = [a for a in articles if not a.draft]
    with writer_lock(root):
        stamp = time.strftime("%Y%m%dT%H%M%S")
        folder = root / f"v{FORMAT}-{stamp}-{os.getpid():x}{time.monotonic_ns() % 65536:04x}"
        folder.mkdir(parents=True)
        ix = windex.create_in(str(folder), schema())
        # 1 GB for the posting pool: at 10,000 articles (~2.5M postings) a 256 MB pool spilled
        # to disk and merged its runs in Python, 2.3× slower; the peak RSS hardly moved.
        writer = ix.writer(limitmb=1024, procs=procs)
        try:
            for done, article in enumerate(articles, start=1):
                writer.add_document(**document(article))
                if progress is not None:
                    progress(done, len(articles))
            writer.commit()
        except BaseException:
            writer.cancel()
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _write_meta(folder, synonyms)
        _switch(root, folder)
        return folder


def update_index(articles: Iterable[Article], root: Path, *,
                 synonyms: Sequence[Sequence[str]] = (),
                 progress: Progress | None = None) -> UpdateResult:
    """Bring the live index up to date by content hash; a full build if there is none."""
    root = Path(root)
    articles = {a.id: a for a in articles if not a.draft}
    folder = current_folder(root)
    if folder is None:
        build_index(articles.values(), root, synonyms=synonyms, progress=progress)
        return UpdateResult(added=len(articles), rebuilt=True)
    with writer_lock(root):
        ix = windex.open_dir(str(folder))
        with ix.searcher() as searcher:
            indexed = {f["id"]: f.get("digest") for f in searcher.all_stored_fields()}
        changed = [a for aid, a in articles.items() if indexed.get(aid) != a.digest]
        removed = [aid for aid in indexed if aid not in articles]
        if changed or removed:
            writer = ix.writer(timeout=LOCK_TIMEOUT)
            try:
                for aid in removed:
                    writer.delete_by_term("id", aid)
                for done, article in enumerate(changed, start=1):
                    writer.update_document(**document(article))
                    if progress is not None:
                        progress(done, len(changed))
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
        _write_meta(folder, synonyms)
        added = sum(1 for a in changed if a.id not in indexed)
        return UpdateResult(added=added, updated=len(changed) - added, removed=len(removed))
