"""Benchmark: a 20 x 50 (current x duration) write-error-rate map of a perpendicular STT
cell on the default (axis-aligned) mesh, and its cost per current on
icosphere(6).

The cell is the CoFeB-like one of ``examples/mram_stt_perpendicular.py`` (40 nm, 1.3 nm,
Delta ~ 60 at 358 K).  Prints the time of each map and the range of WER it covers.

    python benchmarks/bench_mram.py
"""

from __future__ import annotations

import time

import numpy as np

import fpsphere as fp
from fpsphere.mram import STT, Cell, write_error_rate


def main() -> None:
    cell = Cell(Ms=1.257e6, Ku=1.81e5, alpha=0.027, temperature=358.0, diameter=40e-9,
                thickness=1.3e-9, torque=STT(efficiency=0.6))
    ic = abs(cell.critical_current)
    currents = np.linspace(1.3, 2.5, 20) * ic
    durations = np.linspace(1e-9, 20e-9, 50)
    # icosphere(6): two of the twenty currents (its cost per current is what scales)
    for name, mesh, chosen in (("default mesh", None, currents),
                               ("icosphere(6)", fp.icosphere(6), currents[[0, -1]])):
        start = time.perf_counter()
        table = write_error_rate(cell, chosen, durations, mesh=mesh)
        elapsed = time.perf_counter() - start
        wer = np.asarray(table.error_rate)
        print(f"{name:14s}: {len(chosen)} x 50 WER map in {elapsed:6.1f} s "
              f"({elapsed / len(chosen):.1f} s per current); WER from {wer.max():.3g} "
              f"down to {wer.min():.3g}")


if __name__ == "__main__":
    main()
