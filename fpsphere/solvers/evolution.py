"""Time evolution of ``d rho / d tau = L rho``: step choice, physical checks, report.

Owns :func:`propagate`, the one entry point that :meth:`FokkerPlanck.evolve` and the
protocols delegate to, the :class:`PhysicalCheck` of every step and the
:class:`EvolutionReport` that says how the numbers were obtained.  Depends on
:mod:`.timestepping` (the registered schemes and their one-step maps) only.

Error-controlled steps (``dt=None``, the default, or ``rtol`` given)
    Each step's local error comes from the scheme's embedded estimate (TR-BDF2: the
    third-order companion of Hosea & Shampine 1996, filtered by the stage matrix;
    backward Euler: its filtered first difference; Crank-Nicolson: step doubling).
    It is measured *relative to the density, cell by cell* (area-weighted RMS over
    the sphere of ``|e_i| / (rtol |rho_i|)``), so the probability of a broad region is
    held to ``rtol`` of itself however small (P(z > 0) = 6.7e-9 in the switching
    pulse), not of the total as an L1 norm would.  RMS, not max: a few cells whose
    density changes fast relative to itself (mesh ripples precessing on a flank, the
    tip of a front) do not set the step (max: 2.3x more steps in the README case).  Cells
    below a floor are measured together, in L1, against ``rtol * floor`` as a
    probability: the floor is ``DENSITY_FLOOR`` of the uniform density, or the
    deepest negative density of the step if larger (densities at the depth of the
    spatial operator's own ripples carry no relative information).  The step is
    accepted when that ratio is <= 1 (local error per step, so the global error is
    about the sum of the local ones, reported as ``error_estimate``).

    Steps lie on the ladder ``base * 2**-k`` (``base`` the first output interval, so
    evenly spaced outputs are hit without extra steps): each distinct step is
    factorized once, a run of equal TR-BDF2 steps costs two solves per step, a step
    grows by up to eight rungs after a small error and drops on rejection; an output
    is reached by ladder steps already factorized where they fit.
    :data:`DEFAULT_RTOL` = 1e-4: on the low-damping switching pulse (P(z > 0) from
    0.67 down to 6.7e-9, icosphere(6)) the time error is then ~0.6 %, half the
    spatial error, in 480 steps (BDF2 at dt = 5e-4: 700 steps, the same error).

Fixed steps (``dt`` given, ``rtol=None``)
    Each interval between outputs is cut into ``max(1, ceil(interval / dt))`` equal
    steps: a ``dt`` far above the interval still takes one implicit step (a guard
    ``ceil(interval / dt - 1e-9)`` used to give zero steps once ``dt > 1e9 interval``,
    returning the initial state at every time).

Physical checks (both modes)
    The transient operator is not an M-matrix: a time-exact solution may carry a
    negative part ``-sum(A min(rho, 0))`` (1e-6 .. 1e-2 on coarse meshes).  A state
    whose negative part exceeds the allowance (the largest of the initial density's,
    the reference state's and :data:`ROUNDOFF`), or whose ``|<u>|`` exceeds
    ``1 + 2 allowance`` (``points`` given), is suspicious.  A fixed step is then
    redone in 2, 4, ... ``2**MAX_REFINEMENTS`` sub-steps of the one-step scheme, a
    controlled step is rejected and retried smaller.  The negative part is
    attributed to the spatial operator (and the allowance raised to twice it) once it
    exceeds twice the time error estimated in the negative cells; a step that cannot
    be made physical is kept with an :class:`EvolutionWarning` that names the step and
    what is wrong, and the report records it.  Fixed steps repaired by sub-steps are
    counted (``refinements``) and, if they carried a negative part above
    :data:`REPAIR_WARNING`, reported in one warning (``dt`` is too long there).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from fpsphere.solvers.timestepping import TIME_SCHEMES, TimeScheme, _lu, steps_in

__all__ = ["DEFAULT_RTOL", "DENSITY_FLOOR", "EvolutionReport", "EvolutionWarning",
           "PhysicalCheck", "propagate", "refined_step"]

#: Relative tolerance of error-controlled steps when none is given.
DEFAULT_RTOL = 1e-4
#: Densities below this fraction of the uniform density ``1 / (4 pi)`` are controlled
#: together, in L1, to ``rtol * DENSITY_FLOOR`` of probability.
DENSITY_FLOOR = 1e-10
#: Negative probability always allowed (round-off of the solves).
ROUNDOFF = 1e-12
#: A suspicious fixed step is redone in at most ``2**MAX_REFINEMENTS`` sub-steps.
MAX_REFINEMENTS = 6
#: Fixed steps whose negative part above this (probability) had to be repaired by
#: sub-steps are reported with a warning (dt too long); smaller repairs only counted.
REPAIR_WARNING = 1e-4
_SAFETY = 0.8  # aim at 0.8 of the tolerance
_MAX_GROWTH = 8  # rungs a step may grow by after one accepted step
_MAX_DEPTH = 40  # the smallest controlled step is base * 2**-40
_FACTORIZATION = 15  # cost of a factorization in steps (level 6: 0.3 s, a step 20 ms)
_NOISE = 1e3 * np.finfo(float).eps  # round-off of rho = y + reference, relative to |terms|
_TINY = 1e-250  # set to 0: subnormal numbers make every product ~1e3x slower


class EvolutionWarning(UserWarning):
    """A time evolution kept a step it could not make physical or accurate."""


@dataclass(frozen=True)
class EvolutionReport:
    """How a time evolution was computed.

    Attributes
    ----------
    time_scheme : the registered scheme (:data:`~fpsphere.solvers.TIME_SCHEMES`).
    controlled : True for error-controlled steps, False for fixed steps.
    rtol : tolerance of the controlled steps (None for fixed steps).
    dt : the fixed step asked for, or the largest controlled step (None: no limit).
    accepted_steps, rejected_steps : steps kept and steps retried (error too large or
        state unphysical); sub-steps of refined fixed steps are not counted.
    factorizations : sparse LU factorizations made.
    smallest_step, largest_step : range of the accepted steps (tau_N).
    error_estimate : sum of the accepted steps' local errors, in the relative norm of
        the control (None for fixed steps): the global relative error if errors
        neither grow nor cancel.
    negative_part : largest ``-sum(A min(rho, 0))`` of an accepted state (probability).
    allowed_negative_part : negative part attributed to the spatial operator.
    refinements : steps redone smaller because their state looked unphysical.
    warnings : what could not be made physical or accurate (each also issued as an
        :class:`EvolutionWarning`).
    """

    time_scheme: str
    controlled: bool
    rtol: float | None
    dt: float | None
    accepted_steps: int
    rejected_steps: int
    factorizations: int
    smallest_step: float
    largest_step: float
    error_estimate: float | None
    negative_part: float
    allowed_negative_part: float
    refinements: int
    warnings: tuple[str, ...] = ()

    def summary(self) -> str:
        """One line: mode, steps, factorizations, error."""
        if self.controlled:
            mode = f"error-controlled (rtol={self.rtol:g}, estimated error " \
                   f"{self.error_estimate:.2g})"
        else:
            mode = f"fixed steps (dt={self.dt:g}, error not estimated)"
        text = (f"{self.time_scheme}, {mode}: {self.accepted_steps} steps "
                f"({self.rejected_steps} rejected, {self.refinements} refined) of "
                f"{self.smallest_step:.3g} .. {self.largest_step:.3g}, "
                f"{self.factorizations} factorizations, negative part "
                f"{self.negative_part:.2g}")
        return text + (f", {len(self.warnings)} warning(s)" if self.warnings else "")

    @staticmethod
    def merged(reports: list[EvolutionReport]) -> EvolutionReport:
        """One report for consecutive runs (e.g. the segments of a protocol)."""
        first, accepted = reports[0], [r for r in reports if r.accepted_steps]
        errors = [r.error_estimate for r in reports]
        return EvolutionReport(
            time_scheme=first.time_scheme, controlled=first.controlled, rtol=first.rtol,
            dt=first.dt, accepted_steps=sum(r.accepted_steps for r in reports),
            rejected_steps=sum(r.rejected_steps for r in reports),
            factorizations=sum(r.factorizations for r in reports),
            smallest_step=min((r.smallest_step for r in accepted), default=0.0),
            largest_step=max((r.largest_step for r in accepted), default=0.0),
            error_estimate=None if None in errors else float(sum(errors)),
            negative_part=max(r.negative_part for r in reports),
            allowed_negative_part=max(r.allowed_negative_part for r in reports),
            refinements=sum(r.refinements for r in reports),
            warnings=tuple(w for r in reports for w in r.warnings))


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    # not BLAS: a threaded ddot waits for busy cores for milliseconds per call
    return float(np.sum(a * b))


def _flushed(y: np.ndarray) -> np.ndarray:
    y[np.abs(y) < _TINY] = 0.0
    return y


class PhysicalCheck:
    """Checks of states ``rho = y + shift`` (see the module docstring).

    Parameters
    ----------
    areas : (N,) cell areas (sr).
    points : (N, 3) unit cell centres, or None (no ``|<u>|`` check).
    shift : (N,) added to every checked ``y`` (the reference state), or None.
    rho0 : (N,) initial density: its negative part is allowed.
    """

    def __init__(self, areas, points=None, shift=None, rho0=None):
        self.areas, self.points = np.asarray(areas, dtype=float), points
        self.shift = np.zeros_like(self.areas) if shift is None else shift
        start = 0.0 if rho0 is None else self.negative_part(rho0)
        self.allowance = max(ROUNDOFF, start, self.negative_part(self.shift))
        self.largest_negative = start
        self.warnings: list[str] = []
        self.repaired: list[tuple[float, float, str]] = []  # (t, negative part, problem)

    def negative_part(self, rho: np.ndarray) -> float:
        return max(0.0, -_dot(self.areas, np.minimum(rho, 0.0)))

    def problem(self, y: np.ndarray) -> str | None:
        """None if ``y + shift`` is physical within the allowance, else what is wrong."""
        if not np.all(np.isfinite(y)):
            return "non-finite densities"
        rho = y + self.shift
        negative = self.negative_part(rho)
        if negative > self.allowance:
            return f"a negative probability of {negative:.3g}"
        if self.points is not None:
            moment = float(np.linalg.norm(np.einsum("i,ij->j", self.areas * rho, self.points)))
            if moment > 1.0 + 2.0 * self.allowance + 1e-9:
                return f"|<u>| = {moment:.9g} > 1"
        return None

    def attribute(self, y: np.ndarray, time_error: np.ndarray) -> bool:
        """True, and the allowance raised, if the negative part of ``y + shift`` is more
        than twice what the estimated time error ``time_error`` (N,) can account for in
        the negative cells: the time-exact state then carries at least half of it."""
        if not np.all(np.isfinite(y)):
            return False
        rho = y + self.shift
        cells = rho < 0.0
        part = -_dot(self.areas[cells], rho[cells])
        if part > 2.0 * _dot(self.areas[cells], np.abs(time_error[cells])):
            self.allowance = max(self.allowance, 2.0 * part)
            return True
        return False

    def accepted(self, y: np.ndarray) -> None:
        self.largest_negative = max(self.largest_negative, self.negative_part(y + self.shift))

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        warnings.warn(message, EvolutionWarning, stacklevel=4)


def refined_step(advance: Callable[[np.ndarray, float, float], np.ndarray], order: int,
                 check: PhysicalCheck, y: np.ndarray, coarse: np.ndarray, t: float,
                 h: float, label: str) -> np.ndarray:
    """The step ``y(t) -> y(t + h)`` whose result ``coarse`` is suspicious, redone in
    2, 4, ... ``2**MAX_REFINEMENTS`` sub-steps ``advance(y, t_start, step)`` (a one-step
    map of order ``order``) until it is physical or its negative part is attributed
    to the spatial operator (Richardson estimate of the time error); else kept, with a
    warning that starts with ``label`` (e.g. ``"dt=0.05"``)."""
    previous, factor, problem = coarse, 2.0**order - 1.0, check.problem(coarse)
    first = (problem, check.negative_part(coarse + check.shift))
    for level in range(1, MAX_REFINEMENTS + 1):
        fine, m = y, 2**level
        for i in range(m):
            fine = _flushed(advance(fine, t + i * h / m, h / m))
        problem = check.problem(fine)
        if problem is None:
            check.repaired.append((t, first[1], first[0]))
            return fine
        if check.attribute(fine, (fine - previous) / factor):
            return fine
        previous = fine
    check.warn(f"{label}: the step from t={t:.6g} to t={t + h:.6g} gives {problem} even in "
               f"{2**MAX_REFINEMENTS} sub-steps; the returned densities are not physical "
               "there (use error-controlled steps, dt=None, or a smaller dt)")
    check.allowance = max(check.allowance, check.negative_part(previous + check.shift))
    return previous


class _Steps:
    """One-step maps cached per step size; counts the factorizations they make."""

    def __init__(self, L: sp.csr_matrix):
        self.L, self.factorizations = L, 0
        self._cache: dict[tuple[str, bool, float], Callable] = {}

    def _factorize(self, matrix, shift):
        self.factorizations += 1
        return _lu(matrix, shift)

    def cached(self, scheme: TimeScheme, h: float, embedded: bool = True) -> bool:
        return (scheme.name, embedded, float(f"{h:.12e}")) in self._cache

    def get(self, scheme: TimeScheme, h: float, embedded: bool = False):
        # steps equal to 12 digits share one map (output times carry round-off)
        key = (scheme.name, embedded, float(f"{h:.12e}"))
        if key not in self._cache:
            make = scheme.embedded if embedded else scheme.factory
            self._cache[key] = make(self.L, key[2], self._factorize)
        return self._cache[key]


@dataclass
class _Tally:
    accepted: int = 0
    rejected: int = 0
    refinements: int = 0
    smallest: float = math.inf
    largest: float = 0.0
    error: float = 0.0
    kept: dict[str, list] = field(default_factory=dict)  # what -> [count, first t, text]

    def keep(self, what: str, t: float, text: str) -> None:
        """Count a step kept although ``what`` is wrong (reported once, at the end)."""
        self.kept.setdefault(what, [0, t, text])[0] += 1

    def accept(self, h: float) -> None:
        self.accepted += 1
        self.smallest, self.largest = min(self.smallest, h), max(self.largest, h)


class TimeBar:
    """Progress over simulated time (tau_N): a tqdm bar on stderr, or nothing.

    ``at(t)`` moves it to the time ``t`` reached (every accepted step), so a run with
    a single output time shows progress too.
    """

    def __init__(self, enabled: bool, end: float, desc: str = "fpsphere evolve"):
        self._bar, self._t = None, 0.0
        if enabled and end > 0:
            from tqdm import tqdm

            self._bar = tqdm(total=float(end), desc=desc, unit="tau_N",
                             bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.4g}/{total:.4g} "
                                        "tau_N [{elapsed}<{remaining}]")

    def at(self, t: float) -> None:
        if self._bar is not None and t > self._t:
            self._bar.update(t - self._t)
            self._t = t

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def propagate(L: sp.spmatrix, rho0: np.ndarray, times, *, areas: np.ndarray,
              points: np.ndarray | None = None, reference: np.ndarray | None = None,
              time_scheme: str = "tr_bdf2", dt: float | None = None,
              rtol: float | None = None,
              callback: Callable[[float, np.ndarray], None] | None = None,
              progress: bool = False) -> tuple[np.ndarray, EvolutionReport]:
    """Densities at ``times`` from ``rho0`` at tau = 0 under ``d rho/d tau = L rho``.

    Inputs are assumed checked (:mod:`fpsphere.solvers.inputs`).

    Parameters
    ----------
    L : (N, N) sparse operator (1/tau_N), e.g. ``model.transient_matrix``.
    rho0 : (N,) initial density, ``sum(rho0 * areas) = 1``.
    times : (T,) increasing output times >= 0 (tau_N).
    areas : (N,) cell areas (sr).
    points : (N, 3) unit cell centres: enables the ``|<u>| <= 1`` check.
    reference : (N,) stationary state or None: ``rho - reference`` is stepped and
        added back (``d rho/d tau = L (rho - reference)``; keeps it exactly stationary).
    time_scheme : a key of :data:`~fpsphere.solvers.TIME_SCHEMES`.
    dt : None (default): error-controlled steps.  Given without ``rtol``: fixed steps,
        each output interval cut into equal steps no longer than ``dt``.  Given with
        ``rtol``: the largest controlled step.
    rtol : tolerance of the controlled steps (default :data:`DEFAULT_RTOL`).
    callback : ``f(t, rho)`` after every accepted step (the sub-steps of a refined
        fixed step are not reported one by one).
    progress : a tqdm bar (stderr) over the simulated time, to ``times[-1]``.

    Returns
    -------
    rho : (T, N) densities at ``times``.
    report : :class:`EvolutionReport`.
    """
    method = TIME_SCHEMES[time_scheme]
    times = np.atleast_1d(np.asarray(times, dtype=float))
    rho0 = _flushed(np.array(rho0, dtype=float))
    shift = np.zeros_like(rho0) if reference is None else \
        _flushed(np.array(reference, dtype=float))
    controlled = dt is None or rtol is not None
    if controlled and method.embedded is None:
        raise ValueError(f"time_scheme={time_scheme!r} has no error estimate: controlled "
                         "steps need one of "
                         f"{sorted(n for n, s in TIME_SCHEMES.items() if s.embedded)}")
    tolerance = (DEFAULT_RTOL if rtol is None else float(rtol)) if controlled else None
    steps, tally = _Steps(sp.csr_matrix(L)), _Tally()
    check = PhysicalCheck(areas, points, shift, rho0)
    emit = None if callback is None else (lambda t, y: callback(t, y + shift))
    bar = TimeBar(progress, times[-1])
    try:
        if controlled:
            delta = _controlled(method, steps, check, tally, rho0 - shift, times, tolerance,
                                math.inf if dt is None else float(dt), emit, bar)
        else:
            delta = _fixed(method, steps, check, tally, rho0 - shift, times, float(dt),
                           emit, bar)
    finally:
        bar.close()
    report = EvolutionReport(
        time_scheme=time_scheme, controlled=controlled, rtol=tolerance,
        dt=None if dt is None else float(dt), accepted_steps=tally.accepted,
        rejected_steps=tally.rejected, factorizations=steps.factorizations,
        smallest_step=tally.smallest if tally.accepted else 0.0,
        largest_step=tally.largest, error_estimate=tally.error if controlled else None,
        negative_part=check.largest_negative, allowed_negative_part=check.allowance,
        refinements=tally.refinements, warnings=tuple(check.warnings))
    return delta + shift, report


def _fixed(method, steps, check, tally, y, times, dt, emit, bar):
    out = np.empty((times.size, y.size))
    one_step = TIME_SCHEMES[method.one_step]
    t, prev, last_h = 0.0, None, None
    for k, target in enumerate(times):
        if target > t:
            n = steps_in(target - t, dt)
            h = (target - t) / n
            step = steps.get(method, h)
            if last_h is None or abs(h - last_h) > 1e-12 * h:
                prev = None  # a multistep history is only valid for equal steps
            last_h = h
            for j in range(n):
                new = _flushed(step(y, prev))
                if check.problem(new) is None:
                    prev = y
                else:
                    tally.refinements += 1
                    new = refined_step(lambda v, _t, s: steps.get(one_step, s)(v, None),
                                       one_step.order, check, y, new, t, h, f"dt={dt:g}")
                    prev = None
                y, t = new, (target if j == n - 1 else t + h)
                tally.accept(h)
                check.accepted(y)
                bar.at(t)
                if emit is not None:
                    emit(t, y)
        t = target
        out[k] = y
    visible = [r for r in check.repaired if r[1] > REPAIR_WARNING or "|<u>|" in r[2]]
    if visible:
        first_t, _, problem = visible[0]
        check.warn(f"dt={dt:g} is too long here: {len(visible)} step(s), the first at "
                   f"t={first_t:.6g}, gave {problem} and were redone in sub-steps (the "
                   "returned densities are physical, their time error is not estimated: "
                   "use error-controlled steps, dt=None)")
    return out


class _Ladder:
    """Steps ``base * 2**-k`` for ``k >= k_min`` (``base * 2**-k_min <= max_step``)."""

    def __init__(self, base: float, max_step: float):
        self.base = base
        self.k_min = -_MAX_DEPTH if math.isinf(max_step) else self.rung_below(max_step)

    def size(self, k: int) -> float:
        return math.ldexp(self.base, -k)

    def rung_below(self, h: float) -> int:
        """The smallest ``k`` with ``size(k) <= h``."""
        k = math.ceil(math.log2(self.base / h) - 1e-12)
        return k + 1 if self.size(k) > h * (1 + 1e-12) else k

    def landing(self, k: int, remaining: float, slack: float,
                cached) -> tuple[float, bool]:
        """``(h, lands)``: the next step towards an output ``remaining`` ahead (at most
        one step of rung ``k``), the cheapest of ``n`` equal steps of a rung that divides
        ``remaining`` to ``slack`` and one odd step ``remaining`` (a factorization costs
        about :data:`_FACTORIZATION` steps)."""
        best, cost = (remaining, True), 1 + _FACTORIZATION
        j = max(k, self.rung_below(remaining * (1 + 1e-9)))
        while self.size(j) * cost > remaining:  # n >= cost steps cannot be cheaper
            n = round(remaining / self.size(j))
            if n >= 1 and abs(remaining - n * self.size(j)) <= slack:
                option = n + (0 if cached(self.size(j)) else _FACTORIZATION)
                if option < cost:
                    best, cost = (self.size(j), n == 1), option
            j += 1
        return best


def _error_ratio(error, y, new, shift, areas, rtol, floor) -> float:
    """The step's local error over the tolerance (the norm of the module docstring)."""
    rho, rho_new = y + shift, new + shift
    floor = max(floor, -float(rho.min()), -float(rho_new.min()))
    magnitude = np.maximum(np.abs(rho), np.abs(rho_new))
    error = np.abs(error)
    noise = _NOISE * (np.abs(new) + np.abs(shift))  # rho is not known better
    above = magnitude > floor
    relative = error[above] / (rtol * magnitude[above] + noise[above])
    total = float(np.sum(areas))
    ratio = math.sqrt(_dot(areas[above], relative * relative) / total)
    below = _dot(areas[~above], np.maximum(error[~above] - noise[~above], 0.0))
    ratio = max(ratio, below / (rtol * floor * total))
    return ratio if math.isfinite(ratio) else math.inf


