"""Write-error rate of a spin-torque switching pulse at low damping (MRAM-like).

A perpendicular free layer (sigma = 60) starts in the up well; a damping-like
torque chi = -180 u_z (kappa = 3 sigma, well above the critical 2 sigma) pushes it
down at alpha = 0.01.  The probability of still being up, P(u_z > 0), falls
from 1 to ~1e-8 within 0.35 tau_N.  The easy axis, the polarizer and the field are
collinear, so the axis-aligned mesh ``fpsphere.latlon`` transports the fast
precession (6000 z rad/tau_N) exactly and is the cheapest choice; with ``level=``
an icosahedral mesh is used instead, and gives the same curve (level 6: within
1.2 % of the Legendre reference, docs/explanation/operator.md).  Writes
``switching_pulse_latlon.png`` into the output folder; runs in seconds.

    python examples/switching_pulse_latlon.py [OUT] [--quick]
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

import fpsphere as fp
from fpsphere.plot import run_example

QUICK = {"n_rings": 60}


def main(n_rings=80, times=(0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35), show=True, outdir=None,
         level=None):
    """``(times, P(u_z > 0) at times)``; with ``outdir``, also
    ``switching_pulse_latlon.png`` there."""
    mesh = fp.latlon(n_rings) if level is None else fp.icosphere(level)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=60), alpha=0.01, chi=fp.Polarizer(-180.0))
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), kappa=120.0)
    run = model.evolve(rho0, list(times), time_scheme="bdf2", dt=1e-4, progress=show)
    p_up = np.array([fp.observables.probability(mesh, r, (0, 0, 1)) for r in run.rho])
    if show:
        for t, p in zip(times, p_up, strict=True):
            print(f"tau = {t:.2f} tau_N   P(still up) = {p:.3e}")
    if outdir is not None:
        from fpsphere.plot import new_axes, save_figure

        ax = new_axes(figsize=(5, 3.5))
        ax.semilogy(times, p_up, "o-")
        ax.set_xlabel("pulse duration (tau_N)")
        ax.set_ylabel("P(u_z > 0): write error rate")
        name = f"latlon({n_rings})" if level is None else f"icosphere({level})"
        ax.set_title(f"sigma = 60, kappa = 180, alpha = 0.01, {name}")
        save_figure(ax.figure, Path(outdir) / "switching_pulse_latlon.png", dpi=110)
    return np.asarray(times), p_up


if __name__ == "__main__":
    run_example(main, __doc__, quick=QUICK)
