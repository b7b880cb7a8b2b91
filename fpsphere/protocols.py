"""Drive protocols: piecewise-constant (a current pulse, a stepped field sweep) and
continuous (a linear field sweep, a ramped current).

* :func:`run_protocol`: a sequence of :class:`Segment` (a model and how long it acts);
  the density is carried from one segment to the next and each segment reuses its
  own cached factorizations (:func:`fpsphere.solvers.integrate`).
* :func:`run_continuous`: ``model_at(t)`` changes at every step.  The implicit
  midpoint/Crank-Nicolson step (second order for time-dependent operators) is
  solved by GMRES preconditioned with the LU of a nearby step's matrix; the LU is
  refreshed only when GMRES needs more than ``max_iterations``, so a slow sweep
  costs one factorization per many steps (the cheap update path).

Times are global (tau_N from the start).  Depends on :mod:`fpsphere.model`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.model import Evolution, FokkerPlanck
from fpsphere.observables import mean_moment
from fpsphere.solvers import TIME_SCHEMES

__all__ = ["ContinuousRun", "Segment", "run_continuous", "run_protocol"]


@dataclass(frozen=True)
class Segment:
    """``model`` acting for ``duration`` tau_N."""

    model: FokkerPlanck
    duration: float


def run_protocol(segments: Sequence[Segment], rho0: np.ndarray, times, *,
                 scheme: str = "tr_bdf2", dt: float = 1e-3, progress: bool = False) -> Evolution:
    """Densities at global ``times`` under a piecewise-constant protocol.

    Parameters
    ----------
    segments : Segment sequence, all on the same mesh.
    rho0 : initial density (normalized, >= 0).
    times : increasing output times within the protocol's total duration.
    scheme, dt : time scheme and largest step (tau_N).
    """
    if not segments:
        raise ParameterError("segments is empty: give at least one Segment")
    mesh = segments[0].model.mesh
    for k, seg in enumerate(segments):
        if seg.model.mesh is not mesh:
            raise ParameterError(f"segment {k} uses another mesh: all segments must share one")
        if not (np.isfinite(seg.duration) and seg.duration > 0):
            raise ParameterError(f"segment {k} has duration={seg.duration!r}: expected > 0")
    if scheme not in TIME_SCHEMES:
        raise ParameterError(f"scheme={scheme!r} is not allowed: expected one of "
                             f"{sorted(TIME_SCHEMES)}")
    times = np.atleast_1d(np.asarray(times, dtype=float))
    ends = np.cumsum([seg.duration for seg in segments])
    if times.min() < 0 or times.max() > ends[-1] * (1 + 1e-12) or np.any(np.diff(times) <= 0):
        raise ParameterError(f"times must increase within [0, {ends[-1]:g}] (the protocol)")
    # validate rho0 once through the first model's checks (a zero-length run)
    rho = segments[0].model.evolve(rho0, [0.0], scheme=scheme, dt=dt).rho[0]
    out = np.empty((times.size, mesh.n_cells))
    start = 0.0
    for seg, end in zip(segments, ends, strict=True):
        inside = (times > start) & (times <= end) if start > 0 else (times >= 0) & (times <= end)
        local = np.concatenate([times[inside] - start, [end - start]])
        local = np.unique(local)
        path = seg.model.propagate(rho, local, dt, scheme, None, progress)
        wanted = np.searchsorted(local, times[inside] - start)
        out[inside] = path[wanted]
        rho = path[-1]
        start = end
    return Evolution(times=times, rho=out, mean_moment=mean_moment(mesh, out))


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
    of ``I - dt/2 L(t_ref)`` from the last refresh.

    Parameters
    ----------
    model_at : callable ``t -> FokkerPlanck`` (all on one mesh), e.g.
        ``lambda t: FokkerPlanck(mesh, U + Zeeman(xi0 - rate * t), alpha)``.
    rho0 : initial density (normalized, >= 0).
    times : increasing output times >= 0 (tau_N).
    dt : largest step (tau_N); each interval between output times is cut evenly.
    rtol : relative residual of each linear solve.
    max_iterations : GMRES iterations above which the preconditioner is refreshed.
    progress : progress bar over steps.
    """
    import scipy.sparse as sp
    import scipy.sparse.linalg as spl
    from tqdm.auto import tqdm

    from fpsphere.solvers.timestepping import _Solver

    first = model_at(0.0)
    if not isinstance(first, FokkerPlanck):
        raise ParameterError(f"model_at(0.0) returned {type(first).__name__}: expected a "
                             "FokkerPlanck model")
    mesh = first.mesh
    if not (np.isfinite(dt) and dt > 0):
        raise ParameterError(f"dt={dt!r} is not allowed: expected a finite step > 0")
    if isinstance(max_iterations, bool) or not isinstance(max_iterations, int) or (
            max_iterations < 1):
        raise ParameterError(f"max_iterations={max_iterations!r} is not allowed: expected an "
                             "int >= 1")
    times = np.atleast_1d(np.asarray(times, dtype=float))
    rho = first.evolve(rho0, [0.0], dt=dt).rho[0]  # validates rho0 and its normalization
    if times.min() < 0 or np.any(np.diff(times) <= 0) or not np.all(np.isfinite(times)):
        raise ParameterError(f"times must be finite, >= 0 and increasing, got {times!r}")
    grid = [0.0]
    for end in times:
        start = grid[-1]
        if end > start:
            n = int(np.ceil((end - start) / dt - 1e-9))
            grid.extend(np.linspace(start, end, n + 1)[1:].tolist())
    grid = np.asarray(grid)
    out = np.empty((times.size, mesh.n_cells))
    eye = sp.identity(mesh.n_cells, format="csr")
    solver, ref_step, factorizations, iterations = None, None, 0, 0
    wanted = {float(t): k for k, t in enumerate(times)}
    count = [0]

    def tick(_residual) -> None:
        count[0] += 1

    if 0.0 in wanted:
        out[wanted[0.0]] = rho
    for t0, t1 in tqdm(zip(grid[:-1], grid[1:], strict=True), total=grid.size - 1,
                       disable=not progress, desc="steps"):
        h = t1 - t0
        model = model_at(0.5 * (t0 + t1))
        if model.mesh is not mesh:
            raise ParameterError(f"model_at({0.5 * (t0 + t1):g}) uses another mesh: every "
                                 "model must share the mesh of model_at(0)")
        L = model.transient_matrix
        system = (eye - 0.5 * h * L).tocsr()
        rhs = rho + 0.5 * h * (L @ rho)
        pi = model.transient_reference()
        if pi is not None:  # balanced about exp(-U_d): d rho/dt = L (rho - pi(t))
            rhs -= h * (L @ pi)
        if solver is None or abs(ref_step - h) > 1e-6 * h:
            solver, ref_step = _Solver(L, 0.5 * h), h
            factorizations += 1
        for attempt in range(2):
            count[0] = 0
            pre = spl.LinearOperator(system.shape, matvec=solver.solve)
            new, info = spl.gmres(system, rhs, x0=solver.solve(rhs), M=pre, rtol=rtol,
                                  atol=0.0, restart=max_iterations,
                                  maxiter=1 if attempt == 0 else 20,
                                  callback=tick, callback_type="pr_norm")
            iterations += count[0]
            if info == 0 and count[0] <= max_iterations:
                break
            solver = _Solver(L, 0.5 * h)  # refresh the preconditioner at this step
            factorizations += 1
        else:
            if info != 0:
                raise RuntimeError(f"the implicit step at t = {t1:g} did not converge")
        rho = new
        k = wanted.get(float(t1))
        if k is not None:
            out[k] = rho
    return ContinuousRun(times=times, rho=out, mean_moment=mean_moment(mesh, out),
                         factorizations=factorizations, iterations=iterations,
                         steps=grid.size - 1)
