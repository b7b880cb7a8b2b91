"""Low damping far from equilibrium on icosahedral meshes.

Time evolution uses the ``skew`` transient operator (``docs/explanation/operator.md``).  The
references are independent: a Legendre-Galerkin solution in z for axial problems
(the answer does not depend on alpha there) and the spherical-harmonic Galerkin
solution for a non-axial spin-torque problem.
"""

import numpy as np
import pytest
import scipy.sparse.linalg as spl

import fpsphere as fp
from fpsphere.observables import hemisphere_fractions
from tests.reference.harmonics import SphericalHarmonicGalerkin, vmf_density
from tests.reference.legendre import axial_evolution, axial_rates, von_mises_fisher_z

TIMES = [0.1, 0.2, 0.3, 0.35]


def _switch_model(mesh, alpha, kind):
    if kind == "torque":  # U = -60 z^2, chi = -180 z: U_d = -60 z^2 + 180 z, U_p = -60 z^2
        return fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=60), alpha, chi=fp.Polarizer(-180.0))
    # the same U_d from a field (an equilibrium model, U_p = U_d)
    return fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=60) + fp.Zeeman(180.0, (0, 0, -1)), alpha)


def _p_up(level, alpha, kind, times=TIMES):
    mesh = fp.icosphere(level)
    model = _switch_model(mesh, alpha, kind)
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 120.0)
    run = model.evolve(rho0, times, time_scheme="bdf2", dt=5e-4)
    assert np.all(np.isfinite(run.rho))
    return run.rho @ hemisphere_fractions(mesh, (0, 0, 1))


@pytest.fixture(scope="module")
def reference():
    return axial_evolution(lambda z: -60 * z**2 + 180 * z, von_mises_fisher_z(120.0), TIMES)


@pytest.mark.slow
def test_switching_pulse_at_alpha_001_on_icosphere_level_6(reference):
    # P(z > 0) from 4e-2 down to 7e-9 within 2 % on a level-6 mesh
    assert reference[0] > 1e-2 and reference[-1] < 1e-8
    errors = [np.abs(_p_up(level, 0.01, "torque") / reference - 1).max() for level in (5, 6)]
    assert errors[1] < 0.02, errors
    assert errors[1] < errors[0] / 1.8, errors


@pytest.mark.parametrize("kind", ["torque", "field"])
def test_axial_switching_does_not_depend_on_alpha(kind, reference):
    low, high = _p_up(5, 1e-3, kind), _p_up(5, 1.0, kind)
    assert np.allclose(low, high, rtol=2e-3), (low, high)
    assert np.abs(low / reference - 1).max() < 0.03


def test_axial_spin_torque_is_stepped_about_its_exact_state(reference):
    # fact 3: exp(-U_d) is stationary, so even level 4 keeps the 6.7e-9 tail
    # (the dissipation's own error there is 8 %)
    p = _p_up(4, 0.01, "torque")
    assert np.abs(p / reference - 1).max() < 0.09


def test_transient_stationary_state_at_low_damping_matches_harmonics():
    # non-axial torque at alpha = 0.01: the transient operator's state is second order,
    # the generator's first order in the crosswind direction (docs/explanation/operator.md)
    energy = lambda u: -10 * u[:, 2] ** 2 - 3 * (u[:, 0] + u[:, 2]) / np.sqrt(2)  # noqa: E731
    chi = lambda u: -4.0 * u[:, 0]  # noqa: E731
    ref = SphericalHarmonicGalerkin(energy, 0.01, chi=chi, lmax=40)
    coeffs = ref.stationary_coefficients()
    errors, generator = [], []
    for level in (4, 5, 6):
        mesh = fp.icosphere(level)
        model = fp.FokkerPlanck(mesh, fp.Custom(energy), 0.01, chi=fp.Custom(chi))
        exact = ref.evaluate(coeffs, mesh.points)
        for out, disc in ((errors, None), (generator, "split+stabilized")):
            out.append(np.abs(model.stationary(discretization=disc) - exact).max()
                       / exact.max())
    assert errors[-1] < 1e-3 and errors[-1] < generator[-1] / 10, (errors, generator)
    assert errors[1] / errors[2] > 2.5, errors


