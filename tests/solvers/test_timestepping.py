"""Time stepping: the order of every registered scheme, conservation, references."""

import numpy as np
import pytest
import scipy.sparse.linalg as spl

import fpsphere as fp
from fpsphere.solvers import TIME_SCHEMES
from tests.conftest import observed_order
from tests.reference.harmonics import SphericalHarmonicGalerkin


@pytest.fixture(scope="module")
def smooth_problem():
    mesh = fp.icosphere(3)
    energy = fp.Uniaxial(sigma=3.0) + fp.Zeeman(2.0, (1, 0, 1))
    model = fp.FokkerPlanck(mesh, energy, 0.5)
    rho0 = fp.initial.von_mises_fisher(mesh, (1, 0, 0), 3.0)
    # semi-discrete exact solution of what evolve steps (the deviation from the
    # stationary state, carried by the transient operator): isolates the time error
    pi = model.transient_reference()
    exact = pi + spl.expm_multiply(model.transient_matrix * 0.5, rho0 - pi)
    return model, rho0, exact


@pytest.mark.parametrize("name", sorted(TIME_SCHEMES))
def test_temporal_order_of_every_scheme(name, smooth_problem):
    model, rho0, exact = smooth_problem
    steps, errs = [0.05, 0.025, 0.0125, 0.00625], []
    for dt in steps:
        rho = model.evolve(rho0, [0.5], time_scheme=name, dt=dt).rho[-1]
        errs.append(np.abs(rho - exact).max() / np.abs(exact).max())
    order = observed_order(steps, errs)
    assert abs(order - TIME_SCHEMES[name].order) < 0.3, (order, errs)


@pytest.mark.parametrize("name", sorted(TIME_SCHEMES))
def test_probability_is_conserved(name, smooth_problem):
    model, rho0, _ = smooth_problem
    result = model.evolve(rho0, [0.1, 0.3, 1.0], time_scheme=name, dt=0.01)
    totals = result.rho @ model.mesh.areas
    assert np.allclose(totals, 1.0, atol=1e-12)


def test_precession_sense_and_rate_against_galerkin():
    # U = -xi u_z: <u> turns counter-clockwise about +z at xi/(2 alpha) per tau_N
    # (docs/conventions.md fact 5) while relaxing; compare with the spherical-harmonic reference.
    xi, alpha = 4.0, 0.2
    times = np.array([0.05, 0.1, 0.2, 0.3])
    mesh = fp.icosphere(5)
    model = fp.FokkerPlanck(mesh, fp.Zeeman(xi), alpha)
    rho0 = fp.initial.von_mises_fisher(mesh, (1, 0, 0), 2.0)
    result = model.evolve(rho0, times, dt=5e-4)
    ref = SphericalHarmonicGalerkin(lambda u: -xi * u[:, 2], alpha, lmax=24)
    norm = np.pi * (1 - np.exp(-4.0))  # integral of exp(2 (u_x - 1)) over the sphere
    expected = ref.mean_moment_evolution(lambda u: np.exp(2.0 * (u[:, 0] - 1)) / norm, times)
    angle = np.unwrap(np.arctan2(result.mean_moment[:, 1], result.mean_moment[:, 0]))
    angle_ref = np.unwrap(np.arctan2(expected[:, 1], expected[:, 0]))
    assert np.all(np.diff(angle) > 0)  # counter-clockwise seen from +z
    assert np.allclose(angle, angle_ref, atol=2e-3)
    assert np.allclose(result.mean_moment, expected, atol=2e-3)


def test_markov_scheme_with_backward_euler_stays_positive():
    mesh = fp.icosphere(3)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=20), 0.01, chi=fp.Polarizer(-30.0, (1, 0, 0)),
                            discretization_name="markov")
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 50.0)
    result = model.evolve(rho0, [0.01, 0.1, 1.0], time_scheme="backward_euler", dt=0.01)
    assert result.rho.min() >= 0


def test_fixed_steps_take_at_least_one_step_per_interval(smooth_problem):
    # the guard ceil(interval / dt - 1e-9) gave 0 steps for dt > 1e9 interval
    from fpsphere.solvers.timestepping import integrate, steps_in

    assert steps_in(0.1, 1e30) == 1 and steps_in(0.3, 0.1) == 3 and steps_in(1.0, 0.3) == 4
    model, rho0, _ = smooth_problem
    pi = model.transient_reference()
    rho = integrate(model.transient_matrix, rho0 - pi, np.array([0.5, 1.0]), 1e30) + pi
    assert np.abs(rho[0] - rho0).max() > 0.1 * rho0.max()
    assert np.allclose(rho @ model.mesh.areas, 1.0, atol=1e-12)


