"""Reading one table of a configuration: known keys, typed values, dotted-key errors.

:class:`Table` wraps the mapping of one TOML table (``energy.uniaxial``) with the
set of keys it may hold.  Unknown keys are rejected on construction, each with
the nearest valid key (:func:`difflib.get_close_matches`); the typed getters
(:meth:`Table.number`, :meth:`Table.vector`, ...) check one value each and copy
it, normalized, into :attr:`Table.out`, the plain-Python table written back to
:attr:`fpsphere.config.RunConfig.data`.  Every error is a
:class:`~fpsphere.errors.ConfigError` naming the source, the dotted key, the
value and what is allowed.

A value that is not a finite real number (a string, a bool, NaN, an integer too
large for a float) is refused by every numeric getter with the same message, so
nothing downstream meets ``inf`` or an ``OverflowError``.

:func:`get_key` and :func:`set_key` address a nested dict by a dotted key, as a
parameter sweep does; :func:`alternatives` lists the keys that exclude each other
(``xi``, ``h``, ``H``, ``mu0H`` of a Zeeman term) so that setting one drops the
others: the groups of :data:`ALTERNATIVES` (tables read here) and those the energy
terms and spin-transfer sources declare in their registries.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping, MutableMapping
from typing import Any

from fpsphere.errors import ConfigError

__all__ = ["ALTERNATIVES", "MISSING", "Table", "alternatives", "get_key", "set_key",
           "suggestion"]

MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
"""Sentinel: a key without a default is required."""

#: Keys that say the same thing in different units or forms: within one table
#: at most one group may be given.  ``set_key`` drops the other groups.  These are
#: the tables outside the registries; :func:`alternatives` adds the groups that
#: energy terms and spin-transfer sources declare.
ALTERNATIVES: tuple[tuple[tuple[str, ...], ...], ...] = (
    (("times",), ("times_s",)),
    (("dt",), ("dt_s",)),
    (("duration",), ("duration_s",)),
    (("thickness",), ("thickness_nm",)),
    (("angle",), ("angle_deg",)),
)


def suggestion(word: str, candidates: Iterable[str]) -> str:
    """``" (did you mean 'x'?)"`` for the nearest candidate, or ``""``."""
    near = difflib.get_close_matches(str(word), list(candidates), n=1, cutoff=0.6)
    if not near:
        lowered = {c.lower(): c for c in candidates}
        near = [lowered[str(word).lower()]] if str(word).lower() in lowered else []
    return f" (did you mean {near[0]!r}?)" if near else ""


def alternatives() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Every group of alternative keys: :data:`ALTERNATIVES` and those declared by
    :data:`fpsphere.energy.ENERGY_TERMS` and :data:`fpsphere.coupling.SPIN_TRANSFER_SOURCES`."""
    from fpsphere.coupling import SPIN_TRANSFER_SOURCES
    from fpsphere.energy import ENERGY_TERMS

    out = list(ALTERNATIVES)
    for entry in (*ENERGY_TERMS.values(), *SPIN_TRANSFER_SOURCES.values()):
        out += [choice for choice in entry.alternatives if choice not in out]
    return tuple(out)


def _show(value: object) -> str:
    """``repr(value)``, shortened: a gigantic int (whose repr Python refuses) or a long
    container is summarized."""
    try:
        text = repr(value)
    except ValueError:  # an int beyond sys.get_int_max_str_digits()
        return f"<an integer of {value.bit_length()} bits>"
    return text if len(text) <= 200 else text[:200] + "..."


