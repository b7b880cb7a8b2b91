"""Named registries: one per kind of thing a user can name.

A :class:`Registry` maps a name (what a configuration key, a keyword argument or a
command-line flag says) to the entry that implements it.  Each entry is declared
next to the thing it describes, and everything that lists or dispatches on names
reads the registry: configuration readers, command-line help, error messages and
the documentation tables.  A new entry is one ``REGISTRY.register(...)`` call (or
one ``@REGISTRY.register`` decorator) in the module that owns it.

The registries of the package:

================================================  ======================================
registry                                          names
================================================  ======================================
:data:`fpsphere.energy.ENERGY_TERMS`              ``[energy]`` sub-tables (energy terms)
:data:`fpsphere.coupling.SPIN_TRANSFER_SOURCES`   ``spin_transfer.source``
:data:`fpsphere.studies.STUDIES`                  ``study.kind``
:data:`fpsphere.jobs.JOBS`                        the jobs of a run / command-line commands
:data:`fpsphere.solvers.DISCRETIZATIONS`          spatial discretizations of the generator
:data:`fpsphere.solvers.TIME_SCHEMES`             implicit time schemes
================================================  ======================================

Depends on nothing of the package but :mod:`fpsphere.errors` (it sits below every
other module).

>>> colours = Registry("colour")
>>> colours.register("red", 1.0, doc="the long wavelength")
1.0
>>> colours["red"], list(colours), colours.choices()
(1.0, ['red'], "'red'")
>>> try:
...     colours["rde"]
... except KeyError as err:
...     print(err)
colour 'rde' is not known (did you mean 'red'?): expected one of 'red'
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Generic, TypeVar

from fpsphere.errors import ParameterError

__all__ = ["Registry", "UnknownNameError", "nearest"]

T = TypeVar("T")


class UnknownNameError(ParameterError, KeyError):
    """A name that its registry does not hold (a :class:`ParameterError` and a
    ``KeyError``, so both ``except`` forms catch it)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


def nearest(word: object, candidates: Iterator[str] | list[str] | tuple[str, ...]) -> str:
    """``" (did you mean 'x'?)"`` for the closest candidate to ``word``, or ``""``."""
    candidates = [str(c) for c in candidates]
    near = difflib.get_close_matches(str(word), candidates, n=1, cutoff=0.6)
    if not near:
        lowered = {c.lower(): c for c in candidates}
        near = [lowered[str(word).lower()]] if str(word).lower() in lowered else []
    return f" (did you mean {near[0]!r}?)" if near else ""


class Registry(Mapping[str, T], Generic[T]):
    """Name -> entry, in registration order, with a one-line description per name.

    Parameters
    ----------
    kind : what the entries are, in words (``"energy term"``); used in messages.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._entries: dict[str, T] = {}
        self._docs: dict[str, str] = {}

    # ------------------------------------------------------------- register
    def register(self, name: str, entry: T | None = None, *, doc: str | None = None):
        """Add ``entry`` under ``name`` and return it.

        Without ``entry`` this is a decorator: ``@REG.register("name")``.  ``doc``
        defaults to the entry's ``doc`` attribute, else the first line of its
        docstring.  A name registered twice raises :class:`ValueError`.
        """
        if entry is None:
            def decorate(obj: T) -> T:
                return self.register(name, obj, doc=doc)
            return decorate
        if not isinstance(name, str) or not name:
            raise ParameterError(f"{self.kind} name={name!r} is not allowed: expected a "
                                 "non-empty string")
        if name in self._entries:
            raise ValueError(f"{self.kind} {name!r} is registered twice")
        self._entries[name] = entry
        self._docs[name] = doc if doc is not None else _first_line(entry)
        return entry

    # -------------------------------------------------------------- mapping
    def __getitem__(self, name: str) -> T:
        try:
            return self._entries[name]
        except (KeyError, TypeError):
            raise UnknownNameError(
                f"{self.kind} {name!r} is not known{nearest(name, list(self))}: expected "
                f"one of {self.choices()}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._entries

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {list(self)})"

    __hash__ = object.__hash__  # a registry is one object (Mapping would make it unhashable)
    __eq__ = object.__eq__

    @contextmanager
    def temporarily(self, name: str, entry: T, *, doc: str | None = None) -> Iterator[T]:
        """Register ``entry`` under ``name`` for the ``with`` block only (tests, plug-ins
        tried out in a session); the registry is restored afterwards."""
        self.register(name, entry, doc=doc)
        try:
            yield entry
        finally:
            self._entries.pop(name, None)
            self._docs.pop(name, None)

    # ---------------------------------------------------------- description
    def doc(self, name: str) -> str:
        """The one-line description of ``name``."""
        self[name]  # noqa: B018  (the error for an unknown name)
        return self._docs[name]

    def choices(self, sep: str = ", ") -> str:
        """The names, quoted and joined: ``"'a', 'b'"`` (for messages and help)."""
        return sep.join(repr(n) for n in self)

    def help(self) -> str:
        """``name: description`` per line (command-line help and ``fpsphere keys``)."""
        width = max((len(n) for n in self), default=0)
        return "\n".join(f"  {n:<{width}}  {self._docs[n]}" for n in self)

    def markdown(self, header: tuple[str, str] = ("name", "what it is")) -> str:
        """A Markdown table of the names and descriptions (for the docs)."""
        rows = [f"| {header[0]} | {header[1]} |", "|---|---|"]
        rows += [f"| `{n}` | {self._docs[n].replace('|', chr(92) + '|')} |" for n in self]
        return "\n".join(rows)

    def where(self, predicate: Callable[[T], bool]) -> list[str]:
        """The names whose entry satisfies ``predicate``."""
        return [n for n, e in self._entries.items() if predicate(e)]


def _first_line(entry: object) -> str:
    doc = getattr(entry, "doc", None)
    if isinstance(doc, str) and doc:
        return doc.strip().splitlines()[0]
    text = getattr(entry, "__doc__", None) or ""
    if type(entry).__doc__ == text and not callable(entry):
        text = ""  # an instance's class docstring says nothing about this entry
    return text.strip().splitlines()[0] if text.strip() else ""
