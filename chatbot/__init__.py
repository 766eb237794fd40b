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
| `kakao_limits` | KakaoTalk's limits as data (`kakao_limits.yaml`), cut labels, plain text |
| `kakao_messages` | KakaoTalk's messages in the catalogue (Korean and English) |
| `skill` | Kakao i 오픈빌더 skill responses within the limits (applies them) |
| `kakao` | `kb check --target kakao`: what KakaoTalk would degrade (checks them) |
| `kakao_faq` | the channel's chat-room menu: the most asked questions with articles |

Uses `kb` (core and content), never the other way round; never imports Flask.
"""

from chatbot.kind import SCENARIOS, scenarios

__all__ = ["SCENARIOS", "scenarios"]
