"""Fields on the sphere in 3D: VTK off-screen rendering (pyvista) and matplotlib.

:func:`render_sphere` draws cell values as point data on the triangulation, each
triangle interpolated linearly between its three cells: the picture ParaView
shows of a file of :mod:`fpsphere.export`.  It renders off-screen, headless:
VTK wheels since 9.4 choose their OpenGL context at run time (X, then EGL, then
OSMesa), so no display and no ``pyvista.start_xvfb`` are needed, and
``pyvista.OFF_SCREEN`` is left alone (each plotter is made with
``off_screen=True``).  A machine with no usable OpenGL library can abort the
process rather than raise, so :func:`vtk_can_render` tries a tiny rendering once
per process in a subprocess; ``engine="auto"`` then falls back to matplotlib (a
3D polygon collection, slower and without lighting) and says so in
:attr:`Rendering.engine`.

:func:`plot_density` is the matplotlib 3D view on an Axes, for composing figures.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.export import checked_path
from fpsphere.mesh import SphereMesh
from fpsphere.mesh.io import atomic_path
from fpsphere.plot._figure import new_axes, output, save

__all__ = ["Rendering", "plot_density", "render_sphere", "vtk_can_render"]

ENGINES = ("auto", "pyvista", "matplotlib")

_PROBE = """
import pyvista as pv
plotter = pv.Plotter(off_screen=True, window_size=(48, 48))
plotter.add_mesh(pv.Sphere(), color="red")
image = plotter.screenshot(return_img=True)
plotter.close()
assert image.shape == (48, 48, 3) and image.std() > 0
print("rendered")
"""


@functools.cache
def vtk_can_render() -> bool:
    """True if VTK renders off-screen here (tried once per process, in a subprocess)."""
    try:
        run = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                             timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return run.returncode == 0 and "rendered" in run.stdout


@dataclass(frozen=True)
class Rendering:
    """Result of :func:`render_sphere`.

    Attributes
    ----------
    image : (H, W, 3) uint8 RGB pixels.
    engine : ``"pyvista"`` or ``"matplotlib"`` (the fallback), whichever drew it.
    path : the PNG written, or None.
    """

    image: np.ndarray
    engine: str
    path: Path | None


def _values(mesh: SphereMesh, values, log: bool) -> np.ndarray:
    if not isinstance(mesh, SphereMesh):
        raise ParameterTypeError(f"mesh must be a SphereMesh, got {type(mesh).__name__}")
    arr = np.asarray(values, dtype=float)
    if arr.shape != (mesh.n_cells,):
        raise ParameterTypeError(f"values have shape {arr.shape}: expected ({mesh.n_cells},), "
                                 "one per cell")
    if not np.all(np.isfinite(arr)):
        raise ParameterError("values hold NaN or inf: expected finite numbers")
    if log:
        if arr.max() <= 0:
            raise ParameterError("log=True needs some values > 0")
        arr = np.maximum(arr, arr.max() * 1e-12)
    return arr


def _current(mesh: SphereMesh, current) -> np.ndarray | None:
    if current is None:
        return None
    arr = np.asarray(current, dtype=float)
    if arr.shape != (mesh.n_cells, 3) or not np.all(np.isfinite(arr)):
        raise ParameterTypeError(f"current has shape {arr.shape}: expected ({mesh.n_cells}, 3) "
                                 "finite vectors (fpsphere.observables.current_vectors)")
    return arr


def _direction(view) -> tuple[np.ndarray, np.ndarray]:
    """Unit view direction (towards the camera) and view-up for (elevation, azimuth) deg."""
    elev, azim = np.radians(np.asarray(view, dtype=float))
    toward = np.array([np.cos(elev) * np.cos(azim), np.cos(elev) * np.sin(azim), np.sin(elev)])
    up = np.array([-np.sin(elev) * np.cos(azim), -np.sin(elev) * np.sin(azim), np.cos(elev)])
    return toward, up


def _arrow_sites(mesh: SphereMesh, n_arrows: int) -> np.ndarray:
    """About ``n_arrows`` cells spread evenly: those nearest a Fibonacci lattice."""
    if n_arrows >= mesh.n_cells:
        return np.arange(mesh.n_cells)
    from scipy.spatial import cKDTree

    k = np.arange(n_arrows) + 0.5
    z = 1.0 - 2.0 * k / n_arrows
    lon = np.pi * (1.0 + 5**0.5) * k
    r = np.sqrt(1.0 - z**2)
    lattice = np.stack([r * np.cos(lon), r * np.sin(lon), z], axis=1)
    return np.unique(cKDTree(mesh.points).query(lattice)[1])


def _arrows(mesh: SphereMesh, current: np.ndarray, n_arrows: int):
    """Tails (M, 3) and vectors (M, 3), the longest ~0.6 of the arrow spacing."""
    sites = _arrow_sites(mesh, n_arrows)
    vectors = current[sites]
    biggest = np.linalg.norm(vectors, axis=1).max()
    length = 0.6 * np.sqrt(4.0 * np.pi / sites.size)
    scale = length / biggest if biggest > 0 else 0.0
    return mesh.points[sites] * 1.01, vectors * scale


def _draw_mpl(ax, mesh, values, *, log, cmap, label, colorbar, arrows, view, clim=None):
    from matplotlib import colors
    from matplotlib.cm import ScalarMappable
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    faces = values[mesh.triangles].mean(axis=1)
    low, high = (values.min(), values.max()) if clim is None else clim
    norm = (colors.LogNorm if log else colors.Normalize)(vmin=low, vmax=high)
    mapper = ScalarMappable(norm=norm, cmap=cmap)
    ax.add_collection3d(Poly3DCollection(mesh.points[mesh.triangles],
                                         facecolors=mapper.to_rgba(faces), edgecolors="none",
                                         linewidths=0, antialiased=False))
    if arrows is not None:
        tails, vectors = arrows
        seen = tails @ _direction(view)[0] > 0.1
        ax.quiver(*tails[seen].T, *vectors[seen].T, color="white", linewidth=0.8,
                  arrow_length_ratio=0.35)
    for setter in (ax.set_xlim, ax.set_ylim, ax.set_zlim):
        setter(-1, 1)
    ax.set_box_aspect((1, 1, 1))
    ax.view_init(*view)
    ax.set_axis_off()
    if colorbar:
        ax.figure.colorbar(mapper, ax=ax, shrink=0.7, label=label)
    return ax


def plot_density(mesh: SphereMesh, rho, *, ax=None, path=None, log: bool = False,
                 view: tuple[float, float] = (25.0, -60.0), cmap: str = "magma",
                 title: str | None = None, colorbar: bool = True,
                 label: str = "density (1/sr)",
                 current=None, n_arrows: int = 300):
    """Draw cell values on the sphere with matplotlib (3D); returns the Axes.

    Parameters
    ----------
    mesh : SphereMesh
    rho : (N,) cell values (e.g. a density in 1/sr); each triangle shows the mean of
        its three cells.
    ax : a 3D Axes to draw into (``projection="3d"``); default a new Figure.
    path : save the figure there (atomically; PNG, PDF, SVG, ...).
    log : logarithmic colour scale (values below ``1e-12 max`` are clipped).
    view : (elevation, azimuth) of the camera, degrees (matplotlib's ``view_init``).
    label : colour-bar label; put the unit in it (the sphere itself has no axes).
    current : (N, 3) probability current; draws ~``n_arrows`` arrows on the visible side.
    """
    out = output(path)
    values = _values(mesh, rho, log)
    arrows = None if current is None else _arrows(mesh, _current(mesh, current), n_arrows)
    ax = new_axes(ax, figsize=(5.0, 4.5), projection="3d")
    _draw_mpl(ax, mesh, values, log=log, cmap=cmap, label=label + (", log scale" if log else ""),
              colorbar=colorbar, arrows=arrows, view=view)
    if title:
        ax.set_title(title)
    save(ax.figure, out)
    return ax


def _render_pyvista(mesh, values, arrows, *, label, log, cmap, view, window_size, title, clim):
    import pyvista as pv

    faces = np.hstack([np.full((mesh.n_triangles, 1), 3), mesh.triangles]).ravel()
    surface = pv.PolyData(np.asarray(mesh.points), faces)
    surface.point_data[label] = values
    plotter = pv.Plotter(off_screen=True, window_size=list(window_size))
    font = max(8, round(15 * min(window_size) / 640))
    try:
        plotter.set_background("white")
        plotter.add_mesh(surface, scalars=label, cmap=cmap, log_scale=log, clim=clim,
                         smooth_shading=True,
                         scalar_bar_args={"title": label, "color": "black", "vertical": True,
                                          "position_x": 0.8, "position_y": 0.12,
                                          "height": 0.76, "width": 0.06, "fmt": "%.3g",
                                          "title_font_size": font + 3, "label_font_size": font})
        if arrows is not None:
            tails, vectors = arrows
            cloud = pv.PolyData(tails)
            cloud["J"] = vectors
            glyphs = cloud.glyph(orient="J", scale="J", factor=1.0,
                                 geom=pv.Arrow(tip_length=0.35, tip_radius=0.15,
                                               shaft_radius=0.05))
            plotter.add_mesh(glyphs, color="white", show_scalar_bar=False)
        toward, up = _direction(view)
        plotter.camera_position = [tuple(4.0 * toward), (0.0, 0.0, 0.0), tuple(up)]
        plotter.reset_camera()
        plotter.camera.zoom(1.15)
        if title:
            plotter.add_text(title, position="upper_edge", font_size=12, color="black")
        return plotter.screenshot(return_img=True)
    finally:
        plotter.close()


def _render_mpl(mesh, values, arrows, *, label, log, cmap, view, window_size, title, clim):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    dpi = 100
    fig = Figure(figsize=(window_size[0] / dpi, window_size[1] / dpi), dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot(projection="3d")
    _draw_mpl(ax, mesh, values, log=log, cmap=cmap, label=label, colorbar=True,
              arrows=arrows, view=view, clim=clim)
    if title:
        ax.set_title(title)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., :3].copy()


def render_sphere(mesh: SphereMesh, values, path=None, *, label: str = "rho [1/sr]",
                  log: bool = False, cmap: str = "viridis", current=None, n_arrows: int = 400,
                  view: tuple[float, float] = (25.0, -60.0),
                  window_size: tuple[int, int] = (800, 640), title: str | None = None,
                  clim: tuple[float, float] | None = None, engine: str = "auto") -> Rendering:
    """Render cell values on the sphere to an image (and a PNG), off-screen.

    Parameters
    ----------
    mesh : SphereMesh
    values : (N,) cell values, e.g. a density ``rho`` (1/sr) or ``model.U_d`` (kT).
    path : PNG file to write (atomically), optional.
    label : colour-bar title; put the unit in it.
    log : logarithmic colour scale (values below ``1e-12 max`` are clipped).
    cmap : matplotlib colour map name.
    current : (N, 3) probability current (:func:`fpsphere.observables.current_vectors`):
        ~``n_arrows`` white arrows at evenly spread cells, the longest ~0.6 of their
        spacing (length proportional to ``|J|``).
    view : (elevation, azimuth) of the camera, degrees.
    window_size : (width, height) in pixels.
    clim : colour range, optional (default: the range of ``values``).
    engine : ``"auto"`` (pyvista if :func:`vtk_can_render`, else matplotlib),
        ``"pyvista"`` or ``"matplotlib"``.

    Returns
    -------
    Rendering : the RGB image, the engine that drew it and the path.
    """
    if engine not in ENGINES:
        raise ParameterError(f"engine={engine!r} is not allowed: expected one of {ENGINES}")
    out = None if path is None else checked_path(path, (".png",))
    values = _values(mesh, values, log)
    arrows = None if current is None else _arrows(mesh, _current(mesh, current), n_arrows)
    size = tuple(int(s) for s in window_size)
    if len(size) != 2 or min(size) < 16:
        raise ParameterError(f"window_size={window_size!r} is not allowed: expected "
                             "(width, height) >= 16 pixels")
    options = dict(label=label, log=log, cmap=cmap, view=view, window_size=size, title=title,
                   clim=clim)
    image = None
    if engine == "pyvista" or (engine == "auto" and vtk_can_render()):
        try:
            image, engine = _render_pyvista(mesh, values, arrows, **options), "pyvista"
        except Exception as exc:
            if engine == "pyvista":
                raise
            warnings.warn(f"VTK off-screen rendering failed ({exc}); drawing with matplotlib",
                          RuntimeWarning, stacklevel=2)
    if image is None:
        image, engine = _render_mpl(mesh, values, arrows, **options), "matplotlib"
    if out is not None:
        from matplotlib.image import imsave

        with atomic_path(out) as tmp:
            imsave(tmp, image, format="png")
    return Rendering(image=np.asarray(image, dtype=np.uint8), engine=engine, path=out)
