"""Pictures: every plot writes a non-empty PNG, headless, with the expected axes.

Checks figure properties (labels, scales, projections), not pixels.
"""

import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import fpsphere as fp  # noqa: E402
from fpsphere import plot, spin  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


def is_png(path):
    data = path.read_bytes()
    return len(data) > 1000 and data.startswith(PNG)


@pytest.fixture(scope="module")
def state():
    mesh = fp.icosphere(3)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=4.0) + fp.Zeeman(1.0, (1.0, 0.0, 1.0)),
                            0.5, chi=fp.Polarizer(3.0))
    rho = model.stationary()
    return mesh, rho, fp.observables.current_vectors(model.generator, rho)


def colorbar_label(ax):
    return [a.get_ylabel() or a.get_xlabel() for a in ax.figure.axes if a is not ax]


def test_importing_fpsphere_stays_light():
    code = ("import sys, fpsphere, fpsphere.plot, fpsphere.export; "
            "print(sorted({'matplotlib', 'pyvista', 'vtk', 'vtkmodules'} & set(sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"


def test_render_sphere_with_matplotlib(tmp_path, state):
    mesh, rho, current = state
    shot = plot.render_sphere(mesh, rho, tmp_path / "mpl.png", current=current, log=True,
                              window_size=(320, 256), engine="matplotlib", title="t")
    assert shot.engine == "matplotlib" and shot.image.shape == (256, 320, 3)
    assert shot.image.dtype == np.uint8 and shot.image.std() > 0
    assert shot.path == tmp_path / "mpl.png" and is_png(shot.path)


def test_render_sphere_with_vtk(tmp_path, state):
    if not plot.vtk_can_render():
        pytest.skip("VTK cannot render off-screen here (no EGL/OSMesa/X): matplotlib fallback")
    mesh, rho, current = state
    shot = plot.render_sphere(mesh, rho, tmp_path / "vtk.png", current=current,
                              window_size=(320, 256), view=(90.0, 0.0))
    assert shot.engine == "pyvista" and shot.image.shape == (256, 320, 3)
    assert len(np.unique(shot.image.reshape(-1, 3), axis=0)) > 50  # colours, not a blank
    assert is_png(tmp_path / "vtk.png")
    assert plot.render_sphere(mesh, rho, engine="pyvista", window_size=(64, 64)).path is None


def test_render_sphere_falls_back_to_matplotlib(state, monkeypatch):
    from fpsphere.plot import sphere

    mesh, rho, _ = state
    monkeypatch.setattr(sphere, "vtk_can_render", lambda: False)
    assert plot.render_sphere(mesh, rho, window_size=(64, 48)).engine == "matplotlib"

    def broken(*args, **kwargs):
        raise RuntimeError("no OpenGL context")

    monkeypatch.setattr(sphere, "vtk_can_render", lambda: True)
    monkeypatch.setattr(sphere, "_render_pyvista", broken)
    with pytest.warns(RuntimeWarning, match="no OpenGL context"):
        shot = plot.render_sphere(mesh, rho, window_size=(64, 48))
    assert shot.engine == "matplotlib" and shot.image.shape == (48, 64, 3)
    with pytest.raises(RuntimeError, match="no OpenGL context"):
        plot.render_sphere(mesh, rho, engine="pyvista")


def test_render_sphere_refuses_bad_input(tmp_path, state):
    mesh, rho, current = state
    with pytest.raises(fp.ParameterTypeError, match=r"values have shape \(3,\)"):
        plot.render_sphere(mesh, [1.0, 2.0, 3.0], engine="matplotlib")
    with pytest.raises(fp.ParameterTypeError, match="current has shape"):
        plot.render_sphere(mesh, rho, current=current[:, :2], engine="matplotlib")
    with pytest.raises(fp.ParameterError, match="engine='opengl'"):
        plot.render_sphere(mesh, rho, engine="opengl")
    with pytest.raises(fp.ParameterError, match="ending in .png"):
        plot.render_sphere(mesh, rho, tmp_path / "x.jpg", engine="matplotlib")
    with pytest.raises(fp.ParameterError, match="NaN"):
        plot.plot_map(mesh, np.full(mesh.n_cells, np.nan))
    assert list(tmp_path.iterdir()) == []


def test_plot_density_3d(tmp_path, state):
    mesh, rho, current = state
    ax = plot.plot_density(mesh, rho, path=tmp_path / "d.png", log=True, current=current,
                           title="stationary")
    assert ax.name == "3d" and ax.get_title() == "stationary"
    assert colorbar_label(ax) == ["density (1/sr), log scale"]
    assert is_png(tmp_path / "d.png")


@pytest.mark.parametrize("method", ["linear", "nearest"])
def test_map_mollweide(tmp_path, state, method):
    mesh, rho, _ = state
    ax = plot.plot_map(mesh, rho, path=tmp_path / "m.png", method=method, log=True,
                       resolution=3.0, title="map")
    assert ax.name == "mollweide" and ax.get_title() == "map"
    assert colorbar_label(ax) == ["rho [1/sr]"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("longitude (deg)", "latitude (deg)")
    assert is_png(tmp_path / "m.png")


def test_map_lonlat_axes(tmp_path, state):
    mesh, rho, _ = state
    ax = plot.plot_map(mesh, rho, path=tmp_path / "m.svg", projection="lonlat",
                       pole=(1, 0, 0), meridian=(0, 0, 1), resolution=5.0)
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("longitude (deg)", "latitude (deg)")
    assert (tmp_path / "m.svg").read_text().startswith("<?xml")


def test_sample_lonlat_reproduces_cell_values(state):
    mesh, rho, _ = state
    p = mesh.points
    lon, lat = np.arctan2(p[:, 1], p[:, 0]), np.arcsin(np.clip(p[:, 2], -1, 1))
    for method in ("linear", "nearest"):
        assert plot.sample_lonlat(mesh, rho, lon, lat, method=method) == pytest.approx(rho)
    # inside a triangle: a convex combination of its corners (linear) or one cell (nearest)
    corners = p[mesh.triangles[:50]]
    mid = corners.sum(axis=1)
    mid /= np.linalg.norm(mid, axis=1, keepdims=True)
    lon, lat = np.arctan2(mid[:, 1], mid[:, 0]), np.arcsin(mid[:, 2])
    linear = plot.sample_lonlat(mesh, rho, lon, lat)
    assert linear == pytest.approx(rho[mesh.triangles[:50]].mean(axis=1))
    nearest = plot.sample_lonlat(mesh, rho, lon, lat, method="nearest")
    assert np.all(np.any(nearest[:, None] == rho[mesh.triangles[:50]], axis=1))


def test_spectrum_vs_parameter(tmp_path):
    mesh = fp.icosphere(2)
    sigmas = np.array([0.0, 1.0, 2.0, 3.0])
    rates = np.array([fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=s) + fp.Zeeman(0.5, (1, 0, 0)),
                                      0.5).spectrum(4) for s in sigmas])
    ax = plot.plot_spectrum(sigmas, rates, path=tmp_path / "s.png", xlabel="sigma",
                            frequencies=True)
    assert ax.get_yscale() == "log" and ax.get_xscale() == "linear"
    assert ax.get_xlabel() == "sigma" and "1/tau_N" in ax.get_ylabel()
    assert len(ax.get_lines()) == 2 * 3  # modes 1..3, rates and frequencies
    assert is_png(tmp_path / "s.png")
    with pytest.raises(fp.ParameterTypeError, match="one row per parameter value"):
        plot.plot_spectrum(sigmas[:2], rates)


