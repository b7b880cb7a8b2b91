"""Piecewise-constant protocols: bookkeeping against separate runs, physics of a pulse."""

import re

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.protocols import Segment, run_protocol
from fpsphere.solvers.evolution import EvolutionWarning


@pytest.fixture(scope="module")
def setup():
    mesh = fp.latlon(30)
    rest = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=10), 0.05)
    pulse = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=10), 0.05, chi=fp.Polarizer(-30.0))
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 20.0)
    return mesh, rest, pulse, rho0


def test_pulse_equals_two_separate_runs(setup):
    mesh, rest, pulse, rho0 = setup
    run = run_protocol([Segment(pulse, 0.2), Segment(rest, 0.3)], rho0, [0.1, 0.2, 0.35, 0.5],
                       dt=0.01)
    first = pulse.evolve(rho0, [0.1, 0.2], dt=0.01)
    second = rest.evolve(first.rho[-1], [0.15, 0.3], dt=0.01)
    assert np.allclose(run.rho[:2], first.rho, rtol=1e-12, atol=1e-14)
    assert np.allclose(run.rho[2:], second.rho, rtol=1e-12, atol=1e-14)


def test_pulse_switches_and_the_system_relaxes(setup):
    mesh, rest, pulse, rho0 = setup
    run = run_protocol([Segment(pulse, 1.0), Segment(rest, 3.0)], rho0, [1.0, 4.0], dt=0.005)
    p_up = [fp.observables.probability(mesh, r, (0, 0, 1)) for r in run.rho]
    assert p_up[0] < 0.05  # the torque pushed the moment down
    # then it stays down: the barrier of 10 kT holds it for ~1/lambda_1 >> 3 tau_N
    assert p_up[1] < 0.05
    assert np.allclose(run.rho @ mesh.areas, 1.0, atol=1e-12)


def test_bad_protocols(setup):
    mesh, rest, pulse, rho0 = setup
    with pytest.raises(fp.ParameterError, match="empty"):
        run_protocol([], rho0, [0.1])
    with pytest.raises(fp.ParameterError, match="duration"):
        run_protocol([Segment(rest, -1.0)], rho0, [0.1])
    with pytest.raises(fp.ParameterError, match="within"):
        run_protocol([Segment(rest, 1.0)], rho0, [2.0])
    other = fp.FokkerPlanck(fp.latlon(10), None, 1.0)
    with pytest.raises(fp.ParameterError, match="another mesh"):
        run_protocol([Segment(rest, 1.0), Segment(other, 1.0)], rho0, [0.5])
    with pytest.raises(fp.ParameterError, match="dt=0.0"):
        run_protocol([Segment(rest, 1.0)], rho0, [0.5], dt=0.0)
    with pytest.raises(fp.ParameterError, match="scheme='bdf2'"):
        run_protocol([Segment(rest, 1.0)], rho0, [0.5], time_scheme="bdf2")
    with pytest.raises(fp.ParameterError, match="not normalized"):
        run_protocol([Segment(rest, 1.0)], 2 * rho0, [0.5])
    with pytest.deprecated_call():
        run_protocol([Segment(rest, 1.0)], rho0, [0.5], scheme="tr_bdf2", dt=0.1)


def test_protocol_defaults_to_error_control_and_reports(setup):
    mesh, rest, pulse, rho0 = setup
    run = run_protocol([Segment(pulse, 0.2), Segment(rest, 0.3)], rho0, [0.1, 0.2, 0.5])
    fine = run_protocol([Segment(pulse, 0.2), Segment(rest, 0.3)], rho0, [0.1, 0.2, 0.5],
                        dt=2.5e-4)
    assert run.report.controlled and run.report.accepted_steps < 400
    assert np.abs(run.mean_moment - fine.mean_moment).max() < 1e-3
    assert run.report.factorizations >= 2 and not run.report.warnings


@pytest.mark.parametrize("time_scheme,dt", [("bdf2", 0.05), ("crank_nicolson", 0.2),
                                            ("tr_bdf2", 1e30)])
def test_coarse_protocol_steps_are_physical_or_reported(time_scheme, dt):
    # examples/configs/evolve_switching_pulse.toml: BDF2 at dt = 0.05 gave <u_z> = -1.004
    # and P(u.n > 0) = -0.016 with no warning; dt = 1e30 returned the initial state
    mesh = fp.latlon(40)
    energy = fp.Uniaxial(sigma=20.0)
    pulse = fp.FokkerPlanck(mesh, energy, 0.05, chi=fp.Polarizer(-60.0))
    rest = fp.FokkerPlanck(mesh, energy, 0.05)
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 40.0)
    times = [0.05, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0]
    with pytest.warns(EvolutionWarning, match=re.escape(f"dt={dt:g}")):
        run = run_protocol([Segment(pulse, 0.4), Segment(rest, 0.6)], rho0, times,
                           time_scheme=time_scheme, dt=dt)
    p_up = np.array([fp.observables.probability(mesh, r, (0, 0, 1)) for r in run.rho])
    assert np.all((p_up >= 0) & (p_up <= 1)), p_up
    assert np.all(np.linalg.norm(run.mean_moment, axis=1) <= 1 + 1e-9)
    assert run.report.refinements > 0 and run.report.warnings
    assert p_up[-1] < 0.05 and abs(p_up[0] - 1) < 0.1  # it did evolve: switched


