"""Bad input raises clear errors naming the parameter, the value and what is allowed."""

import math

import pytest

from fpsphere import spin
from fpsphere.errors import ParameterError, ParameterTypeError

CU = spin.Material("Cu", resistivity=6e-9, lsf=500e-9)
PY = spin.Material("Py", resistivity=260e-9, beta=0.73, lsf=5.5e-9)


@pytest.mark.parametrize(("field", "value"), [
    ("resistivity", 0.0), ("resistivity", -1e-9), ("resistivity", math.nan),
    ("beta", 1.0), ("beta", -1.0), ("beta", 1.5), ("beta", math.nan),
    ("lsf", 0.0), ("lsf", -5e-9), ("lsf", math.nan),
    ("l_j", 0.0), ("l_perp", -1.0),
])
def test_bad_material_parameter(field, value):
    kwargs = dict(resistivity=1e-7, beta=0.5, lsf=10e-9)
    kwargs[field] = value
    with pytest.raises(ParameterError, match=field) as info:
        spin.Material("X", **kwargs)
    assert repr(value) in str(info.value) and "expected" in str(info.value)


def test_wrong_types():
    with pytest.raises(ParameterTypeError, match="resistivity"):
        spin.Material("X", resistivity="1e-7", lsf=1e-9)
    with pytest.raises(ParameterTypeError, match="material"):
        spin.Layer("Cu", 1e-9)
    with pytest.raises(ParameterTypeError, match=r"layers\[1\]"):
        spin.Stack([spin.Layer(CU, 1e-9), "Py"])
    with pytest.raises(ParameterTypeError, match="points"):
        spin.Stack([spin.Layer(CU, 1e-9), spin.Layer(PY, 1e-9)]).solve(1e10, points=1.5)


@pytest.mark.parametrize("thickness", [0.0, -1e-9, math.nan, math.inf])
def test_bad_thickness(thickness):
    with pytest.raises(ParameterError, match="thickness"):
        spin.Layer(CU, thickness)


def test_unknown_material_lists_known_ones():
    with pytest.raises(ParameterError, match="Unobtainium") as info:
        spin.material("Unobtainium")
    for name in ("Co", "Cu", "Py", "Pt", "Ta"):
        assert name in str(info.value)


def test_fewer_than_two_layers():
    with pytest.raises(ParameterError, match="at least two"):
        spin.Stack([spin.Layer(CU, 1e-9)])


def test_interfaces_count_and_gamma_between_normal_metals():
    layers = [spin.Layer(CU, 1e-9), spin.Layer(CU, 1e-9)]
    with pytest.raises(ParameterError, match="interfaces"):
        spin.Stack(layers, [None, None])
    with pytest.raises(ParameterError, match="gamma"):
        spin.Stack(layers, [spin.Interface(1e-15, 0.5)])
    with pytest.raises(ParameterError, match="gamma"):
        spin.Interface(1e-15, 1.0)
    with pytest.raises(ParameterError, match="resistance"):
        spin.Interface(-1e-15, 0.0)


def test_bad_solve_arguments():
    stack = spin.Stack([spin.Layer(CU, 10e-9), spin.Layer(PY, 5e-9, angle=0.3)])
    with pytest.raises(ParameterError, match="angle"):
        stack.solve(1e10)  # noncollinear needs the vector model
    ok = spin.Stack([spin.Layer(CU, 10e-9), spin.Layer(PY, 5e-9)])
    for bad in (0.0, math.nan, math.inf):
        with pytest.raises(ParameterError, match="current_density"):
            ok.solve(bad)
    with pytest.raises(ParameterError, match="points"):
        ok.solve(1e10, points=3)
    with pytest.raises(ParameterError, match="layer"):
        ok.sweep_angle(5, [0.0], 1e10)
    with pytest.raises(ParameterError, match="angles"):
        ok.sweep_angle(1, [math.nan], 1e10)


def test_sd_material_checks():
    with pytest.raises(ParameterError, match="sigma_d_down"):
        spin.SdMaterial("X", 1e7, 1e7, -1.0, 1e-9, 1e-9)
    with pytest.raises(ParameterError, match="l_sd"):
        spin.SdMaterial("X", 1e7, 1e7, 1e6, 1e-9, 0.0)
    with pytest.raises(ParameterTypeError, match="SdMaterial"):
        stack = spin.Stack([spin.Layer(CU, 1e-9),
                            spin.Layer(spin.SdMaterial("X", 1e7, 1e7, 1e6, 1e-9, 1e-9), 1e-9)])
        stack.solve(1e10)
