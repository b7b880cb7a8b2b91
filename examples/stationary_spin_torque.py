"""Stationary states under an axial spin-transfer torque: P(up) versus current.

A perpendicular free layer (sigma = 20) with a polarizer along +z: the reduced
damping-like torque chi = -kappa u_z (kappa > 0 destabilizes the up state,
docs/conventions.md section 3).  For kappa from 0 to 30 the stationary probability of the
up hemisphere drops as the effective barrier sigma (1 - kappa/2 sigma)^2 of the up
state shrinks; the stationary density is exp(-(U - chi))/Z (docs/conventions.md fact 3),
which the script checks.  Writes ``stationary_spin_torque.png`` into the output
folder.  Runs in seconds.

    python examples/stationary_spin_torque.py [OUT] [--quick]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import fpsphere as fp
from fpsphere.plot import run_example

QUICK = {"level": 4}


def exact_p_up(sigma: float, kappa: float) -> float:
    z, w = np.polynomial.legendre.leggauss(400)
    ud = -sigma * z**2 + kappa * z
    weight = w * np.exp(-(ud - ud.min()))
    return float(weight[z > 0].sum() / weight.sum())


def main(level=5, sigma=20.0, kappas=(0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0), alpha=0.02,
         show=True, outdir=None):
    """Rows ``(kappa, P(up), exact P(up))``; with ``outdir``, also
    ``stationary_spin_torque.png`` there."""
    mesh = fp.icosphere(level)
    table = []
    for kappa in kappas:
        model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=sigma), alpha, chi=fp.Polarizer(-kappa))
        rho = model.stationary()
        p_up = float(fp.observables.probability(mesh, rho, (0, 0, 1)))
        table.append((kappa, p_up, exact_p_up(sigma, kappa)))
        if show:
            print(f"kappa {kappa:5.1f}: P(up) = {p_up:.6e}   exact {table[-1][2]:.6e}")
    if outdir is not None:
        from fpsphere.plot import new_axes, save_figure

        k, p, e = np.array(table).T
        ax = new_axes(figsize=(5, 3.5))
        ax.semilogy(k, p, "o", label=f"fpsphere, level {level}")
        ax.semilogy(k, e, "-", label="exact exp(-U_d)")
        ax.set_xlabel("torque kappa (kT)")
        ax.set_ylabel("stationary probability P(u_z > 0)")
        ax.legend()
        save_figure(ax.figure, Path(outdir) / "stationary_spin_torque.png", dpi=110)
    return table


if __name__ == "__main__":
    run_example(main, __doc__, quick=QUICK)
