"""A perpendicular STT-MRAM cell in SI units: retention, read disturb, write errors.

The free layer is a CoFeB disc 40 nm across and 1.3 nm thick at 85 C (358 K), the
geometry of the CoFeB-MgO perpendicular junctions of Ikeda et al., Nature Materials
9, 721 (2010), with numbers of the order reported there and in Sato et al., APL 99,
042501 (2011): mu0 Ms = 1.58 T (Ms = 1.257e6 A/m), Gilbert damping 0.027.  The
effective anisotropy Ku = 1.81e5 J/m^3 is chosen to give the thermal stability
Delta = Ku v / kT = 60 at 358 K that products aim at (those junctions had ~40);
the spin-transfer efficiency eta = 0.6 is an assumption (uniform, Slonczewski-like
torque, docs/conventions.md section 3).

It prints the barrier, the Neel time, the zero-temperature critical current
(I_c0 = 4 e alpha Ku v / (hbar eta), about 81 uA), the retention time in years, the
probability that a 5 ns read at 20 uA flips the bit, the write-error rates of a
10 ns pulse at a few currents, and the current that writes with WER = 1e-9 in
10 ns.  The cell is collinear, so every analysis runs on the axis-aligned
``fpsphere.latlon(204, 32)`` mesh (docs/how-to/mram.md).  Writes ``wer.csv`` and
``wer.png`` into the output folder.  Runs in about a minute (seconds with ``--quick``).

    python examples/mram_stt_perpendicular.py [OUT] [--quick]
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

import fpsphere as fp
from fpsphere.mram import (
    STT,
    Cell,
    current_for_wer,
    read_disturb,
    retention_time,
    write_error_rate,
)
from fpsphere.plot import run_example

CELL = Cell(Ms=1.257e6, Ku=1.81e5, alpha=0.027, temperature=358.0, diameter=40e-9,
            thickness=1.3e-9, torque=STT(efficiency=0.6))
QUICK = {"mesh": fp.latlon(60, 16)}


def main(outdir=None, *, mesh=None, currents_uA=(120.0, 140.0, 160.0, 180.0),
         durations_ns=(2.0, 4.0, 6.0, 8.0, 10.0), target=1e-9, show=True) -> dict:
    """Run the analyses; ``mesh`` None: the default ``latlon(204, 32)``.  With
    ``outdir``, ``wer.csv`` and ``wer.png`` are written there."""
    cell = CELL
    critical = cell.critical_current
    retention = retention_time(cell, mesh)
    disturb = read_disturb(cell, 20e-6, 5e-9, mesh=mesh)
    table = write_error_rate(cell, np.asarray(currents_uA) * 1e-6,
                             np.asarray(durations_ns) * 1e-9, mesh=mesh, estimate_error=True,
                             progress=show)
    write = current_for_wer(cell, target, durations_ns[-1] * 1e-9, mesh=mesh, rtol=1e-3,
                            progress=show)
    if outdir is not None:
        write_table(table, Path(outdir))
    if show:
        print(cell.describe())
        print(f"Delta = {cell.delta:.2f} kT, tau_N = {cell.tau_N * 1e9:.2f} ns, "
              f"I_c0 = {critical * 1e6:.2f} uA")
        print(f"retention: {retention.details['years']:.3g} years "
              f"(± {retention.error / retention:.1%}, {retention.mesh})")
        print(f"read disturb, 20 uA for 5 ns: {disturb:.3g} ± {disturb.error:.1g}")
        for current, wer in zip(currents_uA, table.error_rate[:, -1], strict=True):
            print(f"WER after {durations_ns[-1]:g} ns at {current:g} uA: {wer:.3g}")
        print(f"WER = {target:g} in {durations_ns[-1]:g} ns needs {write * 1e6:.2f} uA "
              f"± {write.error * 1e6:.2g} uA")
    return {"cell": cell, "critical": critical, "retention": retention, "disturb": disturb,
            "table": table, "write_current": write, "outdir": outdir}


def write_table(table, outdir: Path) -> None:
    """``wer.csv`` (one row per current and duration) and ``wer.png`` in ``outdir``."""
    rows = table.rows()
    with open(outdir / "wer.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    try:
        table.plot(path=outdir / "wer.png")
    except ImportError:  # matplotlib is optional
        pass


if __name__ == "__main__":
    run_example(main, __doc__, quick=QUICK)
