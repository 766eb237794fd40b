"""Core: what every content format shares — messages, problems, YAML, files, schemas.

| module | what |
|---|---|
| `catalogue` | the one message catalogue: `Text` (Korean + English), `t(code)`, `register` |
| `messages` | core messages: files, YAML, schema fields |
| `problems` | `Problem` (`path:line: message` + hint) and the `Report` that collects them |
| `yamlsrc` | safe YAML loading that keeps the line of every node |
| `files` | reading content files safely (size cap, UTF-8), display paths, front matter |
| `schema` | the field-schema machinery: `Field`, `read` (validate a mapping), ids |

Used by `kb.content` and by `chatbot`; depends only on `kb.text`.
"""
