"""Write-error rates, inverse design and read disturb of a perpendicular STT cell,
against the independent axial references of tests/reference/legendre.py."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

import fpsphere as fp
from fpsphere.errors import ParameterError
from fpsphere.mram import (
    STT,
    Cell,
    current_for_wer,
    duration_for_wer,
    read_disturb,
    write_error_rate,
)
from tests.reference.legendre import axial_evolution, axial_lambda1

PMTJ = dict(Ms=1.257e6, Ku=1.81e5, alpha=0.027, temperature=358.0, diameter=40e-9,
            thickness=1.3e-9)


@pytest.fixture(scope="module")
def cell():
    return Cell(**PMTJ, torque=STT(efficiency=0.6))


def up_well_z(delta):
    """The zero-current Boltzmann density restricted to z > 0, per unit solid angle."""
    norm = 2 * math.pi * quad(lambda z: math.exp(delta * (z * z - 1)), 0, 1)[0]
    return lambda z: np.where(np.asarray(z) > 0, np.exp(delta * (np.asarray(z) ** 2 - 1)),
                              0.0) / norm


def reference_wer(cell, current, durations):
    kappa = float(cell.kappa(current))
    delta = cell.delta
    return axial_evolution(lambda z: -delta * z * z + kappa * z, up_well_z(delta),
                           np.asarray(durations) / cell.tau_N)


def test_write_error_rate_matches_the_axial_reference_down_to_1e9(cell):
    current = 2.0 * float(cell.critical_current)
    durations = np.array([2.0, 4.0, 6.0, 8.0, 10.0]) * 1e-9
    table = write_error_rate(cell, [current], durations, estimate_error=True)
    reference = reference_wer(cell, current, durations)
    assert reference[-1] < 1e-9 < reference[0]
    assert table.mesh == "latlon(204, 32)"
    np.testing.assert_allclose(table.error_rate[0], reference, rtol=0.02)
    # the estimate covers the error
    assert np.all(np.abs(table.error_rate[0] - reference) < 3 * table.errors[0])
    rows = table.rows()
    assert rows[0]["current_uA"] == pytest.approx(current * 1e6)
    assert rows[-1]["duration_ns"] == pytest.approx(10.0)


def test_current_for_wer_reaches_its_target(cell, capsys):
    mesh = fp.latlon(100, 16)
    target, duration = 1e-6, 8e-9
    current = current_for_wer(cell, target, duration, mesh=mesh, rtol=1e-4, progress=True)
    # the bar counts every evolution: the fine ones and the coarse one of the estimate
    bar = capsys.readouterr().err
    assert f"fpsphere mram current_for_wer: {current.details['evaluations'] + 1}evolution" \
        in bar
    check = write_error_rate(cell, [float(current)], [duration], mesh=mesh).error_rate[0, 0]
    assert capsys.readouterr().err == ""  # no bar by default
    assert check == pytest.approx(target, rel=0.05)
    reference = reference_wer(cell, float(current), [duration])[0]
    assert reference == pytest.approx(target, rel=0.1)  # the coarse mesh itself: a few %
    assert current.unit == "A" and set(current.errors) == {"root bracket", "mesh and time step"}
    assert current.details["wer_at_root"] == pytest.approx(target, rel=0.01)


def test_duration_for_wer_reaches_its_target(cell, capsys):
    mesh = fp.latlon(100, 16)
    current = 2.0 * float(cell.critical_current)
    duration = duration_for_wer(cell, 1e-8, current, mesh=mesh, progress=True)
    assert "fpsphere mram duration_for_wer" in capsys.readouterr().err
    check = write_error_rate(cell, [current], [float(duration)], mesh=mesh,
                             progress=True).error_rate[0, 0]
    assert "fpsphere mram write_error_rate: 100%" in capsys.readouterr().err
    assert check == pytest.approx(1e-8, rel=0.05)
    assert duration.unit == "s" and 1e-9 < duration < 20e-9


def test_read_disturb_is_the_escape_rate_at_late_times(cell):
    """P(t) grows like lambda_1 t once the well has relaxed (after ~10 ns, 0.2 tau_N):
    dP/dt -> lambda_1 of the 1D reference (0.2 %), with P ~ 1e-13 (no cancellation)."""
    mesh = fp.latlon(120, 32)
    current = 20e-6
    kappa = float(cell.kappa(current))
    rate = axial_lambda1(lambda z: -cell.delta * z * z + kappa * z) / cell.tau_N
    p1 = read_disturb(cell, current, 20e-9, mesh=mesh, estimate_error=False)
    p2 = read_disturb(cell, current, 40e-9, mesh=mesh, estimate_error=False)
    assert 1e-14 < p1 < 1e-12
    assert (p2 - p1) / 20e-9 == pytest.approx(rate, rel=0.01)
    short = read_disturb(cell, current, 5e-9, mesh=mesh)       # the 5 ns read: ~1e-15
    assert 1e-16 < short < 1e-14 and short.error < 0.1 * short
    assert short.unit == "1"


def test_read_disturb_refuses_a_current_without_barrier(cell):
    with pytest.raises(ParameterError, match="current"):
        read_disturb(cell, 1.01 * float(cell.critical_current), 5e-9)
    with pytest.raises(ParameterError, match="duration"):
        read_disturb(cell, 1e-6, -1.0)
    stable = read_disturb(cell, -20e-6, 5e-9, mesh=fp.latlon(60, 16))   # stabilizing
    assert 0 <= stable < read_disturb(cell, 20e-6, 5e-9, mesh=fp.latlon(60, 16))


def test_write_error_rate_inputs(cell):
    with pytest.raises(ParameterError, match="durations"):
        write_error_rate(cell, [1e-4], [2e-9, 1e-9])
    with pytest.raises(ParameterError, match="target"):
        current_for_wer(cell, 0.7, 1e-8)
    no_torque = Cell(**PMTJ)
    with pytest.raises(ParameterError, match="torque"):
        write_error_rate(no_torque, [1e-4], [1e-9])
