"""The slowest relaxation rate with a transverse field depends on the damping.

sigma = 10 with a transverse field h = 0.3: precession couples to the escape, so
lambda_1 tau_N changes with alpha (Kramers intermediate-to-high damping, docs/conventions.md
fact 4).  Compared with the spherical-harmonic Galerkin values of the test
references; the table goes to ``rates.csv`` in the output folder.  Runs in a few
seconds.

    python examples/relaxation_transverse_field.py [OUT] [--quick]
"""

from __future__ import annotations

import csv
from pathlib import Path

import fpsphere as fp
from fpsphere.plot import run_example

#: lambda_1 tau_N from tests/reference/harmonics.py (converged to 11 digits)
GALERKIN = {0.01: 0.3033451113257, 0.1: 0.1587752370722, 1.0: 0.03949174317901,
            10.0: 0.03044721236481}
QUICK = {"level": 4}


def main(level=5, alphas=(0.01, 0.1, 1.0, 10.0), show=True, outdir=None):
    """Rows ``(alpha, lambda_1 tau_N, Galerkin value or None)``; with ``outdir``, also
    ``rates.csv`` there."""
    mesh = fp.icosphere(level)
    energy = fp.Uniaxial(sigma=10) + fp.Zeeman(6.0, direction=(1, 0, 0))
    rows = []
    for alpha in alphas:
        rate = fp.FokkerPlanck(mesh, energy, alpha).spectrum(2)[1].real
        rows.append((alpha, rate, GALERKIN.get(alpha)))
        if show:
            ref = GALERKIN.get(alpha)
            extra = f"   Galerkin {ref:.6f} (rel. diff {rate / ref - 1:+.1e})" if ref else ""
            print(f"alpha = {alpha:5g}: lambda_1 tau_N = {rate:.6f}{extra}")
    if outdir is not None:
        with open(Path(outdir) / "rates.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["alpha", "lambda1_per_tau_N", "galerkin_per_tau_N"])
            writer.writerows((a, r, "" if g is None else g) for a, r, g in rows)
    return rows


if __name__ == "__main__":
    run_example(main, __doc__, quick=QUICK)
