"""The old keywords still work, warn once with the new call named, and give the same
numbers as the new call."""

import numpy as np
import pytest

import fpsphere as fp


@pytest.fixture(scope="module")
def model():
    return fp.FokkerPlanck(fp.icosphere(3), fp.Uniaxial(sigma=5.0), alpha=0.5)


def test_constructor_scheme_is_discretization_name():
    mesh = fp.icosphere(2)
    with pytest.deprecated_call(match=r"discretization_name='markov'"):
        old = fp.FokkerPlanck(mesh, fp.Uniaxial(5.0), 0.5, scheme="markov")
    new = fp.FokkerPlanck(mesh, fp.Uniaxial(5.0), 0.5, discretization_name="markov")
    assert old.discretization_name == "markov"
    assert np.allclose(old.stationary(), new.stationary(), rtol=1e-12)


def test_evolve_scheme_is_time_scheme(model):
    rho0 = fp.initial.von_mises_fisher(model.mesh, (0, 0, 1), 20.0)
    with pytest.deprecated_call(match=r"time_scheme='backward_euler'"):
        old = model.evolve(rho0, [0.1], scheme="backward_euler", dt=0.01)
    new = model.evolve(rho0, [0.1], time_scheme="backward_euler", dt=0.01)
    assert np.allclose(old.rho, new.rho, rtol=1e-12, atol=0)


def test_stationary_transient_method_is_the_skew_discretization(model):
    with pytest.deprecated_call(match=r"discretization='skew'"):
        old = model.stationary(method="transient")
    new = model.stationary(discretization="skew")
    assert np.allclose(old, new, rtol=1e-10)


def test_operator_keyword_is_discretization(model):
    with pytest.deprecated_call(match=r"discretization='skew'"):
        old = model.spectrum(3, operator="transient")
    new = model.spectrum(3, discretization="skew")
    assert np.allclose(old, new, rtol=1e-8)
