"""The kinds of content file this site serves: articles (built in) plus chatbot's scenarios.

This is where `kb` and `chatbot` are composed; the store, the CLI and tests load with it.
"""

from __future__ import annotations

from chatbot import SCENARIOS

KINDS = (SCENARIOS,)
