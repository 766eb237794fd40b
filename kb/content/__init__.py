"""Content: the help center's files, loaded, validated and rendered.

| module | what |
|---|---|
| `formats` | every content format as schema tables (documented in docs/content-format.md) |
| `models` | frozen records: `Article`, `Category`, `Site`, `Widget`, `Channel`, `RiskType`, `Reporting`, `Product`, headings, links |
| `hours` | hand-off channels' opening hours (`open`, `holidays`): open now, or when next |
| `settings` | site.yaml (with `channels`), categories.yaml, tags.yaml (with old names, `was:`), synonyms.yaml |
| `reporting` | what the CS report counts beyond tags: risks.yaml, products.yaml, `tag_now` |
| `articles` | one article file: front matter checked, body kept as source |
| `render` | Markdown configured once: sanitized HTML, table of contents, link refs |
| `references` | cross-references and links checked at their lines, with did-you-mean |
| `kinds` | the seam for other kinds of file (chatbot's scenarios plug in here) |
| `tree` | `load_content`: the whole tree, last good versions kept; `Content` |
| `check` | `kb check`'s report and summary |
| `messages` | this room's messages in the catalogue |

Imports `kb.core` and `kb.text`; never search, insights, chatbot or the web layer.
"""

from kb.content import messages as _messages  # noqa: F401 - registers this room's messages
