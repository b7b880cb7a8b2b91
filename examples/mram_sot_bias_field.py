"""A spin-orbit-torque (SOT) cell with an in-plane bias field, in SI units.

A perpendicular Co disc (40 nm across, 0.8 nm thick, Ms = 1.1e6 A/m, Ku =
1.65e5 J/m^3: Delta = 40 at 300 K, mu0 H_K = 0.30 T) on a Pt strip 5 nm thick and
60 nm wide.  A current along +x in the Pt gives a spin current polarized along
p = z x x = +y (spin Hall angle 0.07, the Pt/Co value of Liu et al., PRL 109,
096602 (2012)); a bias field of 0.2 H_K (about 60 mT) along the current makes the
switching deterministic.  Damping alpha = 0.3: ultrathin Co on Pt is strongly damped
by spin pumping into Pt (Tserkovnyak, Brataas & Bauer, PRL 88, 117601 (2002)),
though well-grown Co/Pt reaches 0.02; the large value is chosen because the
Fokker-Planck mesh must resolve the SOT drive, whose damping-like potential grows
like Delta / alpha (docs/how-to/mram.md, "SOT cells").

It prints the exact macrospin threshold against its linearization by Lee et al.,
APL 102, 112410 (2013), ``j_c = (2e/hbar)(mu0 Ms t_F / theta_SH)(H_K/2 - H_x/sqrt 2)``,
the retention time (lowered by the in-plane field), and the write-error rates of
1 and 2 ns pulses around the threshold, each with the error estimated from the
next coarser mesh.  The cell is not collinear: the default mesh is
``fpsphere.icosphere(5)``; after the pulse the cell settles at zero current before
``P(u_z > 0)`` is read (docs/how-to/mram.md).  Writes ``wer.csv`` and ``wer.png`` into the
output folder.  Runs in one to two minutes (about ten seconds with ``--quick``).

    python examples/mram_sot_bias_field.py [OUT] [--quick]
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
from scipy import constants

import fpsphere as fp
from fpsphere.mram import SOT, Cell, retention_time, write_error_rate
from fpsphere.mram.threshold import lee_critical_field
from fpsphere.plot import run_example

FREE_LAYER = dict(Ms=1.1e6, Ku=1.65e5, alpha=0.3, temperature=300.0, diameter=40e-9,
                  thickness=0.8e-9)
H_K = 2 * FREE_LAYER["Ku"] / (constants.mu_0 * FREE_LAYER["Ms"])
CELL = Cell(**FREE_LAYER, bias_field=(0.2 * H_K, 0.0, 0.0),
            torque=SOT(spin_hall_angle=0.07, heavy_metal_thickness=5e-9, width=60e-9,
                       current_direction=(1.0, 0.0, 0.0)))
QUICK = {"mesh": fp.icosphere(4)}


def main(outdir=None, *, mesh=None, fractions=(0.9, 1.1, 1.3), durations_ns=(1.0, 2.0),
         show=True) -> dict:
    """Run the analyses; ``mesh`` None: the default ``icosphere(5)``.  With ``outdir``,
    ``wer.csv`` and ``wer.png`` are written there."""
    cell = CELL
    critical = cell.critical_current
    j_c = abs(critical) / (60e-9 * 5e-9)
    j_lee = (2 * constants.e / constants.hbar * constants.mu_0 * cell.Ms * 0.8e-9 / 0.07
             * cell.H_K * lee_critical_field(0.2))
    retention = retention_time(cell, mesh)
    table = write_error_rate(cell, np.asarray(fractions) * float(critical),
                             np.asarray(durations_ns) * 1e-9, mesh=mesh, estimate_error=True,
                             progress=show)
    if outdir is not None:
        rows = table.rows()
        with open(Path(outdir) / "wer.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        try:
            table.plot(path=Path(outdir) / "wer.png")
        except ImportError:  # matplotlib is optional
            pass
    if show:
        print(cell.describe())
        print(f"critical current {critical * 1e3:.3f} mA (j_c = {j_c:.3g} A/m^2; Lee et al. "
              f"linearized: {j_lee:.3g} A/m^2, {j_c / j_lee - 1:+.1%})")
        print(f"retention with the in-plane field: {retention:.3g} s "
              f"(± {retention.error / retention:.1%}, {retention.mesh})")
        for i, fraction in enumerate(fractions):
            for k, duration in enumerate(durations_ns):
                wer, err = table.error_rate[i, k], table.errors[i, k]
                print(f"I = {fraction:.1f} I_c, {duration:g} ns: WER = {wer:.3g} ± {err:.1g}")
        print(f"({table.method}; {table.mesh})")
    return {"cell": cell, "critical": critical, "j_c": j_c, "j_lee": j_lee,
            "retention": retention, "table": table, "outdir": outdir,
            "tilt": math.degrees(math.asin(0.2))}


if __name__ == "__main__":
    run_example(main, __doc__, quick=QUICK)
