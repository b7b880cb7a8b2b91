"""Jobs of a run configuration: results against independent references, output folders,
summary.json and the QUANTITIES registry."""

import json
import math
import os
from pathlib import Path

import meshio
import numpy as np
import pytest
from scipy import constants

import fpsphere as fp
from fpsphere import config, jobs
from fpsphere.errors import ConfigError
from fpsphere.jobs import estimates
from fpsphere.jobs.output import OutputFolder, jsonable
from fpsphere.jobs.report import format_summary
from tests.reference.legendre import (
    axial_evolution,
    axial_hemisphere_probability,
    axial_rates,
    axial_stationary,
    gauss_legendre,
    von_mises_fisher_z,
)

CONFIGS = Path(__file__).resolve().parents[1] / "examples" / "configs"


def example(name, **changes):
    return config.load(CONFIGS / f"{name}.toml").updated({"outputs.figures": False, **changes})


def sphere_average(f, energy, n=200):
    """``<f>`` under ``exp(-U)`` by Gauss-Legendre in z and the periodic trapezoid in phi."""
    z, wz = np.polynomial.legendre.leggauss(n)
    phi = np.linspace(0.0, 2 * np.pi, 2 * n, endpoint=False)
    Z, P = np.meshgrid(z, phi, indexing="ij")
    s = np.sqrt(1 - Z**2)
    u = np.stack([s * np.cos(P), s * np.sin(P), Z], axis=-1)
    w = np.exp(-energy(u)) * wz[:, None]
    return float(np.sum(w * f(u)) / np.sum(w))


# ---------------------------------------------------------- reference values
def test_langevin_function_for_an_axial_field_converges_at_second_order():
    xi = 3.0
    exact = 1 / math.tanh(xi) - 1 / xi
    base = config.parse({"energy": {"zeeman": {"xi": xi}}, "dynamics": {"alpha": 1.0}})
    errors, sizes = [], []
    for level in (3, 4, 5):
        cfg = base.updated({"mesh.level": level})
        result = jobs.run(cfg, None, progress=False)["results"]["stationary"]["equilibrium"]
        errors.append(abs(result["mean_z"] - exact))
        sizes.append(1.0 / 2**level)
    assert errors[-1] < 2e-4 * exact
    assert np.polyfit(np.log(sizes), np.log(errors), 1)[0] > 1.8


def test_oblique_field_example_matches_quadrature():
    cfg = example("stationary_oblique_field")
    summary = jobs.run(cfg, None, progress=False)
    state = summary["results"]["stationary"]["equilibrium"]
    e = np.array([1.0, 0.0, 1.0]) / np.sqrt(2)
    energy = lambda u: -10.0 * u[..., 2] ** 2 - 6.0 * (u @ e)  # noqa: E731
    assert state["mean_x"] == pytest.approx(sphere_average(lambda u: u[..., 0], energy), rel=2e-3)
    assert state["mean_z"] == pytest.approx(sphere_average(lambda u: u[..., 2], energy), rel=2e-3)
    assert state["p_up"] == pytest.approx(
        sphere_average(lambda u: u[..., 2] > 0, energy, n=400), rel=2e-3)
    assert state["entropy_production"] < 1e-20
    assert summary["results"]["quantities"]["relaxation_time"]["relaxation_time"] > 0