def _first_step(L, y, shift, areas, rtol, floor, order, max_step) -> float:
    """Step whose error ``~ h**(order+1) |L**(order+1) y| / (order+1)!`` meets the
    tolerance (a cheap guess that the controller corrects)."""
    derivative = y
    for _ in range(order + 1):
        derivative = L @ derivative
    size = _error_ratio(derivative / math.factorial(order + 1), y, y, shift, areas, rtol,
                        floor)
    if not math.isfinite(size) or size <= 0:
        return max_step
    return min(max_step, (_SAFETY / size) ** (1.0 / (order + 1)))


def _controlled(method, steps, check, tally, y, times, rtol, max_step, emit, bar):
    out = np.empty((times.size, y.size))
    areas, shift = check.areas, check.shift
    floor = DENSITY_FLOOR / float(np.sum(areas))
    intervals = np.diff(np.concatenate([[0.0], times]))
    base = float(intervals[intervals > 0][0]) if np.any(intervals > 0) else 1.0
    ladder = _Ladder(base, max_step)
    order = method.order
    h0 = _first_step(steps.L, y, shift, areas, rtol, floor, order, min(max_step, base))
    k = max(ladder.k_min, ladder.rung_below(h0))
    t, carry, carry_h = 0.0, None, None
    for index, target in enumerate(times):
        while target - t > 1e-12 * max(target, base):
            h, landing = ladder.size(k), False
            if target - t <= h * (1 + 1e-9):  # the last steps hit the output exactly
                h, landing = ladder.landing(k, target - t, 1e-10 * max(target, base),
                                            lambda size: steps.cached(method, size))
            new, error, next_carry = steps.get(method, h, embedded=True)(
                y, carry if carry_h == h else None)
            new = _flushed(new)
            ratio = _error_ratio(error, y, new, shift, areas, rtol, floor)
            grow = (_SAFETY / ratio) ** (1.0 / (order + 1)) if ratio > 0 else 2.0**_MAX_GROWTH
            smallest = k >= _MAX_DEPTH
            if ratio > 1.0 and not smallest:
                tally.rejected += 1
                k = max(k, ladder.rung_below(h * min(0.5, max(grow, 1e-3))))
                continue
            problem = check.problem(new)
            if problem is not None and not check.attribute(new, error):
                if not smallest:  # the time error may explain it: smaller steps
                    tally.rejected += 1
                    tally.refinements += 1
                    k = max(k, ladder.rung_below(0.5 * h))
                    continue
                tally.keep("unphysical", t, problem)
                check.allowance = max(check.allowance, check.negative_part(new + shift))
            if ratio > 1.0:
                tally.keep("inaccurate", t, f"a local error of {ratio:.3g} x rtol")
            y, t = new, (target if landing else t + h)
            carry, carry_h = (None if next_carry is None else _flushed(next_carry)), h
            tally.accept(h)
            tally.error += ratio * rtol
            check.accepted(y)
            bar.at(t)
            if emit is not None:
                emit(t, y)
            if h == ladder.size(k) and grow >= 2.0:
                k = max(ladder.k_min, k - min(_MAX_GROWTH, int(math.log2(grow))))
        out[index] = y
    for count, first, text in tally.kept.values():
        check.warn(f"rtol={rtol:g}: {count} step(s) from t={first:.6g} on were kept at the "
                   f"smallest step {ladder.size(_MAX_DEPTH):.3g} with {text}")
    return out
