"""Error-controlled and checked time evolution (fpsphere.solvers.evolution.propagate).

References are independent of the stepping: the semi-discrete exact solution
``expm_multiply`` for the time error alone, and the Legendre-Galerkin solution of the
axial switching pulse (tests/reference/legendre.py) for the whole error.
"""

import warnings

import numpy as np
import pytest
import scipy.sparse.linalg as spl

import fpsphere as fp
from fpsphere.observables import hemisphere_fractions
from fpsphere.solvers.evolution import (
    DEFAULT_RTOL,
    EvolutionReport,
    EvolutionWarning,
    PhysicalCheck,
    propagate,
)
from fpsphere.solvers.inputs import checked_steps
from fpsphere.solvers.timestepping import TIME_SCHEMES
from tests.reference.legendre import axial_evolution, von_mises_fisher_z

PULSE_TIMES = np.arange(1, 8) * 0.05  # P(z > 0) from 0.67 down to 6.7e-9


def _run(model, rho0, times, **kwargs):
    mesh = model.mesh
    return propagate(model.transient_matrix, rho0, times, areas=mesh.areas,
                     points=mesh.points, reference=model.transient_reference(), **kwargs)


@pytest.fixture(scope="module")
def smooth():
    mesh = fp.icosphere(3)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=3.0) + fp.Zeeman(2.0, (1, 0, 1)), 0.5)
    rho0 = fp.initial.von_mises_fisher(mesh, (1, 0, 0), 3.0)
    pi = model.transient_reference()
    times = np.array([0.1, 0.5])
    exact = np.array([pi + spl.expm_multiply(model.transient_matrix * t, rho0 - pi)
                      for t in times])
    return model, rho0, times, exact


@pytest.fixture(scope="module")
def pulse_reference():
    return axial_evolution(lambda z: -60 * z**2 + 180 * z, von_mises_fisher_z(120.0),
                           PULSE_TIMES)


def _pulse(level):
    mesh = fp.icosphere(level)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=60), 0.01, chi=fp.Polarizer(-180.0))
    return model, fp.initial.von_mises_fisher(mesh, (0, 0, 1), 120.0)


@pytest.mark.parametrize("name", sorted(n for n, s in TIME_SCHEMES.items() if s.embedded))
def test_embedded_estimate_is_the_local_error(name, smooth):
    # one step from a smooth state: the estimate matches exact - computed, with the
    # scheme's order of the local error
    model, rho0, _, _ = smooth
    L = model.transient_matrix
    y = spl.expm_multiply(L * 0.05, rho0 - model.transient_reference())
    order = TIME_SCHEMES[name].order
    estimates, errors = [], []
    for h in (0.02, 0.01, 0.005):
        new, estimate, _ = TIME_SCHEMES[name].embedded(L, h)(y, None)
        error = spl.expm_multiply(L * h, y) - new
        estimates.append(np.abs(estimate).max())
        errors.append(np.abs(error).max())
        assert np.abs(estimate - error).max() < 0.35 * np.abs(error).max(), (h, name)
    slope = np.polyfit(np.log([0.02, 0.01, 0.005]), np.log(estimates), 1)[0]
    assert abs(slope - (order + 1)) < 0.3, (name, slope)


def test_controlled_steps_meet_the_tolerance(smooth):
    model, rho0, times, exact = smooth
    errors = []
    for rtol in (1e-3, 1e-5, 1e-7):
        rho, report = _run(model, rho0, times, rtol=rtol)
        relative = (np.abs(rho - exact) / np.abs(exact)).max()
        errors.append(relative)
        assert relative < 3 * report.error_estimate, (rtol, relative, report)
    assert errors[0] < 1e-2 and errors[-1] < 2e-5
    assert errors[2] < errors[1] / 10 < errors[0] / 100


def test_controlled_default_switching_pulse_level_5(pulse_reference):
    # level 5's spatial error is 1.8-2.5 %; the default tolerance adds ~0.5 %, in fewer
    # steps than the fixed BDF2 run of dt = 5e-4 (700 steps) that reaches the same
    model, rho0 = _pulse(5)
    rho, report = _run(model, rho0, PULSE_TIMES)
    p_up = rho @ hemisphere_fractions(model.mesh, (0, 0, 1))
    assert np.abs(p_up / pulse_reference - 1).max() < 0.03, p_up / pulse_reference - 1
    assert report.controlled and report.rtol == DEFAULT_RTOL and not report.warnings
    assert report.accepted_steps < 700 and report.factorizations < 20, report


