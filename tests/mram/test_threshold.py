"""Zero-temperature thresholds: closed forms, continuation and direct LLG integration."""

import math

import numpy as np
import pytest
from scipy import constants as C

import fpsphere as fp
from fpsphere.mram import SOT, STT, Cell
from fpsphere.mram.threshold import (
    lee_critical_field,
    sot_critical_field,
    threshold_by_continuation,
)

PMTJ = dict(Ms=1.257e6, Ku=1.81e5, alpha=0.027, temperature=358.0, diameter=40e-9,
            thickness=1.3e-9)
SOT_CELL = dict(Ms=1.1e6, Ku=1.65e5, alpha=0.15, temperature=300.0, diameter=40e-9,
                thickness=0.8e-9)


def test_stt_critical_current_is_the_textbook_value():
    cell = Cell(**PMTJ, torque=STT(efficiency=0.6))
    # I_c0 = 4 e alpha E_b / (hbar eta), E_b = Ku v
    textbook = 4 * C.e * 0.027 * cell.Ku * cell.volume / (C.hbar * 0.6)
    assert cell.critical_current == pytest.approx(textbook, rel=1e-12)
    assert cell.critical_current.unit == "A"
    assert threshold_by_continuation(cell, 1.0) == pytest.approx(textbook, rel=1e-5)
    assert threshold_by_continuation(cell, -1.0) == -math.inf   # a negative current stabilizes


def test_stt_threshold_with_field_and_field_like_torque():
    """kappa_c (1 + alpha beta) = 2 delta + xi_z (the Gilbert-form mapping, fact 3)."""
    cell = Cell(**PMTJ, bias_field=-2e4, torque=STT(efficiency=0.6, field_like_ratio=2.0))
    expected = (2 * cell.delta + cell.xi[2]) / (1 + 0.027 * 2.0) / cell.per_ampere.kappa
    assert cell.critical_current == pytest.approx(expected, rel=1e-12)
    assert threshold_by_continuation(cell, 1.0) == pytest.approx(expected, rel=1e-5)
    flipped = Cell(**PMTJ, torque=STT(polarizer=(0, 0, -1), efficiency=0.6))
    assert flipped.critical_current < 0


def test_sot_formula_exact_and_lee_linearization():
    assert sot_critical_field(0.0) == pytest.approx(0.5)
    for h in (0.01, 0.05, 0.1):
        exact, lee = sot_critical_field(h), lee_critical_field(h)
        assert exact - lee == pytest.approx(h * h / 8, rel=0.05)  # second order
    thetas = np.linspace(0, math.pi / 2, 200001)
    for h in (0.1, 0.3, 0.7):
        brute = np.max(np.cos(thetas) * (np.sin(thetas) - h))
        assert sot_critical_field(h) == pytest.approx(brute, rel=1e-9)


@pytest.mark.parametrize("h", [0.0, 0.1, 0.3])
def test_sot_threshold_matches_the_macrospin_formula(h):
    base = Cell(**SOT_CELL)
    cell = Cell(**SOT_CELL, bias_field=(h * base.H_K, 0, 0), torque=SOT(0.07, 5e-9, 60e-9))
    critical = cell.critical_current
    h_dl = abs(critical) * cell.per_ampere.kappa * cell.alpha / (2 * cell.delta)  # H_DL / H_K
    assert h_dl == pytest.approx(sot_critical_field(h), rel=1e-6)
    # j_c = (2e/hbar)(mu0 Ms t_F / theta)(H_K h_c), Lee et al. 2013 with the exact h_c
    j_c = 2 * C.e / C.hbar * C.mu_0 * cell.Ms * 0.8e-9 / 0.07 * cell.H_K * sot_critical_field(h)
    assert abs(critical) / (60e-9 * 5e-9) == pytest.approx(j_c, rel=1e-6)
    if h > 0:   # the field helps one current direction: I_c > 0 for H_x along +j here
        assert critical > 0 and critical.details["negative"] < -critical


def _ramped(cell, fractions, critical, u, tau=0.05, dt=5e-4):
    """The zero-temperature LLG (fp.llg.trajectories) through a staircase of currents."""
    for fraction in fractions:
        chi, phi = cell.potentials(fraction * critical)
        u = fp.llg.trajectories(cell.energy, cell.alpha, u, [tau], chi=chi, phi=phi,
                                dt=dt)[-1, 0]
    return u


@pytest.mark.parametrize("beta", [0.0, 1.5])
def test_sot_threshold_brackets_the_zero_temperature_llg(beta):
    """Ramp the current slowly (quasi-static) to 0.97 I_c: the moment stays in its
    well; step on to 1.03 I_c: it leaves (a sudden step switches below I_c already, by
    the precessional overshoot; the threshold is the quasi-static one)."""
    base = Cell(**SOT_CELL)
    cell = Cell(**SOT_CELL, bias_field=(0.2 * base.H_K, 0, 0),
                torque=SOT(0.07, 5e-9, 60e-9, field_like_ratio=beta))
    critical = float(cell.critical_current)
    start = fp.mram.numerics.well_direction(cell, 1.0)
    below = _ramped(cell, [0.5, 0.8, 0.9, 0.95, 0.97], critical, start)
    held = _ramped(cell, [0.97], critical, below, tau=0.2)
    assert held[2] > 0.3 and np.linalg.norm(held - below) < 0.05   # it stays
    above = _ramped(cell, [1.03], critical, below, tau=0.25)
    assert above[2] < -0.3                                          # switched
