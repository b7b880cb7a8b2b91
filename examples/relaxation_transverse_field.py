"""The slowest relaxation rate with a transverse field depends on the damping.

sigma = 10 with a transverse field h = 0.3: precession couples to the escape, so
lambda_1 tau_N changes with alpha (Kramers intermediate-to-high damping, docs/conventions.md
fact 4).  Compared with the spherical-harmonic Galerkin values of the test
references.  Runs in a few seconds.
"""

from __future__ import annotations

import fpsphere as fp

#: lambda_1 tau_N from tests/reference/harmonics.py (converged to 11 digits)
GALERKIN = {0.01: 0.3033451113257, 0.1: 0.1587752370722, 1.0: 0.03949174317901,
            10.0: 0.03044721236481}


def main(level=5, alphas=(0.01, 0.1, 1.0, 10.0), show=True):
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
    return rows


if __name__ == "__main__":
    main()
