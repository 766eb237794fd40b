"""Answerloop's library, in rooms that follow the pipeline load → index → record → count.

| room | what |
|---|---|
| `kb.text` | Korean normalisation, Kiwi analysis, jamo, lexicon, romanisation |
| `kb.core` | the message catalogue, problems, YAML with line numbers, files, field schemas |
| `kb.errors` | `KbError`: the one exception base the CLI and the API map to exit codes and JSON |
| `kb.content` | site settings, formats, models, articles, rendering, checking, the content tree |
| `kb.search` | Whoosh: analyzers, the index on disk, queries (`SearchIndex`, `build_index`) |
| `kb.db` | the store's tables, migrations and connections (SQLite, PostgreSQL by URL) |
| `kb.insights` | events, question grouping, sheets, contacts, statistics, reports, drafts |
| `kb.accounts` | staff accounts |

Layers, lowest first: text < core < errors < content < search, db < insights, accounts;
a room imports only rooms below it (import-linter contracts in pyproject.toml check it).
`kb` never imports `chatbot` or the web layer (`kbsite`), and never imports Flask.
"""