@pytest.mark.slow
def test_controlled_default_switching_pulse_level_6(pulse_reference):
    # the low-damping acceptance case: within 2 % from P = 0.67 down to 6.7e-9
    model, rho0 = _pulse(6)
    rho, report = _run(model, rho0, PULSE_TIMES)
    p_up = rho @ hemisphere_fractions(model.mesh, (0, 0, 1))
    assert pulse_reference[-1] < 1e-8
    assert np.abs(p_up / pulse_reference - 1).max() < 0.02, p_up / pulse_reference - 1
    assert report.accepted_steps < 700, report


def _physical(mesh, rho):
    p_up = rho @ hemisphere_fractions(mesh, (0, 0, 1))
    moment = np.linalg.norm(fp.observables.mean_moment(mesh, rho), axis=-1)
    return np.all((p_up >= 0) & (p_up <= 1)) and np.all(moment <= 1 + 1e-9)


@pytest.mark.parametrize("scheme,dt", [("bdf2", 0.05), ("crank_nicolson", 0.2),
                                       ("tr_bdf2", 0.2), ("tr_bdf2", 1e30)])
def test_coarse_fixed_steps_are_refined_or_reported(scheme, dt):
    # the switching pulse of examples/configs/evolve_switching_pulse.toml (its first
    # segment): BDF2 at dt = 0.05 used to return <u_z> = -1.004 and P = -0.016 silently
    mesh = fp.latlon(40)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=20), 0.05, chi=fp.Polarizer(-60.0))
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 40.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rho, report = _run(model, rho0, [0.05, 0.1, 0.2, 0.3, 0.4], time_scheme=scheme, dt=dt)
    reported = [w for w in caught if issubclass(w.category, EvolutionWarning)]
    assert _physical(mesh, rho) or reported, (report, rho @ mesh.areas)
    assert report.refinements > 0 or reported
    assert len(reported) == len(report.warnings)
    for w in reported:
        assert f"dt={dt:g}" in str(w.message)


def test_a_step_far_longer_than_the_interval_still_evolves(smooth):
    # dt = 1e30 used to take zero steps (ceil(interval / dt - 1e-9) = 0): the initial
    # state came back at every time
    model, rho0, _, _ = smooth
    times = [2.0, 4.0, 8.0]
    with pytest.warns(EvolutionWarning, match="dt=1e\\+30 is too long"):
        fixed, report = _run(model, rho0, times, dt=1e30)
    controlled, _ = _run(model, rho0, times)
    assert report.accepted_steps == 3 and report.largest_step == 4.0
    assert np.abs(fixed[0] - rho0).max() > 0.1 * rho0.max()
    u_fixed = fp.observables.mean_moment(model.mesh, fixed)
    u_controlled = fp.observables.mean_moment(model.mesh, controlled)
    # one L-stable step per interval: first order in the remaining transient
    assert np.abs(u_fixed - u_controlled).max() < 3e-2
    assert np.abs(u_fixed[-1] - u_controlled[-1]).max() < 5e-3


def test_reports_say_how_the_numbers_were_obtained(smooth):
    model, rho0, times, _ = smooth
    _, controlled = _run(model, rho0, times)
    assert isinstance(controlled, EvolutionReport)
    assert controlled.controlled and controlled.time_scheme == "tr_bdf2"
    assert controlled.rtol == DEFAULT_RTOL and controlled.dt is None
    assert 0 < controlled.smallest_step <= controlled.largest_step <= 0.4
    assert controlled.factorizations >= 1 and controlled.accepted_steps > 0
    assert 0 < controlled.error_estimate < 1e-2 and controlled.warnings == ()
    assert "error-controlled" in controlled.summary()
    _, fixed = _run(model, rho0, times, time_scheme="bdf2", dt=0.01)
    assert not fixed.controlled and fixed.dt == 0.01 and fixed.rtol is None
    assert fixed.accepted_steps == 50 and fixed.error_estimate is None
    assert fixed.smallest_step == pytest.approx(0.01)
    assert fixed.factorizations == 2  # the BDF2 matrix and its TR-BDF2 start
    assert "fixed steps (dt=0.01" in fixed.summary()
    _, capped = _run(model, rho0, times, dt=0.02, rtol=1e-4)
    assert capped.controlled and capped.largest_step <= 0.02
    merged = EvolutionReport.merged([controlled, controlled])
    assert merged.accepted_steps == 2 * controlled.accepted_steps
    assert merged.error_estimate == pytest.approx(2 * controlled.error_estimate)


