"""ParaView export: round trips through meshio, PVD collections, atomic writes, bad input."""

import xml.etree.ElementTree as ET

import meshio
import numpy as np
import pytest

import fpsphere as fp
from fpsphere.export import SeriesWriter, model_fields, write_density, write_spectrum, write_state

POTENTIALS = ("U [kT]", "U_d [kT]", "U_p [kT]", "phi [kT]", "chi [kT]")
CURRENT = "J [1/(sr tau_N)]"


@pytest.fixture(scope="module")
def model():
    """Out of equilibrium (spin torque, transverse field): a circulating current."""
    mesh = fp.icosphere(2)
    return fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=3.0) + fp.Zeeman(1.0, (1.0, 0.0, 1.0)),
                           0.5, chi=fp.Polarizer(2.0), phi=fp.Polarizer(-1.0))


def pvd_entries(path):
    sets = ET.parse(path).getroot().findall("./Collection/DataSet")
    return [float(s.get("timestep")) for s in sets], [s.get("file") for s in sets]


def test_series_from_evolve(tmp_path):
    mesh = fp.icosphere(2)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=3.0), 0.5)
    rho0 = fp.initial.von_mises_fisher(mesh, (1, 0, 0), 2.0)
    with SeriesWriter(tmp_path / "run" / "relax", mesh, every=2) as writer:
        run = model.evolve(rho0, [0.1, 0.2], dt=0.05, callback=writer)
    times, files = pvd_entries(tmp_path / "run" / "relax.pvd")
    assert times == pytest.approx([0.05, 0.15])
    assert files == ["relax_00000.vtu", "relax_00001.vtu"]
    last = meshio.read(tmp_path / "run" / files[-1])
    assert last.point_data["rho"].shape == (mesh.n_cells,)
    assert np.all(np.isfinite(last.point_data["rho"]))
    assert last.field_data["TimeValue"] == pytest.approx([0.15])
    assert run.rho.shape == (2, mesh.n_cells)


def test_single_density_and_bad_every(tmp_path):
    mesh = fp.icosphere(1)
    rho = fp.initial.uniform(mesh)
    write_density(mesh, rho, tmp_path / "u.vtu", z=mesh.points[:, 2])
    back = meshio.read(tmp_path / "u.vtu")
    assert np.allclose(back.point_data["rho"], rho)
    assert np.allclose(back.point_data["z"], mesh.points[:, 2])
    with pytest.raises(fp.ParameterError, match="every=0"):
        SeriesWriter(tmp_path / "x", mesh, every=0)


def test_state_round_trip(tmp_path, model):
    rho = model.stationary()
    rates, modes = model.spectrum(4, vectors=True)
    extra = {"mode 1 re": modes[:, 1].real, "mode 1 im": modes[:, 1].imag}
    path = write_state(tmp_path / "state.vtu", model, rho, time=2.5, time_unit="ns",
                       extra=extra)
    back = meshio.read(path)
    assert back.points == pytest.approx(model.mesh.points)
    assert np.array_equal(back.cells_dict["triangle"], model.mesh.triangles)
    assert np.array_equal(back.point_data["rho"], rho)
    fields = model_fields(model, rho)
    for name in (*POTENTIALS, CURRENT):
        assert np.array_equal(back.point_data[name], fields[name]), name
    for name, values in extra.items():
        assert np.array_equal(back.point_data[name], values)
    assert back.point_data["chi [kT]"] == pytest.approx(2.0 * model.mesh.points[:, 2])
    assert back.point_data["phi [kT]"] == pytest.approx(-model.mesh.points[:, 2])
    current = back.point_data[CURRENT]
    assert current.shape == (model.mesh.n_cells, 3)
    assert np.abs(np.einsum("ij,ij->i", current, model.mesh.points)).max() < 1e-12
    assert np.abs(current).max() > 1e-3  # a non-equilibrium state circulates
    assert back.field_data["TimeValue"] == pytest.approx([2.5])
    assert back.field_data["time [ns]"] == pytest.approx([2.5])


@pytest.mark.parametrize(("rho", "error", "match"), [
    (np.ones(5), fp.ParameterTypeError, r"rho has shape \(5,\): expected \(162,\)"),
    (np.full(162, np.nan), fp.ParameterError, "rho holds 162 non-finite"),
    (np.ones(162) + 1j, fp.ParameterTypeError, "rho is complex"),
    ("abc", fp.ParameterTypeError, "rho has dtype"),
])
def test_bad_density_is_refused_before_writing(tmp_path, model, rho, error, match):
    with pytest.raises(error, match=match):
        write_state(tmp_path / "s.vtu", model, rho)
    with pytest.raises(error, match=match):
        write_density(model.mesh, rho, tmp_path / "d.vtu")
    with SeriesWriter(tmp_path / "series", model=model) as writer, \
            pytest.raises(error, match=match):
        writer(0.0, rho)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["series.pvd"]


