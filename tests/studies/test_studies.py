"""Studies against independent references: Legendre evolution, harmonic Galerkin
spectra, the analytic critical current and barrier, zero-temperature trajectories."""

import matplotlib
import numpy as np
import pytest

import fpsphere as fp
from fpsphere.errors import ParameterError
from fpsphere.studies import (
    Device,
    critical_currents,
    effective_barrier,
    hysteresis_loop,
    resonance_vs_current,
    write_error_rate,
)
from tests.reference.harmonics import SphericalHarmonicGalerkin
from tests.reference.legendre import axial_evolution, axial_lambda1

matplotlib.use("Agg")

SIGMA = 20.0
DURATIONS = np.linspace(0.05, 1.0, 20)


def _device(mesh, alpha=0.01, **kw):
    return Device(mesh, fp.Uniaxial(sigma=SIGMA), alpha, chi=fp.Polarizer(-1.0), **kw)


@pytest.fixture(scope="module")
def reference_wer():
    """Legendre-Galerkin P(z > 0) for U_d = -sigma z^2 + I z from the restricted well."""
    out = []
    for current in (60.0, 80.0):
        p = axial_evolution(lambda z, c=current: -SIGMA * z**2 + c * z,
                            lambda z: np.exp(SIGMA * (z**2 - 1)) * (z > 0),
                            np.r_[0.0, DURATIONS], degree=240)
        out.append(p[1:] / p[0])
    return np.array(out)


def test_write_error_rate_converges_to_the_legendre_reference(reference_wer):
    """alpha = 0.01, I = 1.5 and 2 I_c, WER from 0.99 down to 1e-10 (latlon meshes)."""
    resolved = reference_wer > 1e-10
    assert reference_wer[resolved].min() < 1e-9
    errors = []
    for n_rings, dt in ((40, 5e-3), (80, 2.5e-3)):
        table = write_error_rate(_device(fp.latlon(n_rings)), [60.0, 80.0], DURATIONS, dt=dt)
        errors.append(np.abs(table.error_rate / reference_wer - 1)[resolved].max())
    assert errors[1] < 0.06 and errors[1] < 0.75 * errors[0], errors
    assert np.all(np.diff(table.error_rate, axis=1) < 0)
    rows = table.rows()
    assert len(rows) == 40 and rows[0]["switching_probability"] == pytest.approx(
        1 - rows[0]["error_rate"])


def test_below_the_critical_current_the_magnet_stays(tmp_path):
    table = write_error_rate(_device(fp.latlon(24)), [10.0], [0.5, 1.0])
    assert table.error_rate.min() > 0.99
    ax = table.plot(path=tmp_path / "wer.png")
    assert ax.get_yscale() == "log" and (tmp_path / "wer.png").stat().st_size > 1000


@pytest.mark.parametrize("kwargs, match", [
    (dict(currents=[], durations=[1.0]), "currents"),
    (dict(currents=[1.0], durations=[0.5, 0.2]), "durations"),
    (dict(currents=[float("nan")], durations=[1.0]), "currents"),
    (dict(currents=[1.0], durations=[1.0], start=(0, 0, 0)), "start"),
])
def test_write_error_rate_bad_input(kwargs, match):
    with pytest.raises(ParameterError, match=match):
        write_error_rate(_device(fp.icosphere(1)), **kwargs)


def test_hysteresis_loop_is_shifted_by_the_damping_like_torque():
    """U_d = -sigma z^2 - (xi - I) z: the current acts on relaxation as the field -I
    (the quasi-static states obey H_eff + grad chi / alpha = 0), so the loop moves by +I
    and keeps its width."""
    mesh = fp.latlon(24)
    device = Device(mesh, fp.Uniaxial(sigma=10.0), 0.1, chi=fp.Polarizer(-1.0))
    loops = {i: hysteresis_loop(device, 40.0, rate=20.0, current=i, steps=80) for i in (0.0, 6.0)}
    base, driven = loops[0.0], loops[6.0]
    assert base.coercive_down < 0 < base.coercive_up
    assert abs(base.shift) < 0.05
    assert driven.shift - base.shift == pytest.approx(6.0, abs=0.15)
    assert driven.coercivity == pytest.approx(base.coercivity, rel=0.03)
    slower = hysteresis_loop(device, 40.0, rate=2.0, steps=80)
    assert 0 < slower.coercivity < base.coercivity  # thermal activation: slower, narrower
    assert base.m_down[0] == pytest.approx(1 / np.tanh(40.0) - 1 / 40.0, abs=0.02)
    assert len(base.rows()) == 2 * 81


def test_axial_critical_current_is_two_sigma_one_plus_h():
    device = Device(fp.icosphere(1), fp.Uniaxial(sigma=10.0), 0.05, chi=fp.Polarizer(-1.0))
    table = critical_currents(device, [-5.0, 0.0, 5.0], i_max=60.0)
    np.testing.assert_allclose(table.currents, [15.0, 20.0, 25.0], rtol=1e-4)
    assert np.isnan(critical_currents(device, [0.0], i_max=10.0).currents[0])
    assert table.rows()[1] == {"xi": 0.0, "critical_current": pytest.approx(20.0, rel=1e-4)}


def test_critical_current_with_a_transverse_field_matches_trajectories():
    """Zero-temperature LLG (RK4 trajectories) stays below and switches above I_c."""
    device = Device(fp.icosphere(1), fp.Uniaxial(sigma=10.0), 0.5, chi=fp.Polarizer(-1.0),
                    field_direction=(1.0, 0.0, 0.0))
    i_c = critical_currents(device, [6.0], i_max=60.0, start=(0, 0, 1)).currents[0]
    energy = device.model(0.0, 6.0).energy
    start = np.array([0.3, 0.0, 0.95])
    for factor, switched in ((0.95, False), (1.05, True)):
        end = fp.llg.trajectories(energy, 0.5, start, [20.0], chi=fp.Polarizer(-factor * i_c),
                                  dt=5e-3)[-1, 0]
        assert (end[2] < 0) == switched, (factor, end)