def test_time_series(tmp_path):
    mesh = fp.icosphere(2)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=2.0), 0.5)
    run = model.evolve(fp.initial.von_mises_fisher(mesh, (1, 0, 0), 3.0), [0.1, 0.2, 0.4])
    ax = plot.plot_time_series(run.times, run.mean_moment, path=tmp_path / "t.png")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["<u_x>", "<u_y>", "<u_z>"]
    assert ax.get_xlabel() == "time (tau_N)"
    assert ax.get_ylabel() == "mean moment <u> (unit vector)"
    ax = plot.plot_time_series(run.times, {"<u_z>": [0.9, 0.8, 0.7], "P(u.n > 0)": [1, 1, 1]})
    assert ax.get_ylabel() == "<u_z>, P(u.n > 0)"  # no label given: the series named
    ax = plot.plot_time_series(run.times, {"P(u_x > 0)": [0.9, 0.8, 0.7]}, logy=True,
                               ylabel="probability")
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "probability"
    assert is_png(tmp_path / "t.png")
    with pytest.raises(fp.ParameterTypeError, match="one row per time"):
        plot.plot_time_series([0.0, 1.0], run.mean_moment)


def test_hysteresis_several_currents(tmp_path):
    h = np.concatenate([np.linspace(-1.5, 1.5, 31), np.linspace(1.5, -1.5, 31)])
    loops = [np.tanh(4 * (h + np.sign(np.gradient(h)) * (0.8 - 0.2 * k))) for k in range(3)]
    ax = plot.plot_hysteresis(h, loops, currents=[0.0, 0.5, 1.0], path=tmp_path / "h.png")
    assert len(ax.get_lines()) == 3 + 2  # three loops and the two zero lines
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "kappa = 0", "kappa = 0.5", "kappa = 1"]
    assert ax.get_legend().get_title().get_text() == "current (units of the configured torque)"
    assert ax.get_xlabel() == "reduced field h = H/H_K" and ax.get_ylabel() == "<u.n>"
    assert is_png(tmp_path / "h.png")
    with pytest.raises(fp.ParameterTypeError, match="2 currents for 3 curves"):
        plot.plot_hysteresis(h, loops, currents=[0.0, 1.0])


