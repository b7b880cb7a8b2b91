"""The import direction that ``fpsphere/__init__.py`` announces holds in the source.

The package docstring promises a pipeline whose imports flow one way::

    mesh -> energy -> operators -> solvers -> model/observables -> io/plot -> cli

with :mod:`fpsphere.spin` standing on its own.  ``LAYERS`` below makes that promise
explicit for every top-level module and subpackage of ``fpsphere``: a module may import
a module of its own layer or of a lower one, never of a higher one.  The imports are
read statically (``ast``), so nothing is imported: top-level imports and imports inside
functions both count (a lazy import is still a dependency); imports under
``if TYPE_CHECKING:`` do not (they exist for annotations only).

A new top-level module or subpackage must be placed in ``LAYERS``: the test fails
until it is.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

# Found without importing: the check is static and must not depend on the package importing.
PACKAGE = Path(importlib.util.find_spec("fpsphere").origin).parent

#: Layer of each top-level unit of ``fpsphere`` (a module ``fpsphere/x.py`` or a
#: subpackage ``fpsphere/x/``; ``"fpsphere"`` is the package's own ``__init__``, the
#: facade).  Imports must go to the same or a lower layer.
LAYERS: dict[str, int] = {
    # foundation: no fpsphere imports beyond this layer
    "errors": 0,
    "registry": 0,
    "units": 0,
    # the 1D spin-accumulation solver stands alone (see test_spin_stands_alone)
    "spin": 1,
    # the pipeline of the package docstring
    "mesh": 2,
    "energy": 3,
    "operators": 4,
    "hodge": 4,  # a mesh operator (Helmholtz split of tangent fields)
    "solvers": 5,
    # model/observables: the user-level physics on top of the solvers
    "model": 6,
    "observables": 6,
    "initial": 6,
    "protocols": 6,
    "convergence": 6,
    "llg": 6,
    "sampler": 6,
    # spin accumulation -> energy terms (uses spin, energy, hodge)
    "coupling": 7,
    # io/plot
    "export": 8,
    "plot": 8,
    # applications that draw and write through io/plot
    "studies": 9,
    "mram": 10,  # the MRAM cell, built on studies
    # configuration files -> runs
    "config": 11,
    "jobs": 12,
    # the facade and the built-in demo, which import (nearly) everything
    "fpsphere": 13,
    "demo": 13,
    # front doors
    "sweep": 14,
    "cli": 15,
}

#: Imports that break the layer order today, as ``(importing module, imported
#: module)``, each with the reason it is tolerated.  Empty this set by fixing the
#: imports; a listed pair that no longer occurs makes ``test_known_violations_exist``
#: fail, so the set cannot go stale.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}

#: Top-level units allowed to import fpsphere.spin (it stands apart from the pipeline).
SPIN_IMPORTERS = {"spin", "coupling", "config", "jobs", "fpsphere", "demo", "sweep", "cli"}


def module_name(path: Path, package: Path = PACKAGE) -> str:
    """Dotted name of the module at ``path`` inside ``package``."""
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _submodule_exists(dotted: str, package: Path) -> bool:
    base = package.parent.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imported_modules(
    source: str, module: str, is_package: bool, package: Path = PACKAGE
) -> list[tuple[str, int]]:
    """``(imported module, line)`` for every import in ``source``, at any depth.

    Relative imports are resolved against ``module``; ``from a import b`` names
    ``a.b`` when that is a module of ``package``, else ``a``.  Bodies of
    ``if TYPE_CHECKING:`` are skipped (their ``else:`` branches are not).
    """
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for stmt in child.orelse:
                    visit_one(stmt)
                continue
            visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if _submodule_exists(sub, package):
                    found.append((sub, node.lineno))
                else:
                    found.append((target, node.lineno))
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            for stmt in node.orelse:
                visit_one(stmt)
            return
        visit(node)

    visit(ast.parse(source))
    return found


def unit(module: str) -> str:
    """Top-level unit of a dotted fpsphere module name: ``fpsphere.mesh.io`` -> ``mesh``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def import_graph(package: Path = PACKAGE) -> dict[str, list[tuple[str, int]]]:
    """Internal imports of every module of ``package``: module -> [(imported, line)]."""
    root = package.name
    graph = {}
    for path in sorted(package.rglob("*.py")):
        name = module_name(path, package)
        imports = imported_modules(
            path.read_text(encoding="utf-8"), name, path.name == "__init__.py", package
        )
        graph[name] = list(
            dict.fromkeys(  # one entry per (module, line), however many names it imports
                (target, line)
                for target, line in imports
                if target == root or target.startswith(root + ".")
            )
        )
    return graph


def unplaced(graph, layers) -> list[str]:
    """Modules whose top-level unit has no layer."""
    return sorted(name for name in graph if unit(name) not in layers)