def test_effective_barrier_follows_sigma_one_minus_i_over_ic_squared():
    """sigma = 40 (rates down to 1e-15, out of equilibrium: quasi-stationary fluxes)
    against the Arrhenius slope of the Legendre lambda_1 (exact for an axial well) and,
    loosely, the high-barrier asymptote sigma (1 - I/I_c)^2 - 3/2."""
    sigma = 40.0
    device = Device(fp.latlon(60), fp.Uniaxial(sigma=sigma), 0.1, chi=fp.Polarizer(-1.0))
    currents = np.array([0.0, 20.0, 40.0])
    barrier = effective_barrier(device, currents, ("cone", (0, 0, 1), 0.3),
                                ("cone", (0, 0, -1), 0.3))
    step = 0.02
    reference = [-np.diff([np.log(axial_lambda1(lambda z, s=s, c=c: s * (-sigma * z**2 + c * z)))
                           for s in (1 - step, 1 + step)])[0] / (2 * step) for c in currents]
    np.testing.assert_allclose(barrier, reference, atol=0.05)
    asymptote = sigma * (1 - currents / (2 * sigma)) ** 2 - 1.5
    np.testing.assert_allclose(barrier, asymptote, rtol=0.02)
    assert np.all(np.diff(barrier) < 0)


@pytest.mark.parametrize("operator", ["generator", "transient"])
def test_resonance_matches_the_harmonic_galerkin_spectrum(operator):
    """Field-like torque shifts the line, damping-like narrows it (sigma = 5, alpha = 0.1)."""
    sigma, alpha, currents = 5.0, 0.1, [0.0, 2.0]
    reference = []
    for current in currents:
        g = SphericalHarmonicGalerkin(lambda u: -sigma * u[:, 2] ** 2, alpha,
                                      chi=lambda u, c=current: -0.5 * c * u[:, 2],
                                      phi=lambda u, c=current: c * u[:, 2], lmax=30)
        rates = g.rates(12)
        pair = rates[np.abs(rates.imag) > 1e-6]
        best = pair[np.argmin(pair.real)]
        reference.append((abs(best.imag), best.real))
    reference = np.array(reference)
    errors = []
    for level in (4, 5):
        device = Device(fp.icosphere(level), fp.Uniaxial(sigma=sigma), alpha,
                        chi=fp.Polarizer(-0.5), phi=fp.Polarizer(1.0))
        table = resonance_vs_current(device, currents, k=10, operator=operator)
        got = np.stack([table.frequency, table.linewidth], axis=1)
        errors.append(np.abs(got / reference - 1).max())
    assert errors[1] < 0.012 and errors[0] / errors[1] > 3.0, errors
    assert table.linewidth[1] < table.linewidth[0]


def test_write_error_rate_on_icospheres_at_low_damping(reference_wer):
    """The same curves on icosahedral meshes (not aligned with the device axis)."""
    resolved = reference_wer > 1e-10
    errors = []
    for level in (4, 5):
        table = write_error_rate(_device(fp.icosphere(level)), [60.0, 80.0], DURATIONS,
                                 dt=2.5e-3)
        errors.append(np.abs(table.error_rate / reference_wer - 1)[resolved].max())
    assert errors[1] < 0.03 and errors[1] < 0.5 * errors[0], errors


def test_sweep_quantities_write_error_rate_and_resonance(reference_wer):
    """The study quantities of fpsphere.jobs (sweep points) from a run configuration."""
    from fpsphere.config import parse
    from fpsphere.jobs import evaluate

    data = {"mesh": {"kind": "latlon", "n_rings": 80}, "dynamics": {"alpha": 0.01},
            "energy": {"uniaxial": {"sigma": SIGMA}},
            "spin_transfer": {"kappa": 60.0},
            "evolve": {"times": [0.25, 0.5], "dt": 2.5e-3}}
    got = evaluate(parse(data), "write_error_rate")
    assert got["error_rate"] == pytest.approx(reference_wer[0, 9], rel=0.03)
    assert got["switching_probability"] == pytest.approx(1 - got["error_rate"])
    # U = -xi u_z: the precession pair turns at xi / (2 alpha) (docs/conventions.md fact 5)
    errors = []
    for level in (3, 4):
        field = {"mesh": {"level": level}, "dynamics": {"alpha": 0.1},
                 "energy": {"zeeman": {"xi": 4.0}}}
        errors.append(abs(evaluate(parse(field), "resonance")["frequency"] / 20.0 - 1))
    assert errors[1] < 1e-3 and errors[0] / errors[1] > 3.5, errors


def test_staircase_loops_converge_to_the_continuous_sweep():
    """Coercivity of the stepped sweep -> the continuous ramp, first order in the stair."""
    device = Device(fp.latlon(24), fp.Uniaxial(sigma=10.0), 0.1, chi=fp.Polarizer(-1.0))
    ramp = hysteresis_loop(device, 40.0, 20.0, steps=80, continuous=True)
    gaps = [ramp.coercivity - hysteresis_loop(device, 40.0, 20.0, steps=s).coercivity
            for s in (40, 80)]
    assert gaps[0] > gaps[1] > 0 and 1.7 < gaps[0] / gaps[1] < 2.3, gaps
    driven = hysteresis_loop(device, 40.0, 20.0, steps=80, continuous=True, current=6.0)
    assert driven.shift - ramp.shift == pytest.approx(6.0, abs=1e-6)
