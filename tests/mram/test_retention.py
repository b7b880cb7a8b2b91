"""Retention time of a perpendicular cell against the axial double integral."""

import math
import time

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.mram import Cell, retention_time
from fpsphere.mram.numerics import TARGET_HALF_ANGLE
from fpsphere.units import anisotropy_constant
from tests.mram.reference import axial_mfpt
from tests.reference.legendre import axial_lambda1

VOLUME = math.pi * (20e-9) ** 2 * 1.3e-9


def cell_with(delta, temperature=358.0):
    ku = anisotropy_constant(delta, VOLUME, temperature)
    return Cell(Ms=1.2e6, Ku=ku, alpha=0.02, temperature=temperature, volume=VOLUME)


@pytest.mark.parametrize("delta, tolerance", [(60.0, 0.02), (80.0, 0.05)])
def test_retention_equals_the_axial_mean_first_passage_time(delta, tolerance):
    cell = cell_with(delta)
    start = time.perf_counter()
    got = retention_time(cell)
    elapsed = time.perf_counter() - start
    U = lambda z: -delta * z**2  # noqa: E731
    reference = axial_mfpt(U, -math.cos(TARGET_HALF_ANGLE)) * cell.tau_N
    # the reference itself: for a symmetric cell the mean time to switch is 2 / lambda_1
    assert reference * axial_lambda1(U) / (2 * cell.tau_N) == pytest.approx(1.0, rel=1e-6)
    assert got == pytest.approx(reference, rel=tolerance)
    assert got.unit == "s" and got.mesh.startswith("latlon(")
    assert abs(got - reference) < 3 * got.error + 1e-3 * reference  # the estimate is honest
    assert elapsed < 60.0
    assert got.details["years"] == pytest.approx(got / (365.25 * 86400))


def test_retention_on_an_icosphere_and_a_bias_field():
    """A field along z lowers the barrier out of the up well: U = -delta z^2 - xi z."""
    cell = cell_with(30.0, 300.0)
    biased = Cell(Ms=cell.Ms, Ku=cell.Ku, alpha=cell.alpha, temperature=300.0,
                  volume=VOLUME, bias_field=-0.1 * cell.H_K)
    xi = biased.xi[2]
    assert xi < 0
    U = lambda z: -30.0 * z**2 - xi * z  # noqa: E731
    reference = axial_mfpt(U, -math.cos(TARGET_HALF_ANGLE)) * cell.tau_N
    assert retention_time(biased) == pytest.approx(reference, rel=0.01)
    ico = retention_time(cell, fp.icosphere(5))
    plain = axial_mfpt(lambda z: -30.0 * z**2, -math.cos(TARGET_HALF_ANGLE)) * cell.tau_N
    assert ico == pytest.approx(plain, rel=0.02)
    assert np.isfinite(ico.error) and ico.mesh == "icosphere(5)"