def test_field_switching_tends_exactly_to_boltzmann():
    # the equilibrium model is stepped about its exact Boltzmann state
    mesh = fp.icosphere(4)
    model = _switch_model(mesh, 0.01, "field")
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 120.0)
    final = model.evolve(rho0, [4.0], time_scheme="bdf2", dt=1e-3).rho[-1]
    pi = model.stationary()
    assert np.abs(final - pi).max() < 1e-9 * pi.max()


def test_skew_precession_is_antisymmetric_in_area_weighted_l2():
    mesh = fp.icosphere(3)
    energy = fp.Uniaxial(sigma=20) + fp.Zeeman(8.0, (1, 0, 1))
    chi, phi = fp.Polarizer(-30.0, (1, 0, 0)), fp.Polarizer(20.0, (0, 1, 0))
    low = fp.FokkerPlanck(mesh, energy, 0.01, chi=chi, phi=phi).transient_matrix
    dissipative = fp.FokkerPlanck(mesh, energy, 1e30, chi=chi, phi=phi).transient_matrix
    skew = (low - dissipative).multiply(mesh.areas[:, None]).tocsr()
    assert abs(skew + skew.T).max() < 1e-12 * abs(skew).max()
    assert abs(skew).max() > 50  # the precession really is there (|V_e| / 2)


def test_skew_slowest_switching_rate_and_no_growing_mode():
    # the upwinded generator's slowest rate was 360 (6x too fast); nothing grows
    exact = axial_rates(lambda z: -60 * z**2 + 180 * z, k=2)[1]
    for level, tol in ((3, 1e-2), (4, 3e-3)):
        L = _switch_model(fp.icosphere(level), 0.01, "torque").transient_matrix.tocsc()
        for shift in (60.0, 500.0):
            rates = spl.eigs(L, k=3, sigma=shift, which="LM", return_eigenvectors=False)
            assert rates.real.max() < 1e-9, rates
        rates = spl.eigs(L, k=2, sigma=-1.0, which="LM", return_eigenvectors=False)
        slowest = -np.sort(rates.real)[0]
        assert abs(slowest / exact - 1) < tol, (level, slowest, exact)
        assert spl.eigs(L, k=4, which="LR", return_eigenvectors=False,
                        maxiter=20000, tol=1e-8).real.max() < 1e-9


@pytest.mark.slow
def test_non_axial_spin_torque_transient_at_low_damping_matches_harmonics():
    # sigma = 10, field 4 kT at 45 deg in xz, Slonczewski chi = -15 u_x, alpha = 0.01
    s2 = np.sqrt(0.5)
    times = np.array([0.05, 0.1, 0.2, 0.3, 0.5])
    ref = SphericalHarmonicGalerkin(lambda u: -10 * u[:, 2] ** 2 - 4 * s2 * (u[:, 0] + u[:, 2]),
                                    0.01, chi=lambda u: -15 * u[:, 0], lmax=30,
                                    lmax_potential=4)
    coeffs = ref.evolve(ref.project(vmf_density((0, 0, 1), 10.0)), times)
    m_ref = ref.mean_moment(coeffs)
    p_ref = np.array([ref.hemisphere_probability(c) for c in coeffs])
    energy = fp.Uniaxial(sigma=10) + fp.Zeeman(4.0, (1, 0, 1))
    errors = []
    for level in (4, 5):
        mesh = fp.icosphere(level)
        model = fp.FokkerPlanck(mesh, energy, 0.01, chi=fp.Polarizer(-15.0, (1, 0, 0)))
        run = model.evolve(fp.initial.von_mises_fisher(mesh, (0, 0, 1), 10.0), times, dt=5e-4)
        errors.append(np.abs(run.mean_moment - m_ref).max())  # includes the precession phase
        p_up = run.rho @ hemisphere_fractions(mesh, (0, 0, 1))
        assert np.abs(p_up / p_ref - 1).max() < (2e-3 if level == 4 else 5e-4)
    assert errors[1] < 6e-3, errors
    assert errors[1] < errors[0] / 2.2, errors


