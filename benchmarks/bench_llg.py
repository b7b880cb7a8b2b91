"""Benchmark of the zero-temperature LLG trajectories (fpsphere.llg.trajectories).

100 trajectories of 10 tau_N at alpha = 0.01 (sigma = 20, thermal starting angles
about +z) in four cases: free relaxation, collinear spin-transfer at 0.9 and 1.5
times the critical torque 2 sigma, and a non-axial SOT-like case (transverse field,
damping-like and field-like torque along y).  Prints wall and CPU seconds, steps,
rejected steps, drift evaluations, the largest |x| - 1 met before a projection and
the global error against a run at rtol = 1e-12, then the time of one trajectory of
the slowest case (per-call overhead, not the number of trajectories, sets it).

    python benchmarks/bench_llg.py [--quick]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import fpsphere as fp
from fpsphere.llg import column_drift, integrate

SIGMA, ALPHA, N, DURATION = 20.0, 0.01, 100, 10.0


def cases():
    axial = fp.Uniaxial(SIGMA)
    y = (0.0, 1.0, 0.0)
    return {
        "relaxation": (axial, None, None),
        "STT 0.9 kappa_c": (axial, fp.Polarizer(-0.9 * 2 * SIGMA), None),
        "STT 1.5 kappa_c": (axial, fp.Polarizer(-1.5 * 2 * SIGMA), None),
        "SOT-like, field x": (axial + fp.Zeeman(8.0, (1.0, 0.0, 0.0)), fp.Polarizer(-30.0, y),
                              fp.Polarizer(-10.0, y)),
    }


def thermal_starts(n: int, seed: int = 1) -> np.ndarray:
    """Directions about +z with P(theta) ~ exp(-sigma theta^2) (small angles)."""
    rng = np.random.default_rng(seed)
    theta = np.sqrt(rng.exponential(1 / SIGMA, n))
    phi = rng.uniform(0, 2 * np.pi, n)
    return np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi),
                     np.cos(theta)], axis=1)


def timed(func):
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 tau_N instead of 10")
    args = parser.parse_args(argv)
    duration = 1.0 if args.quick else DURATION
    times = np.linspace(0.0, duration, 101)
    u0 = thermal_starts(N)
    print(f"{N} trajectories, {duration:g} tau_N, alpha = {ALPHA}, sigma = {SIGMA}, "
          f"rtol = 1e-8, 101 output times")
    print(f"{'case':20s} {'wall s':>7s} {'CPU s':>7s} {'steps':>6s} {'rejected':>8s} "
          f"{'evals':>7s} {'|x|-1':>8s} {'error':>8s}")
    for name, (energy, chi, phi) in cases().items():
        velocity = column_drift(energy, ALPHA, chi, phi)
        run, wall, cpu = timed(lambda v=velocity: integrate(v, u0, times, rtol=1e-8))
        reference = integrate(velocity, u0, times, rtol=1e-12).u
        error = np.abs(run.u - reference).max()
        print(f"{name:20s} {wall:7.2f} {cpu:7.2f} {run.steps.max():6d} "
              f"{run.rejected.max():8d} {run.evaluations:7d} {run.norm_error:8.1e} "
              f"{error:8.1e}")
    energy, chi, phi = cases()["STT 0.9 kappa_c"]
    velocity = column_drift(energy, ALPHA, chi, phi)
    _, wall, cpu = timed(lambda: integrate(velocity, u0[:1], times, rtol=1e-8))
    print(f"one trajectory of 'STT 0.9 kappa_c': wall {wall:.2f} s, CPU {cpu:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