def test_write_error_rate_log_scale(tmp_path):
    t = np.linspace(0.05, 0.35, 7)
    wer = np.array([np.exp(-t * k * 40) for k in (1, 2, 3)])
    wer[2, -1] = 0.0  # below the resolution of the run: not drawn, no error
    ax = plot.plot_write_error_rate(t, wer, currents=["I = 1 mA", "I = 2 mA", "I = 3 mA"],
                                    path=tmp_path / "w.pdf")
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "pulse duration (tau_N)"
    assert [t.get_text() for t in ax.get_legend().get_texts()][0] == "I = 1 mA"
    assert ax.get_legend().get_title().get_text() == ""  # the entries say their unit
    assert (tmp_path / "w.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(fp.ParameterError, match=r"probabilities in \[0, 1\]"):
        plot.plot_write_error_rate(t, 2 * np.ones_like(t))


def test_spin_profile_from_solutions_and_arrays(tmp_path):
    cu = spin.Material("N", resistivity=20e-9, beta=0.0, lsf=20e-9, l_perp=2e-9, l_j=1e-9)
    co = spin.Material("F", resistivity=100e-9, beta=0.5, lsf=20e-9, l_perp=2e-9, l_j=1e-9)
    stack = spin.Stack([spin.Layer(cu, 60e-9), spin.Layer(co, 20e-9, angle=np.pi / 3),
                        spin.Layer(cu, 60e-9)])
    two = stack.with_angle(1, 0.0).solve(1e10, points=400)
    ax = plot.plot_spin_profile(two, layer_names=["Cu", "Co", "Cu"], path=tmp_path / "p.png")
    assert ax.get_xlabel() == "x (nm)" and ax.get_ylabel() == "\u0394\u03bc/e (\u00b5V)"
    assert len([line for line in ax.get_lines() if line.get_linestyle() == "--"]) == 2
    assert [t.get_text() for t in ax.texts] == ["Cu", "Co", "Cu"]
    assert is_png(tmp_path / "p.png")
    vector = stack.solve_vector(1e10, points=400)
    ax = plot.plot_spin_profile(vector)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "\u0394\u03bc/e, x", "\u0394\u03bc/e, y", "\u0394\u03bc/e, z"]
    ax = plot.plot_spin_profile(np.linspace(0, 9e-7, 50), np.linspace(-2e-3, 1e-3, 50),
                                boundaries=[3e-7, 6e-7], quantity="mu_s", si_prefix=True)
    assert ax.get_xlabel() == "x (nm)" and ax.get_ylabel() == "mu_s (mV)"
    with pytest.raises(fp.ParameterTypeError, match="one row per position"):
        plot.plot_spin_profile(np.arange(3.0), np.arange(4.0))


