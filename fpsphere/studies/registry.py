"""The registry of studies, :data:`STUDIES`: ``[study] kind = NAME`` -> :class:`Study`.

Each study module declares its entry next to its function, with one
``STUDIES.register(Study(...))`` call: the ``[study]`` keys it reads, a reader
``read(table, cell) -> params`` (a small frozen :class:`StudyParams` dataclass) and a
runner ``run(config, mesh, params, out) -> StudyResult``.  :mod:`fpsphere.config.study`
(reading ``[study]``) and :mod:`fpsphere.jobs.study` (running it) loop over this
registry; neither names a study.

The entries of :mod:`fpsphere.studies` are registered by importing the modules of
:data:`DECLARED_IN`, on first use of the registry (in that order, whatever order they
were imported in).  Studies of higher packages register when their module is
imported: the ``mram`` entry of :mod:`fpsphere.mram.report` (which builds on
:mod:`fpsphere.studies`, so this module cannot import it) is imported by
:mod:`fpsphere.config.study`.  A new study is its module plus its name in
:data:`DECLARED_IN`.

Depends on :mod:`fpsphere.registry` only; readers receive a
:class:`fpsphere.config.reader.Table` and runners a
:class:`fpsphere.config.RunConfig`, by duck typing (the studies never import
:mod:`fpsphere.config`, :mod:`fpsphere.jobs` or :mod:`fpsphere.cli`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from fpsphere.registry import Registry

__all__ = ["DECLARED_IN", "STUDIES", "Study", "StudyOutput", "StudyParams", "StudyResult"]

#: Modules that register studies (imported on first use of :data:`STUDIES`).
DECLARED_IN = ("fpsphere.studies.switching", "fpsphere.studies.hysteresis",
               "fpsphere.studies.critical", "fpsphere.studies.resonance")

#: ``[study]`` keys every study accepts.
COMMON_KEYS = ("kind", "field_direction")


@dataclass(frozen=True, kw_only=True)
class StudyParams:
    """The validated parameters of one ``[study]`` (subclassed per study).

    ``field_direction``: the direction of the study's field (default
    ``analysis.axis``); ``kind``: the study's name (a class attribute).
    """

    kind: ClassVar[str] = ""
    field_direction: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class StudyOutput:
    """Where a study's files go.  ``file(name)`` returns the path of output file
    ``name`` (recorded in the run's file list); ``None``: write nothing."""

    file: Callable[[str], Path] | None = None
    figures: bool = False
    export: bool = True
    progress: bool = False


@dataclass
class StudyResult:
    """What a study returns: its tidy ``rows`` (``study.csv`` and the summary), a
    ``plot(path)`` drawing ``study.png`` (None: no figure) and the ``derived``
    numbers added to the summary (coercive fields, critical currents...)."""

    rows: list[dict[str, Any]]
    plot: Callable[[Path], Any] | None = None
    derived: dict[str, Any] = field(default_factory=dict)
    #: True when the study wrote ``study.csv`` itself (through ``StudyOutput.file``)
    table_written: bool = False


@dataclass(frozen=True)
class Study:
    """One entry of :data:`STUDIES`.

    Attributes
    ----------
    name : str
        The ``study.kind``.
    doc : str
        One line for help and docs tables.
    keys : tuple of str
        The ``[study]`` keys it reads besides ``kind`` and ``field_direction``.
    read : callable
        ``(table, cell) -> StudyParams``; ``cell`` is the configuration's
        ``[cell]`` (None without one); raise the table's errors (``ConfigError``).
    run : callable
        ``(config, mesh, params, out: StudyOutput) -> StudyResult``.
    uses_cell : bool
        True when the study reads ``[cell]`` (others refuse one).
    """

    name: str
    doc: str
    keys: tuple[str, ...]
    read: Callable[..., StudyParams]
    run: Callable[..., StudyResult]
    uses_cell: bool = False


class _DeclaredRegistry(Registry[Study]):
    """A :class:`Registry` that imports the modules declaring its entries on first use."""

    def __init__(self, kind: str, modules: tuple[str, ...]) -> None:
        super().__init__(kind)
        self._modules = modules
        self._loaded = False

    def _load(self) -> None:
        if not self._loaded:
            self._loaded = True
            for name in self._modules:
                importlib.import_module(name)
            # the order of DECLARED_IN, whatever order the modules were imported in
            rank = {module: k for k, module in enumerate(self._modules)}
            order = sorted(self._entries, key=lambda n: rank.get(
                getattr(self._entries[n].run, "__module__", ""), len(rank)))
            self._entries = {n: self._entries[n] for n in order}

    def add(self, study: Study) -> Study:
        """Register ``study`` under its name (``doc`` from the entry)."""
        return self.register(study.name, study, doc=study.doc)

    def __getitem__(self, name: str) -> Study:
        self._load()
        return super().__getitem__(name)

    def __iter__(self) -> Iterator[str]:
        self._load()
        return super().__iter__()

    def __len__(self) -> int:
        self._load()
        return super().__len__()

    def __contains__(self, name: object) -> bool:
        self._load()
        return super().__contains__(name)


STUDIES: _DeclaredRegistry = _DeclaredRegistry("study kind", DECLARED_IN)
"""``[study] kind`` -> :class:`Study`."""


def all_keys() -> tuple[str, ...]:
    """Every ``[study]`` key of every registered study (``kind`` and
    ``field_direction`` first)."""
    keys = {k for name in STUDIES for k in STUDIES[name].keys}
    return (*COMMON_KEYS, *sorted(keys - set(COMMON_KEYS)))