def test_bad_paths_and_options_are_refused(tmp_path, model):
    rho = model.stationary()
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(fp.ParameterError, match="is not a folder"):
        write_state(tmp_path / "file" / "s.vtu", model, rho)
    with pytest.raises(fp.ParameterError, match="ending in .vtu"):
        write_state(tmp_path / "s.txt", model, rho)
    with pytest.raises(fp.ParameterError, match="is a folder"):
        write_density(model.mesh, rho, tmp_path)
    with pytest.raises(fp.ParameterTypeError, match="model must be a fpsphere.FokkerPlanck"):
        write_state(tmp_path / "s.vtu", model.mesh, rho)
    with pytest.raises(fp.ParameterError, match=r"extra\['rho'\] clashes"):
        write_state(tmp_path / "s.vtu", model, rho, extra={"rho": rho})
    with pytest.raises(fp.ParameterTypeError, match=r"extra\['m'\] has shape \(3,\)"):
        write_state(tmp_path / "s.vtu", model, rho, extra={"m": [1, 2, 3]})
    with pytest.raises(fp.ParameterError, match="time=nan"):
        write_state(tmp_path / "s.vtu", model, rho, time=float("nan"))
    with pytest.raises(fp.ParameterError, match="time_scale=None is not allowed"):
        SeriesWriter(tmp_path / "x", model=model, time_unit="ns")
    with pytest.raises(fp.ParameterError, match="time_scale=-1"):
        SeriesWriter(tmp_path / "x", model=model, time_unit="ns", time_scale=-1)
    with pytest.raises(fp.ParameterError, match="mesh is not model.mesh"):
        SeriesWriter(tmp_path / "x", fp.icosphere(1), model=model)
    with pytest.raises(fp.ParameterError, match="is not a folder"):
        SeriesWriter(tmp_path / "file" / "x", model=model)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_series_with_model_units_and_extra_arrays(tmp_path, model):
    mesh = model.mesh
    rho0 = fp.initial.von_mises_fisher(mesh, (1, 0, 0), 2.0)
    tau_n_ns = 1.7
    log_rho = {}

    def per_frame(t, rho):
        log_rho[t] = np.log(rho)
        return {"log rho": log_rho[t]}

    with SeriesWriter(tmp_path / "sw", model=model, time_unit="ns", time_scale=tau_n_ns,
                      extra=per_frame) as writer:
        run = model.evolve(rho0, [0.1, 0.2], dt=0.1, callback=writer)
        writer.write(0.25, run.rho[-1], extra={"z": mesh.points[:, 2]})
    times, files = pvd_entries(tmp_path / "sw.pvd")
    assert times == pytest.approx(tau_n_ns * np.array([0.1, 0.2, 0.25]))
    assert writer.times == pytest.approx(times)
    assert "timestep in ns" in (tmp_path / "sw.pvd").read_text()
    second = meshio.read(tmp_path / files[1])
    assert np.array_equal(second.point_data["rho"], run.rho[1])
    assert np.array_equal(second.point_data["log rho"], log_rho[0.2])
    assert np.array_equal(second.point_data[CURRENT],
                          fp.observables.current_vectors(model.generator, run.rho[1]))
    assert np.array_equal(second.point_data["U_d [kT]"], model.U_d)
    assert second.field_data["time [ns]"] == pytest.approx([0.2 * tau_n_ns])
    assert "z" in meshio.read(tmp_path / files[2]).point_data


def test_spectrum_one_file_per_mode(tmp_path, model):
    paths = write_spectrum(tmp_path / "modes", model, 4)
    rates = model.spectrum(4)
    times, files = pvd_entries(tmp_path / "modes.pvd")
    assert files == [p.name for p in paths] and times == [0.0, 1.0, 2.0, 3.0]
    L = model.matrix
    for m, path in enumerate(paths):
        back = meshio.read(path)
        rate = back.field_data["rate_re [1/tau_N]"][0] + 1j * back.field_data[
            "rate_im [rad/tau_N]"][0]
        assert rate == pytest.approx(rates[m], abs=1e-9)
        assert path.name.startswith(f"modes_mode{m:02d}_rate{rate.real:.4e}")
        mode = back.point_data["mode_re [1]"] + 1j * back.point_data["mode_im [1]"]
        assert np.abs(mode).max() == pytest.approx(1.0)
        assert np.linalg.norm(L @ mode + rate * mode) < 1e-6 * np.linalg.norm(L @ mode) + 1e-9
        assert np.array_equal(back.point_data["U [kT]"], model.U)


