"""Drive protocols: piecewise-constant (a current pulse, a stepped field sweep) and
continuous (a linear field sweep, a ramped current).

* :func:`run_protocol`: a sequence of :class:`Segment` (a model and how long it acts);
  the density is carried from one segment to the next, each segment evolved by
  :func:`fpsphere.solvers.evolution.propagate` (error-controlled by default, or fixed
  steps with ``dt``; every step checked, one merged report).
* :func:`run_continuous`: ``model_at(t)`` changes at every step.  The implicit
  midpoint/Crank-Nicolson step (second order for time-dependent operators) is
  solved by GMRES preconditioned with the LU of a nearby step's matrix; the LU is
  refreshed only when GMRES needs more than ``max_iterations``, so a slow sweep
  costs one factorization per many steps (the cheap update path).  Every step is
  checked as in ``propagate`` (a suspicious step is redone in sub-steps).

Times are global (tau_N from the start).  Depends on :mod:`fpsphere.model` and
:mod:`fpsphere.solvers.evolution`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.model import Evolution, FokkerPlanck
from fpsphere.observables import mean_moment
from fpsphere.solvers.evolution import EvolutionReport, PhysicalCheck, propagate, refined_step
from fpsphere.solvers.inputs import checked_density, checked_steps
from fpsphere.solvers.timestepping import steps_in

__all__ = ["ContinuousRun", "Segment", "run_continuous", "run_protocol"]


@dataclass(frozen=True)
class Segment:
    """``model`` acting for ``duration`` tau_N."""

    model: FokkerPlanck
    duration: float


def run_protocol(segments: Sequence[Segment], rho0: np.ndarray, times, *,
                 time_scheme: str = "tr_bdf2", dt: float | None = None,
                 rtol: float | None = None, progress: bool = False,
                 scheme: str | None = None) -> Evolution:
    """Densities at global ``times`` under a piecewise-constant protocol.

    Parameters
    ----------
    segments : Segment sequence, all on the same mesh.
    rho0 : initial density (normalized, >= 0).
    times : increasing output times within the protocol's total duration (tau_N).
    time_scheme, dt, rtol : as in :func:`fpsphere.solvers.evolution.propagate`: dt None
        (default) for error-controlled steps, else fixed steps no longer than ``dt``
        (each segment boundary is an output, so segments are cut evenly).
    progress : a progress bar per segment.
    scheme : deprecated spelling of ``time_scheme``.

    Returns
    -------
    Evolution, its ``report`` merged over the segments.
    """
    if scheme is not None:
        warnings.warn(f"run_protocol(scheme={scheme!r}) is deprecated: use "
                      f"run_protocol(time_scheme={scheme!r})", DeprecationWarning, stacklevel=2)
        time_scheme = scheme
    if not segments:
        raise ParameterError("segments is empty: give at least one Segment")
    mesh = segments[0].model.mesh
    for k, seg in enumerate(segments):
        if seg.model.mesh is not mesh:
            raise ParameterError(f"segment {k} uses another mesh: all segments must share one")
        if not (np.isfinite(seg.duration) and seg.duration > 0):
            raise ParameterError(f"segment {k} has duration={seg.duration!r}: expected > 0")
    rho = checked_density(mesh.areas, rho0)
    times, dt = checked_steps(times, dt, time_scheme, rtol)
    ends = np.cumsum([seg.duration for seg in segments])
    if times.max() > ends[-1] * (1 + 1e-12):
        raise ParameterError(f"times={times!r} is not allowed: expected times within "
                             f"[0, {ends[-1]:g}] (the protocol)")
    out = np.empty((times.size, mesh.n_cells))
    reports, start = [], 0.0
    for seg, end in zip(segments, ends, strict=True):
        inside = (times > start) & (times <= end) if start > 0 else (times <= end)
        local = np.unique(np.concatenate([times[inside] - start, [end - start]]))
        path, report = propagate(
            seg.model.transient_matrix, rho, local, areas=mesh.areas, points=mesh.points,
            reference=seg.model.transient_reference(), time_scheme=time_scheme, dt=dt,
            rtol=rtol, progress=progress)
        out[inside] = path[np.searchsorted(local, times[inside] - start)]
        rho, start = path[-1], end
        reports.append(report)
        if times.max() <= end:
            break
    return Evolution(times=times, rho=out, mean_moment=mean_moment(mesh, out),
                     report=EvolutionReport.merged(reports))


@dataclass(frozen=True)
class ContinuousRun(Evolution):
    """:class:`~fpsphere.model.Evolution` plus the solver's bookkeeping.

    Attributes
    ----------
    factorizations : number of LU factorizations (preconditioner refreshes).
    iterations : total GMRES iterations over all steps.
    steps : number of time steps.
    """

    factorizations: int = 0
    iterations: int = 0
    steps: int = 0


def run_continuous(model_at, rho0: np.ndarray, times, *, dt: float, rtol: float = 1e-11,
                   max_iterations: int = 8, progress: bool = False) -> ContinuousRun:
    """Densities at ``times`` under a continuously changing operator ``L(t)``.

    ``L(t)`` is each model's :attr:`~fpsphere.model.FokkerPlanck.transient_matrix`,
    balanced, as in ``evolve``, about ``pi(t) = exp(-U_d)/Z`` where that state is
    exact (equilibrium, or a common symmetry axis): ``d rho/dt = L (rho - pi)``.

    Step ``(I - dt/2 L(t + dt/2)) y' = (I + dt/2 L(t + dt/2)) y`` (implicit midpoint,
    second order, A-stable); each solve is GMRES to ``rtol`` preconditioned by the LU
    of ``I - dt/2 L(t_ref)`` from the last refresh.  Every step is checked
    (:class:`~fpsphere.solvers.evolution.PhysicalCheck`): a suspicious one is redone
    in 2, 4, ... sub-steps, or kept with an ``EvolutionWarning``.

    Parameters
    ----------
    model_at : callable ``t -> FokkerPlanck`` (all on one mesh), e.g.
        ``lambda t: FokkerPlanck(mesh, U + Zeeman(xi0 - rate * t), alpha)``.
    rho0 : initial density (normalized, >= 0).
    times : increasing output times >= 0 (tau_N).
    dt : largest step (tau_N); each interval between output times is cut evenly into
        at least one step.
    rtol : relative residual of each linear solve.
    max_iterations : GMRES iterations above which the preconditioner is refreshed.
    progress : progress bar over steps.
    """
    from tqdm.auto import tqdm

    first = model_at(0.0)
    if not isinstance(first, FokkerPlanck):
        raise ParameterError(f"model_at(0.0) returned {type(first).__name__}: expected a "
                             "FokkerPlanck model")
    mesh = first.mesh
    if isinstance(dt, bool) or not isinstance(dt, (int, float, np.floating)) or not (
            np.isfinite(dt) and dt > 0):
        raise ParameterError(f"dt={dt!r} is not allowed: expected a finite step > 0")
    if isinstance(max_iterations, bool) or not isinstance(max_iterations, int) or (
            max_iterations < 1):
        raise ParameterError(f"max_iterations={max_iterations!r} is not allowed: expected an "
                             "int >= 1")
    rho = checked_density(mesh.areas, rho0)
    times, _ = checked_steps(times, dt, "crank_nicolson", None)
    grid = [0.0]
    for end in times:
        if end > grid[-1]:
            n = steps_in(end - grid[-1], dt)
            grid.extend(np.linspace(grid[-1], end, n + 1)[1:].tolist())
    grid = np.asarray(grid)
    out = np.empty((times.size, mesh.n_cells))
    midpoint = _Midpoint(model_at, mesh, rtol, max_iterations)
    check = PhysicalCheck(mesh.areas, mesh.points, None, rho)
    wanted = {float(t): k for k, t in enumerate(times)}
    refinements = 0
    if 0.0 in wanted:
        out[wanted[0.0]] = rho
    for t0, t1 in tqdm(zip(grid[:-1], grid[1:], strict=True), total=grid.size - 1,
                       disable=not progress, desc="steps"):
        new = midpoint.advance(rho, t0, t1 - t0)
        if check.problem(new) is not None:
            refinements += 1
            new = refined_step(midpoint.advance, 2, check, rho, new, t0, t1 - t0,
                               f"dt={dt:g}")
        rho = new
        check.accepted(rho)
        k = wanted.get(float(t1))
        if k is not None:
            out[k] = rho
    h = np.diff(grid)
    report = EvolutionReport(
        time_scheme="crank_nicolson", controlled=False, rtol=None, dt=float(dt),
        accepted_steps=h.size, rejected_steps=0, factorizations=midpoint.factorizations,
        smallest_step=float(h.min()) if h.size else 0.0,
        largest_step=float(h.max()) if h.size else 0.0, error_estimate=None,
        negative_part=check.largest_negative, allowed_negative_part=check.allowance,
        refinements=refinements, warnings=tuple(check.warnings))
    return ContinuousRun(times=times, rho=out, mean_moment=mean_moment(mesh, out),
                         report=report, factorizations=midpoint.factorizations,
                         iterations=midpoint.iterations, steps=grid.size - 1)


class _Midpoint:
    """The implicit midpoint step of :func:`run_continuous` with its preconditioner."""

    def __init__(self, model_at, mesh, rtol: float, max_iterations: int):
        self.model_at, self.mesh = model_at, mesh
        self.rtol, self.max_iterations = rtol, max_iterations
        self.solvers: dict[float, object] = {}  # step -> LU preconditioner (any t_ref)
        self.factorizations = self.iterations = 0

    def advance(self, rho: np.ndarray, t0: float, h: float) -> np.ndarray:
        import scipy.sparse as sp
        import scipy.sparse.linalg as spl

        from fpsphere.solvers.timestepping import _Solver

        model = self.model_at(t0 + 0.5 * h)
        if model.mesh is not self.mesh:
            raise ParameterError(f"model_at({t0 + 0.5 * h:g}) uses another mesh: every "
                                 "model must share the mesh of model_at(0)")
        L = model.transient_matrix
        system = (sp.identity(L.shape[0], format="csr") - 0.5 * h * L).tocsr()
        rhs = rho + 0.5 * h * (L @ rho)
        pi = model.transient_reference()
        if pi is not None:  # balanced about exp(-U_d): d rho/dt = L (rho - pi(t))
            rhs -= h * (L @ pi)
        key = float(f"{h:.6e}")
        if key not in self.solvers:
            self.solvers[key] = _Solver(L, 0.5 * h)
            self.factorizations += 1
        count = [0]

        def tick(_residual) -> None:
            count[0] += 1

        for attempt in range(2):
            count[0] = 0
            solver = self.solvers[key]
            pre = spl.LinearOperator(system.shape, matvec=solver.solve)
            new, info = spl.gmres(system, rhs, x0=solver.solve(rhs), M=pre,
                                  rtol=self.rtol, atol=0.0, restart=self.max_iterations,
                                  maxiter=1 if attempt == 0 else 20, callback=tick,
                                  callback_type="pr_norm")
            self.iterations += count[0]
            if info == 0 and count[0] <= self.max_iterations:
                return new
            self.solvers[key] = _Solver(L, 0.5 * h)  # refresh the preconditioner at this t
            self.factorizations += 1
        if info != 0:
            raise RuntimeError(f"the implicit step at t = {t0 + h:g} did not converge")
        return new
