"""The documentation works: every Python block of docs/user-guide.md runs as written,
every relative link in docs/*.md and README.md points to an existing file, and
docs/make_gallery.py runs (two of its figures).

A block runs on its own (fresh namespace, temporary working folder, headless
matplotlib) with warnings as errors; a block that shows a warning on purpose
contains the comment ``# this block shows a warning`` and records it itself
(``warnings.catch_warnings(record=True)``), which this test then requires.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GUIDE = DOCS / "user-guide.md"
SHOWS_WARNING = "# this block shows a warning"

FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")


def python_blocks(path: Path) -> list[tuple[int, str]]:
    """``(first line number, code)`` of every ```python block of a Markdown file."""
    text = path.read_text(encoding="utf-8")
    blocks = []
    for match in FENCE.finditer(text):
        if match.group(1) == "python":
            line = text.count("\n", 0, match.start(2)) + 1
            blocks.append((line, match.group(2)))
    return blocks


def strip_code(text: str) -> str:
    """The Markdown text without fenced blocks and inline code spans (no links there)."""
    text = FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return re.sub(r"(`+)(?:(?!\1).)+?\1", "", text)


def relative_links(path: Path) -> list[tuple[int, str]]:
    """``(line, target)`` of every relative link or image of a Markdown file."""
    text = strip_code(path.read_text(encoding="utf-8"))
    found = []
    for pattern in (INLINE_LINK, REFERENCE_LINK):
        for match in pattern.finditer(text):
            target = match.group(1)
            if not EXTERNAL.match(target):
                found.append((text.count("\n", 0, match.start()) + 1, target))
    return sorted(found)


GUIDE_BLOCKS = python_blocks(GUIDE)
LINKED_FILES = sorted(DOCS.glob("*.md")) + [ROOT / "README.md"]


def test_the_guide_has_python_blocks():
    assert len(GUIDE_BLOCKS) >= 10


@pytest.mark.parametrize("line,code", GUIDE_BLOCKS, ids=[f"line{n}" for n, _ in GUIDE_BLOCKS])
def test_user_guide_block_runs(line, code, tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "__user_guide__"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("error")
        exec(compile(code, f"{GUIDE.name}:{line}", "exec"), namespace)
    assert not caught  # warnings were errors: nothing can land here
    if SHOWS_WARNING in code:
        shown = [v for v in namespace.values() if isinstance(v, list)
                 and v and all(isinstance(w, warnings.WarningMessage) for w in v)]
        assert shown, f"block at line {line} says it shows a warning but recorded none"


@pytest.mark.parametrize("path", LINKED_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_point_to_existing_files(path):
    broken = []
    for line, target in relative_links(path):
        file_part = target.split("#", 1)[0].split("?", 1)[0]
        if file_part and not (path.parent / file_part).exists():
            broken.append(f"{path.relative_to(ROOT)}:{line}: {target}")
    assert not broken, "broken relative links:\n" + "\n".join(broken)


def test_link_finder_sees_links_and_skips_code():
    sample = ("See [a](a.md), ![img](images/x.png \"t\") and [web](https://x.org).\n"
              "`[not](code.md)` [anchor](#part)\n```\n[no](block.md)\n```\n[ref]: other.md\n")
    text = strip_code(sample)
    targets = [m.group(1) for m in INLINE_LINK.finditer(text)]
    targets += [m.group(1) for m in REFERENCE_LINK.finditer(text)]
    assert sorted(t for t in targets if not EXTERNAL.match(t)) == ["a.md", "images/x.png",
                                                                   "other.md"]


def test_gallery_script_runs_and_its_pictures_are_small(tmp_path, monkeypatch):
    """docs/make_gallery.py stays runnable (two quick figures, into a temporary folder);
    the committed pictures exist and stay small enough for the repository."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_gallery", DOCS / "make_gallery.py")
    gallery = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gallery)
    monkeypatch.setattr(gallery, "IMAGES", tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        written = gallery.main(["spin_accumulation", "mollweide"])
    assert [p.name for p in written] == ["gallery_spin_accumulation.png", "gallery_mollweide.png"]
    assert all(p.stat().st_size > 10_000 for p in written)
    committed = sorted((DOCS / "images").glob("gallery_*.png"))
    shown = set(re.findall(r"images/(gallery_\w+\.png)", (DOCS / "gallery.md").read_text()))
    assert {p.name for p in committed} == shown and len(shown) == len(gallery.FIGURES)
    assert all(p.stat().st_size < 250_000 for p in committed)