def test_spectrum_from_given_rates_and_modes(tmp_path, model):
    n = model.mesh.n_cells
    modes = np.stack([np.ones(n), model.mesh.points[:, 2] * (1 + 2j)], axis=1)
    paths = write_spectrum(tmp_path / "given", model, rates=[0.0, 1.0 + 2.0j], modes=modes)
    assert [p.name for p in paths] == ["given_mode00_rate0.0000e+00.vtu",
                                       "given_mode01_rate1.0000e+00_freq2.0000e+00.vtu"]
    back = meshio.read(paths[1]).point_data
    z = model.mesh.points[:, 2]
    assert back["mode_re [1]"] == pytest.approx(z / z[np.argmax(np.abs(z))])
    assert np.abs(back["mode_im [1]"]).max() < 1e-12  # the phase is fixed: z (1 + 2i) -> +-z
    with pytest.raises(fp.ParameterError, match="rates and modes go together"):
        write_spectrum(tmp_path / "bad", model, rates=[1.0])
    with pytest.raises(fp.ParameterTypeError, match="do not fit"):
        write_spectrum(tmp_path / "bad", model, rates=[1.0], modes=modes)


def test_failed_write_leaves_the_prior_file_intact(tmp_path, model, monkeypatch):
    import pyvista

    rho = model.stationary()
    target = write_state(tmp_path / "keep.vtu", model, rho, time=1.0)
    before = target.read_bytes()
    density = tmp_path / "keep_density.vtu"
    write_density(model.mesh, rho, density)
    density_before = density.read_bytes()
    with SeriesWriter(tmp_path / "keep", model=model) as writer:
        writer(0.0, rho)
    pvd_before = (tmp_path / "keep.pvd").read_bytes()

    def broken(self, filename, *args, **kwargs):
        with open(filename, "wb") as half:
            half.write(b"<?xml version='1.0'?><VTKFile ")  # half-written
        raise OSError("disk full")

    monkeypatch.setattr(pyvista.UnstructuredGrid, "save", broken)
    monkeypatch.setattr(meshio, "write", lambda filename, *a, **k: broken(None, filename))
    with pytest.raises(OSError, match="disk full"):
        write_state(target, model, 2 * rho, time=2.0)
    with pytest.raises(OSError, match="disk full"):
        write_density(model.mesh, 2 * rho, density)
    monkeypatch.undo()

    real_write_text = type(target).write_text

    def broken_text(self, text, *args, **kwargs):
        real_write_text(self, text[: len(text) // 2])
        raise OSError("disk full")

    monkeypatch.setattr(type(target), "write_text", broken_text)
    writer.entries.append((5.0, "other.vtu"))
    with pytest.raises(OSError, match="disk full"):
        writer.close()
    monkeypatch.undo()
    assert target.read_bytes() == before
    assert density.read_bytes() == density_before
    assert (tmp_path / "keep.pvd").read_bytes() == pvd_before
    assert meshio.read(target).field_data["TimeValue"] == pytest.approx([1.0])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporaries


def test_docs_examples_run(tmp_path, monkeypatch):
    """The Python blocks of docs/how-to/export.md run as written (icosphere(3), in a temporary
    folder); the pvpython one needs ParaView and is left to tests/test_paraview.py."""
    import warnings
    from pathlib import Path

    import matplotlib

    matplotlib.use("Agg")
    text = (Path(__file__).resolve().parents[1] / "docs" / "how-to" / "export.md").read_text()
    blocks = [b[:b.index("```")] for b in text.split("```python")[1:]]
    code = "\n".join(b for b in blocks if "paraview" not in b)
    monkeypatch.chdir(tmp_path)
    namespace = {}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        # icosphere(3) does not resolve the example's potentials and says so
        warnings.filterwarnings("ignore", "spin transfer without a symmetry axis")
        exec(compile(code.replace("fp.icosphere(5)", "fp.icosphere(3)"), "export.md", "exec"),
             namespace)
    times, files = pvd_entries(tmp_path / "out" / "relax.pvd")
    assert len(files) == 11 and times[-1] == pytest.approx(0.1 * namespace["tau_n_ns"])
    assert len(pvd_entries(tmp_path / "out" / "modes.pvd")[1]) == 4  # the second call
    assert (tmp_path / "docs" / "images" / "export_mollweide.png").stat().st_size > 1000
    assert (tmp_path / "docs" / "images" / "export_render.png").stat().st_size > 1000


def test_series_with_a_model_per_time(tmp_path, model):
    """``model=callable``: each frame carries the potentials of the model acting then
    (a protocol), and a model on another mesh is refused."""
    import meshio

    free = fp.FokkerPlanck(model.mesh, model.energy, model.alpha)
    rho = model.stationary()
    with SeriesWriter(tmp_path / "p", model.mesh,
                      model=lambda t: model if t < 1 else free) as writer:
        writer.write(0.5, rho)
        writer.write(1.5, rho)
    first = meshio.read(tmp_path / "p_00000.vtu").point_data
    second = meshio.read(tmp_path / "p_00001.vtu").point_data
    assert np.ptp(first["chi [kT]"]) > 0 and np.ptp(second["chi [kT]"]) == 0
    assert "J [1/(sr tau_N)]" in second
    other = fp.FokkerPlanck(fp.icosphere(1), model.energy, model.alpha)
    with SeriesWriter(tmp_path / "q", model.mesh, model=lambda t: other) as writer, \
            pytest.raises(fp.ParameterError, match="is not the writer's mesh"):
        writer.write(0.0, rho)
