"""Implicit one-step maps of ``d rho / d tau = L rho``: the time-scheme registry.

Schemes are data: :data:`TIME_SCHEMES` maps a name to a :class:`TimeScheme` (its
order and factories that, given ``L`` and a step ``dt``, factorize what they need
once and return a one-step map).  The drivers that choose the steps, check the
results and report how they were obtained live in :mod:`.evolution`; this module
knows how to take one step (and keeps two older, unchecked drivers, below).

* ``backward_euler``  order 1, L-stable; embedded error estimate.
* ``crank_nicolson``  order 2, A-stable (not L-stable: stiff modes ring); error
  control by step doubling (three steps per step).
* ``tr_bdf2``         order 2, L-stable (trapezoid stage to ``gamma dt``, BDF2 to
  ``dt``, ``gamma = 2 - sqrt 2``); embedded error estimate (Hosea & Shampine 1996).
  The default.
* ``bdf2``            order 2, L-stable multistep; started (and restarted when the
  step changes) with one ``tr_bdf2`` step; fixed steps only.

Every factory takes an optional ``factorize(matrix, shift) -> solver`` (the LU of
``I - shift L``, default :func:`_lu`) so that a driver can count factorizations.

:func:`integrate` (fixed steps, unchecked) and :func:`integrate_adaptive` (step
doubling, absolute L1 error) are kept for existing callers; new code uses
:func:`fpsphere.solvers.evolution.propagate`.
Depends on :mod:`.stationary` (the nested-dissection LU).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from fpsphere.registry import Registry

__all__ = ["TimeScheme", "TIME_SCHEMES", "integrate", "integrate_adaptive"]

#: ``step(y, y_previous) -> y_next`` (``y_previous`` is used by multistep schemes only).
Step = Callable[[np.ndarray, np.ndarray | None], np.ndarray]
#: ``step(y, carry) -> (y_next, error, carry_next)``: one step with its local error
#: estimate (an (N,) vector, filtered so that damped stiff modes do not inflate it).
#: ``carry`` is what the previous step of the *same size* left for reuse, else None.
EmbeddedStep = Callable[[np.ndarray, object], tuple[np.ndarray, np.ndarray, object]]


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


@dataclass(frozen=True)
class TimeScheme:
    """A registered implicit scheme.

    Attributes
    ----------
    name, order : key in :data:`TIME_SCHEMES` and order of accuracy.
    multistep : uses the previous value (``step(y, y_previous)``).
    factory : ``factory(L, dt, factorize=_lu) -> step(y, y_previous) -> y_next``.
    embedded : ``embedded(L, dt, factorize=_lu) -> EmbeddedStep``, the step with its
        local error estimate, for error-controlled steps; None where the scheme has
        no error estimate (multistep: fixed steps only).
    starter : the one-step scheme that starts (and refines) a multistep scheme; the
        scheme itself for one-step schemes.
    """

    name: str
    order: int
    multistep: bool
    factory: Callable[..., Step]
    embedded: Callable[..., EmbeddedStep] | None = None
    starter: str | None = None

    @property
    def one_step(self) -> str:
        """Name of the one-step scheme used for starting and refining steps."""
        return self.starter or self.name


def _backward_euler(L, dt, factorize=_lu):
    lu = factorize(L, dt)
    return lambda y, _prev: lu.solve(y)


def _backward_euler_embedded(L, dt, factorize=_lu):
    lu = factorize(L, dt)

    def step(y, carry):
        y1 = lu.solve(y) if carry is None else carry
        p1 = lu.solve(y1)  # the next step of this size starts from it
        # local error -(dt/2)(f1 - f0), filtered by P = (I - dt L)^-1 with P dt L = P - I
        return y1, -0.5 * (p1 - 2.0 * y1 + y), p1

    return step


def _crank_nicolson(L, dt, factorize=_lu):
    lu = factorize(L, 0.5 * dt)
    # (I - dt/2 L)^{-1} (I + dt/2 L) y = 2 (I - dt/2 L)^{-1} y - y: no product with L
    return lambda y, _prev: 2.0 * lu.solve(y) - y


def _crank_nicolson_doubled(L, dt, factorize=_lu):
    full, half = _crank_nicolson(L, dt, factorize), _crank_nicolson(L, 0.5 * dt, factorize)

    def step(y, _carry):
        y_half = half(half(y, None), None)
        # Richardson: the half-step result is kept, not extrapolated (stiff modes ring)
        return y_half, (y_half - full(y, None)) / 3.0, None

    return step


_GAMMA = 2.0 - np.sqrt(2.0)
# third-order quadrature on the TR-BDF2 stages (nodes 0, gamma, 1), Hosea & Shampine
_B_GAMMA = 1.0 / (6.0 * _GAMMA * (1.0 - _GAMMA))
_B_ONE = 0.5 - _GAMMA * _B_GAMMA
_B_ZERO = 1.0 - _B_GAMMA - _B_ONE


def _tr_bdf2(L, dt, factorize=_lu):
    g = _GAMMA
    # with gamma = 2 - sqrt(2) both stages solve with I - (gamma/2) dt L: one LU
    lu = factorize(L, 0.5 * g * dt)

    def step(y, _prev):
        y_g = 2.0 * lu.solve(y) - y  # trapezoid stage, as in crank_nicolson
        return lu.solve((y_g - (1 - g) ** 2 * y) / (g * (2 - g)))

    return step


def _tr_bdf2_embedded(L, dt, factorize=_lu):
    """TR-BDF2 with the difference to the third-order quadrature
    ``y + dt (b0 f(y) + b_g f(y_g) + b1 f(y1))`` as error, filtered by
    ``P = (I - gamma dt/2 L)^-1`` (Hosea & Shampine 1996).  ``P L = (P - I) 2/(gamma dt)``
    turns every product with ``L`` into solves already made; ``P y1`` is the first
    solve of the next step of the same size, so a run of equal steps costs two
    solves per step."""
    g = _GAMMA
    lu = factorize(L, 0.5 * g * dt)

    def step(y, carry):
        p0 = lu.solve(y) if carry is None else carry
        y_g = 2.0 * p0 - y
        y1 = lu.solve((y_g - (1 - g) ** 2 * y) / (g * (2 - g)))
        p_g = g * (2 - g) * y1 + (1 - g) ** 2 * p0
        p1 = lu.solve(y1)
        error = (p0 - p1) + (2.0 / g) * (_B_ZERO * (p0 - y) + _B_GAMMA * (p_g - y_g)
                                         + _B_ONE * (p1 - y1))
        return y1, error, p1

    return step


def _bdf2(L, dt, factorize=_lu):
    lu = factorize(L, 2.0 * dt / 3.0)
    start = _tr_bdf2(L, dt, factorize)

    def step(y, prev):
        if prev is None:
            return start(y, None)
        return lu.solve((4.0 * y - prev) / 3.0)

    return step


#: Registered time schemes (name -> :class:`TimeScheme`).
TIME_SCHEMES: Registry[TimeScheme] = Registry("time scheme")
for _scheme, _doc in (
    (TimeScheme("backward_euler", 1, False, _backward_euler, _backward_euler_embedded),
     "backward Euler: first order, L-stable, positive"),
    (TimeScheme("crank_nicolson", 2, False, _crank_nicolson, _crank_nicolson_doubled),
     "Crank-Nicolson: second order, A-stable (rings on stiff data)"),
    (TimeScheme("tr_bdf2", 2, False, _tr_bdf2, _tr_bdf2_embedded),
     "TR-BDF2: second order, L-stable, embedded error estimate (the default)"),
    (TimeScheme("bdf2", 2, True, _bdf2, None, starter="tr_bdf2"),
     "BDF2: second order, L-stable, two-step (fixed steps only)"),
):
    TIME_SCHEMES.register(_scheme.name, _scheme, doc=_doc)
del _scheme, _doc


def steps_in(interval: float, dt: float) -> int:
    """Number of equal steps no longer than ``dt`` that cut ``interval`` (> 0): at least
    one, whatever ``dt`` (a relative guard absorbs the round-off of ``interval / dt``)."""
    return max(1, int(np.ceil(interval / dt * (1.0 - 1e-12))))


def integrate(L: sp.csr_matrix, rho0: np.ndarray, times: np.ndarray, dt: float,
              scheme: str = "tr_bdf2", callback: Callable[[float, np.ndarray], None] | None = None,
              progress: bool = False) -> np.ndarray:
    """Densities (len(times), N) at ``times`` (increasing, >= 0) from ``rho0`` at 0, in
    fixed steps: each interval is cut into :func:`steps_in` equal steps.

    Unchecked; :func:`fpsphere.solvers.evolution.propagate` checks every step.
    ``callback(t, rho)`` is called after every step (e.g. to stream to a writer).
    """
    method = TIME_SCHEMES[scheme]
    steppers: dict[float, Step] = {}
    out = np.empty((len(times), rho0.size))
    y, prev, t, last_dt = rho0.astype(float), None, 0.0, None
    bar = progress_bar(progress, len(times))
    for k, target in enumerate(times):
        interval = target - t
        n = steps_in(interval, dt) if interval > 0 else 0
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


def progress_bar(enabled: bool, total: int):
    """A tqdm bar over ``total`` outputs, or a silent stand-in."""
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, desc="fpsphere evolve", unit="output")


def integrate_adaptive(L: sp.csr_matrix, rho0: np.ndarray, times: np.ndarray, areas: np.ndarray,
                       rtol: float, max_step: float, scheme: str = "tr_bdf2",
                       callback: Callable[[float, np.ndarray], None] | None = None,
                       progress: bool = False) -> tuple[np.ndarray, int]:
    """Adaptive steps with local error control by step doubling (superseded by the
    error-controlled default of :func:`fpsphere.solvers.evolution.propagate`, which
    is ~3x cheaper per step and measures errors relative to the density).

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
    bar = progress_bar(progress, len(times))
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
