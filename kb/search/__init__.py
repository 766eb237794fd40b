"""Search: the Whoosh index and the queries over it. Whoosh never leaves this room.

| module | what |
|---|---|
| `analyzers` | Whoosh analyzers wrapping `kb.text.analysis` (pickled into the index) |
| `index` | the index on disk: versioned full builds, incremental updates, one writer |
| `expand` | query expansion: synonym groups and jamo-distance typo fixes |
| `terms` | customer text → weighted index terms (`plan`, cached per version) and `confidence` |
| `scoring` | BM25 in memory over Whoosh's postings, read once per term and version; top-k |
| `version` | what queries need from one index version, shared by threads (docs, caches) |
| `query` | `SearchIndex`: search (hits with a 0..1 `confidence`), autocomplete, did-you-mean |
| `messages` | this room's messages in the catalogue (index missing, index busy) |

The public API is re-exported here: `build_index(articles, root)`,
`SearchIndex(root, check_every=…).search(text, limit=…, lang=…)` → `list[Hit]`.
"""

from kb.search import messages as _messages  # noqa: F401 - registers the messages
from kb.search.index import (
    IndexBusy,
    IndexMissing,
    UpdateResult,
    build_index,
    update_index,
    writer_lock,
)
from kb.search.query import (
    CONFIDENT,
    MAX_QUERY,
    Hit,
    SearchIndex,
    Suggestion,
    clean_query,
    snippet,
)

__all__ = ["CONFIDENT", "MAX_QUERY", "Hit", "IndexBusy", "IndexMissing", "SearchIndex",
           "Suggestion", "UpdateResult", "build_index", "clean_query", "snippet", "update_index",
           "writer_lock"]
