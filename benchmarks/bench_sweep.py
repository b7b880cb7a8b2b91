"""Benchmark: a lambda_1 map in-process, on a process pool and on Dask (issue: sweeps).

The map: the slowest relaxation rate ``lambda_1`` (``FokkerPlanck.spectrum``) of a
uniaxial magnet with a transverse field ``h = 0.3`` over ``sigma`` x ``alpha``
(20 x 10 = 200 points) on an icosphere of level 5 (10,242 cells); the mesh is
the shared object of the sweep (built once, sent once per worker).  Prints the
wall time of each back end and the speed-up, then the per-point overhead of the
process pool and of the Dask path on a trivial compute.

    python benchmarks/bench_sweep.py [--level 5] [--sigmas 20] [--alphas 10] [--workers 2]
                                     [--repeat 1] [--bare-cluster]

The Dask cluster is ``fpsphere.sweep.dask_backend.local_cluster`` (what
``scheduler="local"`` starts); ``--bare-cluster`` uses a plain ``LocalCluster``
instead, whose nannies set ``MALLOC_TRIM_THRESHOLD_=65536`` in its workers and in
this process (the cause of the slow workers before the fix: ``docs/how-to/sweeps.md``).
Run it on an otherwise idle machine (it prints the load average before and after).
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np


def icosphere_mesh(group_params):
    """The shared object: the icosphere of the group's level."""
    from fpsphere.mesh import icosphere

    return icosphere(group_params["mesh.level"])


def transverse_lambda_1(params, mesh):
    """lambda_1 tau_N with a transverse field h = 0.3 (xi = 2 sigma h along x)."""
    from fpsphere import FokkerPlanck, Uniaxial, Zeeman

    sigma = params["sigma"]
    energy = Uniaxial(sigma=sigma) + Zeeman(0.6 * sigma, direction=(1.0, 0.0, 0.0))
    return {"lambda_1": float(FokkerPlanck(mesh, energy, params["alpha"]).spectrum(2)[1].real)}


def trivial(params, shared):
    """No work: the cost of the machinery alone."""
    return {"y": 0.0}


def cluster_env(cluster, name: str) -> list[str]:
    """The value of the environment variable ``name`` in each worker of ``cluster``."""
    from distributed import Client

    with Client(cluster) as client:
        return [str(v) for v in client.run(os.environ.get, name).values()]


def timed(sweep, outdir, **where):
    """Wall time of one fresh run (new output folder) and its table."""
    from fpsphere.sweep import run_sweep

    start = time.perf_counter()
    outcome = run_sweep(sweep, outdir, progress=False, **where)
    return time.perf_counter() - start, outcome.table


def best_of(rounds: int, cases: dict, root: Path) -> dict:
    """``{name: (best wall s, table of that run)}``, the cases interleaved in each round
    so that a burst of load from elsewhere does not hit one back end only."""
    best = {name: (np.inf, None) for name in cases}
    for k in range(rounds):
        for name, (sweep, where) in cases.items():
            wall, table = timed(sweep, root / f"{name}-{k}", **where)
            if wall < best[name][0]:
                best[name] = (wall, table)
    return best


def main(level: int = 5, n_sigma: int = 20, n_alpha: int = 10, workers: int = 2,
         repeat: int = 1, bare_cluster: bool = False) -> dict:
    from distributed import LocalCluster

    from fpsphere.sweep import Axis, Sweep, linear, logarithmic
    from fpsphere.sweep.dask_backend import local_cluster

    axes = [Axis("mesh.level", (level,)), linear("sigma", 2.0, 20.0, n_sigma),
            logarithmic("alpha", 0.01, 10.0, n_alpha)]
    sweep = Sweep(axes, transverse_lambda_1, setup=icosphere_mesh, group_by=("mesh.level",))
    n = len(sweep)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"python {platform.python_version()}")
    print(f"lambda_1 map: {n} points, icosphere({level}), {workers} workers")
    print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset')} in this "
          f"process; best of {repeat}; load average before: {os.getloadavg()[0]:.2f}")
    figures = {}
    start = time.perf_counter()
    cluster_of = (lambda n: LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                         dashboard_address=":0")) if bare_cluster else local_cluster
    with tempfile.TemporaryDirectory() as tmp, cluster_of(workers) as cluster:
        figures["cluster start"] = time.perf_counter() - start
        print(f"{'bare LocalCluster' if bare_cluster else 'local_cluster'}: "
              f"MALLOC_TRIM_THRESHOLD_={os.environ.get('MALLOC_TRIM_THRESHOLD_', 'unset')} in "
              "this process now, in the Dask workers "
              f"{sorted(set(cluster_env(cluster, 'MALLOC_TRIM_THRESHOLD_')))}")
        root = Path(tmp)
        runs = best_of(repeat, {"serial": (sweep, {}),
                                "processes": (sweep, {"workers": workers}),
                                "dask": (sweep, {"scheduler": cluster})}, root)
        reference = runs["serial"][1]
        spread = max(np.max(np.abs(t["lambda_1"] / reference["lambda_1"] - 1))
                     for _, t in runs.values())
        print(f"{'back end':>12} {'wall s':>8} {'speed-up':>9} {'s/point':>8} {'compute s':>10}")
        for name, (wall, table) in runs.items():
            figures[name] = wall
            figures[f"compute {name}"] = float(table["elapsed"].sum())
            print(f"{name:>12} {wall:>8.2f} {runs['serial'][0] / wall:>9.2f} {wall / n:>8.3f} "
                  f"{figures[f'compute {name}']:>10.2f}")
        print("(compute s: the per-point compute times summed over all workers; above the "
              "serial value, the workers slowed each other or shared the cores with others)")
        print(f"(LocalCluster start-up {figures['cluster start']:.2f} s, not included; "
              f"largest relative difference between back ends {spread:.1e})")
        n_trivial = 400
        cheap = Sweep([linear("x", 0.0, 1.0, n_trivial)], trivial, chunk_size=1)
        batched = Sweep([linear("x", 0.0, 1.0, n_trivial)], trivial)
        overhead = best_of(repeat, {
            "serial": (cheap, {}),
            "processes, 1 point/task": (cheap, {"workers": workers}),
            "processes, auto chunks": (batched, {"workers": workers}),
            "dask, 1 point/task": (cheap, {"scheduler": cluster}),
            "dask, auto chunks": (batched, {"scheduler": cluster})}, root / "trivial")
        print(f"\noverhead per point, trivial compute, {n_trivial} points (pool start-up "
              "included):")
        for name, (wall, _) in overhead.items():
            figures[f"overhead {name}"] = wall / n_trivial
            print(f"{name:>26}: {1e3 * wall / n_trivial:8.3f} ms/point ({wall:.2f} s)")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--level", type=int, default=5)
    parser.add_argument("--sigmas", type=int, default=20)
    parser.add_argument("--alphas", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs")
    parser.add_argument("--bare-cluster", action="store_true",
                        help="a plain distributed.LocalCluster (Dask's malloc settings)")
    args = parser.parse_args()
    main(args.level, args.sigmas, args.alphas, args.workers, args.repeat, args.bare_cluster)
