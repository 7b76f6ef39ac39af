"""The docs are kept honest: every setting and every CLI command is documented, and the
``--help`` text embedded in docs/cli.md and the settings table in docs/settings.md are what the
code prints today (datasette's cog-checked cli-reference, without cog).

Regenerate both after changing a command, an option or a setting::

    .venv/bin/python tests/test_docs.py --write
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from truceline.cli import cli
from truceline.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
CLI_MD = DOCS / "cli.md"
SETTINGS_MD = DOCS / "settings.md"
HELP_WIDTH = 100

_HELP_BLOCK = re.compile(r"<!-- help: (?P<cmd>[^>]*?) -->\n```text\n(?P<body>.*?)```\n<!-- end help -->", re.S)
_SETTINGS_BLOCK = re.compile(r"(<!-- settings -->\n)(?P<body>.*?)(<!-- end settings -->)", re.S)


def commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path: (), ("run",), ..., ("gazetteer", "import"), ..."""
    out = [prefix]
    for name in sorted(group.commands):
        sub = group.commands[name]
        if isinstance(sub, click.Group):
            out.extend(commands(sub, prefix + (name,)))
        else:
            out.append(prefix + (name,))
    return out


def help_text(path: tuple[str, ...]) -> str:
    res = CliRunner().invoke(cli, [*path, "--help"], prog_name="truceline", terminal_width=HELP_WIDTH)
    assert res.exit_code == 0, res.output
    return res.output


def settings_table() -> str:
    rows = ["| setting | default | what it does |", "|---|---|---|"]
    for name, default, help_ in Settings.describe():
        if isinstance(default, tuple):
            shown = "[" + ", ".join(f'"{x}"' for x in default) + "]"
        elif isinstance(default, bool):
            shown = str(default).lower()
        elif isinstance(default, str):
            shown = f'"{default}"'
        else:
            shown = str(default)
        text = help_.replace("|", "\\|")
        rows.append(f"| `{name}` | `{shown}` | {text} |")
    return "\n".join(rows) + "\n"


def render_cli(doc: str) -> str:
    return _HELP_BLOCK.sub(lambda m: f"<!-- help: {m['cmd']} -->\n```text\n{help_text(tuple(m['cmd'].split()))}```\n"
                                     "<!-- end help -->", doc)


def render_settings(doc: str) -> str:
    return _SETTINGS_BLOCK.sub(lambda m: m.group(1) + settings_table() + m.group(3), doc)


# --- tests ----------------------------------------------------------------------------------------

def test_docs_every_command_has_its_help_in_cli_md():
    doc = CLI_MD.read_text(encoding="utf-8")
    documented = [tuple(m["cmd"].split()) for m in _HELP_BLOCK.finditer(doc)]
    missing = [" ".join(("truceline", *c)) for c in commands() if c not in documented]
    assert not missing, f"undocumented in docs/cli.md: {missing} (run: python tests/test_docs.py --write)"
    unknown = [c for c in documented if c not in commands()]
    assert not unknown, f"docs/cli.md documents commands that do not exist: {unknown}"


@pytest.mark.parametrize("path", commands(), ids=lambda p: " ".join(p) or "truceline")
def test_docs_cli_help_is_current(path):
    doc = CLI_MD.read_text(encoding="utf-8")
    blocks = {tuple(m["cmd"].split()): m["body"] for m in _HELP_BLOCK.finditer(doc)}
    assert blocks.get(path) == help_text(path), (
        f"docs/cli.md: --help of 'truceline {' '.join(path)}' is stale; run: python tests/test_docs.py --write")


def test_docs_every_setting_documented():
    doc = SETTINGS_MD.read_text(encoding="utf-8")
    for name, _, help_ in Settings.describe():
        assert help_, f"setting {name} has no help text"
        assert f"| `{name}` |" in doc, f"setting {name} missing from docs/settings.md"
    m = _SETTINGS_BLOCK.search(doc)
    assert m and m["body"] == settings_table(), "docs/settings.md is stale; run: python tests/test_docs.py --write"


def test_docs_settings_without_effect_are_said_so():
    """A setting no code reads must be listed as such in docs/settings.md, and only those."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "truceline").rglob("*.py")
                     if p.name != "settings.py")
    doc = SETTINGS_MD.read_text(encoding="utf-8")
    note = doc.split("Not read by the code yet", 1)[1] if "Not read by the code yet" in doc else ""
    for name, _, _ in Settings.describe():
        used = re.search(rf"\.{name}\b|[\"']{name}[\"']", code) is not None   # settings.x or "x"
        assert used != (f"`{name}`" in note), (
            f"setting {name}: {'read by the code' if used else 'read nowhere'}; fix the note in docs/settings.md")


def test_docs_index_links_every_page():
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in sorted(DOCS.glob("*.md")):
        if page.name != "index.md":
            assert f"({page.name})" in index, f"docs/index.md does not link {page.name}"
            assert f"(docs/{page.name})" in readme, f"README.md does not link docs/{page.name}"


def test_docs_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S)
    first = [line for b in blocks[:2] for line in b.strip().splitlines()]
    assert first == [
        "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/truceline run --demo",
        "python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]' && .venv/bin/python -m pytest -q",
    ]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert first[1] in ci, "README's test command and .ci/run differ"


def test_docs_readme_mentions_every_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for c in commands():
        if c:
            assert f"truceline {' '.join(c)}" in readme, f"README.md does not mention 'truceline {' '.join(c)}'"


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/test_docs.py --write   (regenerates docs/cli.md and docs/settings.md)")
    CLI_MD.write_text(render_cli(CLI_MD.read_text(encoding="utf-8")), encoding="utf-8")
    SETTINGS_MD.write_text(render_settings(SETTINGS_MD.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {CLI_MD} and {SETTINGS_MD}")
