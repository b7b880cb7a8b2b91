"""Piecewise-constant protocols: bookkeeping against separate runs, physics of a pulse."""

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.protocols import Segment, run_protocol


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
