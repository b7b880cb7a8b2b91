"""Relaxation spectrum versus barrier and damping, with Brown's asymptote.

Uniaxial particle, no field: the slowest nonzero rate lambda_1 (Neel-Brown escape)
falls like exp(-sigma) and approaches Brown's high-barrier asymptote
``(2/sqrt(pi)) sigma^(3/2) exp(-sigma)`` (docs/conventions.md fact 6); it is computed with the
committor formulation, accurate to any barrier (sigma up to 60 here: lambda_1 ~ 1e-24).
The next rates (the intra-well modes, from shift-invert Arnoldi) depend on the
damping through their imaginary parts (the precession frequencies) only for an axial
energy.  Writes ``spectrum_vs_barrier.png`` into the output folder.

    python examples/spectrum_vs_barrier.py [OUT] [--quick]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import fpsphere as fp
from fpsphere.plot import run_example

QUICK = {"level": 4}


def main(level=5, sigmas=(2, 5, 10, 20, 40, 60), alphas=(0.1, 1.0), show=True, outdir=None):
    """``(sigmas, lambda_1, Brown's asymptote, {alpha: spectrum(6) at sigma = 10})``;
    with ``outdir``, ``spectrum_vs_barrier.png`` is written there."""
    mesh = fp.icosphere(level)
    up, down = ("cone", (0, 0, 1), 0.5), ("cone", (0, 0, -1), 0.5)
    lambda1 = np.array([fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=s), 1.0)
                        .metastable_rates(up, down).lambda_1 for s in sigmas])
    brown = np.array([fp.units.brown_rate(s) for s in sigmas])
    modes = {a: fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=10.0), a).spectrum(6) for a in alphas}
    if show:
        for s, lam, b in zip(sigmas, lambda1, brown, strict=True):
            print(f"sigma = {s:4.1f}: lambda_1 tau_N = {lam:.4e}, Brown {b:.4e}, "
                  f"ratio {lam / b:.4f}")
        for a, rates in modes.items():
            print(f"sigma = 10, alpha = {a}: rates {np.round(rates[1:], 3)}")
    if outdir is not None:
        from fpsphere.plot import new_axes, save_figure

        ax = new_axes(figsize=(5, 4))
        ax.semilogy(sigmas, lambda1, "o-", label=r"$\lambda_1$ (committor)")
        fine = np.linspace(2, max(sigmas), 200)
        ax.semilogy(fine, [fp.units.brown_rate(s) for s in fine], "--", label="Brown asymptote")
        ax.set_xlabel(r"barrier $\sigma$ (kT)")
        ax.set_ylabel(r"slowest rate $\lambda_1$ (1/$\tau_N$)")
        ax.set_title(f"uniaxial, no field, icosphere({level})", fontsize="small")
        ax.legend()
        save_figure(ax.figure, Path(outdir) / "spectrum_vs_barrier.png")
    return np.asarray(sigmas, float), lambda1, brown, modes


if __name__ == "__main__":
    run_example(main, __doc__, quick=QUICK)
