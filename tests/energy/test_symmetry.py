"""Common symmetry axis of potentials (docs/conventions.md fact 3 detection)."""

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.energy.symmetry import symmetry_axis

N = np.array([1.0, 2.0, 2.0]) / 3.0


def test_collinear_terms_share_their_axis():
    U = fp.Uniaxial(sigma=20, axis=tuple(N)) + fp.Zeeman(5.0, tuple(N))
    chi = fp.Polarizer(-30.0, tuple(N))
    axis = symmetry_axis([lambda u: U(u) - chi(u), U])
    assert axis is not None and abs(abs(axis @ N) - 1) < 1e-10


def test_non_collinear_or_constant_potentials_have_no_axis():
    U = fp.Uniaxial(sigma=20)
    assert symmetry_axis([U, lambda u: U(u) + fp.Polarizer(-30.0, (1, 0, 0))(u)]) is None
    assert symmetry_axis([lambda u: U(u) + fp.Zeeman(1e-6, (1, 0, 0))(u)]) is None
    assert symmetry_axis([lambda u: np.zeros(len(u))]) is None


def test_model_uses_the_exact_state_for_axial_spin_transfer():
    mesh = fp.icosphere(4)
    axial = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=20, axis=tuple(N)), 0.01,
                            chi=fp.Polarizer(-30.0, tuple(N)))
    assert axial.symmetry_axis is not None and not axial.is_equilibrium
    rho = axial.stationary()
    assert np.array_equal(rho, axial.boltzmann(axial.U_d))
    # the generator's own state agrees to its discretization error (tails included)
    gen = axial.stationary(method="direct")
    assert np.abs(gen / rho - 1).max() < 3e-2  # 2.4e-2 (level 4), 1.4e-2, 5.0e-3
    assert np.sum(mesh.areas * np.abs(gen - rho)) < 1e-4
    tilted = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=20), 0.01, chi=fp.Polarizer(-30.0, N))
    assert tilted.symmetry_axis is None


def test_stationary_method_is_checked():
    model = fp.FokkerPlanck(fp.icosphere(1), None, 1.0)
    with pytest.raises(fp.ParameterError, match="method='exact'.*transient"):
        model.stationary("exact")


def test_the_model_reports_which_state_and_operator_it_uses():
    mesh = fp.icosphere(3)
    axial = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=10), 0.1, chi=fp.Polarizer(-5.0))
    tilted = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=10), 0.1, chi=fp.Polarizer(-5.0, N))
    assert (axial.stationary_scheme, axial.transient_scheme) == ("exact", "skew about exp(-U_d)")
    assert tilted.stationary_scheme == tilted.scheme_used != "exact"
    assert tilted.transient_scheme == "skew"
    explicit = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=10), 0.1, discretization_name="markov")
    assert explicit.transient_scheme.startswith("markov")
