"""The documentation works.

* Every Python block of the pages in ``RUNNABLE_PAGES`` runs as written, each on its
  own; the tutorial's blocks run in order as one script, print the numbers its
  comments quote, and its TOML file is a valid configuration;
  ``docs/how-to/export.md`` is run by ``tests/test_export.py``.
* Every relative link of ``README.md`` and ``docs/**/*.md`` points to a file that
  exists (anchors are checked by the Sphinx build).
* Every ``fp.NAME...`` / ``fpsphere.NAME...`` the README and the docs mention, in code
  or prose, exists: the module imports and the attribute chain resolves.
* The Sphinx site (``docs/conf.py``: the Markdown pages and the API reference from the
  docstrings) builds with warnings as errors.
* ``docs/reference/cli.md`` names every command and option ``fpsphere --help`` lists.
* ``docs/make_gallery.py`` runs (two of its figures), ``docs/make_figures.py`` one.
* The reference pages (``docs/reference/config.md``, ``cli.md``, ``formulations.md``)
  name every entry of the registries a user names (energy terms, spin-transfer
  sources, studies, jobs, discretizations, time schemes): ``REGISTRY_PAGES``.

A block runs on its own (fresh namespace, temporary working folder, headless
matplotlib) with warnings as errors; a block that shows a warning on purpose
contains the comment ``# this block shows a warning`` and records it itself
(``warnings.catch_warnings(record=True)``), which this test then requires.
"""

from __future__ import annotations

import dataclasses
import importlib
import re
import subprocess
import sys
import time
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GUIDE = DOCS / "how-to" / "user-guide.md"
TUTORIAL = DOCS / "tutorial" / "mram-cell.md"
#: pages whose Python blocks each run on their own, as written (sweeps.md and mram.md
#: show real-size runs, tested through the modules they call; export.md: test_export.py)
RUNNABLE_PAGES = [GUIDE] + [DOCS / "how-to" / f"{name}.md" for name in
                            ("run-a-config", "mesh-and-errors", "escape-rates",
                             "spin-transfer")] + [DOCS / "explanation" / "spin.md"]
SHOWS_WARNING = "# this block shows a warning"

FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")
#: ``fp.x.y`` or ``fpsphere.x.y`` (not ``np.fp.x``, not ``my_fp.x``); a call, index or
#: the end of a sentence ends the name
PACKAGE_NAME = re.compile(r"(?<![\w.])(fp|fpsphere)((?:\.[A-Za-z_]\w*)+)")


def doc_files() -> list[Path]:
    """README.md and every Markdown page of docs/ (not a build folder)."""
    pages = [p for p in sorted(DOCS.rglob("*.md")) if "_build" not in p.parts]
    return [ROOT / "README.md"] + pages


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


def package_names(text: str) -> list[tuple[int, str]]:
    """``(line, dotted name)`` of every ``fp.…``/``fpsphere.…`` name in a text, with
    ``fp`` spelled out as ``fpsphere`` (the docs always ``import fpsphere as fp``).
    File names such as ``fpsphere.toml`` are not names."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for match in PACKAGE_NAME.finditer(line):
            rest = match.group(2)
            if re.match(r"\.(toml|py|md|json|csv|png|vtu|pvd|log|txt)\b", rest):
                continue
            found.append((number, "fpsphere" + rest))
    return found


def _has_member(owner, name: str) -> bool:
    """Whether ``owner.name`` exists, counting dataclass fields and annotated attributes
    that only instances carry."""
    if hasattr(owner, name):
        return True
    if isinstance(owner, type):
        if dataclasses.is_dataclass(owner) and name in {f.name for f in
                                                        dataclasses.fields(owner)}:
            return True
        return any(name in getattr(k, "__annotations__", {}) or name in getattr(k, "__slots__", ())
                   for k in owner.__mro__)
    return False


def resolves(dotted: str) -> bool:
    """Whether ``fpsphere.a.b.c`` names something: the longest importable module
    prefix, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            if not _has_member(obj, attribute):
                return False
            obj = getattr(obj, attribute, None)
        return True
    return False


DOC_FILES = doc_files()
DOC_IDS = [p.relative_to(ROOT).as_posix() for p in DOC_FILES]
RUNNABLE_BLOCKS = [(page, line, code) for page in RUNNABLE_PAGES
                 for line, code in python_blocks(page)]


def test_the_runnable_pages_have_python_blocks():
    assert len(python_blocks(GUIDE)) >= 10
    assert all(python_blocks(page) for page in RUNNABLE_PAGES)


@pytest.mark.parametrize("page,line,code", RUNNABLE_BLOCKS,
                         ids=[f"{p.stem}:{n}" for p, n, _ in RUNNABLE_BLOCKS])
