"""Benchmark: time stepping and spectra.

* 1,000 implicit steps at level 6 (40,962 cells) for each registered scheme
  (target <= 10 s), sigma = 20 with an oblique field, alpha = 0.02;
* the six slowest rates at level 7 (163,842 cells), same model (target <= 20 s);
* lambda_1 at sigma = 60 on level 7 by the committor (target <= 30 s);
* the low-damping switching pulse (U = -60 z^2, chi = -180 z, alpha = 0.01) on level 6 to
  tau = 0.35: fixed BDF2 steps of 5e-4 against the error-controlled default (and
  rtol = 3e-5), time and worst error against the Legendre reference (target: within 2 %
  from P = 0.67 down to 6.7e-9; the controlled default should cost <= 2x the fixed run);
* the README case (level 6, sigma = 20, 4 kT field at 45 deg, alpha = 0.02, to
  [0.1, 0.5, 1.0]): the old fixed default (dt = 5e-3), fixed dt = 1e-3 and the
  error-controlled default (target <= 10 s), errors against a controlled run at
  rtol = 1e-6.

    python benchmarks/bench_dynamics.py              # everything
    python benchmarks/bench_dynamics.py evolution    # fixed versus controlled steps only
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

import numpy as np

import fpsphere as fp
from fpsphere.observables import hemisphere_fractions
from fpsphere.solvers import TIME_SCHEMES

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.reference.legendre import axial_evolution, von_mises_fisher_z  # noqa: E402


def _timed(model, rho0, times, **kwargs):
    from fpsphere.solvers.evolution import propagate

    mesh = model.mesh
    L, reference = model.transient_matrix, model.transient_reference()  # assembled first
    t0 = time.perf_counter()
    rho, report = propagate(L, rho0, times, areas=mesh.areas, points=mesh.points,
                            reference=reference, **kwargs)
    return rho, report, time.perf_counter() - t0


def switching_pulse() -> None:
    times = np.arange(1, 8) * 0.05
    ref = axial_evolution(lambda z: -60 * z**2 + 180 * z, von_mises_fisher_z(120.0), times)
    mesh = fp.icosphere(6)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=60), 0.01, chi=fp.Polarizer(-180.0))
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 120.0)
    up = hemisphere_fractions(mesh, (0, 0, 1))
    print("switching pulse, level 6, alpha = 0.01, P(z > 0) from 0.67 to 6.7e-9:")
    for label, kwargs in (("fixed BDF2, dt = 5e-4", dict(time_scheme="bdf2", dt=5e-4)),
                          ("controlled (default)", dict()),
                          ("controlled, rtol = 3e-5", dict(rtol=3e-5))):
        rho, report, seconds = _timed(model, rho0, times, **kwargs)
        error = np.abs(rho @ up / ref - 1).max()
        print(f"  {label:>24}: {seconds:6.2f} s, max error {error:.2%}, {report.summary()}")


def readme_case() -> None:
    mesh = fp.icosphere(6)
    energy = fp.Uniaxial(sigma=20) + fp.Zeeman(xi=4.0, direction=(1, 0, 1))
    model = fp.FokkerPlanck(mesh, energy, alpha=0.02)
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), kappa=50.0)
    times = [0.1, 0.5, 1.0]
    exact, _, _ = _timed(model, rho0, times, rtol=1e-6)
    p_exact = np.array([fp.observables.probability(mesh, r, (1, 0, 0)) for r in exact])
    print("README case, level 6, evolve to [0.1, 0.5, 1.0] (errors against rtol = 1e-6):")
    for label, kwargs in (("fixed, dt = 5e-3 (old)", dict(dt=5e-3)),
                          ("fixed, dt = 1e-3", dict(dt=1e-3)),
                          ("controlled (default)", dict())):
        rho, report, seconds = _timed(model, rho0, times, **kwargs)
        p_x = np.array([fp.observables.probability(mesh, r, (1, 0, 0)) for r in rho])
        print(f"  {label:>24}: {seconds:6.2f} s, P(u_x > 0) error "
              f"{np.abs(p_x - p_exact).max():.2e}, L1 error "
              f"{np.abs(rho - exact).max(axis=0) @ mesh.areas:.2e}, {report.summary()}")


def main() -> None:
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    if sys.argv[1:] == ["evolution"]:  # only the fixed-versus-controlled comparisons
        switching_pulse()
        readme_case()
        return
    energy = fp.Uniaxial(sigma=20) + fp.Zeeman(xi=4.0, direction=(1, 0, 1))
    mesh = fp.icosphere(6)
    model = fp.FokkerPlanck(mesh, energy, 0.02)
    _ = model.matrix
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, -1), 40.0)
    for name in sorted(TIME_SCHEMES):
        t0 = time.perf_counter()
        model.evolve(rho0, [1.0], time_scheme=name, dt=1e-3)
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
    switching_pulse()
    readme_case()


if __name__ == "__main__":
    main()
