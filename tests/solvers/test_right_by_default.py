"""Plain calls are right at any barrier: wells, the Markov state model, and the formulation
each analysis chooses, against independent references (1D integral formulas, Legendre
and spherical-harmonic Galerkin solutions)."""

import json
import pickle

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.solvers import find_wells, markov_state_model
from fpsphere.solvers.msm import stationary_vector
from tests.conftest import observed_order
from tests.reference.harmonics import SphericalHarmonicGalerkin
from tests.reference.legendre import axial_lambda1
from tests.solvers.test_metastable import mfpt_axial
from tests.solvers.test_relaxation_time import tau_axial

UP, DOWN = ("cone", (0, 0, 1), 0.5), ("cone", (0, 0, -1), 0.5)


@pytest.fixture(scope="module")
def sigma60():
    return {"lambda_1": axial_lambda1(lambda z: -60 * z**2), "tau": tau_axial(60.0, 0.0),
            "mfpt": mfpt_axial(60.0, np.cos(0.5), -np.cos(0.5))}


def _sigma60_errors(level, ref):
    model = fp.FokkerPlanck(fp.icosphere(level), fp.Uniaxial(sigma=60), 1.0)
    rates = model.spectrum(k=3)
    tau = model.integral_relaxation_time()
    mfpt = model.mean_first_passage_time(UP, DOWN)
    assert rates[0] == 0 and rates.method.endswith("2-well metastable decomposition")
    assert tau.method == "2-well metastable decomposition"
    assert mfpt.method == "quasi-stationary escape rate"
    assert rates.relative_errors[1] < 1e-12 and tau.relative_error < 1e-12
    return np.array([rates[1].real / ref["lambda_1"] - 1, tau / ref["tau"] - 1,
                     mfpt / ref["mfpt"] - 1])


def test_sigma_60_plain_calls_are_right_and_second_order(sigma60):
    # the plain calls used to return round-off: lambda_1 ~ -2e-13, tau ~ 1e13 (exact 2.2e23)
    assert 4.4e-24 < sigma60["lambda_1"] < 4.6e-24
    errors = [_sigma60_errors(level, sigma60) for level in (4, 5)]
    hs = [fp.icosphere(level).h for level in (4, 5)]
    for k in range(3):
        assert abs(errors[1][k]) < 0.015, errors  # -1.08 % at level 5, -0.27 % at level 6
        assert observed_order(hs, [abs(e[k]) for e in errors]) > 1.8, errors


@pytest.mark.slow
def test_sigma_60_at_level_7_within_a_tenth_of_a_percent(sigma60):
    errors = _sigma60_errors(7, sigma60)
    assert np.abs(errors).max() < 2e-3, errors


def test_intermediate_barrier_keeps_the_direct_formulations():
    model = fp.FokkerPlanck(fp.icosphere(4), fp.Uniaxial(sigma=10), 1.0)
    rates = model.spectrum(3)
    assert rates.method == "shift-invert"
    assert model.integral_relaxation_time().method == "linear solve"
    assert model.mean_first_passage_time(UP, DOWN).method == "backward equation"
    exact = axial_lambda1(lambda z: -10 * z**2)
    assert abs(rates[1].real / exact - 1) < 0.01


@pytest.mark.slow
def test_oblique_field_sigma_40_low_damping_against_spherical_harmonics():
    # non-axial: precession couples to the escape; lambda_1 = 4.34633e-8 (lmax 72 and
    # 88 agree to 2e-6) lies below the level-6 round-off floor's trust (noise 7e-13)
    s2 = np.sqrt(0.5)
    ref = SphericalHarmonicGalerkin(lambda u: -40 * u[:, 2] ** 2 - 14 * s2 * (u[:, 0] + u[:, 2]),
                                    0.05, lmax=72, lmax_potential=4).rates(2)[1].real
    errors = []
    for level in (5, 6):
        model = fp.FokkerPlanck(fp.icosphere(level), fp.Uniaxial(sigma=40)
                                + fp.Zeeman(14.0, (1, 0, 1)), 0.05)
        rates = model.spectrum(2)
        assert "metastable decomposition" in rates.method
        errors.append(rates[1].real / ref - 1)
    assert abs(errors[1]) < 0.01 and abs(errors[0] / errors[1]) > 3, errors  # -1.0, -0.26 %


