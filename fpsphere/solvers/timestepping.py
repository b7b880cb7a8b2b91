"""Implicit time stepping of ``d rho / d tau = L rho`` (issue 4, fixed steps).

Schemes are data: :data:`TIME_SCHEMES` maps a name to a :class:`TimeScheme`
(its order and a factory that, given ``L`` and a step ``dt``, factorizes what it
needs once and returns a one-step map).  Factorizations are cached per step size,
so piecewise-constant operators cost one sparse LU per distinct step.

* ``backward_euler``  order 1, L-stable.
* ``crank_nicolson``  order 2, A-stable (not L-stable: stiff modes ring).
* ``tr_bdf2``         order 2, L-stable (trapezoid stage to ``gamma dt``, BDF2 to
  ``dt``, ``gamma = 2 - sqrt 2``); the default.
* ``bdf2``            order 2, L-stable multistep; started (and restarted when the
  step changes) with one ``tr_bdf2`` step.

The requested output times are hit exactly: each interval between them is cut
into ``ceil(interval / dt)`` equal steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

__all__ = ["TimeScheme", "TIME_SCHEMES", "integrate", "integrate_adaptive"]

Step = Callable[[np.ndarray, np.ndarray | None], np.ndarray]


@dataclass(frozen=True)
class TimeScheme:
    """A registered implicit scheme: ``factory(L, dt) -> step(y, y_previous) -> y_next``."""

    name: str
    order: int
    multistep: bool
    factory: Callable[[sp.csr_matrix, float], Step]


class _Solver:
    """LU of ``I - shift L`` in a nested-dissection order (much less fill than COLAMD)."""

    def __init__(self, matrix: sp.spmatrix, shift: float):
        from fpsphere.solvers.stationary import OrderedLU

        eye = sp.identity(matrix.shape[0], format="csr")
        self._lu = OrderedLU(eye - shift * matrix.tocsr())

    def solve(self, b: np.ndarray) -> np.ndarray:
        return self._lu.solve(b)


def _lu(matrix: sp.spmatrix, shift: float) -> _Solver:
    return _Solver(matrix, shift)


def _backward_euler(L, dt):
    lu = _lu(L, dt)
    return lambda y, _prev: lu.solve(y)


def _crank_nicolson(L, dt):
    lu = _lu(L, 0.5 * dt)
    # (I - dt/2 L)^{-1} (I + dt/2 L) y = 2 (I - dt/2 L)^{-1} y - y: no product with L
    return lambda y, _prev: 2.0 * lu.solve(y) - y


_GAMMA = 2.0 - np.sqrt(2.0)


def _tr_bdf2(L, dt):
    g = _GAMMA
    # with gamma = 2 - sqrt(2) both stages solve with I - (gamma/2) dt L: one LU
    lu = _lu(L, 0.5 * g * dt)

    def step(y, _prev):
        y_g = 2.0 * lu.solve(y) - y  # trapezoid stage, as in crank_nicolson
        return lu.solve((y_g - (1 - g) ** 2 * y) / (g * (2 - g)))

    return step


def _bdf2(L, dt):
    lu = _lu(L, 2.0 * dt / 3.0)
    start = _tr_bdf2(L, dt)

    def step(y, prev):
        if prev is None:
            return start(y, None)
        return lu.solve((4.0 * y - prev) / 3.0)

    return step


#: Registered time schemes (name -> :class:`TimeScheme`).
TIME_SCHEMES: dict[str, TimeScheme] = {
    s.name: s
    for s in (
        TimeScheme("backward_euler", 1, False, _backward_euler),
        TimeScheme("crank_nicolson", 2, False, _crank_nicolson),
        TimeScheme("tr_bdf2", 2, False, _tr_bdf2),
        TimeScheme("bdf2", 2, True, _bdf2),
    )
}


def integrate(L: sp.csr_matrix, rho0: np.ndarray, times: np.ndarray, dt: float,
              scheme: str = "tr_bdf2", callback: Callable[[float, np.ndarray], None] | None = None,
              progress: bool = False) -> np.ndarray:
    """Densities (len(times), N) at ``times`` (increasing, >= 0) from ``rho0`` at 0.

    ``callback(t, rho)`` is called after every step (e.g. to stream to a writer).
    Inputs are assumed checked by the caller (:meth:`FokkerPlanck.evolve`).
    """
    method = TIME_SCHEMES[scheme]
    steppers: dict[float, Step] = {}
    out = np.empty((len(times), rho0.size))
    y, prev, t, last_dt = rho0.astype(float), None, 0.0, None
    bar = _progress_bar(progress, times)
    for k, target in enumerate(times):
        interval = target - t
        n = int(np.ceil(interval / dt - 1e-9)) if interval > 0 else 0
        if n:
            h = interval / n
            key = float(np.round(h, 15))
            if key not in steppers:
                steppers[key] = method.factory(L, h)
            if last_dt is not None and abs(h - last_dt) > 1e-12 * h:
                prev = None  # a multistep history is only valid for equal steps
            for _ in range(n):
                y, prev = steppers[key](y, prev), y
                t += h
                if callback is not None:
                    callback(t, y)
            last_dt = h
        t = target
        out[k] = y
        bar.update(1)
    bar.close()
    return out


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _progress_bar(enabled: bool, times):
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=len(times), desc="fpsphere evolve", unit="output")


def integrate_adaptive(L: sp.csr_matrix, rho0: np.ndarray, times: np.ndarray, areas: np.ndarray,
                       rtol: float, max_step: float, scheme: str = "tr_bdf2",
                       callback: Callable[[float, np.ndarray], None] | None = None,
                       progress: bool = False) -> tuple[np.ndarray, int]:
    """Adaptive steps with local error control by step doubling.

    Each attempted step of size ``h`` is also taken as two steps of ``h/2``; the
    local error ``sum(A |y_h - y_h/2|) / (2^p - 1)`` (probability measure, ``p`` the
    scheme's order) must be below ``rtol``; the half-step result, Richardson
    extrapolated, is kept.  Steps are ``max_step / 2^k`` so factorizations are
    reused; the step grows again after two easy steps.  One-step schemes only.
    Returns the densities at ``times`` and the number of accepted steps.
    """
    method = TIME_SCHEMES[scheme]
    if method.multistep:
        raise ValueError(f"adaptive stepping needs a one-step scheme, not {scheme!r}")
    cache: dict[float, Step] = {}

    def stepper(h: float) -> Step:
        key = float(np.round(h, 15))
        if key not in cache:
            cache[key] = method.factory(L, h)
        return cache[key]

    factor = 2.0**method.order - 1.0
    out = np.empty((len(times), rho0.size))
    y, t, level, easy, accepted = rho0.astype(float), 0.0, 0, 0, 0
    bar = _progress_bar(progress, times)
    for k, target in enumerate(times):
        while target - t > 1e-14 * max(1.0, target):
            h = max_step / 2.0**level
            if h >= target - t:
                h = target - t
            full = stepper(h)(y, None)
            half = stepper(0.5 * h)(stepper(0.5 * h)(y, None), None)
            error = float(np.sum(areas * np.abs(half - full))) / factor
            if error > rtol and level < 40:
                level += 1
                easy = 0
                continue
            y = half + (half - full) / factor
            t += h
            accepted += 1
            if callback is not None:
                callback(t, y)
            easy = easy + 1 if error < 0.1 * rtol else 0
            if easy >= 2 and level > 0:
                level -= 1
                easy = 0
        t = target
        out[k] = y
        bar.update(1)
    bar.close()
    return out, accepted
