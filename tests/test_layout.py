"""The tree shows the architecture: rooms with docstrings that map them, small modules,
layers that import-linter enforces, and a non-editable install that holds every package."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
PACKAGE_DIRS = {"kb": ROOT / "kb", "chatbot": ROOT / "chatbot", "kbsite": ROOT / "site"}
MAX_LINES = 400


def _modules() -> list[Path]:
    return sorted(p for d in PACKAGE_DIRS.values() for p in d.rglob("*.py"))


def _packages() -> list[Path]:
    return sorted({p.parent for p in _modules() if (p.parent / "__init__.py").exists()})


@pytest.mark.parametrize("module", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_passes_400_lines(module: Path):
    lines = module.read_text("utf-8").count("\n")
    assert lines <= MAX_LINES, f"{module.relative_to(ROOT)} has {lines} lines: split it"


ROOMS = [ROOT / "kb" / room for room in ("text", "core", "content", "search", "insights")]


@pytest.mark.parametrize("room", [*ROOMS, ROOT / "chatbot", ROOT / "kb"],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_each_room_docstring_maps_its_modules(room: Path):
    doc = (room / "__init__.py").read_text("utf-8")
    names = {p.stem for p in room.glob("*.py") if p.stem != "__init__"}
    names |= {p.name for p in room.iterdir() if (p / "__init__.py").exists()}
    missing = sorted(n for n in names if f"`{n}`" not in doc and f"`kb.{n}`" not in doc)
    assert not missing, f"{room.relative_to(ROOT)}/__init__.py does not describe {missing}"


def _import_name(folder: Path) -> str:
    rel = folder.relative_to(ROOT)
    parts = list(rel.parts)
    if parts[0] == "site":
        parts[0] = "kbsite"
    return ".".join(parts)


def test_every_python_package_is_listed_in_pyproject():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = {_import_name(p) for p in _packages()}
    assert found - listed == set(), "add these to [tool.setuptools] packages"


def test_import_linter_contracts_keep_kb_independent():
    contracts = PYPROJECT["tool"]["importlinter"]["contracts"]
    independent = next(c for c in contracts if c["id"] == "kb-independent")
    assert {"chatbot", "kbsite"} <= set(independent["forbidden_modules"])
    layers = next(c for c in contracts if c["id"] == "kb-layers")["layers"]
    assert layers[-1] == "kb.text" and layers[-2] == "kb.core"


LINT_IMPORTS = shutil.which("lint-imports", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter is not installed")
def test_lint_imports_passes_here():
    result = subprocess.run([LINT_IMPORTS], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "kb is independent of chatbot and kbsite" in result.stdout


@pytest.mark.skipif(LINT_IMPORTS is None, reason="import-linter is not installed")
@pytest.mark.parametrize(("module", "line", "names"), [
    ("kb/text/lexicon.py", "from kb.insights import gaps", "kb.text.lexicon -> kb.insights.gaps"),
    ("kb/content/models.py", "import chatbot", "kb.content.models -> chatbot"),
    ("kb/search/query.py", "from kb.db import events", "kb.search.query -> kb.db"),
])
def test_a_new_import_across_a_layer_fails_and_is_named(tmp_path: Path, module: str,
                                                         line: str, names: str):
    """Copy the packages, add one bad import, and lint-imports names it."""
    for name, folder in PACKAGE_DIRS.items():
        shutil.copytree(folder, tmp_path / name,
                        ignore=shutil.ignore_patterns("static", "templates", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / module
    target.write_text(target.read_text("utf-8") + f"\n{line}  # noqa\n", "utf-8")
    env = {"PYTHONPATH": str(tmp_path), "PATH": str(Path(sys.executable).parent)}
    result = subprocess.run([LINT_IMPORTS, "--no-cache"], cwd=tmp_path, capture_output=True,
                            text=True, env=env)
    assert result.returncode == 1, result.stdout
    assert names in re.sub(r"\s+\(l\.\d+\)", "", result.stdout)


def test_loading_a_scenario_imports_no_markdown(tmp_path: Path):
    """chatbot's loader needs only kb.core: no Markdown, nh3, Flask or Whoosh."""
    (tmp_path / "main.yaml").write_text("options:\n  - label: 배송 조회\n    answer: 2일\n",
                                        "utf-8")
    code = ("import sys; from pathlib import Path; from kb.core.problems import Report; "
            "from chatbot.loader import load_scenario; "
            f"s = load_scenario(Path({str(tmp_path / 'main.yaml')!r}), Report()); "
            "assert s.options[0].label == '배송 조회'; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "{'markdown', 'nh3', 'flask', 'whoosh', 'kiwipiepy', 'sqlalchemy'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.slow
def test_non_editable_install_holds_every_package_and_asset(tmp_path: Path):
    """Build a wheel, install it into a folder, and import every room from there."""
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--wheel-dir", str(tmp_path / "dist"), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("answerloop-*.whl"))
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(wheel)], check=True, capture_output=True)
    packages = sorted(_import_name(p) for p in _packages())
    code = ("import importlib, sys; "
            f"mods = [importlib.import_module(n) for n in {packages!r}]; "
            f"assert all(m.__file__.startswith({str(target)!r}) for m in mods), "
            "[m.__file__ for m in mods]; "
            "import kbsite; from pathlib import Path; p = Path(kbsite.__file__).parent; "
            "assert (p / 'static' / 'widget' / 'app.js').is_file(); "
            "assert (p / 'templates' / 'manual' / 'article.html').is_file(); print('ok')")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "ok", result.stderr
