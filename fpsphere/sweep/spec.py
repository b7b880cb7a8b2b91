"""What a sweep is: axes, how they combine, and the computation at each point.

A :class:`Sweep` holds axes over dotted parameter keys, a ``mode`` (``"product"``:
the Cartesian grid, first axis slowest; ``"zip"``: the i-th values of every axis
together) and two picklable callables:

* ``compute(params, shared) -> Mapping[str, float]``, run once per point with
  ``params`` the point's ``{dotted key: value}``;
* ``setup(group_params) -> shared`` (optional), run once per *group*: the points
  with equal values of the ``group_by`` keys (typically the mesh parameters) share
  its result, which each back end ships to a worker once, not once per point.

A :class:`Point` is identified by a stable hash of its parameters and of the
sweep's ``context`` (:func:`point_key`), which the checkpoint uses to skip
finished points when a sweep is restarted.
"""

from __future__ import annotations

import difflib
import hashlib
import itertools
import json
import math
import numbers
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from fpsphere.errors import ConfigError
from fpsphere.sweep.axes import AXIS_FIELDS, Axis, parse_axis

__all__ = ["MODES", "Point", "Sweep", "axes_from_mapping", "canonical", "point_key"]

#: how the axes combine into points
MODES = ("product", "zip")

Compute = Callable[[dict, object], Mapping[str, float]]


