"""Export an evolving distribution to ParaView (VTU frames + a PVD time series).

A magnet in the up well of a tilted-field free layer (sigma = 10, xi = 6 at 60 deg
from the axis, alpha = 0.1) relaxes from a narrow distribution about +z; of 100
outputs (every 0.01 tau_N, error-controlled steps) every 5th is written with its
potentials and probability current (``SeriesWriter`` with the model), times in
nanoseconds from the Neel time of a 3 nm cobalt-like grain.
Open ``evolution.pvd`` of the output folder in ParaView and press play.

    python examples/export_evolution.py [OUT] [--quick]
"""

from __future__ import annotations

import numpy as np

import fpsphere as fp
from fpsphere.plot import output_folder, run_example

QUICK = {"level": 2}


def main(outdir=None, level=4, show=True):
    """Write ``evolution.pvd`` and its frames into ``outdir`` (None: a fresh temporary
    folder, printed); returns ``(writer, run)``."""
    outdir = output_folder(outdir, name="export_evolution", announce=show and outdir is None)
    mesh = fp.icosphere(level)
    direction = (np.sin(np.pi / 3), 0.0, np.cos(np.pi / 3))
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=10.0) + fp.Zeeman(xi=6.0, direction=direction),
                            alpha=0.1)
    tau_n = fp.units.neel_time(Ms=1.4e6, volume=4 / 3 * np.pi * (1.5e-9) ** 3, alpha=0.1)
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), kappa=40.0)
    times = np.linspace(0.01, 1.0, 100)
    run = model.evolve(rho0, times, progress=show)  # error-controlled steps
    with fp.export.SeriesWriter(outdir / "evolution", mesh, model=model, time_unit="ns",
                                time_scale=tau_n * 1e9) as writer:
        for t, rho in zip(times[4::5], run.rho[4::5], strict=True):  # 0.05, ..., 1.0 tau_N
            writer.write(t, rho)
    if show:
        print(f"tau_N = {tau_n * 1e9:.3g} ns; wrote {len(writer.times)} frames to {outdir}; "
              f"<u> from {run.mean_moment[0].round(3)} to {run.mean_moment[-1].round(3)}")
    return writer, run


if __name__ == "__main__":
    run_example(main, __doc__, quick=QUICK)
