"""The docs name every field of every format (Datasette's test_docs idea)."""

from __future__ import annotations

import re

import pytest

from kb.content.formats import FORMATS as CONTENT_FORMATS
from kbsite.kinds import KINDS
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "content-format.md").read_text("utf-8")
# The content formats, then every format a plugged-in kind documents (chatbot's scenarios).
FORMATS = {**CONTENT_FORMATS, **{k: v for kind in KINDS for k, v in kind.formats.items()}}
FIELDS = [(fmt, f.name) for fmt, fields in FORMATS.items() for f in fields]


@pytest.mark.parametrize(("fmt", "name"), FIELDS, ids=[f"{a}.{b}" for a, b in FIELDS])
def test_every_field_is_documented(fmt, name):  # noqa: ANN001
    assert f"`{name}`" in DOC, f"docs/content-format.md does not mention {fmt} field `{name}`"


def test_readme_names_the_two_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make serve" in readme and "make test" in readme


def test_changes_has_unreleased_section():
    assert re.search(r"^## Unreleased", (ROOT / "CHANGES.md").read_text("utf-8"), re.M)