def test_wells_of_cubic_anisotropy_and_of_a_flat_landscape():
    mesh = fp.icosphere(4)
    x, y, z = mesh.points.T
    wells = find_wells(mesh, 20 * (x * x * y * y + y * y * z * z + z * z * x * x))
    assert len(wells) == 6  # easy axes +-x, +-y, +-z, saddles 5 kT above along <110>
    assert np.allclose(sorted(w.depth for w in wells)[:5], 5.0, atol=0.05)
    bottoms = np.abs(mesh.points[[w.bottom for w in wells]])
    assert np.allclose(np.sort(bottoms, axis=1)[:, -1], 1.0)
    basins = np.array([w.basin for w in wells])
    assert basins.sum(axis=0).max() == 1  # disjoint
    assert len(find_wells(mesh, 0 * x)) == 1
    assert len(find_wells(mesh, -20 * (x * x * y * y + y * y * z * z + z * z * x * x))) == 1


def test_stationary_vector_keeps_tiny_populations_exactly():
    # three states, detailed balance with populations 1 : 1e-30 : 1e-12
    p = np.array([1.0, 1e-30, 1e-12])
    p /= p.sum()
    k01, k02, k12 = 1e-20, 1e-3, 5.0
    Q = np.zeros((3, 3))
    Q[0, 1], Q[0, 2], Q[1, 2] = k01, k02, k12
    Q[1, 0], Q[2, 0], Q[2, 1] = k01 * p[0] / p[1], k02 * p[0] / p[2], k12 * p[1] / p[2]
    np.fill_diagonal(Q, -Q.sum(axis=1))
    assert np.allclose(stationary_vector(Q), p, rtol=1e-12, atol=0)


def test_markov_state_model_matches_the_committor_rate():
    mesh = fp.icosphere(4)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=30) + fp.Zeeman(3.0), 1.0)
    msm = markov_state_model(model.generator, mesh.areas, find_wells(mesh, model.U))
    committor = model.metastable_rates(UP, DOWN).lambda_1
    assert abs(msm.eigenvalues()[1].real / committor - 1) < 1e-3
    exact = model.boltzmann()
    upper = mesh.points[:, 2] > 0
    assert abs(msm.populations[1] / np.sum(mesh.areas * exact * ~upper) - 1) < 1e-3


def test_numbers_carry_how_they_were_obtained_and_survive_pickle_and_json():
    model = fp.FokkerPlanck(fp.icosphere(3), fp.Uniaxial(sigma=30), 1.0)
    tau = model.integral_relaxation_time()
    back = pickle.loads(pickle.dumps(tau))
    assert back == tau and back.method == tau.method
    assert json.loads(json.dumps({"tau": tau}))["tau"] == float(tau)
    assert "metastable" in tau.describe()
    rates = model.spectrum(2)
    assert isinstance(rates, fp.Rates) and rates[:1].method == rates.method


@pytest.mark.parametrize("sigma", [10.0, 30.0, 60.0])
def test_susceptibility_down_to_zero_frequency_at_any_barrier(sigma):
    # fluctuation-dissipation at equilibrium: chi(0) = Var(u_z); the well populations
    # relax at lambda_1 (Debye): Im chi(lambda_1) = -(chi(0) - chi_fast) / 2
    mesh = fp.icosphere(4)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=sigma) + fp.Zeeman(0.5), 1.0)
    pi, z = model.stationary(), mesh.points[:, 2]
    variance = np.sum(mesh.areas * pi * z * z) - np.sum(mesh.areas * pi * z) ** 2
    lam = model.spectrum(2)[1].real
    chi = model.susceptibility([0.0, lam, 1e3 * lam])
    assert abs(chi[0] / variance - 1) < 2e-6, (chi[0], variance)
    assert abs(chi[1].imag / (-(chi[0] - chi[2]).real / 2) - 1) < 2e-3, chi


def test_sigma_100_at_low_damping_escape_rate_relaxation_and_susceptibility():
    # beyond ~75 kT the committor's sum of w (dq)^2 drowned in eps^2 and the centred
    # precession made the quasi-stationary flux oscillate (466x too fast at alpha=0.05)
    lam = axial_lambda1(lambda z: -100 * z**2)  # 4.155e-41
    mesh = fp.icosphere(4)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=100), 0.05)
    values = [model.spectrum(2)[1].real, 2 * model.escape_rate(UP, DOWN),
              1 / model.integral_relaxation_time(), 2 / model.mean_first_passage_time(UP, DOWN)]
    assert np.allclose(np.array(values) / lam, 1.0, atol=0.08), np.array(values) / lam
    pi, z = model.stationary(), mesh.points[:, 2]
    chi = model.susceptibility([0.0])[0]
    assert abs(chi / np.sum(mesh.areas * pi * z * z) - 1) < 1e-6
