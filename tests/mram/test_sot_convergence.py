"""Mesh convergence of a SOT cell (non-collinear: icosphere meshes).

Measured (docs/how-to/mram.md): the write-error rate of a SOT cell whose drive the mesh
resolves (largest change of U_d across an edge ~2 kT at level 5, 0.5 kT at level 7)
converges at second order from level 5 to 7 (successive differences in the ratio
3.6 to 4.0); the retention of the SOT cell with an in-plane field too.
"""

import math

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.mram import SOT, Cell, retention_time, write_error_rate

RESOLVED = dict(Ms=8e5, Ku=2.64e5, alpha=0.5, temperature=300.0, diameter=20e-9,
                thickness=1e-9)


def orders(values):
    """Observed orders from three levels: log2 of the ratio of successive differences."""
    v = np.asarray(values)
    return np.log2(np.abs(v[0] - v[1]) / np.abs(v[1] - v[2]))


@pytest.mark.slow
def test_sot_write_error_rate_converges_at_second_order():
    base = Cell(**RESOLVED)
    cell = Cell(**RESOLVED, bias_field=(0.2 * base.H_K, 0, 0), torque=SOT(0.1, 4e-9, 30e-9))
    critical = float(cell.critical_current)
    durations = np.array([0.1, 0.3]) * cell.tau_N
    wer = [write_error_rate(cell, [1.2 * critical], durations, mesh=fp.icosphere(level),
                            dt=1e-3).error_rate[0] for level in (5, 6, 7)]
    observed = orders(wer)
    assert np.all((observed > 1.7) & (observed < 2.5)), observed
    assert 0.01 < wer[-1][-1] < 0.1 < wer[-1][0]


@pytest.mark.slow
def test_sot_cell_retention_converges_at_second_order():
    base = Cell(Ms=1.1e6, Ku=1.65e5, alpha=0.15, temperature=300.0, diameter=40e-9,
                thickness=0.8e-9)
    cell = Cell(Ms=1.1e6, Ku=1.65e5, alpha=0.15, temperature=300.0, diameter=40e-9,
                thickness=0.8e-9, bias_field=(0.3 * base.H_K, 0, 0),
                torque=SOT(0.07, 5e-9, 60e-9))
    times = [retention_time(cell, fp.icosphere(level), estimate_error=False)
             for level in (5, 6, 7)]
    assert 1.7 < orders(times) < 2.6
    assert math.isfinite(times[-1]) and times[-1] > 0
