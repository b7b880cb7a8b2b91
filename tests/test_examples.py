"""Every example runs, and pins one number against an independent value."""

import importlib.util
from pathlib import Path

import numpy as np

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_example_has_a_test():
    names = {p.stem for p in EXAMPLES.glob("*.py")}
    tested = {"mesh_quality_report", "stationary_spin_torque", "spin_nfn_profile",
              "switching_pulse_latlon", "switching_tilted_polarizer", "relaxation_transverse_field",
              "write_error_rate_stack", "hysteresis_under_current",
              "spectrum_vs_barrier", "export_evolution",
              "sweep_lambda1_map",  # tested in tests/sweep/test_sweep_example.py
              "mram_stt_perpendicular", "mram_sot_bias_field"}  # tests/mram/
    assert names <= tested, names - tested


def test_mesh_quality_report():
    rows = load("mesh_quality_report").main(levels=(3,), show=False)
    raw, smooth = rows[0][2], rows[1][2]
    assert raw.n_cells == 642
    assert smooth.centroid_offset_max < raw.centroid_offset_max


def test_stationary_spin_torque_matches_exp_minus_ud():
    table = load("stationary_spin_torque").main(level=5, kappas=(0.0, 10.0), show=False)
    for _, p_up, exact in table:
        assert abs(p_up / exact - 1) < 1e-3
    assert table[1][1] < 1e-8 * table[0][1]  # the torque empties the up well

def test_switching_pulse_latlon_against_legendre_reference():
    from tests.reference.legendre import axial_evolution, von_mises_fisher_z

    times, p_up = load("switching_pulse_latlon").main(n_rings=60, times=(0.1, 0.3), show=False)
    ref = axial_evolution(lambda z: -60 * z**2 + 180 * z, von_mises_fisher_z(120.0), times)
    assert all(abs(p / r - 1) < 0.06 for p, r in zip(p_up, ref, strict=True))


def test_switching_pulse_example_on_an_icosphere():
    from tests.reference.legendre import axial_evolution, von_mises_fisher_z

    times, p_up = load("switching_pulse_latlon").main(level=5, times=(0.1, 0.3), show=False)
    ref = axial_evolution(lambda z: -60 * z**2 + 180 * z, von_mises_fisher_z(120.0), times)
    assert all(abs(p / r - 1) < 0.03 for p, r in zip(p_up, ref, strict=True))


def test_switching_with_a_tilted_polarizer_matches_spherical_harmonics():
    from tests.reference.harmonics import SphericalHarmonicGalerkin, vmf_density

    times, curves = load("switching_tilted_polarizer").main(tilts=(0.0, 30.0),
                                                            times=(0.1, 0.2, 0.3), show=False)
    p = np.array([0.5, 0.0, np.sqrt(3) / 2])
    ref = SphericalHarmonicGalerkin(lambda u: -20 * u[:, 2] ** 2, 0.01,
                                    chi=lambda u: -60 * (u @ p), lmax=32, lmax_potential=4)
    coeffs = ref.evolve(ref.project(vmf_density((0, 0, 1), 40.0)), times)  # 1e-3 to lmax 56
    expected = np.array([ref.hemisphere_probability(c) for c in coeffs])
    assert np.abs(curves[30.0] / expected - 1).max() < 0.06  # 1.2, 3.3, 4.5 % at level 5
    assert np.all(curves[30.0][1:] > curves[0.0][1:])  # less torque along z: slower


def test_relaxation_transverse_field_matches_galerkin():
    rows = load("relaxation_transverse_field").main(level=4, alphas=(0.1, 10.0), show=False)
    for _, rate, ref in rows:
        assert abs(rate / ref - 1) < 1e-2


# examples/spin_nfn_profile.py is run and checked in tests/spin/test_spin_example.py


def test_write_error_rate_stack_critical_current_is_the_axial_threshold():
    """Zero-temperature threshold of the down state: dU_d/dz = 2 sigma + J a(-1) / alpha
    vanishes at z = -1 (U_d = -sigma z^2 - chi, chi' = -J a / alpha from the torque law)."""
    module = load("write_error_rate_stack")
    j_c, table = module.main(n_rings=30, show=False)
    from fpsphere.coupling import StackTorque

    source = StackTorque(module.spin.Stack(
        [module.spin.Layer(module.spin.material(m), t) for m, t in
         (("Cu", 100e-9), ("Co", 20e-9), ("Cu", 5e-9), ("Py", 3e-9), ("Cu", 100e-9))]),
        free_layer=3, area=3.141592653589793 / 4 * (50e-9) ** 2, points=600)
    a = source.torque(1e11).damping_like(-1.0)
    expected = -2 * 40.0 * 0.01 / a * 1e11
    assert abs(j_c / expected - 1) < 1e-3, (j_c, expected)
    assert j_c < 0  # electrons from the fixed layer into the free one
    assert table.error_rate[0, -1] > table.error_rate[-1, -1]  # more current, fewer errors


def test_hysteresis_under_current_shift_equals_current():
    loops = load("hysteresis_under_current").main(n_rings=16, show=False)
    base = loops[0]
    for loop in loops[1:]:
        assert abs(loop.shift - base.shift - loop.current) < 1e-3 * loop.current
        assert abs(loop.coercivity - base.coercivity) < 1e-3 * base.coercivity
    assert 0 < base.coercivity < 30.0  # thermal activation lowers it below 2 sigma


def test_spectrum_vs_barrier_against_legendre_and_brown():
    sigmas, lambda1, brown, modes = load("spectrum_vs_barrier").main(
        level=4, sigmas=(10, 40), alphas=(1.0,), show=False)
    assert abs(lambda1[0] / 1.441083334693e-3 - 1) < 0.01  # Legendre reference, sigma = 10
    assert abs(lambda1[1] / brown[1] - 1) < 0.02           # the asymptote at high barrier
    assert abs(modes[1.0][0]) < 1e-10                      # the stationary mode


def test_export_evolution_writes_a_conservative_time_series(tmp_path):
    import meshio

    writer, run = load("export_evolution").main(outdir=tmp_path, level=2, show=False)
    assert len(writer.times) == 20
    pvd = (tmp_path / "evolution.pvd").read_text()
    assert pvd.count("<DataSet") == 20
    mesh = meshio.read(tmp_path / "evolution_00019.vtu")
    from fpsphere import icosphere

    areas = icosphere(2).areas
    assert abs(mesh.point_data["rho"] @ areas - 1) < 1e-10  # conservation (fact 1)