def test_callback_sees_every_step(smooth_problem):
    model, rho0, _ = smooth_problem
    seen = []
    model.evolve(rho0, [0.1, 0.2], dt=0.05, callback=lambda t, rho: seen.append(t))
    assert np.allclose(seen, [0.05, 0.1, 0.15, 0.2])


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(times=[0.2, 0.1]), "strictly increasing"),
        (dict(times=[-1.0]), "times="),
        (dict(dt=0.0), "dt=0.0"),
        (dict(time_scheme="rk4"), "time_scheme='rk4'"),
        (dict(rho0="scaled"), "not normalized"),
        (dict(rho0="negative"), "negative"),
        (dict(rho0="short"), "rho0 must hold"),
    ],
)
def test_bad_input(kwargs, match, smooth_problem):
    model, rho0, _ = smooth_problem
    args = dict(rho0=rho0, times=[0.1])
    args.update(kwargs)
    if args["rho0"] is not rho0 and isinstance(args["rho0"], str):
        args["rho0"] = {"scaled": 2 * rho0, "negative": rho0 - 2 * rho0.max(),
                        "short": rho0[:10]}[args["rho0"]]
    with pytest.raises(fp.ParameterError, match=match):
        model.evolve(args.pop("rho0"), args.pop("times"), **args)


def test_field_step_relaxes_from_the_old_boltzmann_state():
    # Start in the Boltzmann state of the old field and relax to the new one; the
    # integral of the approach equals the integral relaxation time times the jump
    # only for small steps, so check the end points and monotone approach here.
    mesh = fp.icosphere(4)
    old = fp.Uniaxial(sigma=3.0) + fp.Zeeman(1.0)
    new = fp.Uniaxial(sigma=3.0) + fp.Zeeman(1.2)
    rho0 = fp.initial.boltzmann(mesh, old)
    model = fp.FokkerPlanck(mesh, new, 1.0)
    run = model.evolve(rho0, np.linspace(0.5, 20.0, 40), dt=0.05)
    z_final = fp.observables.mean_moment(mesh, model.stationary())[2]
    gap = z_final - run.mean_moment[:, 2]
    assert np.all(np.diff(gap) < 0) and gap[0] > 0 and abs(gap[-1]) < 1e-2 * gap[0]


def test_small_field_step_integral_equals_relaxation_time():
    # Linear response: int_0^inf (z_inf - z(t)) dt / (z_inf - z_0) = tau_int of u_z
    # (exact in the small-step limit; the two sides come from independent solves).
    mesh = fp.icosphere(3)
    base = fp.Uniaxial(sigma=2.0) + fp.Zeeman(0.5, (1, 0, 1))
    step = fp.Zeeman(1e-3, (0, 0, 1))
    model = fp.FokkerPlanck(mesh, base + step, 0.7)
    rho0 = fp.initial.boltzmann(mesh, base)
    times = np.linspace(0.01, 30.0, 3000)
    z = model.evolve(rho0, times, dt=0.01).mean_moment[:, 2]
    z0 = fp.observables.mean_moment(mesh, rho0)[2]
    z_inf = fp.observables.mean_moment(mesh, model.stationary())[2]
    gap = np.concatenate([[z_inf - z0], z_inf - z])
    area = np.trapezoid(gap, np.concatenate([[0.0], times])) / (z_inf - z0)
    assert area == pytest.approx(model.integral_relaxation_time((0, 0, 1)), rel=5e-3)


def test_adaptive_steps_meet_the_tolerance(smooth_problem):
    # local error per step below rtol (relative): the global error is ~ the sum
    model, rho0, exact = smooth_problem
    errors = []
    for rtol in (1e-4, 1e-6, 1e-8):
        rho = model.evolve(rho0, [0.5], rtol=rtol, dt=0.25).rho[-1]
        errors.append(float(np.sum(model.mesh.areas * np.abs(rho - exact))))
    assert errors[0] < 2e-3 and errors[-1] < 1e-6
    assert errors[2] < errors[1] < errors[0]


def test_adaptive_switching_pulse_on_latlon():
    from tests.reference.legendre import axial_evolution, von_mises_fisher_z

    mesh = fp.latlon(80)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=60), 0.01, chi=fp.Polarizer(-180.0))
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 120.0)
    times = [0.1, 0.2, 0.3]
    run = model.evolve(rho0, times, rtol=1e-5, dt=0.02)
    p_up = [fp.observables.probability(mesh, r, (0, 0, 1)) for r in run.rho]
    ref = axial_evolution(lambda z: -60 * z**2 + 180 * z, von_mises_fisher_z(120.0), times)
    assert np.abs(np.array(p_up) / ref - 1).max() < 0.03


def test_adaptive_rejects_multistep(smooth_problem):
    model, rho0, _ = smooth_problem
    with pytest.raises(fp.ParameterError, match="multistep"):
        model.evolve(rho0, [0.1], time_scheme="bdf2", rtol=1e-6)