def test_write_error_rate_says_the_current_unit():
    t = np.linspace(0.05, 0.35, 7)
    wer = np.array([np.exp(-t * k * 40) for k in (1, 2)])
    ax = plot.plot_write_error_rate(t, wer, currents=[60.0, 80.0], current_label="I")
    assert ax.get_legend().get_title().get_text() == "current (units of the configured torque)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["I = 60", "I = 80"]
    ax = plot.plot_write_error_rate(t * 1e1, wer, currents=[120.0, 140.0], current_label="I",
                                    current_unit="\u00b5A", xlabel="pulse duration (ns)")
    assert ax.get_legend().get_title().get_text() == "current (\u00b5A)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["I = 120 \u00b5A",
                                                                  "I = 140 \u00b5A"]


def test_mram_wer_plot_says_units():
    from fpsphere.mram import WERTable

    table = WERTable(np.array([1.2e-4, 1.4e-4]), np.array([2e-9, 4e-9]),
                     np.array([[0.5, 0.1], [0.3, 0.01]]), 0.0, "latlon(60, 16)", "test", 1e-9)
    ax = table.plot()
    assert ax.get_xlabel() == "pulse duration (ns)" and "write error rate" in ax.get_ylabel()
    assert ax.get_legend().get_title().get_text() == "current (\u00b5A)"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["I = 120 \u00b5A",
                                                                  "I = 140 \u00b5A"]
    sot = WERTable(np.array([1.12613e-3, 1.6e-3]), np.array([1e-9, 2e-9]),
                   np.array([[0.5, 0.1], [0.3, 0.01]]), 0.0, "icosphere(5)", "test", 1e-9)
    assert [t.get_text() for t in sot.plot().get_legend().get_texts()] == ["I = 1.126 mA",
                                                                          "I = 1.6 mA"]


def _every_plot(state):
    """(name, Axes) of every plot function of fpsphere.plot, with default labels."""
    mesh, rho, current = state
    t = np.linspace(0.1, 1.0, 5)
    h = np.linspace(-1.0, 1.0, 5)
    stack = spin.Stack([spin.Layer(spin.Material("N", 20e-9, 0.0, 20e-9), 40e-9),
                        spin.Layer(spin.Material("F", 100e-9, 0.5, 20e-9), 20e-9)])
    yield "plot_spectrum", plot.plot_spectrum([1.0, 2.0], [[0.0, 1.0], [0.0, 2.0]])
    yield "plot_time_series", plot.plot_time_series(t, np.column_stack([t, t, t]))
    yield "plot_time_series (mapping)", plot.plot_time_series(t, {"P(u_z > 0)": t})
    yield "plot_hysteresis", plot.plot_hysteresis(h, np.tanh(h), currents=[1.0])
    yield "plot_write_error_rate", plot.plot_write_error_rate(t, np.exp(-t), currents=[1.0])
    yield "plot_spin_profile", plot.plot_spin_profile(stack.solve(1e10, points=50))
    for projection in ("mollweide", "lonlat"):
        yield f"plot_map ({projection})", plot.plot_map(mesh, rho, projection=projection,
                                                        resolution=10.0)


def test_every_plot_labels_both_axes(state):
    for name, ax in _every_plot(state):
        assert ax.get_xlabel().strip() and ax.get_ylabel().strip(), name
    # drawn on the sphere (no axes): the colour bar says what and in which unit
    mesh, rho, _ = state
    ax = plot.plot_density(mesh, rho)
    assert colorbar_label(ax) == ["density (1/sr)"]
    assert ax.get_legend() is None


def test_every_public_plot_function_is_checked_for_labels(state):
    drawn = {name.split(" ")[0] for name, _ in _every_plot(state)}
    public = {name for name in plot.__all__ if name.startswith("plot_")}
    assert public - {"plot_density"} == drawn  # plot_density: the colour bar, above
