"""What the readers of configuration tables need, without depending on :mod:`fpsphere.config`.

The energy terms (:data:`fpsphere.energy.ENERGY_TERMS`) and the spin-transfer
sources (:data:`fpsphere.coupling.SPIN_TRANSFER_SOURCES`) declare next to
themselves how a ``[energy.<name>]`` or ``[spin_transfer]`` table is read.  The
configuration package sits *above* them (``mesh -> energy -> ... -> config``), so
the readers see the table and the run context only through the two protocols
below (duck typing): :class:`~fpsphere.config.reader.Table` and
:class:`~fpsphere.config.physics.Context` satisfy them.

The helpers are the shared vocabulary of those readers: :func:`one_of` picks one
of alternative key groups (``sigma`` or ``K``), :func:`converted` runs an SI
conversion of :mod:`fpsphere.units` and reports a bad, non-finite or absurd
result under the configuration key, :func:`barrier` reads an anisotropy given in
kT or in J/m^3, :func:`amplitude` reads an amplitude in kT.

Every amplitude in kT (``sigma``, ``xi``, ``kappa``, ...) is at most
:data:`MAX_AMPLITUDE` in magnitude, given or converted: no magnet comes near, and
the model cannot represent a density across more than 1400 kT anyway.

Depends on :mod:`fpsphere.errors` only (and :mod:`fpsphere.units` by argument).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from fpsphere.errors import ConfigError, ParameterError

__all__ = ["MAX_AMPLITUDE", "ContextLike", "TableLike", "amplitude", "barrier", "converted",
           "one_of"]

MAX_AMPLITUDE = 1e6
"""The largest magnitude (kT) of an amplitude read from a configuration."""


class TableLike(Protocol):
    """One configuration table being read (:class:`fpsphere.config.reader.Table`)."""

    source: str
    path: str
    data: Mapping[str, Any]
    out: dict[str, Any]

    def dotted(self, key: str) -> str: ...
    def error(self, key: str, value: object, allowed: str) -> ConfigError: ...
    def missing(self, key: str, allowed: str) -> ConfigError: ...
    def given(self, *keys: str) -> list[str]: ...
    def number(self, key: str, default: object = ..., **bounds: Any) -> float | None: ...
    def integer(self, key: str, default: object = ..., **bounds: Any) -> int | None: ...
    def vector(self, key: str, default: object = ...) -> tuple[float, float, float]: ...
    def __contains__(self, key: str) -> bool: ...


class DeviceLike(Protocol):
    """The ``[device]`` of a run (:class:`fpsphere.config.physics.DeviceSpec`)."""

    Ms: float | None
    volume: float | None
    temperature: float

    def require(self, key: str, source: str, *names: str) -> None: ...


class ContextLike(Protocol):
    """What a reader knows of the other tables (:class:`fpsphere.config.physics.Context`)."""

    source: str
    device: DeviceLike
    alpha: float | None
    stack: Any

    def need_alpha(self, key: str) -> float: ...


def one_of(table: TableLike, groups: Mapping[str, tuple[str, ...]],
           required: bool = True) -> str | None:
    """The name of the one key group of ``groups`` given in ``table``.

    ``groups`` maps a name to its keys (``{"sigma": ("sigma",), "K": ("K",)}``).  Two
    groups at once is a :class:`~fpsphere.errors.ConfigError`; none is one too when
    ``required`` (naming the first group's first key as missing).
    """
    present = [name for name, keys in groups.items() if table.given(*keys)]
    flat = [k for keys in groups.values() for k in keys]
    if len(present) > 1:
        given = " and ".join(table.dotted(k) for k in flat if k in table)
        raise ConfigError(f"{table.source}: {given} are given together: expected only one of "
                          f"{list(groups)}")
    if not present and required:
        raise table.missing(next(iter(groups.values()))[0], f"one of {flat}")
    return present[0] if present else None


def converted(table: TableLike, key: str, func: Callable[[], float], quantity: str,
              inputs: str = "") -> float:
    """``func()`` (an SI -> reduced conversion for ``key``), finite, as a float.

    A :class:`~fpsphere.errors.ParameterError` of the conversion, or a result that
    is not finite (``quantity`` overflows, say ``sigma``), is reported as a
    :class:`~fpsphere.errors.ConfigError` naming ``table.key`` and its value;
    ``inputs`` names the other keys the result depends on (``"device.volume = 1e-24"``).
    """
    value = table.data.get(key)
    try:
        result = float(func())
    except (ParameterError, OverflowError, ZeroDivisionError) as err:
        detail = str(err).split("is not allowed: expected ", 1)[-1]
        raise table.error(key, value, detail) from err
    if not (math.isfinite(result) and abs(result) <= MAX_AMPLITUDE):
        with_ = f" with {inputs}" if inputs else ""
        raise table.error(key, value, f"a value giving |{quantity}| <= {MAX_AMPLITUDE:g} kT "
                          f"(it gives {quantity} = {result:g} kT{with_})")
    return result


def amplitude(table: TableLike, key: str, default: object = ...) -> float:
    """An amplitude in kT: a finite number of magnitude at most :data:`MAX_AMPLITUDE`."""
    bounds = {"low": -MAX_AMPLITUDE, "high": MAX_AMPLITUDE, "strict": False, "unit": "(kT)"}
    return table.number(key, **bounds) if default is ... else table.number(key, default,
                                                                           **bounds)


def barrier(table: TableLike, ctx: ContextLike, reduced: str, si: str,
            to_reduced: Callable[[float, float, float], float], *,
            positive: bool = False) -> float:
    """An anisotropy in kT given as ``reduced`` (kT) or ``si`` (J/m^3, needs the volume).

    ``to_reduced(K, volume, temperature)`` converts; ``positive`` asks for ``si > 0``
    (a uniaxial constant) rather than any sign (a cubic one).
    """
    if one_of(table, {reduced: (reduced,), si: (si,)}) == reduced:
        return amplitude(table, reduced)
    ctx.device.require(table.dotted(si), ctx.source, "volume")
    k = table.number(si, low=0.0 if positive else None, unit="(J/m^3)")
    device = ctx.device
    return converted(table, si, lambda: to_reduced(k, device.volume, device.temperature),
                     reduced, f"device.volume = {device.volume:g} m^3 and device.temperature"
                     f" = {device.temperature:g} K")
