"""What queries need from one version of the index, built once and shared by every thread.

A version is a folder and a Whoosh generation (an incremental update makes a new one).
Everything here is derived from it and dropped with it: the stored fields by document
number, the ids' total order (ties), the typo and known-word vocabularies, the synonym
groups, the BM25 postings cache (`scoring.Postings`) and the analysed queries (`plans`).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.search.expand import Synonyms, Typos, synonyms
from kb.search.index import read_meta
from kb.search.scoring import Postings

PLANS = 4096  # analysed queries kept per version (then the cache restarts)


@dataclass(frozen=True)
class Doc:
    id: str
    title: str
    summary: str
    text: str
    category: str
    lang: str
    questions: tuple[str, ...]


def version_key(folder: Path, reader: object) -> tuple:
    """Identifies a version: the folder, Whoosh's generation and the document counts."""
    return (str(folder), reader.generation(), reader.doc_count_all(), reader.doc_count())


class IndexVersion:
    """One version's documents, vocabularies and caches (read-only once built)."""

    def __init__(self, folder: Path, reader: object) -> None:
        self.key = version_key(folder, reader)
        meta = read_meta(folder)
        self.synonyms: Synonyms = synonyms(tuple(tuple(g) for g in meta["synonyms"]))
        self.postings = Postings(reader)
        size = self.postings.size
        self.docs: list[Doc | None] = [None] * size
        for docnum, f in reader.iter_docs():
            self.docs[docnum] = Doc(f["id"], f.get("title", ""), f.get("summary", ""),
                                    f.get("text", ""), f.get("category", ""),
                                    f.get("lang", ""), tuple(f.get("questions_list") or ()))
        live = sorted((d.id, n) for n, d in enumerate(self.docs) if d is not None)
        # Ties are broken by article id, never by document number (which depends on the
        # order of builds and updates): same content, same query, same list.
        self.order = np.full(size, len(live), np.int32)
        for rank, (_, docnum) in enumerate(live):
            self.order[docnum] = rank
        self.langs = {lang: np.array([d is not None and d.lang == lang for d in self.docs])
                      for lang in {d.lang for d in self.docs if d is not None}}
        vocab = {t.decode("utf-8") for t in reader.lexicon("head")}
        self.typos = Typos(vocab)
        # Every word the index knows, in any field: a word found here is never a typo.
        self.words = vocab | {t.decode("utf-8") for f in ("about", "body")
                              for t in reader.lexicon(f)}
        self.plans: dict[str, object] = {}
        self.fields: dict[tuple, tuple] = {}  # (fields, term, cap) → fields worth asking

    def lang_mask(self, lang: str) -> np.ndarray:
        found = self.langs.get(lang)
        return found if found is not None else np.zeros(self.postings.size, bool)

    def remember(self, text: str, plan: object) -> None:
        if len(self.plans) >= PLANS:
            self.plans.clear()
        self.plans[text] = plan

    def remember_fields(self, key: tuple, fields: tuple) -> None:
        if len(self.fields) >= PLANS * 16:
            self.fields.clear()
        self.fields[key] = fields


class Versions:
    """The versions in use by a `SearchIndex`'s threads: the newest two are kept."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_key: dict[tuple, IndexVersion] = {}

    def get(self, folder: Path, reader: object) -> IndexVersion:
        key = version_key(folder, reader)
        found = self._by_key.get(key)
        if found is None:
            with self._lock:
                found = self._by_key.get(key)
                if found is None:
                    found = IndexVersion(folder, reader)
                    self._by_key[key] = found
                    for old in list(self._by_key)[:-2]:
                        del self._by_key[old]
        return found