def test_callback_sees_every_accepted_step_and_each_output(smooth):
    model, rho0, times, _ = smooth
    seen = []
    rho, report = _run(model, rho0, times, callback=lambda t, r: seen.append((t, r.copy())))
    steps = np.array([t for t, _ in seen])
    assert len(seen) == report.accepted_steps and np.all(np.diff(steps) > 0)
    for t, expected in zip(times, rho, strict=True):
        k = int(np.argmin(np.abs(steps - t)))
        assert steps[k] == t and np.array_equal(seen[k][1], expected)


def test_outputs_at_zero_and_conservation(smooth):
    model, rho0, _, _ = smooth
    rho, report = _run(model, rho0, [0.0, 0.3, 1.0])
    assert np.abs(rho[0] - rho0).max() < 1e-14 * rho0.max()
    assert np.allclose(rho @ model.mesh.areas, 1.0, atol=1e-12)


def test_the_reference_state_stays_put_in_few_long_steps(smooth):
    # zero local error: the steps grow up to the output intervals
    model, _, _, _ = smooth
    pi = model.transient_reference()
    rho, report = _run(model, pi, [0.1, 1.0, 100.0])
    assert np.abs(rho - pi).max() < 1e-12 * pi.max()
    assert report.accepted_steps <= 20 and report.largest_step > 10


def test_physical_check_attributes_the_operators_own_negative_part():
    areas = np.full(4, np.pi)
    check = PhysicalCheck(areas)
    state = np.array([0.33, 0.0, 0.0, -0.01]) / np.pi * 1.0
    assert "negative probability" in check.problem(state)
    assert not check.attribute(state, np.array([0, 0, 0, 0.01]))  # time error explains it
    assert check.attribute(state, np.array([0, 0, 0, 1e-4]))
    assert check.problem(state) is None and check.allowance == pytest.approx(0.02)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        (dict(times=[]), "times="),
        (dict(times=[0.2, 0.1]), "strictly increasing"),
        (dict(times=[float("nan")]), "times="),
        (dict(dt=-1.0), "dt=-1.0 is not allowed"),
        (dict(dt=float("inf")), "dt=inf"),
        (dict(rtol=2.0), "rtol=2.0 is not allowed"),
        (dict(scheme="rk4"), "scheme='rk4'"),
        (dict(scheme="bdf2"), "dt=None or rtol given"),
        (dict(scheme="bdf2", dt=0.1, rtol=1e-4), "multistep"),
    ],
)
def test_step_inputs_name_the_parameter(kwargs, match):
    args = dict(times=[0.1], dt=None, scheme="tr_bdf2", rtol=None)
    args.update(kwargs)
    with pytest.raises(fp.ParameterError, match=match):
        checked_steps(args["times"], args["dt"], args["scheme"], args["rtol"])


def test_step_inputs_accepted():
    times, dt = checked_steps([0, 0.5, 1], None, "tr_bdf2", None)
    assert dt is None and times.dtype == float
    assert checked_steps([1.0], 1e30, "bdf2", None)[1] == 1e30


def test_progress_bar_follows_simulated_time_and_is_off_by_default(smooth, capsys):
    model, rho0, _, _ = smooth
    _run(model, rho0, [2.0])
    assert capsys.readouterr().err == ""          # silent by default
    for dt in (None, 0.05):                       # controlled and fixed steps
        rho, _ = _run(model, rho0, [2.0], dt=dt, progress=True)
        err = capsys.readouterr().err
        assert "fpsphere evolve" in err and "100%" in err and "2/2 tau_N" in err
        assert np.allclose(rho, _run(model, rho0, [2.0], dt=dt)[0], rtol=0, atol=0)
    run = model.evolve(rho0, [0.5, 1.0], progress=True)
    assert "1/1 tau_N" in capsys.readouterr().err and run.rho.shape[0] == 2
