"""Insights: what customers do and ask, counted — the feedback loop.

| module | what |
|---|---|
| `events` | recording and validating feedback events (search, click, view, vote, hand-off…) |
| `questions` | the stored key of an ask: content words and what is asked (`?when`, `?how`…) |
| `grouping` | asks grouped into questions: deterministic, explainable leader clustering |
| `groups` | question groups in the database: stable keys, assignment, merge and split |
| `gaps` | a period's question groups in lanes (write, improve, task), ranked by uncovered demand |
| `sheets` | importing consultation sheets (상담 시트, CSV) |
| `sales` | importing sales files (orders per product and day, CSV) and reading them back |
| `contacts` | the built-in contact form |
| `calendar` | calendar periods in the site's time zone: ISO week, month, quarter, half, year |
| `periods` | one period's statistics against the previous one |
| `csreport` | the CS report's numbers: sales, products, types, channels, risks, praise, lanes |
| `report` | the CS report as JSON, Markdown or one self-contained HTML file with SVG charts |
| `report_messages` | the CS report's words in the catalogue |
| `review` | the weekly review's agenda: rising questions, tasks, re-reviews, files changed |
| `drafts` | draft articles written from the queue |
| `learned` | learned questions: searches answered by a click, per wording and article |
| `learned_messages` | learned questions' messages (`kb suggest questions`) |
| `evidence` | counting the asks behind a task (its groups, tags, articles) in any window |
| `tasks` | improvement tasks (개선과제): five states, rules, history, proposers, live counts |
| `followups` | customers who asked to hear back, and how they become a task's proposers |
| `notify` | telling proposers how their task turned out (e-mail over SMTP); the team webhook |
| `messages` | this room's messages in the catalogue |
| `sales_messages` | the sales import's messages in the catalogue |

Reads the store (`kb.db`) and content models; never imports the search room (a matcher
function is handed in where an ask needs its best article).
"""

from kb.insights import learned_messages as _learned_messages  # noqa: F401
from kb.insights import messages as _messages  # noqa: F401 - registers the messages
from kb.insights import report_messages as _report_messages  # noqa: F401
from kb.insights import sales_messages as _sales_messages  # noqa: F401 - registers them too