def test_spin_torque_example_si_inputs_and_axial_nonequilibrium_state():
    cfg = example("stationary_spin_torque")
    oblique = jobs.run(cfg, None, progress=False)["results"]["stationary"]
    assert oblique["spin_transfer"]["entropy_production"] > 1e-4
    assert oblique["spin_transfer"]["p_up"] > oblique["equilibrium"]["p_up"]
    # axial variant: the stationary density is exp(-(U - chi)) (docs/conventions.md fact 3),
    # with sigma and kappa recomputed here from the SI inputs and CODATA
    axial = cfg.updated({"energy.zeeman.mu0H": 0.0, "mesh.level": 5})
    state = jobs.run(axial, None, progress=False)["results"]["stationary"]["spin_transfer"]
    kT = constants.k * 300.0
    sigma = 1.76e5 * 4.712388980e-25 / kT
    kappa = constants.hbar * -2e-6 / (2 * constants.e * 0.02 * kT)
    p = 0.5
    c = (1 + p) ** 3 / (4 * p**1.5)
    z, w = np.polynomial.legendre.leggauss(800)
    chi = -kappa * (np.log(c * (3 + z) - 4) - np.log(3 * c - 4)) / c
    weight = w * np.exp(-(-sigma * z**2 - chi) + sigma)
    assert state["p_up"] == pytest.approx(weight[z > 0].sum() / weight.sum(), rel=1e-4)


def test_relaxation_spectrum_example_matches_legendre_reference():
    summary = jobs.run(example("relaxation_spectrum"), None, progress=False)
    rates = np.array(summary["results"]["spectrum"]["real"])
    ref = axial_rates([0.0, -1.0, -6.0], k=3)  # U = -6 z^2 - z, independent Galerkin
    assert rates[0] == pytest.approx(0.0, abs=1e-10)
    assert rates[1] == pytest.approx(ref[1], rel=1e-2)
    assert rates[2] == pytest.approx(ref[2], rel=1e-2)
    escape = summary["results"]["quantities"]["escape_rate"]
    assert escape["lambda1"] == pytest.approx(rates[1], rel=2e-2)
    # the deeper well (field along +z) is left more slowly
    assert escape["rate_up_down"] < escape["rate_down_up"]


def test_switching_pulse_example_matches_legendre_and_exports(tmp_path):
    cfg = example("evolve_switching_pulse")
    summary = jobs.run(cfg, tmp_path / "pulse", progress=False)
    evo = summary["results"]["evolve"]
    times, p_up = np.array(evo["times"]), np.array(evo["p_up"])
    pulse = times <= 0.4
    ref = axial_evolution(lambda z: -20 * z**2 + 60 * z, von_mises_fisher_z(40.0), times[pulse],
                          degree=60, nquad=200, nproj=1000)  # converged to 1e-8 here
    assert np.all(np.abs(p_up[pulse] / ref - 1) < 0.06)
    assert evo["segment_ends"] == pytest.approx([0.4, 1.0])
    assert p_up[-1] < 2e-3  # switched, and stays switched after the pulse
    out = tmp_path / "pulse"
    pvd = (out / "evolution.pvd").read_text()
    assert pvd.count("<DataSet") == len(times) and 'timestep="1.0"' in pvd
    mesh = cfg.build_mesh()
    last = meshio.read(out / f"evolution_{len(times) - 1:05d}.vtu").point_data["rho"]
    assert last @ mesh.areas == pytest.approx(1.0, rel=1e-9)
    table = np.loadtxt(out / "evolution.csv", delimiter=",", skiprows=1)
    assert table.shape == (len(times), 5) and table[:, 4] == pytest.approx(p_up)


