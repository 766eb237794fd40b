"""Answerloop's web layer (imported as `kbsite`: the stdlib owns the name `site`).

`create_app` is imported lazily so the CLI's content commands (`kb check`) start
without loading Flask.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from kbsite.app import create_app

        return create_app
    raise AttributeError(f"module 'kbsite' has no attribute {name!r}")
