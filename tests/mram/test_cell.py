"""The cell: derived quantities through fpsphere.units, and errors for bad cells."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import fpsphere as fp
from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.mram import SOT, STT, Cell
from fpsphere.mram.numerics import coarser, default_mesh, describe_mesh, well_direction

GOOD = dict(Ms=1.257e6, Ku=1.81e5, alpha=0.027, temperature=358.0, diameter=40e-9,
            thickness=1.3e-9)


def test_reduced_quantities_are_those_of_fpsphere_units():
    cell = Cell(**GOOD)
    volume = math.pi * (20e-9) ** 2 * 1.3e-9
    assert cell.volume == pytest.approx(volume, rel=1e-14)
    assert cell.delta == pytest.approx(fp.units.sigma(1.81e5, volume, 358.0), rel=1e-14)
    assert cell.tau_N == pytest.approx(fp.units.neel_time(1.257e6, volume, 0.027, 358.0))
    assert cell.H_K == pytest.approx(fp.units.anisotropy_field(1.81e5, 1.257e6))
    same = Cell(Ms=1.257e6, Ku=1.81e5, alpha=0.027, temperature=358.0, volume=volume)
    assert same.delta == pytest.approx(cell.delta, rel=1e-14)
    assert cell.collinear and cell.per_ampere is None


def test_bias_field_and_energy():
    cell = Cell(**GOOD, bias_field=(0.1 * 2.29e5, 0.0, 0.0))
    xi = fp.units.xi(0.1 * 2.29e5, cell.Ms, cell.volume, cell.temperature)
    assert cell.xi == pytest.approx([xi, 0, 0])
    u = np.array([[0.6, 0.0, 0.8]])
    assert cell.energy(u)[0] == pytest.approx(-cell.delta * 0.64 - xi * 0.6)
    assert not cell.collinear
    up = well_direction(cell, 1.0)
    h = 0.1 * 2.29e5 / cell.H_K
    assert up == pytest.approx([h, 0, math.sqrt(1 - h * h)], abs=1e-9)   # sin(theta) = h
    assert well_direction(cell, -1.0)[2] < 0


def test_default_meshes():
    stt = Cell(**GOOD, torque=STT(efficiency=0.6))
    assert describe_mesh(default_mesh(stt)) == "latlon(204, 32)"
    assert describe_mesh(coarser(default_mesh(stt))) == "latlon(102, 16)"
    sot = Cell(**GOOD, torque=SOT(0.1, 5e-9, 50e-9))
    assert describe_mesh(default_mesh(sot)) == "icosphere(5)"
    tilted = Cell(**GOOD, torque=STT(polarizer=(0.1, 0, 1), efficiency=0.6))
    assert not tilted.collinear


@pytest.mark.parametrize("changes, match", [
    ({"Ms": -1.0}, "Ms=-1.0"),
    ({"temperature": 0.0}, "temperature=0.0"),
    ({"alpha": float("nan")}, "alpha"),
    ({"Ku": -2e5}, "Ku=-200000.0"),
    ({"Ku": 1e9}, "exceeds 700"),
    ({"Ku": 1.0}, "below 1 kT"),
    ({"diameter": None}, "either volume"),
    ({"volume": 1e-24}, "not both"),
    ({"thickness": -1e-9}, "thickness=-1e-09"),
    ({"bias_field": 3e5}, "astroid"),
    ({"bias_field": (2.5e5, 0, 0)}, "astroid"),
    ({"bias_field": (1e5, 0, 1e5)}, "astroid"),
    ({"diameter": 1e200}, "diameter"),
    ({"bias_field": (1, 2)}, "bias_field"),
])
def test_bad_cells_name_the_parameter(changes, match):
    with pytest.raises(ParameterError, match=match):
        Cell(**{**GOOD, **changes})


def test_type_errors():
    with pytest.raises(ParameterTypeError, match="Ms"):
        Cell(**{**GOOD, "Ms": "1e6"})
    with pytest.raises(ParameterTypeError, match="torque"):
        Cell(**GOOD, torque="stt")
    with pytest.raises(ParameterTypeError, match="alpha"):
        Cell(**{**GOOD, "alpha": True})


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["Ms", "Ku", "alpha", "temperature", "diameter",
                                        "thickness"]),
                       st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                                 st.integers(-10, 10)),
                       min_size=1))
def test_any_cell_is_valid_or_refused_with_our_errors(changes):
    """Whatever the numbers: a valid cell with a finite barrier in [1, 700] kT, or one
    of our errors naming a parameter, before any heavy work."""
    try:
        cell = Cell(**{**GOOD, **changes})
    except (ParameterError, ParameterTypeError) as err:
        assert any(name in str(err) for name in (*GOOD, "volume", "Ku v / kT"))
        return
    assert 1.0 <= cell.delta <= 700.0 and math.isfinite(cell.tau_N) and cell.tau_N > 0
