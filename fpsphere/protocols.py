"""Piecewise-constant drive protocols: a current pulse, a stepped field sweep.

A protocol is a sequence of :class:`Segment` (a model and how long it acts); the
density is carried from one segment to the next and each segment reuses its own
cached factorizations (:func:`fpsphere.solvers.integrate`).  Times are global
(tau_N from the start of the first segment).  Depends on :mod:`fpsphere.model`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.model import Evolution, FokkerPlanck
from fpsphere.observables import mean_moment
from fpsphere.solvers import TIME_SCHEMES, integrate

__all__ = ["Segment", "run_protocol"]


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
        path = integrate(seg.model.matrix, rho, local, dt, scheme, None, progress)
        wanted = np.searchsorted(local, times[inside] - start)
        out[inside] = path[wanted]
        rho = path[-1]
        start = end
    return Evolution(times=times, rho=out, mean_moment=mean_moment(mesh, out))