def violations(graph, layers, known=()) -> list[str]:
    """One message per import from a lower layer to a higher one, but the ``known`` pairs."""
    messages = []
    for name, imports in sorted(graph.items()):
        src = unit(name)
        if src not in layers:
            continue
        for target, line in imports:
            if (name, target) in known:
                continue
            dst = unit(target)
            if dst not in layers:
                messages.append(f"{name} (line {line}) imports {target}, which has no layer")
            elif layers[dst] > layers[src]:
                messages.append(
                    f"{name} (layer {layers[src]}, {src!r}) imports {target} "
                    f"(layer {layers[dst]}, {dst!r}) at line {line}"
                )
    return messages


@pytest.fixture(scope="module")
def graph():
    return import_graph()


def test_every_module_is_placed_in_a_layer(graph):
    missing = unplaced(graph, LAYERS)
    assert not missing, (
        "modules of fpsphere with no layer in tests/test_architecture.py LAYERS "
        f"(place each top-level unit): {missing}"
    )


def test_imports_flow_down_the_layers(graph):
    found = violations(graph, LAYERS, KNOWN_VIOLATIONS)
    assert not found, "imports against the layer order:\n" + "\n".join(found)


def test_known_violations_exist(graph):
    for src, dst in KNOWN_VIOLATIONS:
        assert any(target == dst for target, _ in graph.get(src, [])), (
            f"KNOWN_VIOLATIONS lists {src} -> {dst}, which no longer occurs: remove it"
        )


def test_spin_stands_alone(graph):
    """fpsphere.spin imports only the foundation; only the coupling and above use it."""
    bad = []
    for name, imports in graph.items():
        for target, line in imports:
            if unit(name) == "spin" and LAYERS.get(unit(target), 99) > LAYERS["spin"]:
                bad.append(f"{name} imports {target} (line {line})")
            if unit(target) == "spin" and unit(name) not in SPIN_IMPORTERS:
                bad.append(f"{name} imports {target} (line {line}), not in SPIN_IMPORTERS")
    assert not bad, "\n".join(bad)


def test_layers_follow_the_announced_pipeline():
    """The table keeps the order of the package docstring."""
    order = ["mesh", "energy", "operators", "solvers", "model", "export", "cli"]
    assert [LAYERS[name] for name in order] == sorted(LAYERS[name] for name in order)
    assert len({LAYERS[name] for name in order}) == len(order)
    assert LAYERS["model"] == LAYERS["observables"]
    assert LAYERS["export"] == LAYERS["plot"]
    docstring = ast.get_docstring(ast.parse((PACKAGE / "__init__.py").read_text("utf-8")))
    assert "mesh -> energy -> operators -> solvers -> model/observables -> io/plot -> cli" in (
        " ".join(docstring.split())
    )


# --- the checker itself, on a package made up for the purpose ---------------------------


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


def test_parser_reads_function_level_relative_and_skips_type_checking(tmp_path):
    package = _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/low.py": "",
            "pkg/high/__init__.py": "",
            "pkg/high/part.py": "",
            "pkg/mid/__init__.py": "from . import tool\n",
            "pkg/mid/tool.py": (
                "from typing import TYPE_CHECKING\n"
                "import pkg.low\n"
                "from ..high import part\n"
                "if TYPE_CHECKING:\n"
                "    from pkg.high import Thing\n"
                "else:\n"
                "    import pkg.low as again\n"
                "def f():\n"
                "    from pkg.high import part as p\n"
                "    return p\n"
            ),
        },
    )
    graph = import_graph(package)
    assert graph["pkg.mid"] == [("pkg.mid.tool", 1)]
    assert graph["pkg.mid.tool"] == [
        ("pkg.low", 2),
        ("pkg.high.part", 3),
        ("pkg.low", 7),
        ("pkg.high.part", 9),
    ]


def test_checker_names_both_modules_and_layers_of_a_violation(tmp_path):
    package = _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/low.py": "def f():\n    from pkg.high import x\n",
            "pkg/high.py": "import pkg.low\n",
        },
    )
    graph = import_graph(package)
    assert violations(graph, {"pkg": 9, "low": 0, "high": 1}) == [
        "pkg.low (layer 0, 'low') imports pkg.high (layer 1, 'high') at line 2"
    ]
    assert violations(graph, {"pkg": 9, "low": 0, "high": 1}, {("pkg.low", "pkg.high")}) == []
    assert violations(graph, {"pkg": 9, "low": 1, "high": 1}) == []


def test_checker_fails_on_a_module_with_no_layer(tmp_path):
    package = _write(
        tmp_path,
        {"pkg/__init__.py": "", "pkg/low.py": "", "pkg/new/__init__.py": "import pkg.low\n"},
    )
    graph = import_graph(package)
    assert unplaced(graph, {"pkg": 9, "low": 0}) == ["pkg.new"]
    assert unplaced(graph, {"pkg": 9, "low": 0, "new": 1}) == []