def test_doc_block_runs(page, line, code, tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "__docs__"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("error")
        exec(compile(code, f"{page.name}:{line}", "exec"), namespace)
    assert not caught  # warnings were errors: nothing can land here
    if SHOWS_WARNING in code:
        shown = [v for v in namespace.values() if isinstance(v, list)
                 and v and all(isinstance(w, warnings.WarningMessage) for w in v)]
        assert shown, f"block at line {line} says it shows a warning but recorded none"


def test_tutorial_runs_as_one_script(tmp_path, monkeypatch, capsys):
    """docs/tutorial/mram-cell.md: its Python blocks in order (about 6 s), the numbers
    its comments quote, the plot and the ParaView series it promises."""
    import tomllib

    import matplotlib

    from fpsphere.config import parse

    matplotlib.use("Agg")
    blocks = python_blocks(TUTORIAL)
    assert len(blocks) >= 4
    monkeypatch.chdir(tmp_path)
    namespace = {"__name__": "__tutorial__"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for line, code in blocks:
            exec(compile(code, f"{TUTORIAL.name}:{line}", "exec"), namespace)
    printed = capsys.readouterr().out
    text = TUTORIAL.read_text(encoding="utf-8")
    comments = [line for _, code in blocks for line in code.splitlines()
                if line.startswith("# ") and (": " in line or " = " in line)]
    quoted = [line[2:].split("   (")[0] for line in comments]
    assert len(quoted) >= 6
    missing = [q for q in quoted if q not in printed]
    assert not missing, f"the tutorial quotes numbers it no longer prints: {missing}"
    assert (tmp_path / "wer.png").stat().st_size > 10_000
    assert (tmp_path / "density_1.5ns.png").stat().st_size > 10_000
    assert (tmp_path / "out" / "write.pvd").exists()
    assert len(list((tmp_path / "out").glob("write_*.vtu"))) >= 10
    tomls = [m.group(2) for m in FENCE.finditer(text) if m.group(1) == "toml"]
    assert tomls and parse(tomllib.loads(tomls[0]), "tutorial").study.cell.delta > 59


@pytest.mark.parametrize("path", DOC_FILES, ids=DOC_IDS)
def test_relative_links_point_to_existing_files(path):
    broken = []
    for line, target in relative_links(path):
        file_part = target.split("#", 1)[0].split("?", 1)[0]
        if file_part and not (path.parent / file_part).exists():
            broken.append(f"{path.relative_to(ROOT)}:{line}: {target}")
    assert not broken, "broken relative links:\n" + "\n".join(broken)


@pytest.mark.parametrize("path", DOC_FILES, ids=DOC_IDS)
def test_package_names_in_the_docs_exist(path):
    missing = [f"{path.relative_to(ROOT)}:{line}: {name}"
               for line, name in package_names(path.read_text(encoding="utf-8"))
               if not resolves(name)]
    assert not missing, "names that fpsphere does not have:\n" + "\n".join(missing)


def test_link_finder_sees_links_and_skips_code():
    sample = ("See [a](a.md), ![img](images/x.png \"t\") and [web](https://x.org).\n"
              "`[not](code.md)` [anchor](#part)\n```\n[no](block.md)\n```\n[ref]: other.md\n")
    text = strip_code(sample)
    targets = [m.group(1) for m in INLINE_LINK.finditer(text)]
    targets += [m.group(1) for m in REFERENCE_LINK.finditer(text)]
    assert sorted(t for t in targets if not EXTERNAL.match(t)) == ["a.md", "images/x.png",
                                                                   "other.md"]


def test_name_finder_sees_names_and_rejects_missing_ones():
    sample = ("Use `fp.icosphere(4)` and fpsphere.mram.Cell. np.fp.x, my_fp.y and\n"
              "fpsphere.toml are not names; fp.FokkerPlanck.stationary is.\n")
    names = [name for _, name in package_names(sample)]
    assert names == ["fpsphere.icosphere", "fpsphere.mram.Cell",
                     "fpsphere.FokkerPlanck.stationary"]
    assert all(resolves(name) for name in names)
    assert resolves("fpsphere.mram.Cell.Ms")  # a dataclass field, no class attribute
    assert not resolves("fpsphere.SphereMesh.validated")
    assert not resolves("fpsphere.no_such_module.x")


_HELP_SCRIPT = """
import contextlib, io, sys
from fpsphere.cli import main
for command in sys.argv[1:]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main([*command.split(), "--help"])
    print(f"=== {command}\\n{out.getvalue()}")
"""


def _helps(*commands: str) -> dict[str, str]:
    """``fpsphere COMMAND --help`` of each command ("" for ``fpsphere --help``), from
    one fresh interpreter."""
    result = subprocess.run([sys.executable, "-c", _HELP_SCRIPT, *commands],
                            capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    parts = re.split(r"^=== ?(.*)$", result.stdout, flags=re.MULTILINE)[1:]
    return {parts[i].strip(): parts[i + 1] for i in range(0, len(parts), 2)}


def test_command_line_reference_names_every_command_and_option():
    page = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    listed = _helps("")[""]
    commands = re.findall(r"^    (\w[\w-]*)", listed[listed.index("positional arguments"):],
                          re.MULTILINE)
    assert "run" in commands and "sweep" in commands
    missing = [f"fpsphere {c}" for c in commands if f"fpsphere {c}" not in page]
    for command, text in _helps(*commands).items():
        options = set(re.findall(r"(?<![\w-])(--[a-z][\w-]*)", text)) - {"--help"}
        assert "usage: fpsphere" in text, command
        missing += [f"fpsphere {command} {o}" for o in sorted(options) if o not in page]
    assert not missing, "docs/reference/cli.md does not mention:\n" + "\n".join(missing)


@pytest.mark.slow
def test_sphinx_build_has_no_warnings(tmp_path):
    """``sphinx-build -W --keep-going -b html docs OUT`` succeeds: every page is in a
    toctree, every cross-reference and heading anchor resolves, every docstring of the
    API reference parses.  20 s alone on 2 cores, under a minute beside other tests."""
    pytest.importorskip("sphinx")  # the docs and test extras install it (and MyST, furo)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "html")],
        capture_output=True, text=True, cwd=ROOT, timeout=600)
    elapsed = time.perf_counter() - start
    assert result.returncode == 0, (f"Sphinx build failed after {elapsed:.0f} s:\n"
                                    + result.stderr[-20_000:])
    assert (tmp_path / "html" / "reference" / "api.html").exists()


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



def test_figure_script_draws_an_example_figure(tmp_path):
    """docs/make_figures.py stays runnable: it calls an example's ``main(show=False,
    outdir=...)`` (the quickest, about a second) and gets the picture the docs show;
    every figure it makes is one committed under docs/images."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_figures", DOCS / "make_figures.py")
    figures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(figures)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = figures.make("spin_nfn_profile", tmp_path)
    assert path == tmp_path / "spin_nfn_profile.png" and path.stat().st_size > 10_000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spin_nfn_profile.png"]
    assert all((DOCS / "images" / f"{name}.png").is_file() for name in figures.FIGURES)

CODE_TREES = ("fpsphere", "tests", "examples", "benchmarks", "meshes")
DOCS_PATH = re.compile(r"\bdocs/[\w./-]+?\.(?:md|py|png)\b")


def docs_paths_in_code() -> list[tuple[str, int, str]]:
    """``(file, line, path)`` of every ``docs/...`` path named in code, configs and READMEs."""
    found = []
    for tree in CODE_TREES:
        for path in sorted((ROOT / tree).rglob("*")):
            if path.suffix not in (".py", ".toml", ".md") or "__pycache__" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found += [(str(path.relative_to(ROOT)), number, m)
                          for m in DOCS_PATH.findall(line)]
    return found


def test_docs_paths_named_in_code_exist():
    found = docs_paths_in_code()
    assert any(p == "docs/conventions.md" for _, _, p in found)  # the finder finds
    missing = [f"{f}:{n}: {p}" for f, n, p in found if not (ROOT / p).exists()]
    assert not missing, "paths to docs that do not exist:\n" + "\n".join(missing)


REFERENCE = DOCS / "reference"
#: registry (module, attribute) -> the reference pages that must name each of its entries
REGISTRY_PAGES = {
    ("fpsphere.energy", "ENERGY_TERMS"): ("config.md",),
    ("fpsphere.coupling", "SPIN_TRANSFER_SOURCES"): ("config.md",),
    ("fpsphere.studies", "STUDIES"): ("config.md",),
    ("fpsphere.jobs", "JOBS"): ("config.md",),
    ("fpsphere.solvers", "DISCRETIZATIONS"): ("formulations.md",),
    ("fpsphere.solvers", "TIME_SCHEMES"): ("config.md", "cli.md"),
}


def undocumented_entries(registry, label: str, pages: tuple[str, ...]) -> list[str]:
    """``"LABEL 'name' is not in docs/reference/PAGE"`` for every entry of ``registry``
    that a page does not name as code: `` `name` `` or ``"name"`` (within a code span,
    as in `` `"polarizer"` ``)."""
    missing = []
    for page in pages:
        text = (REFERENCE / page).read_text(encoding="utf-8")
        for name in registry:
            if f"`{name}`" not in text and f'"{name}"' not in text:
                missing.append(f"{label} {name!r} is not in docs/reference/{page}")
    return missing


@pytest.mark.parametrize("module,attribute", list(REGISTRY_PAGES),
                         ids=[a for _, a in REGISTRY_PAGES])
def test_reference_pages_name_every_registry_entry(module, attribute):
    """Adding an energy term, source, study, job, discretization or time scheme
    without documenting it fails here, naming the entry and the page."""
    registry = getattr(importlib.import_module(module), attribute)
    assert len(registry) >= 3
    missing = undocumented_entries(registry, f"{module}.{attribute}",
                                   REGISTRY_PAGES[module, attribute])
    assert not missing, "registry entries the reference does not document:\n" + "\n".join(
        missing)


def test_registry_check_names_an_undocumented_entry():
    from fpsphere.solvers import TIME_SCHEMES

    with TIME_SCHEMES.temporarily("undocumented_scheme", TIME_SCHEMES["bdf2"], doc="test"):
        missing = undocumented_entries(TIME_SCHEMES, "TIME_SCHEMES", ("config.md", "cli.md"))
    assert missing == ["TIME_SCHEMES 'undocumented_scheme' is not in docs/reference/config.md",
                       "TIME_SCHEMES 'undocumented_scheme' is not in docs/reference/cli.md"]
