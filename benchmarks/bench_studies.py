"""Write-error-rate benchmark: Fokker-Planck curve versus the stochastic sampler.

Case: perpendicular free layer ``U = -20 z^2``, damping-like torque ``chi~ = -I z`` with
``I = 60 = 1.5 I_c``, ``alpha = 0.01``, 20 pulse durations 0.05 ... 1.0 tau_N (the WER
falls from 0.99 to 2e-9).  The Fokker-Planck curve is one TR-BDF2 evolution (400
steps, the ``skew`` transient operator, docs/explanation/operator.md) on an axis-aligned
latitude-longitude mesh with about as many cells as an icosphere of level 6 (exact
axial transport, an option for collinear devices) and on the level-6 icosphere
(0.54 % at alpha = 0.01), both checked against the Legendre reference.
The sampler (Stratonovich Heun, dt = 1e-4 for alpha = 0.01) is timed on a batch and
its cost extrapolated to the number of trajectories that resolves a WER ``p`` to 10 %
(``n = 100 (1 - p) / p``).

Run: ``python benchmarks/bench_studies.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

import fpsphere as fp
from fpsphere.sampler import langevin
from fpsphere.studies import Device, write_error_rate

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.reference.legendre import axial_evolution  # noqa: E402

SIGMA, CURRENT, ALPHA = 20.0, 60.0, 0.01
DURATIONS = np.linspace(0.05, 1.0, 20)


def fokker_planck(mesh) -> tuple[float, np.ndarray]:
    device = Device(mesh, fp.Uniaxial(sigma=SIGMA), ALPHA, chi=fp.Polarizer(-1.0))
    start = time.perf_counter()
    table = write_error_rate(device, [CURRENT], DURATIONS, dt=DURATIONS[-1] / 400)
    return time.perf_counter() - start, table.error_rate[0]


def sampler_cost(n: int = 2000, dt: float = 1e-4, tau: float = 0.05) -> float:
    """Seconds per trajectory per tau_N of simulated time."""
    rng = np.random.default_rng(0)
    z = 1 + np.log(1 - rng.random(n) * (1 - np.exp(-4 * SIGMA))) / (2 * SIGMA)
    phi = rng.random(n) * 2 * np.pi
    r = np.sqrt(1 - z**2)
    u0 = np.stack([r * np.cos(phi), r * np.sin(phi), z], 1)
    start = time.perf_counter()
    langevin(fp.Uniaxial(sigma=SIGMA), ALPHA, u0, [tau], chi=fp.Polarizer(-CURRENT), dt=dt,
             seed=1)
    return (time.perf_counter() - start) / (n * tau)


def main() -> None:
    ref = axial_evolution(lambda z: -SIGMA * z**2 + CURRENT * z,
                          lambda z: np.exp(SIGMA * (z**2 - 1)) * (z > 0),
                          np.r_[0.0, DURATIONS], degree=240)
    ref = ref[1:] / ref[0]
    print(f"reference WER: {ref[0]:.3g} ... {ref[-1]:.3g}")
    for name, mesh in (("latlon(202)", fp.latlon(202)), ("icosphere(6)", fp.icosphere(6))):
        seconds, wer = fokker_planck(mesh)
        err = np.abs(wer / ref - 1).max()
        print(f"{name:13s} N={mesh.n_cells:6d}: 20 durations in {seconds:6.2f} s, "
              f"min WER {wer.min():.3g}, max relative error {err:.3g}")
    per = sampler_cost()
    print(f"sampler: {per * 1e6:.3g} us per trajectory per tau_N (dt = 1e-4)")
    for p, tau in ((1e-3, 0.30), (1e-4, 0.40), (1e-9, 1.0)):
        n = 100 * (1 - p) / p
        print(f"sampler, one point at WER {p:g} (tau = {tau}): n = {n:.3g} trajectories, "
              f"{n * tau * per:.3g} s")


if __name__ == "__main__":
    main()
