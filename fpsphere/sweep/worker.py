"""Evaluating points: what runs inside a worker, and the record of one point.

:func:`evaluate_points` calls ``compute`` on each point of a chunk with the
chunk's shared object and turns every outcome into a :class:`PointResult`: an
``Exception`` becomes a failed point (type, message and traceback kept) and the
chunk goes on; ``KeyboardInterrupt`` and other ``BaseException`` propagate, so an
interrupted sweep stops (and resumes from its checkpoint).
"""

from __future__ import annotations

import numbers
import time
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from fpsphere.sweep.spec import Point

__all__ = ["RESERVED_COLUMNS", "PointResult", "build_shared", "evaluate_chunk", "evaluate_points",
           "failed_points"]

#: table columns that a parameter or result may not be called
RESERVED_COLUMNS = ("index", "key", "status", "error", "elapsed")


@dataclass(frozen=True)
class PointResult:
    """The outcome of one point.

    Attributes
    ----------
    index, key, params : those of the :class:`~fpsphere.sweep.spec.Point`.
    values : ``{result name: float}`` (empty for a failed point).
    status : ``"ok"`` or ``"error"``.
    error : ``"ExceptionType: message"`` of a failed point, ``""`` otherwise.
    elapsed : wall time of ``compute`` at this point (s).
    traceback : the formatted traceback of a failed point (checkpoint only).
    """

    index: int
    key: str
    params: dict
    values: dict
    status: str
    error: str = ""
    elapsed: float = 0.0
    traceback: str = field(default="", repr=False)

    @property
    def ok(self) -> bool:
        """True when the point was computed without error."""
        return self.status == "ok"


def _as_values(out: object, params: Mapping[str, object]) -> dict:
    """``compute``'s output as ``{str: float}``; TypeError/ValueError explain a bad one."""
    if not isinstance(out, Mapping):
        raise TypeError(f"compute returned {type(out).__name__}: expected a mapping of result "
                        "names to real numbers, e.g. {'lambda_1': 0.5}")
    values = {}
    for name, value in out.items():
        if not isinstance(name, str) or not name:
            raise TypeError(f"compute returned the result name {name!r}: expected a non-empty str")
        if name in RESERVED_COLUMNS or name in params:
            raise ValueError(f"compute returned the result name {name!r}, which is a parameter "
                             f"or one of the reserved columns {list(RESERVED_COLUMNS)}")
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"compute returned {name}={value!r}: expected a real number")
        values[name] = float(value)
    return values


def _failure(point: Point, exc: BaseException, elapsed: float, prefix: str = "") -> PointResult:
    message = f"{prefix}{type(exc).__name__}: {exc}"
    trace = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return PointResult(point.index, point.key, dict(point.params), {}, "error", message,
                       elapsed, trace)


def evaluate_points(compute: Callable, shared: object,
                    points: Sequence[Point]) -> Iterator[PointResult]:
    """Run ``compute(params, shared)`` on each point, yielding one result per point."""
    for point in points:
        start = time.perf_counter()
        try:
            values = _as_values(compute(dict(point.params), shared), point.params)
        except Exception as exc:  # a failed point is recorded; the sweep goes on
            yield _failure(point, exc, time.perf_counter() - start)
            continue
        elapsed = time.perf_counter() - start
        yield PointResult(point.index, point.key, dict(point.params), values, "ok", "",
                          elapsed)


def evaluate_chunk(compute: Callable, shared: object, points: Sequence[Point]) -> list[PointResult]:
    """:func:`evaluate_points` as a list: the task a pool worker runs."""
    return list(evaluate_points(compute, shared, points))


def build_shared(setup: Callable | None, group_params: dict) -> tuple[object, Exception | None]:
    """``(setup(group_params), None)``, or ``(None, error)`` when the setup raises."""
    if setup is None:
        return None, None
    try:
        return setup(dict(group_params)), None
    except Exception as exc:  # every point of the group is then recorded as failed
        return None, exc


def failed_points(points: Sequence[Point], exc: Exception) -> list[PointResult]:
    """Every point of a group whose setup failed, as failed results."""
    return [_failure(p, exc, 0.0, prefix="setup failed: ") for p in points]

