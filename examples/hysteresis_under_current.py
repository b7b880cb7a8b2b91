"""Thermal hysteresis loops under current: the loop shift of the article's experiment.

A free layer with barrier sigma = 15 along z, field swept along z at a finite rate,
with a damping-like torque chi~ = -I u_z for three currents.  The quasi-static states
obey ``H_eff + grad chi / alpha = 0`` (S-24): the current acts on relaxation as a
field -I, so the loop shifts by +I (in kT) and keeps its coercivity, while the
coercivity itself is below the zero-temperature value 2 sigma because thermal
activation helps the reversal.  Writes ``hysteresis.png`` into the output folder.
Runs in about ten seconds.

    python examples/hysteresis_under_current.py [OUT] [--quick]
"""

from __future__ import annotations

from pathlib import Path

import fpsphere as fp
from fpsphere.plot import run_example
from fpsphere.studies import Device, hysteresis_loop

QUICK = {"n_rings": 16}


def main(n_rings=24, currents=(0.0, 5.0, 10.0), rate=10.0, show=True, outdir=None):
    """The loops, one per current; with ``outdir``, ``hysteresis.png`` is written there."""
    device = Device(fp.latlon(n_rings), fp.Uniaxial(sigma=15.0), 0.05, chi=fp.Polarizer(-1.0))
    loops = [hysteresis_loop(device, 50.0, rate, current=i, steps=100, progress=show)
             for i in currents]
    if show:
        for loop in loops:
            print(f"I = {loop.current:5.1f}: coercive fields {loop.coercive_down:7.2f} / "
                  f"{loop.coercive_up:6.2f} kT, shift {loop.shift:6.2f}, "
                  f"coercivity {loop.coercivity:6.2f} (zero temperature: 30)")
    if outdir is not None:
        ax = None
        for loop in loops:
            ax = loop.plot(ax)
        ax.set_title(f"sigma = 15, alpha = 0.05, sweep rate {rate:g} kT/tau_N, "
                     "chi~ = -I u_z", fontsize="small")
        from fpsphere.plot import save_figure

        save_figure(ax.figure, Path(outdir) / "hysteresis.png")
    return loops


if __name__ == "__main__":
    run_example(main, __doc__, quick=QUICK)
