"""Benchmark: time stepping and spectra (issue 4 targets).

* 1,000 implicit steps at level 6 (40,962 cells) for each registered scheme
  (target <= 10 s), sigma = 20 with an oblique field, alpha = 0.02;
* the six slowest rates at level 7 (163,842 cells), same model (target <= 20 s);
* lambda_1 at sigma = 60 on level 7 by the committor (target <= 30 s).

    python benchmarks/bench_dynamics.py
"""

from __future__ import annotations

import platform
import time

import fpsphere as fp
from fpsphere.solvers import TIME_SCHEMES


def main() -> None:
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    energy = fp.Uniaxial(sigma=20) + fp.Zeeman(xi=4.0, direction=(1, 0, 1))
    mesh = fp.icosphere(6)
    model = fp.FokkerPlanck(mesh, energy, 0.02)
    _ = model.matrix
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, -1), 40.0)
    for name in sorted(TIME_SCHEMES):
        t0 = time.perf_counter()
        model.evolve(rho0, [1.0], scheme=name, dt=1e-3)
        print(f"1000 steps, level 6, {name:>15}: {time.perf_counter() - t0:6.2f} s")
    mesh7 = fp.icosphere(7)
    model7 = fp.FokkerPlanck(mesh7, energy, 0.02)
    _ = model7.matrix
    t0 = time.perf_counter()
    rates = model7.spectrum(6)
    print(f"six slowest rates, level 7: {time.perf_counter() - t0:6.2f} s  "
          f"(lambda_1 = {rates[1].real:.6e})")
    high = fp.FokkerPlanck(mesh7, fp.Uniaxial(sigma=60), 0.02)
    t0 = time.perf_counter()
    result = high.metastable_rates(("cone", (0, 0, 1), 0.4), ("cone", (0, 0, -1), 0.4))
    print(f"lambda_1 at sigma = 60, level 7 (committor, incl. assembly): "
          f"{time.perf_counter() - t0:6.2f} s  (lambda_1 = {result.lambda_1:.6e})")


if __name__ == "__main__":
    main()
