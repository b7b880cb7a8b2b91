"""Thermal hysteresis loops under current: the loop shift of the article's experiment.

A free layer with barrier sigma = 15 along z, field swept along z at a finite rate,
with a damping-like torque chi~ = -I u_z for three currents.  The quasi-static states
obey ``H_eff + grad chi / alpha = 0`` (S-24): the current acts on relaxation as a
field -I, so the loop shifts by +I (in kT) and keeps its coercivity, while the
coercivity itself is below the zero-temperature value 2 sigma because thermal
activation helps the reversal.  Saves ``hysteresis.png`` when run as a script.
"""

from __future__ import annotations

import fpsphere as fp
from fpsphere.studies import Device, hysteresis_loop


def main(n_rings=24, currents=(0.0, 5.0, 10.0), rate=10.0, show=True, path=None):
    device = Device(fp.latlon(n_rings), fp.Uniaxial(sigma=15.0), 0.05, chi=fp.Polarizer(-1.0))
    loops = [hysteresis_loop(device, 50.0, rate, current=i, steps=100) for i in currents]
    if show:
        for loop in loops:
            print(f"I = {loop.current:5.1f}: coercive fields {loop.coercive_down:7.2f} / "
                  f"{loop.coercive_up:6.2f} kT, shift {loop.shift:6.2f}, "
                  f"coercivity {loop.coercivity:6.2f} (zero temperature: 30)")
    if path:
        ax = None
        for loop in loops:
            ax = loop.plot(ax)
        from fpsphere.plot import save_figure as save

        save(ax.figure, path)
    return loops


if __name__ == "__main__":
    main(path="hysteresis.png")
