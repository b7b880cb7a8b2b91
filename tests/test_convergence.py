"""Mesh-error estimates (fpsphere.convergence) against errors known without them: exact
rates, 1D quadrature references, synthetic sequences of known order."""

import math
import re
import warnings

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.convergence import ConvergenceWarning, estimate_error, richardson
from fpsphere.errors import ParameterError, ParameterTypeError
from tests.reference.legendre import (
    axial_hemisphere_probability,
    axial_stationary,
    gauss_legendre,
)


def quietly(*args, **kwargs):
    """``estimate_error`` that fails on a ConvergenceWarning (a reliable estimate)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)
        return estimate_error(*args, **kwargs)


def brackets(estimated, true, factor=3.0):
    return np.all(estimated / factor <= true) and np.all(true <= estimated * factor)


def free_rates(mesh, k=2):
    return fp.FokkerPlanck(mesh, None, 1.0).spectrum(k).real


# ------------------------------------------------------------ known errors
def test_free_diffusion_dipole_rate_error_is_bracketed():
    # U = 0: the l = 1 harmonics decay at exactly 1/tau_N (docs/conventions.md)
    est = quietly(lambda mesh: free_rates(mesh)[1], level=5)
    true = abs(est.value - 1.0)
    assert brackets(est.error, true), (est.error, true)  # 1.59e-4 against 1.59e-4
    assert est.order == pytest.approx(2.0, abs=0.1)
    assert est.levels == (3, 4, 5) and len(est.values) == 3 and est.value == est.values[-1]
    assert est.relative_error == pytest.approx(est.error / abs(est.value))
    assert est.warning is None and est.reliable


AXIAL = fp.Uniaxial(sigma=3.0) + fp.Zeeman(0.5)  # U = -3 z^2 - 0.5 z


def axial_state(mesh):
    model = fp.FokkerPlanck(mesh, AXIAL, 0.5)
    rho = model.stationary()
    return np.array([fp.observables.mean_square_projection(mesh, rho, (0, 0, 1)),
                     fp.observables.probability(mesh, rho, (0, 0, 1))])


def axial_references():
    Ud = [0.0, -0.5, -3.0]
    z, w = gauss_legendre(400)
    rho = axial_stationary(Ud, z)
    mean_square = 2 * np.pi * np.sum(w * rho * z**2)
    return np.array([mean_square, axial_hemisphere_probability(Ud)])


def test_uniaxial_observables_errors_against_quadrature():
    reference = axial_references()
    est = quietly(axial_state, fp.icosphere(5))
    true = np.abs(est.value - reference)
    assert brackets(est.elementwise_error, true), (est.elementwise_error, true)
    assert est.error == pytest.approx(est.elementwise_error.max())
    assert est.order == pytest.approx(2.0, abs=0.15)
    for k in range(2):  # each observable alone
        one = quietly(lambda mesh, k=k: float(axial_state(mesh)[k]), level=4)
        assert isinstance(one.value, float) and isinstance(one.elementwise_error, float)
        assert brackets(one.error, abs(one.value - reference[k]))


def test_array_quantity_elementwise_dipole_triplet():
    est = quietly(lambda mesh: free_rates(mesh, 4)[1:], level=4)
    assert est.value.shape == est.elementwise_error.shape == (3,)
    assert brackets(est.elementwise_error, np.abs(est.value - 1.0))
    assert "max |error|" in str(est) and "(3,)" in str(est)


def test_a_given_mesh_and_its_level_agree():
    by_level = quietly(lambda mesh: free_rates(mesh)[1], level=3)
    by_mesh = quietly(lambda mesh: free_rates(mesh)[1], fp.icosphere(3))
    assert by_mesh.value == pytest.approx(by_level.value, rel=1e-12)  # eigensolver round-off
    assert by_mesh.error == pytest.approx(by_level.error, rel=1e-9)


# ---------------------------------------------------- synthetic sequences
def sequence(f, levels):
    return [f(2.0**-lev) for lev in levels]


def test_richardson_is_exact_for_a_pure_second_order_error():
    est = richardson(sequence(lambda h: 1.0 + 0.3 * h**2, (3, 4, 5)), (3, 4, 5))
    assert est.order == pytest.approx(2.0, abs=1e-9)
    assert est.error == pytest.approx(0.3 * 2.0**-10, rel=1e-9)
    assert est.warning is None


def test_a_first_order_quantity_warns_and_gets_its_first_order_error():
    levels = (4, 5, 6)
    est = richardson(sequence(lambda h: 2.0 - 0.5 * h, levels), levels)
    assert est.order == pytest.approx(1.0)
    assert "observed order 1.00 is outside [1.3, 3.5]" in est.warning
    assert est.error == pytest.approx(0.5 * 2.0**-6)  # |Q_L - Q_L-1|: the exact error here
    assert "unreliable" in str(est)
    again = richardson(est.values, levels, expected_order=1.0)
    assert again.warning is None and again.error == pytest.approx(0.5 * 2.0**-6)


def test_higher_observed_order_keeps_the_expected_one():
    # super-convergence (order 3) inside the window: the error bar of order 2
    est = richardson(sequence(lambda h: 1.0 + h**3, (3, 4, 5)), (3, 4, 5))
    assert est.order == pytest.approx(3.0) and est.warning is None
    assert est.error == pytest.approx(abs(est.values[2] - est.values[1]) / 3)


def test_random_numbers_warn():
    rng = np.random.default_rng(1)
    with pytest.warns(ConvergenceWarning, match="unreliable"):
        est = estimate_error(lambda mesh: float(rng.random()), level=3)
    assert est.warning is not None and not est.reliable
    d1, d2 = est.values[2] - est.values[1], est.values[1] - est.values[0]
    assert est.error == pytest.approx(max(abs(d1), abs(d2) / 4))


def test_alternating_values_warn_even_at_a_plausible_order():
    levels = (3, 4, 5)
    values = [1.0 + (-1) ** lev * 4.0**-lev for lev in levels]  # |d2|/|d1| = 4, signs flip
    est = richardson(values, levels)
    assert est.order == pytest.approx(2.0) and "oscillate" in est.warning
    assert est.error >= abs(values[2] - values[1])
    with pytest.warns(ConvergenceWarning, match="oscillate"):
        estimate_error(lambda mesh: 1.0 + (-1) ** round(math.log(mesh.n_cells / 10, 4))
                       * mesh.n_cells**-1.0, level=4)


def test_differences_that_do_not_shrink_warn():
    est = richardson([1.0, 1.1, 1.3], (2, 3, 4))
    assert est.order < 0 and "outside" in est.warning
    assert est.error == pytest.approx(0.2)


def test_round_off_differences_are_converged_without_warning():
    est = richardson([1e-17, -2e-17, 3e-17], (2, 3, 4), atol=1e-13)
    assert est.warning is None and math.isnan(est.order) and est.error == pytest.approx(5e-17)
    assert "round-off" in str(est)
    exact = richardson([0.5, 0.5, 0.5], (1, 2, 3))
    assert exact.error == 0 and exact.relative_error == 0 and exact.warning is None


def test_one_coarser_level_assumes_the_expected_order():
    est = quietly(lambda mesh: free_rates(mesh)[1], level=4, coarser=1)
    assert math.isnan(est.order) and est.levels == (3, 4)
    assert brackets(est.error, abs(est.value - 1.0))
    assert "order 2 assumed, levels 3-4" in str(est)


def test_format():
    est = richardson(sequence(lambda h: 4.517e-24 * (1 + 0.4 * h**2), (5, 6, 7)), (5, 6, 7))
    text = str(est)
    assert re.fullmatch(r"4\.517e-24 ± 1\.\de-2\d \(order 2\.0 observed, levels 5-7\)", text)
    assert f"{est:.6g}".startswith("4.51711e-24 ± ")


# ------------------------------------------------------------------ errors
def test_a_mesh_that_is_not_an_icosphere_is_refused():
    never = pytest.fail
    with pytest.raises(ParameterError, match=r"mesh with 402 cells .* icosphere"):
        estimate_error(never, fp.latlon(20))
    with pytest.raises(ParameterError, match="Lloyd"):
        estimate_error(never, fp.icosphere(3, lloyd=2))
    icosa = fp.icosphere(3)
    rotated = fp.SphereMesh(icosa.points[:, [1, 2, 0]], icosa.triangles)
    with pytest.raises(ParameterError, match="icosahedron"):
        estimate_error(never, rotated)
    with pytest.raises(ParameterTypeError, match="mesh must be a SphereMesh"):
        estimate_error(never, "icosphere(3)")


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"level": 1}, ParameterError, "level=1"),
    ({"level": 3.0}, ParameterTypeError, "level must be an int"),
    ({"level": 11}, ParameterError, "level=11"),
    ({}, ParameterError, "mesh and level"),
    ({"level": 3, "coarser": 0}, ParameterError, "coarser=0"),
    ({"level": 3, "coarser": 3}, ParameterError, r"coarser=3 .* 1 <= coarser <= 2"),
    ({"level": 2, "coarser": 2}, ParameterError, "coarser=2"),
    ({"level": 3, "expected_order": 0}, ParameterError, "expected_order=0"),
    ({"level": 3, "atol": -1.0}, ParameterError, "atol=-1.0"),
])
def test_bad_parameters_are_refused_before_any_evaluation(kwargs, error, match):
    with pytest.raises(error, match=match):
        estimate_error(pytest.fail, **kwargs)


def test_bad_quantities():
    with pytest.raises(ParameterTypeError, match="quantity must be a callable"):
        estimate_error(3.0, level=3)
    with pytest.raises(ParameterError, match="mesh and level"):
        estimate_error(pytest.fail, fp.icosphere(3), level=3)
    with pytest.raises(ParameterTypeError, match="quantity gave complex"):
        estimate_error(lambda mesh: 1j, level=3)
    with pytest.raises(ParameterError, match=r"quantity: values of shapes \[\(42,\)"):
        estimate_error(lambda mesh: mesh.areas, level=3)
    with pytest.raises(ParameterError, match="consecutive"):
        richardson([1.0, 2.0], (3, 5))


def test_a_reason_known_to_the_caller_makes_the_estimate_conservative():
    values = sequence(lambda h: 1.0 + h**2, (3, 4, 5))
    est = richardson(values, (3, 4, 5), unreliable="levels used different schemes")
    assert est.warning == "levels used different schemes"
    assert est.error == pytest.approx(abs(values[2] - values[1]))
    two = richardson(values[1:], (4, 5), unreliable="mixed")
    assert two.error == pytest.approx(abs(values[2] - values[1]))


def test_progress_bar_over_the_levels_only_when_asked(capsys):
    def area(mesh):
        return float(mesh.areas.sum())  # 4 pi on every level: converged, no warning

    quiet = estimate_error(area, level=3)
    assert capsys.readouterr().err == ""
    shown = estimate_error(area, level=3, progress=True)
    err = capsys.readouterr().err
    assert "fpsphere error estimate" in err and "/3 " in err  # leave=False: then cleared
    assert shown.value == quiet.value == pytest.approx(4 * math.pi)
