"""Every example runs, pins one number against an independent value, and writes only
into the folder it is given: never into the current directory or the repository."""

import ast
import contextlib
import importlib.util
import inspect
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from fpsphere.errors import ParameterError
from fpsphere.plot import output_folder, run_example

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
REPO = EXAMPLES.parent
#: what examples write (sources, which other work may edit meanwhile, are not watched)
OUTPUTS = {".png", ".pdf", ".svg", ".jpg", ".eps", ".csv", ".vtu", ".vtk", ".pvd", ".json",
           ".npz", ".npy", ".txt", ".h5"}
SCRIPTS = sorted(p.stem for p in EXAMPLES.glob("*.py"))


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def repo_outputs() -> dict[str, tuple[int, int]]:
    """(mtime, size) of every output-like file of the repository (hidden folders and
    caches left out)."""
    found = {}
    for root, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
        for name in files:
            if Path(name).suffix.lower() in OUTPUTS:
                stat = (Path(root) / name).stat()
                found[os.path.join(root, name)] = (stat.st_mtime_ns, stat.st_size)
    return found


@contextlib.contextmanager
def nothing_written_outside(tmp_path: Path, monkeypatch):
    """Run from an empty current directory ``tmp_path/cwd``; yields the output folder
    ``tmp_path/out`` (not created).  Afterwards the current directory is still empty
    and no output file of the repository was written or added."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    before = repo_outputs()
    yield tmp_path / "out"
    assert sorted(p.name for p in cwd.iterdir()) == [], "an example wrote into the cwd"
    after = repo_outputs()
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert changed == [], f"an example wrote into the repository: {changed}"


@pytest.fixture
def outside(tmp_path, monkeypatch):
    """The output folder of an example (:func:`nothing_written_outside`)."""
    with nothing_written_outside(tmp_path, monkeypatch) as out:
        yield out


def written(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_every_example_has_a_test():
    names = set(SCRIPTS)
    tested = {"mesh_quality_report", "stationary_spin_torque", "spin_nfn_profile",
              "switching_pulse_latlon", "switching_tilted_polarizer", "relaxation_transverse_field",
              "write_error_rate_stack", "hysteresis_under_current",
              "spectrum_vs_barrier", "export_evolution",
              "sweep_lambda1_map",  # tested in tests/sweep/test_sweep_example.py
              "mram_stt_perpendicular", "mram_sot_bias_field"}  # tests/mram/
    assert names <= tested, names - tested


@pytest.mark.parametrize("name", SCRIPTS)
def test_every_script_takes_an_output_folder(name):
    """``python examples/<name>.py [OUT] [--quick]``: the script's only top-level action
    is ``run_example(main, __doc__[, quick=QUICK])``, ``main`` takes ``outdir`` and the
    quick settings are arguments of ``main``; the docstring shows the command line."""
    source = (EXAMPLES / f"{name}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    guard = [n for n in tree.body if isinstance(n, ast.If)
             and ast.unparse(n.test) == "__name__ == '__main__'"]
    assert len(guard) == 1 and len(guard[0].body) == 1, name
    call = ast.unparse(guard[0].body[0])
    assert call in ("run_example(main, __doc__)", "run_example(main, __doc__, quick=QUICK)"), \
        call
    assert f"python examples/{name}.py [OUT]" in ast.get_docstring(tree)
    module = load(name)
    assert "outdir" in inspect.signature(module.main).parameters
    if "QUICK" in call:
        inspect.signature(module.main).bind(**module.QUICK)


def test_output_folder_is_fresh_under_the_temp_dir_or_the_given_one(tmp_path, monkeypatch,
                                                                   capsys):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    first, second = output_folder(name="demo"), output_folder(name="demo")
    assert first != second and first.parent == second.parent == tmp_path.resolve()
    assert first.name.startswith("fpsphere-demo-") and list(first.iterdir()) == []
    assert capsys.readouterr().out == f"results go to {first}\nresults go to {second}\n"
    given = output_folder(tmp_path / "a" / "b", announce=False)
    assert given == (tmp_path / "a" / "b").resolve() and given.is_dir()
    assert output_folder(given, announce=False) == given  # an existing folder is fine
    (tmp_path / "file").write_text("x")
    with pytest.raises(ParameterError, match="folder='.*file' is not allowed: it is a file"):
        output_folder(tmp_path / "file")
    with pytest.raises(ParameterError, match="folder=3 is not allowed"):
        output_folder(3)


def test_run_example_parses_the_folder_and_lists_what_it_wrote(outside, monkeypatch, capsys):
    module = load("mesh_quality_report")
    rows = run_example(module.main, module.__doc__, ["--out", str(outside), "--quick"],
                       quick=module.QUICK)
    assert [r[0] for r in rows] == [2, 2, 3, 3]  # QUICK: levels 2 and 3
    out = capsys.readouterr().out
    assert out.startswith(f"results go to {outside.resolve()}\n")
    assert out.endswith(f"wrote mesh_quality.csv into {outside.resolve()}\n")
    assert written(outside) == ["mesh_quality.csv"]
    assert len((outside / "mesh_quality.csv").read_text().splitlines()) == 1 + 4
    run_example(module.main, module.__doc__, [str(outside / "positional"), "--quick"],
                quick=module.QUICK)
    assert written(outside / "positional") == ["mesh_quality.csv"]
    with pytest.raises(SystemExit):
        run_example(module.main, module.__doc__, ["a", "--out", "b"], quick=module.QUICK)
    assert "two output folders" in capsys.readouterr().err
    with pytest.raises(SystemExit):   # --quick only where the example has quick settings
        run_example(module.main, module.__doc__, ["--quick"])


def test_a_script_writes_into_a_fresh_temporary_folder_by_default(outside):
    env = {**os.environ, "TMPDIR": str(outside.parent / "tmp")}
    (outside.parent / "tmp").mkdir()
    done = subprocess.run([sys.executable, str(EXAMPLES / "mesh_quality_report.py"), "--quick"],
                          capture_output=True, text=True, check=True, env=env)
    first = done.stdout.splitlines()[0]
    assert first.startswith("results go to ")
    folder = Path(first.removeprefix("results go to "))
    assert folder.parent == (outside.parent / "tmp").resolve()
    assert folder.name.startswith("fpsphere-mesh_quality_report-")
    assert written(folder) == ["mesh_quality.csv"]
    assert done.stdout.splitlines()[-1] == f"wrote mesh_quality.csv into {folder}"


def test_mesh_quality_report(outside):
    rows = load("mesh_quality_report").main(levels=(3,), show=False, outdir=None)
    raw, smooth = rows[0][2], rows[1][2]
    assert raw.n_cells == 642
    assert smooth.centroid_offset_max < raw.centroid_offset_max


def test_stationary_spin_torque_matches_exp_minus_ud(outside):
    outside.mkdir()
    table = load("stationary_spin_torque").main(level=5, kappas=(0.0, 10.0), show=False,
                                                outdir=outside)
    assert written(outside) == ["stationary_spin_torque.png"]
    for _, p_up, exact in table:
        assert abs(p_up / exact - 1) < 1e-3
    assert table[1][1] < 1e-8 * table[0][1]  # the torque empties the up well

def test_switching_pulse_latlon_against_legendre_reference(outside):
    from tests.reference.legendre import axial_evolution, von_mises_fisher_z

    outside.mkdir()
    times, p_up = load("switching_pulse_latlon").main(n_rings=60, times=(0.1, 0.3), show=False,
                                                      outdir=outside)
    assert written(outside) == ["switching_pulse_latlon.png"]
    ref = axial_evolution(lambda z: -60 * z**2 + 180 * z, von_mises_fisher_z(120.0), times)
    assert all(abs(p / r - 1) < 0.06 for p, r in zip(p_up, ref, strict=True))


def test_switching_pulse_example_on_an_icosphere():
    from tests.reference.legendre import axial_evolution, von_mises_fisher_z

    times, p_up = load("switching_pulse_latlon").main(level=5, times=(0.1, 0.3), show=False)
    ref = axial_evolution(lambda z: -60 * z**2 + 180 * z, von_mises_fisher_z(120.0), times)
    assert all(abs(p / r - 1) < 0.03 for p, r in zip(p_up, ref, strict=True))


def test_switching_with_a_tilted_polarizer_matches_spherical_harmonics(outside):
    from tests.reference.harmonics import SphericalHarmonicGalerkin, vmf_density

    outside.mkdir()
    times, curves = load("switching_tilted_polarizer").main(tilts=(0.0, 30.0),
                                                            times=(0.1, 0.2, 0.3), show=False,
                                                            outdir=outside)
    assert written(outside) == ["switching_tilted_polarizer.png"]
    p = np.array([0.5, 0.0, np.sqrt(3) / 2])
    ref = SphericalHarmonicGalerkin(lambda u: -20 * u[:, 2] ** 2, 0.01,
                                    chi=lambda u: -60 * (u @ p), lmax=32, lmax_potential=4)
    coeffs = ref.evolve(ref.project(vmf_density((0, 0, 1), 40.0)), times)  # 1e-3 to lmax 56
    expected = np.array([ref.hemisphere_probability(c) for c in coeffs])
    assert np.abs(curves[30.0] / expected - 1).max() < 0.06  # 1.2, 3.3, 4.5 % at level 5
    assert np.all(curves[30.0][1:] > curves[0.0][1:])  # less torque along z: slower


def test_relaxation_transverse_field_matches_galerkin(outside):
    outside.mkdir()
    rows = load("relaxation_transverse_field").main(level=4, alphas=(0.1, 10.0), show=False,
                                                    outdir=outside)
    assert written(outside) == ["rates.csv"]
    for _, rate, ref in rows:
        assert abs(rate / ref - 1) < 1e-2


# examples/spin_nfn_profile.py is checked against the exact profile in
# tests/spin/test_spin_example.py; here: where it writes
def test_spin_nfn_profile_writes_only_into_its_folder(outside):
    sol = load("spin_nfn_profile").main(outdir=outside)
    assert written(outside) == ["spin_nfn_profile.png"] and sol.r_ne > 0


def test_write_error_rate_stack_critical_current_is_the_axial_threshold(outside):
    """Zero-temperature threshold of the down state: dU_d/dz = 2 sigma + J a(-1) / alpha
    vanishes at z = -1 (U_d = -sigma z^2 - chi, chi' = -J a / alpha from the torque law)."""
    module = load("write_error_rate_stack")
    outside.mkdir()
    j_c, table = module.main(n_rings=30, show=False, outdir=outside)
    assert written(outside) == ["wer_stack.png"]
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


def test_hysteresis_under_current_shift_equals_current(outside):
    outside.mkdir()
    loops = load("hysteresis_under_current").main(n_rings=16, show=False, outdir=outside)
    assert written(outside) == ["hysteresis.png"]
    base = loops[0]
    for loop in loops[1:]:
        assert abs(loop.shift - base.shift - loop.current) < 1e-3 * loop.current
        assert abs(loop.coercivity - base.coercivity) < 1e-3 * base.coercivity
    assert 0 < base.coercivity < 30.0  # thermal activation lowers it below 2 sigma


def test_spectrum_vs_barrier_against_legendre_and_brown(outside):
    outside.mkdir()
    sigmas, lambda1, brown, modes = load("spectrum_vs_barrier").main(
        level=4, sigmas=(10, 40), alphas=(1.0,), show=False, outdir=outside)
    assert written(outside) == ["spectrum_vs_barrier.png"]
    assert abs(lambda1[0] / 1.441083334693e-3 - 1) < 0.01  # Legendre reference, sigma = 10
    assert abs(lambda1[1] / brown[1] - 1) < 0.02           # the asymptote at high barrier
    assert abs(modes[1.0][0]) < 1e-10                      # the stationary mode


def test_export_evolution_writes_a_conservative_time_series(outside):
    import meshio

    writer, run = load("export_evolution").main(outdir=outside, level=2, show=False)
    assert len(writer.times) == 20
    assert written(outside) == ["evolution.pvd"] + [f"evolution_{k:05d}.vtu" for k in range(20)]
    pvd = (outside / "evolution.pvd").read_text()
    assert pvd.count("<DataSet") == 20
    mesh = meshio.read(outside / "evolution_00019.vtu")
    from fpsphere import icosphere

    areas = icosphere(2).areas
    assert abs(mesh.point_data["rho"] @ areas - 1) < 1e-10  # conservation (fact 1)