def test_an_evolved_state_can_be_evolved_further():
    # the transient operator is not an M-matrix: its states may dip slightly below 0
    mesh = fp.icosphere(4)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=60), 0.01,
                            chi=fp.Polarizer(-180.0, (0.2, 0, 1)))  # tilted: no exact state
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 120.0)
    first = model.evolve(rho0, [0.1], time_scheme="bdf2", dt=5e-4).rho[-1]
    assert first.min() < 0  # at level 4 it does (negative part 1.6e-3 of the probability)
    second = model.evolve(first, [0.1], time_scheme="bdf2", dt=5e-4).rho[-1]
    direct = model.evolve(rho0, [0.2], time_scheme="bdf2", dt=5e-4).rho[-1]
    assert np.abs(second - direct).max() < 1e-2 * direct.max()  # BDF2 restarts once


@pytest.mark.filterwarnings("ignore:spin transfer without a symmetry axis")
def test_plain_rates_for_non_collinear_torque_at_low_damping():
    # sigma = 20, 4 kT field at 45 deg, chi = +8 u_z, alpha = 0.02 (the default run):
    # lambda_1 = 2.2534e-3 from spherical harmonics (lmax 56 and 72 agree to 1e-5)
    ref = SphericalHarmonicGalerkin(
        lambda u: -20 * u[:, 2] ** 2 - 4 * np.sqrt(0.5) * (u[:, 0] + u[:, 2]), 0.02,
        chi=lambda u: 8.0 * u[:, 2], lmax=56, lmax_potential=4)
    lam = ref.rates(2)[1].real
    up, down = ("cone", (0, 0, 1), 0.3), ("cone", (0, 0, -1), 0.3)
    errors = {"split+stabilized": [], None: []}
    spectra = []
    for level in (5, 6):
        energy = fp.Uniaxial(sigma=20) + fp.Zeeman(4.0, (1, 0, 1))
        model = fp.FokkerPlanck(fp.icosphere(level), energy, 0.02, chi=fp.Polarizer(8.0))
        assert model.discretization.name == "skew"  # U_d resolved: the plain calls use it
        for disc, errs in errors.items():
            errs.append(model.metastable_rates(up, down, discretization=disc).lambda_1 / lam
                        - 1)
        spectra.append(model.spectrum(2)[1].real / lam - 1)
    assert abs(errors[None][1]) < 5e-3, errors  # 9.5e-3, 2.0e-3
    assert abs(errors["split+stabilized"][1]) > 0.3, errors  # first order: 1.45, 0.47
    assert abs(spectra[1]) < 5e-3 and abs(spectra[0]) / abs(spectra[1]) > 3, spectra
    with pytest.raises(fp.ParameterError, match="operator='skew'"):
        model.spectrum(2, operator="skew")


def test_under_resolved_non_collinear_model_warns_with_an_estimate():
    mesh = fp.icosphere(4)
    energy = fp.Uniaxial(sigma=20) + fp.Zeeman(4.0, (1, 0, 1))
    tilted = fp.FokkerPlanck(mesh, energy, 0.02, chi=fp.Polarizer(8.0))  # the default run
    assert tilted.crosswind_peclet() > 30  # generator lambda_1 +320 % here
    with pytest.warns(UserWarning, match=r"estimated error .* icosphere level 7"):
        rates = tilted.spectrum(2)
    assert np.all(np.isfinite(rates))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fp.FokkerPlanck(fp.icosphere(6), energy, 0.02, chi=fp.Polarizer(8.0)).spectrum(2)
        collinear = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=20), 0.02, chi=fp.Polarizer(8.0))
        collinear.spectrum(2)
        mild = fp.FokkerPlanck(fp.icosphere(6), energy, 0.1, chi=fp.Polarizer(2.0, (1, 0, 0)))
        assert mild.crosswind_peclet() < 5.0
        mild.spectrum(2)
