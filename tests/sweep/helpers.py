"""Picklable module-level computations for the sweep tests (they run in worker processes)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def polynomial(params, shared):
    """A deterministic result of two parameters and the group's shared offset."""
    x, n = params["x"], params["n"]
    offset = 0.0 if shared is None else shared["offset"]
    return {"y": x**2 + n + offset, "z": x * n}


def offset_setup(group_params):
    """The shared object of a group: an offset that depends on ``n``."""
    return {"offset": 10.0 * group_params.get("n", 0), "pid": os.getpid()}


def fails_at_negative(params, shared):
    """Raises for x < 0: a failed point that must not stop the sweep."""
    if params["x"] < 0:
        raise ValueError(f"x={params['x']} is negative")
    return {"y": params["x"]}


def trivial(params, shared):
    """Nothing to compute: measures the per-point overhead of a back end."""
    return {"y": 0.0}


@dataclass(frozen=True)
class CountingCompute:
    """Writes one file per call into ``directory``; raises KeyboardInterrupt after ``stop_after``.

    The files count the calls across processes and restarts.
    """

    directory: str
    stop_after: int | None = None

    def __call__(self, params, shared):
        folder = Path(self.directory)
        calls = len(list(folder.glob("call-*")))
        if self.stop_after is not None and calls >= self.stop_after:
            raise KeyboardInterrupt
        (folder / f"call-{calls:04d}-{params['x']!r}").write_text("")
        return {"y": 2.0 * params["x"]}


def icosphere_setup(group_params):
    """The mesh of a group: an icosphere of level ``mesh.level``."""
    from fpsphere.mesh import icosphere

    return icosphere(group_params["mesh.level"])


def uniaxial_lambda_1(params, mesh):
    """Slowest nonzero rate of a uniaxial well of barrier sigma (1/tau_N), alpha = 1."""
    from fpsphere import FokkerPlanck, Uniaxial

    model = FokkerPlanck(mesh, Uniaxial(sigma=params["sigma"]), alpha=1.0)
    return {"lambda_1": float(model.spectrum(2)[1].real)}


def blas_threads(params, shared):
    """The thread counts a worker process was started with (0: unset)."""
    return {name: float(os.environ.get(name, "0"))
            for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}


def malloc_trim(params, shared):
    """The ``MALLOC_TRIM_THRESHOLD_`` a worker process was started with (-1: unset)."""
    return {"trim": float(os.environ.get("MALLOC_TRIM_THRESHOLD_", "-1"))}