def canonical(value: object) -> object:
    """Numbers as floats (so 3 and 3.0 hash alike), mappings sorted, sequences as lists."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Real):
        number = float(value)
        return number if math.isfinite(number) else repr(number)
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, Iterable):
        return [canonical(v) for v in value]
    return repr(value)


def point_key(params: Mapping[str, object], context: str = "") -> str:
    """Stable 16-hex-digit hash of a point's parameters and the sweep's context.

    Independent of the order of ``params`` and of int/float spelling (``3`` and
    ``3.0`` give the same key); any change of a value or of ``context`` changes it.

    >>> point_key({"a": 3, "b": 0.5}) == point_key({"b": 0.5, "a": 3.0})
    True
    """
    text = json.dumps({"context": context, "params": canonical(params)}, sort_keys=True,
                      separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Point:
    """One point of a sweep.

    Attributes
    ----------
    index : position in sweep order (C order over the axes in product mode).
    params : ``{dotted key: value}`` of every axis.
    key : :func:`point_key` of ``params`` and the sweep context.
    """

    index: int
    params: dict
    key: str


def _callable_name(func: object) -> str:
    target = func if hasattr(func, "__qualname__") else type(func)
    return f"{getattr(target, '__module__', '?')}.{getattr(target, '__qualname__', '?')}"


@dataclass(frozen=True, eq=False)
class Sweep:
    """A parameter sweep: axes, how they combine, and what to compute.

    Parameters
    ----------
    axes : sequence of Axis
        Distinct keys, at least one axis.
    compute : callable
        ``compute(params: dict, shared) -> Mapping[str, float]``; module-level (or a
        picklable object) to run in worker processes.  An exception marks the point
        as failed and the sweep goes on.
    mode : ``"product"`` or ``"zip"``.
    setup : callable or None
        ``setup(group_params: dict) -> shared``, once per group of points.
    group_by : axis keys whose values define a group (a str: one key).
    parameters : collection of str or None
        The allowed parameter names (e.g. every key of a base configuration); axis
        keys outside it are rejected with the nearest names.  None allows any key.
    chunk_size : int or None
        Points per task on a pool (within one group); None chooses from the pool size.
    context : str or None
        Part of every point key: change it when the same parameters would give other
        results (another base configuration).  Default: the compute's qualified name.
    """

    axes: Sequence[Axis]
    compute: Compute
    mode: str = "product"
    setup: Callable[[dict], object] | None = None
    group_by: Sequence[str] = ()
    parameters: Collection[str] | None = field(default=None, repr=False)
    chunk_size: int | None = None
    context: str | None = None

    def __post_init__(self) -> None:
        axes = tuple(self.axes)
        if not axes:
            raise ConfigError("sweep.axes is empty: expected at least one axis "
                              "(a dotted key and its values)")
        for axis in axes:
            if not isinstance(axis, Axis):
                raise ConfigError(f"sweep.axes holds {axis!r}: expected Axis objects "
                                  "(fpsphere.sweep.Axis, linear, logarithmic, stepped)")
        keys = [axis.key for axis in axes]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ConfigError(f"sweep.axes repeats {repeated}: each key may be swept once")
        if self.mode not in MODES:
            raise ConfigError(f"sweep.mode={self.mode!r} is not allowed: expected one of "
                              f"{list(MODES)}")
        if self.mode == "zip" and len({len(a) for a in axes}) > 1:
            lengths = {a.key: len(a) for a in axes}
            raise ConfigError(f"sweep.axes have unequal lengths {lengths} in mode='zip': "
                              "zipped axes must have the same number of values")
        if self.parameters is not None:
            allowed = sorted(self.parameters)
            for key in keys:
                _require_known(key, allowed, "sweep.axes")
        group_by = (self.group_by,) if isinstance(self.group_by, str) else tuple(self.group_by)
        for key in group_by:
            _require_known(key, keys, "sweep.group_by")
        if not callable(self.compute):
            raise ConfigError(f"compute={self.compute!r} is not callable")
        if self.setup is not None and not callable(self.setup):
            raise ConfigError(f"setup={self.setup!r} is not callable")
        size = self.chunk_size
        if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 1):
            raise ConfigError(f"sweep.chunk_size={size!r} is not allowed: expected an integer "
                              ">= 1 (or none for automatic)")
        object.__setattr__(self, "axes", axes)
        object.__setattr__(self, "group_by", group_by)
        if self.context is None:
            object.__setattr__(self, "context", _callable_name(self.compute))

    @property
    def keys(self) -> tuple[str, ...]:
        """The swept parameter names, in axis order."""
        return tuple(axis.key for axis in self.axes)

    @property
    def shape(self) -> tuple[int, ...]:
        """Grid shape (product mode: one length per axis; zip: the common length)."""
        if self.mode == "zip":
            return (len(self.axes[0]),)
        return tuple(len(axis) for axis in self.axes)

    def __len__(self) -> int:
        return math.prod(self.shape)

    def points(self) -> list[Point]:
        """Every point, in sweep order."""
        columns = [axis.values for axis in self.axes]
        combos = zip(*columns, strict=True) if self.mode == "zip" else itertools.product(*columns)
        points = []
        for index, values in enumerate(combos):
            params = dict(zip(self.keys, values, strict=True))
            points.append(Point(index, params, point_key(params, self.context)))
        return points

    def group_of(self, params: Mapping[str, object]) -> dict:
        """The ``group_by`` values of a point."""
        return {key: params[key] for key in self.group_by}


def _require_known(key: str, allowed: Sequence[str], where: str) -> None:
    if key in allowed:
        return
    near = difflib.get_close_matches(key, allowed, n=3, cutoff=0.6)
    hint = f"; did you mean {near}?" if near else ""
    shown = allowed if len(allowed) <= 40 else [*allowed[:40], "..."]
    raise ConfigError(f"{where}: unknown parameter {key!r}{hint} (allowed: {shown})")


def axes_from_mapping(table: Mapping[str, object], prefix: str = "") -> list[Axis]:
    """Axes from a TOML ``[sweep.axes]`` table.

    Quoted dotted keys (``"dynamics.alpha" = [...]``) are the documented form; bare
    dotted keys, which TOML turns into nested tables, are flattened back.  A table
    whose keys are all range fields (``start``, ``stop``, ...) is a range.
    """
    axes = []
    for name, spec in table.items():
        key = f"{prefix}{name}"
        if isinstance(spec, Mapping) and spec and not set(spec) <= set(AXIS_FIELDS):
            axes.extend(axes_from_mapping(spec, prefix=f"{key}."))
        else:
            axes.append(parse_axis(key, spec))
    return axes
