"""How wrong a number is: mesh-error estimates by Richardson extrapolation over icosphere levels.

Owns :func:`estimate_error` (a quantity on an icosphere and its nested coarser levels)
and :func:`richardson` (the estimate from values already computed, as
:mod:`fpsphere.jobs` does for a whole run).  Depends only on :mod:`fpsphere.mesh` and
:mod:`fpsphere.errors`; a quantity is any callable ``quantity(mesh) -> float | ndarray``.

Each level halves the mesh size.  With ``d1 = Q_L - Q_{L-1}`` and
``d2 = Q_{L-1} - Q_{L-2}``, a quantity of order ``p`` has ``|d2| / |d1| = 2**p`` and the
error of ``Q_L`` is ``|d1| / (2**p - 1)``.  The decision on ``p``:

* the observed order ``log2(|d2| / |d1|)`` is trusted when ``d1 . d2 > 0`` (no
  oscillation) and it lies in ``[expected - 0.7, expected + 1.5]``; then
  ``p = min(observed, expected)``: a pre-asymptotic super-convergence never shrinks the
  error bar below the expected order's, a slower observed order widens it;
* otherwise the estimate is *unreliable*: ``.warning`` says why (:func:`estimate_error`
  warns, :class:`ConvergenceWarning`) and the error is the conservative
  ``max(|d1|, |d2| / 2**expected)`` (``|d1|`` is a first-order quantity's Richardson
  error; an oscillating sequence's limit lies between ``Q_L`` and ``Q_{L-1}``);
* one coarser level only: ``p = expected``, assumed;
* differences at most ``atol + 64 eps max|Q|`` are round-off; when all are, the quantity
  is converged (error ``|d1|``, order NaN, no warning).

Arrays are judged by their max-abs norm (one order, one decision) and carry the
elementwise estimate.  Only the mesh error is estimated: an error that does not change
with the level (a fixed time step) cancels in the differences.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.mesh import SphereMesh, icosphere
from fpsphere.mesh.icosphere import MAX_LEVEL, icosahedron

__all__ = ["ConvergenceWarning", "ErrorEstimate", "estimate_error", "icosphere_level",
           "richardson"]

#: observed orders accepted around the expected one: ``[expected - 0.7, expected + 1.5]``
ORDER_WINDOW = (0.7, 1.5)


class ConvergenceWarning(UserWarning):
    """The observed order is not the expected one: the error estimate is unreliable."""


@dataclass(frozen=True, eq=False)
class ErrorEstimate:
    """A value on the finest mesh with its estimated absolute mesh error.

    ``value``, ``elementwise_error``: float, or ndarray of the quantity's shape.
    ``error``: float, the max-abs of ``elementwise_error``; ``relative_error`` is
    ``error / max|value|``.  ``order``: the observed order on the finest three levels
    (NaN when it cannot be measured); ``orders``: every observed order, finest first.
    ``levels``, ``values``: the icosphere levels used, ascending, and the quantity on
    each.  ``warning``: why the estimate is unreliable, else None.
    """

    value: float | np.ndarray
    error: float
    relative_error: float
    order: float
    expected_order: float
    levels: tuple[int, ...]
    values: tuple
    warning: str | None
    elementwise_error: float | np.ndarray
    orders: tuple[float, ...] = ()

    @property
    def reliable(self) -> bool:
        """True when no warning was raised."""
        return self.warning is None

    def _note(self) -> str:
        levels = f"levels {self.levels[0]}-{self.levels[-1]}"
        if self.warning is not None:
            order = "not measured" if math.isnan(self.order) else f"{self.order:.1f} observed"
            return f"order {order}, expected {self.expected_order:g}: unreliable, {levels}"
        if not math.isnan(self.order):
            return f"order {self.order:.1f} observed, {levels}"
        if len(self.levels) == 2:
            return f"order {self.expected_order:g} assumed, {levels}"
        return f"converged to round-off, {levels}"

    def __format__(self, spec: str) -> str:
        if np.ndim(self.value):
            head = f"max |error| {self.error:.2g} over {np.shape(self.value)}"
        else:
            head = f"{format(float(self.value), spec or '.4g')} ± {self.error:.2g}"
        return f"{head} ({self._note()})"

    def __str__(self) -> str:
        return format(self, "")


def _norm(x: np.ndarray) -> float:
    return float(np.max(np.abs(x))) if x.size else 0.0


def _as_real(value, name: str) -> np.ndarray:
    try:
        if np.iscomplexobj(value):
            raise TypeError("complex")
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError) as err:
        raise ParameterTypeError(f"{name} gave {type(value).__name__} {np.shape(value)}, not "
                                 "allowed: expected a real float or array (estimate real "
                                 "and imaginary parts apart)") from err


def richardson(values: Sequence, levels: Sequence[int], *, expected_order: float = 2.0,
               atol: float = 0.0, unreliable: str | None = None) -> ErrorEstimate:
    """The error estimate of ``values[-1]`` from the values on consecutive icosphere levels.

    Parameters
    ----------
    values : floats or arrays of one shape, on ``levels`` (ascending, consecutive).
    levels : the icosphere levels, at least two.
    expected_order : the order of the discretization for this quantity (> 0).
    atol : differences at or below it are round-off (the quantity's absolute noise).
    unreliable : a reason, known to the caller, not to trust the sequence (the levels
        used different discretizations): the conservative error and this warning.

    Returns
    -------
    ErrorEstimate
        Without warning: the caller decides whether to warn (``.warning``).
    """
    levels = tuple(int(v) for v in levels)
    if len(levels) < 2 or len(values) != len(levels) or any(
            b - a != 1 for a, b in zip(levels, levels[1:], strict=False)):
        raise ParameterError(f"levels={levels!r} is not allowed: expected at least two "
                             f"consecutive ascending levels, one per value ({len(values)})")
    arrays = [_as_real(v, "values") for v in values]
    if len({a.shape for a in arrays}) != 1 or not all(np.isfinite(a).all() for a in arrays):
        raise ParameterError(f"values of shapes {[a.shape for a in arrays]} are not allowed: "
                             "expected finite numbers of one shape on every level")
    scalar = arrays[0].ndim == 0
    fine = arrays[-1]
    diffs = [arrays[i + 1] - arrays[i] for i in range(len(arrays) - 1)][::-1]  # finest first
    tol = atol + 64 * np.finfo(float).eps * max(_norm(a) for a in arrays)
    norms = [_norm(d) for d in diffs]
    d1 = diffs[0]
    orders = tuple(math.log2(norms[i + 1] / norms[i]) if norms[i] > tol and norms[i + 1] > tol
                   else math.nan for i in range(len(diffs) - 1))
    order = orders[0] if orders else math.nan
    d2 = diffs[1] if len(diffs) > 1 else d1
    low, high = expected_order - ORDER_WINDOW[0], expected_order + ORDER_WINDOW[1]
    same_way = float(np.sum(d1 * d2)) > 0
    warning = unreliable
    if warning is None and all(n <= tol for n in norms):
        elementwise = np.abs(d1)  # converged to round-off
    elif warning is None and len(diffs) == 1:
        elementwise = np.abs(d1) / (2.0**expected_order - 1)  # the order is assumed
    elif warning is None and same_way and low <= order <= high:  # NaN fails
        elementwise = np.abs(d1) / (2.0 ** min(order, expected_order) - 1)
    else:
        if warning is None:
            why = ("a difference is at round-off while the other is not" if min(norms[:2]) <= tol
                   else f"the values oscillate (observed order {order:.2f})" if not same_way
                   else f"observed order {order:.2f} is outside [{low:g}, {high:g}]")
            warning = (f"{why} on levels {'-'.join(map(str, levels[-3:]))} (expected order "
                       f"{expected_order:g}): the error estimate is unreliable; it is the "
                       f"conservative max(|Q_L - Q_L-1|, |Q_L-1 - Q_L-2| / 2^{expected_order:g})")
        elementwise = np.maximum(np.abs(d1), np.abs(d2) / 2.0**expected_order)
    error = _norm(elementwise)
    scale = _norm(fine)
    relative = error / scale if scale > 0 else (0.0 if error == 0 else math.inf)

    def as_out(a: np.ndarray) -> float | np.ndarray:
        return float(a) if scalar else a

    return ErrorEstimate(value=as_out(fine), error=error, relative_error=relative, order=order,
                         expected_order=float(expected_order), levels=levels,
                         values=tuple(as_out(a) for a in arrays), warning=warning,
                         elementwise_error=as_out(elementwise), orders=orders)


def icosphere_level(mesh: SphereMesh, name: str = "mesh") -> int:
    """The level ``L`` of a mesh built by ``fpsphere.icosphere(L)`` (no Lloyd smoothing).

    Inferred from the cell count ``10 * 4**L + 2`` and checked on the 12 vertices of
    the icosahedron; the nested coarser points are checked by :func:`estimate_error`.
    Raises :class:`ParameterError` naming ``name`` for any other mesh.
    """
    if not isinstance(mesh, SphereMesh):
        raise ParameterTypeError(f"{name} must be a SphereMesh built by fpsphere.icosphere"
                                 f"(level), got {type(mesh).__name__}")
    n = mesh.n_cells
    level = round(math.log((n - 2) / 10, 4)) if n > 2 else -1
    allowed = ("expected an icosphere, fpsphere.icosphere(level) without Lloyd smoothing "
               "(10*4**level + 2 cells), or level= instead of a mesh")
    if level < 0 or 10 * 4**level + 2 != n:
        raise ParameterError(f"{name} with {n} cells is not allowed: {allowed}")
    if not np.allclose(mesh.points[:12], icosahedron()[0], rtol=0, atol=1e-12):
        raise ParameterError(f"{name} with {n} cells is not allowed: its first vertices are "
                             f"not those of the icosahedron; {allowed}")
    return level


def _check_number(name: str, value, positive: bool) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating) or not (
            math.isfinite(value) and (value > 0 if positive else value >= 0)):
        raise ParameterError(f"{name}={value!r} is not allowed: expected a finite number "
                             f"{'> 0' if positive else '>= 0'}")


def _check_level(level, low: int) -> int:
    if isinstance(level, bool) or not isinstance(level, int | np.integer):
        raise ParameterTypeError(f"level must be an int, got {type(level).__name__} {level!r}")
    if not low <= level <= MAX_LEVEL:
        raise ParameterError(f"level={level!r} is not allowed: expected {low} <= level <= "
                             f"{MAX_LEVEL} (the coarser levels must be >= 1)")
    return int(level)


def estimate_error(quantity: Callable[[SphereMesh], float | np.ndarray],
                   mesh: SphereMesh | None = None, *, level: int | None = None,
                   coarser: int = 2, expected_order: float = 2.0, atol: float = 0.0,
                   progress: bool = False) -> ErrorEstimate:
    """The value of ``quantity`` on an icosphere with its estimated mesh error (Richardson).

    Parameters
    ----------
    quantity : ``quantity(mesh) -> float | ndarray`` (real, one shape on every level).
    mesh : an icosphere, ``fpsphere.icosphere(L)``; or give ``level`` instead.
    level : the level ``L`` (the mesh is built), instead of ``mesh``.
    coarser : how many nested coarser levels ``L-1, L-2, ...`` to evaluate, 1 <= coarser
        <= L - 1 (the coarsest is level 1 or finer).  Two measure the order.
    expected_order : the discretization's order for this quantity (default 2).
    atol : absolute round-off of the quantity (differences below it are noise).
    progress : a progress bar (tqdm) over the levels.

    Returns
    -------
    ErrorEstimate
        ``str()`` reads ``"4.517e-24 ± 1.2e-26 (order 2.0 observed, levels 5-7)"``.
        Warns (:class:`ConvergenceWarning`) when the estimate is unreliable (module
        docstring); the error is then the conservative one.

    Raises
    ------
    ParameterError, ParameterTypeError
        Naming the parameter, before any evaluation.

    >>> import fpsphere as fp
    >>> from fpsphere.convergence import estimate_error
    >>> rate = lambda m: fp.FokkerPlanck(m, None, 1.0).spectrum(2)[1].real  # exactly 1
    >>> est = estimate_error(rate, level=4)
    >>> est.error > abs(est.value - 1) / 3, round(est.order, 1)
    (True, 2.0)
    """
    if not callable(quantity):
        raise ParameterTypeError(f"quantity must be a callable quantity(mesh) -> float | "
                                 f"ndarray, got {type(quantity).__name__}")
    if (mesh is None) == (level is None):
        raise ParameterError("mesh and level: give exactly one (an icosphere mesh, or its "
                             "level)")
    if isinstance(coarser, bool) or not isinstance(coarser, int | np.integer) or coarser < 1:
        raise ParameterError(f"coarser={coarser!r} is not allowed: expected an int >= 1")
    _check_number("expected_order", expected_order, positive=True)
    _check_number("atol", atol, positive=False)
    fine = _check_level(level, 2) if mesh is None else icosphere_level(mesh)
    if fine < 2:
        raise ParameterError(f"mesh of level {fine} is not allowed: expected an icosphere of "
                             "level >= 2 (the coarser levels must be >= 1)")
    if coarser > fine - 1:
        raise ParameterError(f"coarser={coarser} is not allowed on level {fine}: expected "
                             f"1 <= coarser <= {fine - 1} (the coarsest level must be >= 1; "
                             "the 12-cell icosahedron is not in the asymptotic range)")
    meshes = {fine: icosphere(fine) if mesh is None else mesh}
    if mesh is not None:
        meshes[fine - 1] = icosphere(fine - 1)  # nested: its points come first in ``mesh``
        if not np.allclose(mesh.points[:meshes[fine - 1].n_cells], meshes[fine - 1].points,
                           rtol=0, atol=1e-12):
            raise ParameterError(f"mesh with {mesh.n_cells} cells is not allowed: its points "
                                 f"are not those of fpsphere.icosphere({fine}) (Lloyd-smoothed "
                                 "or reordered?); expected an icosphere without Lloyd "
                                 "smoothing, or level= instead of a mesh")
    from tqdm import tqdm

    levels = list(range(fine - coarser, fine + 1))
    values = [_as_real(quantity(meshes[lev] if lev in meshes else icosphere(lev)), "quantity")
              for lev in tqdm(levels, desc="fpsphere error estimate", unit="level",
                              disable=not progress, leave=False)]
    try:
        estimate = richardson(values, levels, expected_order=expected_order, atol=atol)
    except ParameterError as err:
        raise ParameterError(f"quantity: {err}") from err
    if estimate.warning is not None:
        warnings.warn(estimate.warning, ConvergenceWarning, stacklevel=2)
    return estimate