# ------------------------------------------------------------------ continuous drives
def _sweep(mesh, rate):
    energy = fp.Uniaxial(sigma=10.0)
    return lambda t: fp.FokkerPlanck(mesh, energy + fp.Zeeman(xi=20.0 - rate * t), 0.1)


def test_continuous_sweep_is_second_order_in_time():
    from fpsphere.protocols import run_continuous

    mesh = fp.icosphere(3)
    model_at = _sweep(mesh, 40.0)
    rho0 = model_at(0.0).stationary()
    ends = [run_continuous(model_at, rho0, [1.0], dt=dt).mean_moment[-1, 2]
            for dt in (0.02, 0.01, 0.005)]
    d = np.abs(np.diff(ends))
    assert 1.8 < np.log2(d[0] / d[1]) < 2.2, ends
    assert ends[-1] < 0.6  # the moment follows the field down


def test_continuous_run_of_a_constant_model_is_crank_nicolson():
    from fpsphere.protocols import run_continuous
    from fpsphere.solvers.evolution import propagate

    mesh = fp.icosphere(3)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=5.0) + fp.Zeeman(2.0, (1, 0, 0)), 0.2)
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 20.0)
    run = run_continuous(lambda t: model, rho0, [0.1, 0.3], dt=0.01)
    ref, report = propagate(model.transient_matrix, rho0, [0.1, 0.3], areas=mesh.areas,
                            points=mesh.points, reference=model.transient_reference(),
                            time_scheme="crank_nicolson", dt=0.01)
    assert np.abs(run.rho - ref).max() < 1e-9 * ref.max()
    assert run.steps == 30 and run.report.accepted_steps == 30
    # one LU for the steps, one for the sub-steps that attribute the early steps'
    # negative part (1e-3, the level-3 operator's own) to the spatial operator
    assert run.factorizations == report.factorizations == 2
    assert run.report.refinements == report.refinements > 0 and not run.report.warnings


def test_staircase_converges_to_the_continuous_sweep():
    """Two code paths: stepped protocols with finer stairs approach the continuous sweep
    (errors 0.57, 5.1e-3, 4.0e-4 for 10, 20, 40 stairs)."""
    from fpsphere.protocols import run_continuous

    mesh = fp.icosphere(3)
    model_at = _sweep(mesh, 40.0)
    rho0 = model_at(0.0).stationary()
    exact = run_continuous(model_at, rho0, [1.0], dt=0.0025).mean_moment[-1, 2]
    errors = []
    for stairs in (10, 20, 40):
        width = 1.0 / stairs
        segments = [Segment(model_at((k + 0.5) * width), width) for k in range(stairs)]
        end = run_protocol(segments, rho0, [1.0], scheme="crank_nicolson",
                           dt=0.0025).mean_moment[-1, 2]
        errors.append(abs(end - exact))
    assert errors[-1] < errors[0] and 1.5 < errors[0] / errors[1], errors


def test_continuous_run_bad_input():
    from fpsphere.protocols import run_continuous

    mesh = fp.icosphere(2)
    rho0 = fp.initial.uniform(mesh)
    with pytest.raises(fp.ParameterError, match="FokkerPlanck"):
        run_continuous(lambda t: None, rho0, [1.0], dt=0.1)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=2.0), 0.5)
    with pytest.raises(fp.ParameterError, match="dt"):
        run_continuous(lambda t: model, rho0, [1.0], dt=0.0)
    other = fp.FokkerPlanck(fp.icosphere(2), fp.Uniaxial(sigma=2.0), 0.5)
    with pytest.raises(fp.ParameterError, match="another mesh"):
        run_continuous(lambda t: model if t == 0 else other, rho0, [1.0], dt=0.5)


def test_continuous_run_with_a_step_longer_than_the_interval():
    # dt = 1e30 used to leave the outputs unset (np.empty): now one step per interval
    from fpsphere.protocols import run_continuous

    mesh = fp.icosphere(3)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=2.0), 0.5)
    rho0 = fp.initial.von_mises_fisher(mesh, (0, 0, 1), 5.0)
    run = run_continuous(lambda t: model, rho0, [1.0, 2.0], dt=1e30)
    assert run.steps == 2
    assert np.allclose(run.rho @ mesh.areas, 1.0, atol=1e-12)
    assert np.abs(run.mean_moment[:, 2] - fp.observables.mean_moment(mesh, rho0)[2]).min() > 1e-3
