"""Sweep axes: a dotted parameter key and the values it takes.

An :class:`Axis` is data: ``Axis("dynamics.alpha", (0.01, 0.1, 1.0))``.  The
constructors :func:`linear`, :func:`logarithmic` and :func:`stepped` build the
value tuples; :func:`parse_axis` reads the TOML forms::

    "dynamics.alpha" = [0.01, 0.1, 1.0]                          # explicit values
    "energy.uniaxial.sigma" = { start = 0, stop = 20, num = 5 }  # linspace, ends included
    "dynamics.alpha" = { start = 1e-2, stop = 1e2, num = 5, scale = "log" }  # geomspace
    "field.angle" = { start = 0, stop = 90, step = 15 }          # 0, 15, ..., 90

>>> linear("energy.uniaxial.sigma", 0, 20, 5).values
(0.0, 5.0, 10.0, 15.0, 20.0)
>>> parse_axis("field.angle", {"start": 0, "stop": 90, "step": 30}).values
(0, 30, 60, 90)

Every check happens here, before any work, and raises
:class:`~fpsphere.errors.ConfigError` naming the key, the value and what is
allowed.  Values are finite real numbers (``bool`` is not a number here); integer
inputs stay integers (a mesh level), everything else is ``float``.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from fpsphere.errors import ConfigError

__all__ = ["Axis", "AXIS_FIELDS", "MAX_AXIS_LENGTH", "linear", "logarithmic", "parse_axis",
           "stepped"]

#: the keys of a range table in TOML (``{start, stop, num | step, scale}``)
AXIS_FIELDS = ("start", "stop", "num", "step", "scale")
#: longest axis a range may generate (guards against ``step = 1e-12`` accidents)
MAX_AXIS_LENGTH = 1_000_000

Number = int | float


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def _number(key: str, field: str, value: object) -> Number:
    """``value`` as a finite Python int or float, else a ConfigError naming ``key``."""
    where = f"{key}.{field}" if field else key
    if not _is_real(value):
        raise ConfigError(f"sweep axis {where}={value!r} is not allowed: expected a finite real "
                          f"number (got {type(value).__name__})")
    if isinstance(value, numbers.Integral):
        return int(value)
    number = float(value)
    if not math.isfinite(number):
        raise ConfigError(f"sweep axis {where}={value!r} is not allowed: expected a finite "
                          "real number")
    return number


@dataclass(frozen=True)
class Axis:
    """One swept parameter.

    Attributes
    ----------
    key : str
        Dotted parameter name, e.g. ``"energy.uniaxial.sigma"``.
    values : tuple of int or float
        The distinct values it takes, in sweep order (non-empty, finite).
    """

    key: str
    values: tuple[Number, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.key, str) or not self.key or any(
                not part.strip() for part in self.key.split(".")):
            raise ConfigError(f"sweep axis key={self.key!r} is not allowed: expected a dotted "
                              "parameter name such as 'dynamics.alpha'")
        if isinstance(self.values, str | bytes | Mapping) or not isinstance(
                self.values, Sequence | np.ndarray):
            raise ConfigError(f"sweep axis {self.key}={self.values!r} is not allowed: expected "
                              "a list of numbers or a range table "
                              "{start, stop, num | step, scale}")
        values = tuple(_number(f"{self.key}[{k}]", "", v) for k, v in enumerate(self.values))
        if not values:
            raise ConfigError(f"sweep axis {self.key}=[] is empty: expected at least one value")
        if len(set(values)) != len(values):
            repeated = sorted({v for v in values if values.count(v) > 1})
            raise ConfigError(f"sweep axis {self.key}={list(values)!r} repeats {repeated}: "
                              "expected distinct values")
        object.__setattr__(self, "values", values)

    def __len__(self) -> int:
        return len(self.values)


def linear(key: str, start: Number, stop: Number, num: int) -> Axis:
    """``num`` evenly spaced values from ``start`` to ``stop`` (both included)."""
    start, stop = _number(key, "start", start), _number(key, "stop", stop)
    num = _count(key, num)
    return Axis(key, tuple(float(v) for v in np.linspace(start, stop, num)))


def logarithmic(key: str, start: Number, stop: Number, num: int) -> Axis:
    """``num`` values evenly spaced in ``log`` from ``start`` to ``stop`` (both > 0, included)."""
    start, stop = _number(key, "start", start), _number(key, "stop", stop)
    for field, value in (("start", start), ("stop", stop)):
        if value <= 0:
            raise ConfigError(f"sweep axis {key}.{field}={value!r} is not allowed: a log range "
                              "needs start > 0 and stop > 0")
    num = _count(key, num)
    return Axis(key, tuple(float(v) for v in np.geomspace(start, stop, num)))


def stepped(key: str, start: Number, stop: Number, step: Number) -> Axis:
    """``start, start + step, ...`` up to ``stop``, included when it lies on the grid.

    Integer ``start`` and ``step`` give integers.  Values are ``start + k * step``
    (no accumulated rounding); ``stop`` counts as reached within 1e-9 of a step.
    """
    start, stop = _number(key, "start", start), _number(key, "stop", stop)
    step = _number(key, "step", step)
    if step == 0 or (stop - start) * step < 0:
        raise ConfigError(f"sweep axis {key}.step={step!r} is not allowed: expected a non-zero "
                          f"step that goes from start={start!r} towards stop={stop!r}")
    count = math.floor((stop - start) / step + 1e-9) + 1
    if count > MAX_AXIS_LENGTH:
        raise ConfigError(f"sweep axis {key}.step={step!r} gives {count} values: at most "
                          f"{MAX_AXIS_LENGTH} are allowed")
    if isinstance(start, int) and isinstance(step, int):
        return Axis(key, tuple(start + k * step for k in range(count)))
    return Axis(key, tuple(float(start + k * step) for k in range(count)))


def _count(key: str, num: object) -> int:
    if isinstance(num, bool) or not isinstance(num, numbers.Integral) or not (
            1 <= num <= MAX_AXIS_LENGTH):
        raise ConfigError(f"sweep axis {key}.num={num!r} is not allowed: expected an integer "
                          f"in [1, {MAX_AXIS_LENGTH}]")
    return int(num)


def parse_axis(key: str, spec: object) -> Axis:
    """The axis described by a TOML value: a list of numbers or a range table.

    Parameters
    ----------
    key : dotted parameter name.
    spec : list of numbers, or a mapping with ``start``, ``stop`` and either ``num``
        (with ``scale = "linear"`` (default) or ``"log"``) or ``step`` (linear only).
    """
    if not isinstance(spec, Mapping):
        return Axis(key, spec)
    unknown = sorted(set(spec) - set(AXIS_FIELDS))
    if unknown:
        raise ConfigError(f"sweep axis {key} has unknown field(s) {unknown}: allowed are "
                          f"{list(AXIS_FIELDS)}")
    missing = [f for f in ("start", "stop") if f not in spec]
    if missing or ("num" in spec) == ("step" in spec):
        raise ConfigError(f"sweep axis {key}={dict(spec)!r} is not allowed: a range table needs "
                          "start, stop and exactly one of num or step")
    scale = spec.get("scale", "linear")
    if scale not in ("linear", "log"):
        raise ConfigError(f"sweep axis {key}.scale={scale!r} is not allowed: expected 'linear' "
                          "or 'log'")
    if "step" in spec:
        if scale == "log":
            raise ConfigError(f"sweep axis {key}: scale='log' needs num, not step")
        return stepped(key, spec["start"], spec["stop"], spec["step"])
    build = logarithmic if scale == "log" else linear
    return build(key, spec["start"], spec["stop"], spec["num"])
