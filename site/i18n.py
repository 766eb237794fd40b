"""The language of the current request, and the catalogue's strings in it for templates.

The strings themselves are in `kbsite.messages` (registered in `kb.core.catalogue`).
"""

from __future__ import annotations

from flask import Flask, current_app, g, request

from kb.core.catalogue import Text, message
from kbsite import messages as _messages  # noqa: F401 - registers the page and API messages
from kbsite.store import content

LANG_NAMES = {"ko": "한국어", "en": "English"}


def current_lang() -> str:
    """The UI language: ?lang=, else what the view set, else the configured/site default."""
    if "lang" in g:
        return g.lang
    site = content().site
    asked = request.args.get("lang")
    if asked in site.languages and asked in ("ko", "en"):
        return asked
    return current_app.config["LANG"] or site.default_lang


def gettext(key: str, **params: object) -> str:
    """The catalogue message `key` in the current language."""
    return message(key, current_lang(), **params)


def translate(text: Text) -> str:
    """A `Text` (both languages) in the current language: `{{ why|tr }}` in templates."""
    return text.get(current_lang())


# Staff pages: no "아직 해결되지 않았나요?" footer with the customer channels.
STAFF_BLUEPRINTS = ("agent", "admin", "tasks", "auth")


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(_=gettext, current_lang=current_lang, LANG_NAMES=LANG_NAMES,
                                 STAFF_BLUEPRINTS=STAFF_BLUEPRINTS)
    app.jinja_env.filters["tr"] = translate

    @app.context_processor
    def site_settings() -> dict[str, object]:
        return {"site": content().site}