# ---------------------------------------------------------------- the output
@pytest.mark.filterwarnings("ignore:spin transfer without a symmetry axis")  # level 3
def test_summary_json_holds_parameters_versions_timings_and_results(tmp_path):
    cfg = config.default().updated({"mesh.level": 3, "outputs.spectrum": 3,
                                    "outputs.figures": True})
    out = tmp_path / "demo"
    summary = jobs.run(cfg, out, progress=False)
    on_disk = json.loads((out / "summary.json").read_text())
    assert on_disk == summary
    assert summary["format"] == jobs.SUMMARY_FORMAT
    assert summary["config"] == cfg.data and config.parse(summary["config"]) == cfg
    assert summary["parameters"]["energy"][0] == {"term": "Uniaxial", "sigma": 20.0,
                                                  "axis": [0.0, 0.0, 1.0]}
    assert summary["parameters"]["chi"]["kappa"] == 8.0
    assert summary["versions"]["numpy"] == np.__version__ and summary["versions"]["python"]
    assert set(summary["timings"]) == {"mesh", "model", "stationary", "spectrum", "total"}
    assert set(summary["results"]["stationary"]) == {"equilibrium", "spin_transfer"}
    assert len(summary["results"]["spectrum"]["real"]) == 3
    assert sorted(p.name for p in out.iterdir()) == summary["files"]
    assert {"stationary_equilibrium.vtu", "stationary_spin_transfer.vtu", "stationary.png",
            "spectrum.pvd", "spectrum.png"} <= set(summary["files"])
    assert len([f for f in summary["files"] if f.startswith("spectrum_mode")]) == 3
    fields = meshio.read(out / "stationary_spin_transfer.vtu").point_data
    assert {"rho", "U [kT]", "U_d [kT]", "J [1/(sr tau_N)]"} <= set(fields)
    assert fields["rho"] @ cfg.build_mesh().areas == pytest.approx(1.0)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_failed_run_leaves_nothing(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr("fpsphere.jobs.tasks.stationary_states", broken)
    cfg = config.default().updated({"mesh.level": 3})
    with pytest.raises(RuntimeError, match="exploded"):
        jobs.run(cfg, tmp_path / "deep" / "out", progress=False)
    assert list(tmp_path.iterdir()) == []


def test_output_folder_checks(tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "old.txt").write_text("keep me")
    with pytest.raises(ConfigError, match="exists and is not empty"):
        OutputFolder(tmp_path / "full")
    (tmp_path / "file").write_text("")
    with pytest.raises(ConfigError, match="a file of that name exists"):
        OutputFolder(tmp_path / "file")
    with pytest.raises(ConfigError, match="cannot be written"):
        OutputFolder(tmp_path / "file" / "out")
    # overwrite replaces only an earlier output (one with a summary.json)
    with pytest.raises(ConfigError, match="no summary.json"):
        OutputFolder(tmp_path / "full", overwrite=True)
    (tmp_path / "full" / "summary.json").write_text("{}")
    folder = OutputFolder(tmp_path / "full", overwrite=True)
    folder.file("new.txt").write_text("new")
    folder.commit()
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["new.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "full"]
    OutputFolder.check(tmp_path / "new" / "deeper")  # checks without creating
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "full"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permissions are not enforced for root")
def test_output_folder_in_a_read_only_folder(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        with pytest.raises(ConfigError, match="cannot be written"):
            OutputFolder(locked / "out")
    finally:
        locked.chmod(0o700)


def test_run_checks_before_computing(tmp_path):
    cfg = config.default().updated({"outputs.quantities": ["escape_rates"]})
    with pytest.raises(ConfigError, match="did you mean 'escape_rate'"):
        jobs.run(cfg, tmp_path / "out", progress=False)
    assert list(tmp_path.iterdir()) == []


def test_jsonable_is_strict_json():
    data = jsonable({"a": np.float64(np.nan), "b": np.arange(2), "c": (1.5, np.inf)})
    assert data == {"a": None, "b": [0, 1], "c": [1.5, None]}
    json.dumps(data, allow_nan=False)


def test_stack_job_is_the_stack_solution(tmp_path):
    cfg = config.default().updated({"outputs.stack": True, "outputs.stationary": False,
                                    "outputs.figures": False, "stack.points": 400})
    summary = jobs.run(cfg, tmp_path / "stack", progress=False)
    direct = cfg.stack.build().solve(1e10, 400)
    assert summary["results"]["stack"]["r_ne"] == pytest.approx(direct.r_ne, rel=1e-12)
    profile = np.loadtxt(tmp_path / "stack" / "stack_profile.csv", delimiter=",", skiprows=1)
    assert profile[:, 3] == pytest.approx(direct.delta_mu)
    vector = cfg.updated({"stack.model": "vector", "stack.layers.1.angle_deg": 90.0})
    result = jobs.run(vector, None, progress=False)["results"]["stack"]
    assert result["model"] == "vector" and result["r_ne"] > 0


# -------------------------------------------------------------- QUANTITIES
SMALL = config.parse({"mesh": {"level": 2}, "dynamics": {"alpha": 0.5},
                      "energy": {"uniaxial": {"sigma": 3.0},
                                 "zeeman": {"xi": 0.5, "direction": [0, 0, 1]}},
                      "evolve": {"times": [0.2]}})  # the pulse of write_error_rate


@pytest.mark.parametrize("name", sorted(jobs.QUANTITIES))
def test_every_quantity_gives_named_finite_floats(name):
    values = jobs.evaluate(SMALL, name, mesh=fp.icosphere(2))
    assert values and all(isinstance(v, float) and math.isfinite(v) for v in values.values())


def test_builtin_quantities_agree_with_each_other():
    mesh = fp.icosphere(3)
    cfg = SMALL.updated({"mesh.level": 3})
    stationary = jobs.evaluate(cfg, "stationary", mesh)
    assert set(stationary) == {"mean_x", "mean_y", "mean_z", "p_up", "order_parameter",
                               "entropy_production"}
    spectrum = jobs.evaluate(cfg, "spectrum", mesh)
    assert {"lambda1", "lambda1_imag", "lambda2", "lambda3"} <= set(spectrum)
    assert jobs.evaluate(cfg, "lambda1", mesh)["lambda1"] == pytest.approx(
        spectrum["lambda1"], rel=0.05)
    tau = jobs.evaluate(cfg, "relaxation_time", mesh)["relaxation_time"]
    assert 0.5 / spectrum["lambda1"] < tau < 1.5 / spectrum["lambda1"]


def test_quantities_registry_is_extensible(monkeypatch):
    monkeypatch.setitem(jobs.QUANTITIES, "n_cells", lambda cfg, mesh: {"n": float(mesh.n_cells)})
    cfg = SMALL.updated({"outputs.quantities": ["n_cells"], "outputs.stationary": False})
    assert jobs.run(cfg, None, progress=False)["results"]["quantities"] == {
        "n_cells": {"n": 162.0}}
    with pytest.raises(ConfigError, match="did you mean 'n_cells'"):
        jobs.evaluate(SMALL, "n_cell")


def test_dynamics_stationary_chooses_the_stationary_method():
    from fpsphere.config import default

    base = default().updated({"mesh.level": 4, "outputs.figures": False,
                              "outputs.export": False})
    cfg = base.updated({"dynamics.stationary": "transient"})
    assert cfg.stationary_method == "transient" and base.stationary_method == "auto"
    states = {c.stationary_method: jobs.run(c, None, progress=False)["results"]["stationary"]
              for c in (base, cfg)}
    assert states["transient"]["spin_transfer"]["scheme"] == "skew"
    assert states["auto"]["spin_transfer"]["scheme"] == "split+stabilized"
    assert states["transient"]["equilibrium"]["scheme"] == "skew about exp(-U_d)"
    # equilibrium: both exact Boltzmann; out of equilibrium the two discretizations differ
    assert states["transient"]["equilibrium"]["mean_z"] == states["auto"]["equilibrium"]["mean_z"]
    model = cfg.build_model(cfg.mesh.build())
    rho = model.stationary("transient")
    mean_z = float(fp.observables.mean_moment(model.mesh, rho)[2])
    assert states["transient"]["spin_transfer"]["mean_z"] == pytest.approx(mean_z, rel=1e-10)
    assert states["transient"]["spin_transfer"]["mean_z"] != pytest.approx(
        states["auto"]["spin_transfer"]["mean_z"], rel=1e-6)
    with pytest.raises(ConfigError, match="dynamics.stationary"):
        base.updated({"dynamics.stationary": "exact"})


def test_dynamics_operator_chooses_the_operator_of_spectra_and_rates():
    from fpsphere.config import default

    base = default().updated({"mesh.level": 4})  # tilted torque at alpha = 0.02
    cfg = base.updated({"dynamics.operator": "transient"})
    mesh = fp.icosphere(4)
    model = cfg.build_model(mesh)
    spectrum = jobs.evaluate(cfg, "spectrum", mesh)
    expected = model.spectrum(4, operator="transient")
    assert spectrum["lambda1"] == pytest.approx(expected[1].real, rel=1e-8)
    rates = jobs.evaluate(cfg, "escape_rate", mesh)
    direct = model.metastable_rates(*cfg.analysis.basins, operator="transient")
    assert rates["lambda1"] == pytest.approx(direct.lambda_1, rel=1e-10)
    with pytest.warns(UserWarning, match="crosswind Peclet"):
        generator = jobs.evaluate(base, "spectrum", mesh)
    assert generator["lambda1"] != pytest.approx(spectrum["lambda1"], rel=1e-2)
    with pytest.raises(ConfigError, match="dynamics.operator"):
        base.updated({"dynamics.operator": "skew"})


# ------------------------------------------------------ error estimates
def axial_estimate(level, **tables):
    """U = -3 z^2 - 0.5 z (axial: exact references), mesh.error_estimate on."""
    data = {"mesh": {"level": level, "error_estimate": True}, "dynamics": {"alpha": 0.5},
            "energy": {"uniaxial": {"sigma": 3.0}, "zeeman": {"xi": 0.5}},
            "outputs": {"figures": False}}
    data.update(tables)
    return config.parse(data)


def assert_brackets(entry, reference):
    true = np.abs(np.asarray(entry["value"]) - reference)
    error = np.asarray(entry.get("elementwise_error", entry["error"]))
    assert np.all(error / 3 <= true) and np.all(true <= 3 * error), (error, true)


def test_error_estimates_bracket_the_true_errors_of_an_axial_run(tmp_path):
    cfg = axial_estimate(4, outputs={"spectrum": 3, "figures": False,
                                     "quantities": ["relaxation_time"]})
    summary = jobs.run(cfg, tmp_path / "out", progress=False)
    assert json.loads((tmp_path / "out" / "summary.json").read_text()) == summary
    errors, results = summary["errors"], summary["results"]
    Ud = [0.0, -0.5, -3.0]
    z, w = gauss_legendre(400)
    rho = axial_stationary(Ud, z)
    rates = axial_rates(Ud, k=3)
    references = {"stationary.equilibrium.p_up": axial_hemisphere_probability(Ud),
                  "stationary.equilibrium.mean_z": 2 * np.pi * np.sum(w * rho * z),
                  "stationary.equilibrium.order_parameter": 2 * np.pi * np.sum(w * rho * z**2),
                  "spectrum.real.1": rates[1], "spectrum.real.2": rates[2]}
    for path, reference in references.items():
        entry = errors[path]
        assert_brackets(entry, reference)  # true errors 1.2e-5 ... 7.8e-3
        assert entry["order"] == pytest.approx(2.0, abs=0.2) and entry["warning"] is None
        assert entry["levels"] == [2, 3, 4] and entry["values"][-1] == entry["value"]
    assert errors["stationary.equilibrium.p_up"]["value"] == \
        results["stationary"]["equilibrium"]["p_up"]
    assert errors["spectrum.real.1"]["value"] == results["spectrum"]["real"][1]
    assert errors["spectrum.real.0"]["warning"] is None  # the stationary mode: zero
    assert errors["stationary.equilibrium.mean_x"]["warning"] is None  # zero by symmetry
    assert errors["quantities.relaxation_time.relaxation_time"]["error"] > 0
    assert not [p for p in errors if p.startswith("mesh") or p.endswith("scheme")]
    assert "error_estimate" in summary["timings"]
    assert not [f for f in summary["files"] if "L2" in f or "L3" in f]  # coarse runs: no files
    assert "±" in format_summary(summary)


def test_error_estimates_of_a_time_series():
    times = [0.2, 0.5, 1.0]
    cfg = axial_estimate(3, energy={"uniaxial": {"sigma": 3.0},
                                    "zeeman": {"xi": 2.0, "direction": [0, 0, -1]}},
                         initial={"kind": "von_mises_fisher", "direction": [0, 0, 1],
                                  "kappa": 10.0},
                         evolve={"times": times, "dt": 0.002},
                         outputs={"stationary": False, "figures": False})
    errors = jobs.run(cfg, None, progress=False)["errors"]
    assert set(errors) == {"evolve.mean_moment", "evolve.p_up"}  # times are inputs
    ref = axial_evolution(lambda z: -3 * z**2 + 2 * z, von_mises_fisher_z(10.0), times,
                          degree=80, nquad=300, nproj=1000)
    assert_brackets(errors["evolve.p_up"], ref)  # true errors 1.0e-3 ... 1.3e-3
    moment = errors["evolve.mean_moment"]
    assert np.shape(moment["elementwise_error"]) == (3, 3)
    assert moment["error"] == pytest.approx(np.max(moment["elementwise_error"]))


def test_error_entries_flag_levels_with_different_discretizations():
    def state(mean_z, scheme):
        return {"stationary": {"spin_transfer": {"mean_z": mean_z, "scheme": scheme},
                               "equilibrium": {"mean_z": mean_z, "scheme": "exact"}}}

    fine = state(0.9 + 1 / 64, "split")
    coarse = {1: state(0.9 + 1 / 4, "markov"), 2: state(0.9 + 1 / 16, "split")}
    entries, notes = estimates.error_entries(fine, coarse, 3)
    mixed = entries["stationary.spin_transfer.mean_z"]
    assert "different discretizations (markov on level 1, split on level 2" in mixed["warning"]
    assert mixed["error"] == pytest.approx(3 / 64)  # conservative: |Q_L - Q_L-1|
    same = entries["stationary.equilibrium.mean_z"]
    assert same["warning"] is None and same["error"] == pytest.approx(1 / 64)
    assert "stationary.spin_transfer.mean_z" in notes[-1]
    two, notes = estimates.error_entries(fine, {2: coarse[2]}, 3)  # level 1 missing
    assert two["stationary.equilibrium.mean_z"]["levels"] == [2, 3]
    assert any("assume order 2" in n for n in notes)
    assert estimates.error_entries(fine, {1: coarse[1]}, 3) == (
        {}, ["error estimate: no coarser level could be computed"])
    nan = estimates.error_entries(fine, {2: {"stationary": {"equilibrium": {"mean_z": None}}},
                                         1: coarse[1]}, 3)[0]
    assert nan["stationary.equilibrium.mean_z"]["error"] is None
    assert "level(s) [2]" in nan["stationary.equilibrium.mean_z"]["warning"]


def test_a_failed_coarse_level_is_noted_and_the_rest_used(monkeypatch):
    def coarse_fails(cfg, mesh):
        if mesh.n_cells < 100:
            raise fp.ParameterError("region contains no cell")
        return {"n": 1.0 + 1.0 / mesh.n_cells}

    monkeypatch.setitem(jobs.QUANTITIES, "coarse_fails", coarse_fails)
    cfg = SMALL.updated({"mesh.level": 3, "mesh.error_estimate": True,
                         "outputs.stationary": False, "outputs.quantities": ["coarse_fails"]})
    summary = jobs.run(cfg, None, progress=False)
    assert summary["errors"]["quantities.coarse_fails.n"]["levels"] == [2, 3]
    assert any("level 1 failed: region contains no cell" in n for n in summary["notes"])


def test_error_estimate_without_sphere_jobs_is_a_note():
    cfg = config.default().updated({"outputs.stack": True, "outputs.stationary": False,
                                    "stack.points": 300, "mesh.error_estimate": True})
    summary = jobs.run(cfg, None, progress=False)
    assert "errors" not in summary
    assert "no job on the sphere mesh" in summary["notes"][0]


def test_coarse_config_computes_only():
    cfg = config.default().updated({"mesh.error_estimate": True})
    coarse = estimates.coarse_config(cfg, 3)
    assert coarse.mesh.level == 3 and not coarse.mesh.error_estimate
    assert not coarse.outputs.export and coarse.outputs.figures is False
    assert coarse.energy == cfg.energy and coarse.spin_transfer == cfg.spin_transfer


# ------------------------------------------------------------ the registry
def test_jobs_registry_runs_in_its_order_and_declares_keys():
    assert list(jobs.JOBS) == ["stationary", "spectrum", "evolve", "quantities", "stack", "study"]
    keys = jobs.JOBS.output_keys()
    assert {"stationary", "equilibrium_reference", "spectrum", "evolve", "stack",
            "quantities"} == set(keys)
    assert not jobs.JOBS["stack"].needs_mesh and jobs.JOBS["study"].needs_mesh
    assert [n for n in jobs.JOBS if jobs.JOBS[n].command] == ["stationary", "spectrum",
                                                              "evolve", "stack"]


def test_a_job_registered_elsewhere_gets_an_outputs_key_and_runs(monkeypatch):
    from fpsphere.jobs.registry import JOBS, Job, OutputKey

    def run(ctx):
        return {"cells": ctx.mesh.n_cells}

    from fpsphere.config.runs import OUTPUT_KEYS

    for registry in (JOBS, OUTPUT_KEYS):  # restored after the test
        monkeypatch.setattr(registry, "_entries", dict(registry._entries))
        monkeypatch.setattr(registry, "_docs", dict(registry._docs))
    JOBS.add(Job("count", "count the cells", run,
                 outputs=(OutputKey("count", lambda t, given: t.boolean("count", False)),),
                 report=lambda result, errors: [f"cells: {result['cells']}"]))
    cfg = config.parse({"mesh": {"level": 1}, "dynamics": {"alpha": 1.0},
                        "outputs": {"count": True, "stationary": False}})
    assert cfg.outputs.count is True and cfg.outputs.extra == {"count": True}
    summary = jobs.run(cfg, None, progress=False)
    assert summary["results"]["count"] == {"cells": 42}
    assert "cells: 42" in format_summary(summary)
    with pytest.raises(ConfigError, match="outputs.count"):
        config.parse({"outputs": {"count": 3}})
    assert not config.parse({"outputs": {"stationary": False}}).outputs.sphere_jobs


def test_evolution_frames_carry_the_model_and_the_time_in_ns(tmp_path):
    cfg = example("evolve_switching_pulse", **{"mesh.n_rings": 24, "device.Ms": 8e5,
                                               "device.volume": 1e-24})
    assert cfg.protocol and cfg.tau_N is not None
    summary = jobs.run(cfg, tmp_path / "o", progress=False)
    out = tmp_path / "o"
    pvd = (out / "evolution.pvd").read_text()
    times_ns = np.array(summary["results"]["evolve"]["times"]) * cfg.tau_N * 1e9
    assert "timestep in ns" in pvd
    steps = [float(x.split('"')[0]) for x in pvd.split('timestep="')[1:]]
    assert steps == pytest.approx(times_ns, rel=1e-12)
    first = meshio.read(out / "evolution_00000.vtu").point_data
    last = meshio.read(out / f"evolution_{len(times_ns) - 1:05d}.vtu").point_data
    assert {"rho", "U [kT]", "chi [kT]", "J [1/(sr tau_N)]"} <= set(first)
    # the pulse (first segment) has spin transfer, the rest does not
    assert np.ptp(first["chi [kT]"]) > 0 and np.ptp(last["chi [kT]"]) == pytest.approx(0.0)


def test_evolution_figure_has_both_axis_labels(tmp_path):
    pytest.importorskip("matplotlib")
    from fpsphere.jobs import figures

    times = np.linspace(0.1, 1.0, 5)
    fig = figures.evolution_figure(times, np.zeros((5, 3)), np.full(5, 0.5),
                                   tmp_path / "e.png")
    ax = fig.axes[0]
    assert "time" in ax.get_xlabel() and "P(u.n > 0)" in ax.get_ylabel()