def _is_real(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _finite_real(value: object) -> bool:
    """A real number (not a bool) that is finite as a float (huge ints are not)."""
    if not _is_real(value):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


class Table:
    """One table of a configuration being read.

    Parameters
    ----------
    data : the table's mapping (``None``: an absent table, read as empty).
    path : its dotted path (``"energy.uniaxial"``; ``""`` at the top level).
    keys : the keys it may hold.
    source : where the configuration comes from (file name), for messages.
    """

    def __init__(self, data: Mapping | None, path: str, keys: Iterable[str], source: str):
        self.path = path
        self.source = source
        self.keys = tuple(keys)
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            where = path or "the configuration"
            raise ConfigError(f"{source}: {where} = {data!r} is not allowed: expected a table "
                              f"with keys among {list(self.keys)}")
        self.data = data
        self.out: dict[str, Any] = {}
        for key in data:
            if key not in self.keys:
                raise ConfigError(f"{source}: {self.dotted(key)} is not a valid key"
                                  f"{suggestion(key, self.keys)}: expected one of "
                                  f"{list(self.keys)}")

    # ------------------------------------------------------------- messages
    def dotted(self, key: str) -> str:
        """The dotted name of ``key`` in this table."""
        return f"{self.path}.{key}" if self.path else str(key)

    def error(self, key: str, value: object, allowed: str) -> ConfigError:
        """A :class:`ConfigError` for ``key = value``, expecting ``allowed``."""
        return ConfigError(f"{self.source}: {self.dotted(key)} = {_show(value)} is not "
                           f"allowed: expected {allowed}")

    def missing(self, key: str, allowed: str) -> ConfigError:
        """A :class:`ConfigError` for a required key that is absent."""
        return ConfigError(f"{self.source}: {self.dotted(key)} is missing: expected {allowed}")

    def __contains__(self, key: str) -> bool:
        return key in self.data

    def given(self, *keys: str) -> list[str]:
        """The keys among ``keys`` present in the table."""
        return [k for k in keys if k in self.data]

    def unused(self, keys: Iterable[str], reason: str) -> None:
        """Reject keys of this table that do not apply (``reason`` says why)."""
        for key in keys:
            if key in self.data:
                raise ConfigError(f"{self.source}: {self.dotted(key)} is not used {reason}: "
                                  "remove it")

    def exclusive(self, *keys: str) -> str | None:
        """The one key among ``keys`` present (``None`` if none); two at once is an error."""
        present = self.given(*keys)
        if len(present) > 1:
            both = " and ".join(self.dotted(k) for k in present)
            raise ConfigError(f"{self.source}: {both} are given together: expected only one of "
                              f"{list(keys)}")
        return present[0] if present else None

    # -------------------------------------------------------------- getters
    def _raw(self, key: str, default: object, allowed: str) -> object:
        if key in self.data:
            if self.data[key] is None:  # not TOML, but a dict may hold it: no "use default"
                raise self.error(key, None, allowed)
            return self.data[key]
        if default is MISSING:
            raise self.missing(key, allowed)
        return default

    def number(self, key: str, default: object = MISSING, *, low: float | None = None,
               high: float | None = None, strict: bool = True, unit: str = "") -> float | None:
        """A finite real number, optionally within ``(low, high)`` (closed if not ``strict``)."""
        lo = "" if low is None else (f" > {low:g}" if strict else f" >= {low:g}")
        hi = "" if high is None else (f" < {high:g}" if strict else f" <= {high:g}")
        allowed = f"a finite number{lo}{' and' if lo and hi else ''}{hi}{unit and ' ' + unit}"
        value = self._raw(key, default, allowed)
        if value is None:
            return None
        if not _finite_real(value):
            raise self.error(key, value, allowed)
        too_low = low is not None and (value <= low if strict else value < low)
        too_high = high is not None and (value >= high if strict else value > high)
        if too_low or too_high:
            raise self.error(key, value, allowed)
        self.out[key] = float(value)
        return float(value)

    def integer(self, key: str, default: object = MISSING, *, low: int | None = None,
                high: int | None = None) -> int | None:
        """An integer within ``[low, high]``."""
        bounds = (f" >= {low}" if low is not None else "") + (
            f"{' and' if low is not None else ''} <= {high}" if high is not None else "")
        allowed = f"an integer{bounds}"
        value = self._raw(key, default, allowed)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or (
                low is not None and value < low) or (high is not None and value > high):
            raise self.error(key, value, allowed)
        self.out[key] = int(value)
        return int(value)

    def boolean(self, key: str, default: object = MISSING) -> bool:
        """``true`` or ``false``."""
        value = self._raw(key, default, "true or false")
        if not isinstance(value, bool):
            raise self.error(key, value, "true or false")
        self.out[key] = value
        return value

    def choice(self, key: str, choices: Iterable[object], default: object = MISSING) -> Any:
        """One of ``choices`` (a misspelt string gets the nearest choice suggested)."""
        choices = list(choices)
        allowed = f"one of {choices}"
        value = self._raw(key, default, allowed)
        if not any(type(value) is type(c) and value == c for c in choices):
            near = suggestion(value, [c for c in choices if isinstance(c, str)]) if isinstance(
                value, str) else ""
            raise self.error(key, value, allowed + near)
        self.out[key] = value
        return value

    def string(self, key: str, default: object = MISSING, *, allowed: str = "a string") -> str:
        """A non-empty string."""
        value = self._raw(key, default, allowed)
        if not isinstance(value, str) or not value:
            raise self.error(key, value, allowed)
        self.out[key] = value
        return value

    def vector(self, key: str, default: object = MISSING) -> tuple[float, float, float]:
        """Three finite numbers, not all zero (a direction; need not be normalized)."""
        allowed = "3 finite numbers, not all zero (a direction)"
        value = self._raw(key, default, allowed)
        if (not isinstance(value, list | tuple) or len(value) != 3
                or not all(_finite_real(x) for x in value)
                or not any(value)):
            raise self.error(key, value, allowed)
        self.out[key] = [float(x) for x in value]
        return tuple(float(x) for x in value)

    def numbers(self, key: str, default: object = MISSING, *, increasing: bool = False,
                low: float | None = None, allowed: str | None = None) -> tuple[float, ...]:
        """A non-empty list of finite numbers (``>= low``; strictly increasing if asked)."""
        allowed = allowed or ("a non-empty list of finite numbers"
                              + (f" >= {low:g}" if low is not None else "")
                              + (", strictly increasing" if increasing else ""))
        value = self._raw(key, default, allowed)
        if (not isinstance(value, list | tuple) or not value
                or not all(_finite_real(x) for x in value)
                or (low is not None and min(value) < low)
                or (increasing and any(b <= a for a, b in zip(value, value[1:], strict=False)))):
            raise self.error(key, value, allowed)
        self.out[key] = [float(x) for x in value]
        return tuple(float(x) for x in value)

    def strings(self, key: str, default: object = MISSING) -> tuple[str, ...]:
        """A list of strings (may be empty)."""
        value = self._raw(key, default, "a list of strings")
        if not isinstance(value, list | tuple) or not all(isinstance(x, str) for x in value):
            raise self.error(key, value, "a list of strings")
        self.out[key] = list(value)
        return tuple(value)

    def sub(self, key: str, keys: Iterable[str]) -> Table | None:
        """The sub-table ``key`` (``None`` when absent); its output is linked into ours."""
        if key not in self.data:
            return None
        table = Table(self.data[key], self.dotted(key), keys, self.source)
        self.out[key] = table.out
        return table


# ------------------------------------------------------------- dotted keys
def _parts(key: str) -> list[str]:
    if not isinstance(key, str) or not key or any(not p for p in key.split(".")):
        raise ConfigError(f"key={key!r} is not allowed: expected a dotted key such as "
                          "'energy.uniaxial.sigma'")
    return key.split(".")


def _step(node: object, part: str, key: str) -> object:
    if isinstance(node, Mapping):
        if part not in node:
            raise ConfigError(f"{key} is not set in this configuration"
                              f"{suggestion(part, [str(k) for k in node])}")
        return node[part]
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        return node[int(part)]
    raise ConfigError(f"{key} is not set in this configuration: {part!r} does not index "
                      f"{type(node).__name__}")


def get_key(data: Mapping, key: str, default: object = MISSING) -> Any:
    """The value at dotted ``key`` (``"energy.uniaxial.sigma"``; list items by index,
    ``"protocol.segments.0.kappa"``).  Without ``default`` a missing key raises
    :class:`~fpsphere.errors.ConfigError` naming it, with the nearest existing key."""
    node: object = data
    try:
        for part in _parts(key):
            node = _step(node, part, key)
    except ConfigError:
        if default is MISSING:
            raise
        return default
    return node


def set_key(data: MutableMapping, key: str, value: object) -> MutableMapping:
    """Set dotted ``key`` to ``value`` in the nested dict ``data`` (in place); returns ``data``.

    Missing tables on the way are created.  Setting a key that has alternatives
    (:func:`alternatives`: ``xi`` versus ``h``, ``H``, ``mu0H``; ``kappa`` versus
    ``current``; ...) removes the alternatives from the same table, so that
    ``set_key(data, "energy.zeeman.xi", 3.0)`` works whatever form the field had.
    Re-``parse`` the result to validate it.
    """
    parts = _parts(key)
    node: object = data
    for part in parts[:-1]:
        if isinstance(node, MutableMapping):
            node = node.setdefault(part, {})
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise ConfigError(f"cannot set {key}: {part!r} does not index "
                              f"{type(node).__name__}")
    last = parts[-1]
    if isinstance(node, list) and last.isdigit() and int(last) < len(node):
        node[int(last)] = value
        return data
    if not isinstance(node, MutableMapping):
        raise ConfigError(f"cannot set {key}: its parent is a {type(node).__name__}, "
                          "not a table")
    for groups in alternatives():
        if any(last in group for group in groups):
            for group in groups:
                if last not in group:
                    for other in group:
                        node.pop(other, None)
    node[last] = value
    return data
