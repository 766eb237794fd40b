"""Answerloop's scenario chatbot: its format, messages, loading, validation and one engine.

| module | what |
|---|---|
| `format` | the scenario format as schema tables (documented in docs/content-format.md) |
| `messages` | chatbot's messages in the catalogue (Korean and English) |
| `model` | `Scenario` and `Node`: frozen option trees |
| `loader` | YAML → `Scenario`, keeping the line of every option |
| `validate` | depth ≤ 3, every leaf ends, known articles, short unique labels, ≤ N options |
| `kind` | the seam: `SCENARIOS` plugs scenarios into `kb.content.tree.load_content` |
| `engine` | the one navigation engine: (scenario, path, choice) → the next screen |

Uses `kb` (core and content), never the other way round; never imports Flask.
"""

from chatbot.kind import SCENARIOS, scenarios

__all__ = ["SCENARIOS", "scenarios"]
