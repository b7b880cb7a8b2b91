"""The built-in table and the Valet–Fert parameter conventions."""

import pytest

from fpsphere import spin


def test_table_covers_the_common_metals():
    names = spin.known_materials()
    for name in ("Co", "Fe", "Ni", "Py", "CoFe", "Cu", "Ag", "Au", "Pt", "Ta"):
        assert name in names
        mat = spin.material(name)
        assert mat.source, f"{name} has no source"
        assert mat.ferromagnetic == (name in ("Co", "Fe", "Ni", "Py", "CoFe"))
    assert spin.material("cu") is spin.material("Cu")
    assert spin.material("Cu", temperature="room").lsf < spin.material("Cu").lsf


def test_valet_fert_convention():
    py = spin.Material("Py", resistivity=260e-9, beta=0.73, lsf=5.5e-9)
    up, down = py.sigma0 * (1 + py.beta), py.sigma0 * (1 - py.beta)
    # ρ↑,↓ = 2ρ*(1 ∓ β) and ρ = ρ*(1 - β²) = 1/(σ↑ + σ↓)
    assert 1 / up == pytest.approx(2 * 260e-9 * (1 - 0.73))
    assert 1 / down == pytest.approx(2 * 260e-9 * (1 + 0.73))
    assert py.plain_resistivity == pytest.approx(1 / (up + down))


def test_interface_table_and_plain_resistance():
    itf = spin.interface("Cu", "Co")
    assert itf.source and 0 < itf.gamma < 1
    r_up, r_down = 2 * itf.resistance * (1 - itf.gamma), 2 * itf.resistance * (1 + itf.gamma)
    assert itf.plain_resistance == pytest.approx(1 / (1 / r_up + 1 / r_down))
    with pytest.raises(spin.materials.ParameterError, match="Co/Cu"):
        spin.interface("Pt", "Ta")


def test_user_materials_and_replace():
    co = spin.material("Co").replace(l_j=2e-9, l_perp=3e-9)
    assert co.l_j == 2e-9 and co.beta == spin.material("Co").beta
    with pytest.raises(ValueError, match="l_j"):
        co.replace(l_j=-1.0)
