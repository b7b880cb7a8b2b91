"""Pictures: fields on the sphere, maps, and the curves of papers.

Every function returns matplotlib objects (or a :class:`Rendering`) and, given
``path``, saves the picture atomically (temporary file, then rename; the format
follows the suffix).  matplotlib and pyvista are imported inside the functions,
so ``import fpsphere`` stays light.  Figures are made without pyplot (no global
state, no display needed, nothing to close); pass ``ax`` from ``plt.subplots()``
to draw into a pyplot figure instead.

* on the sphere: :func:`render_sphere` (VTK off-screen through pyvista, with a
  colour bar and optional current arrows; matplotlib fallback where VTK cannot
  render), :func:`plot_density` (matplotlib 3D);
* maps: :func:`plot_map` (Mollweide or plain longitude-latitude, the field
  interpolated on the sphere triangles or shown as exact Voronoi cells);
* curves: :func:`plot_spectrum` (rates vs a parameter), :func:`plot_time_series`,
  :func:`plot_hysteresis` (``<u.n>`` vs field for several currents),
  :func:`plot_write_error_rate`, :func:`plot_spin_profile` (1D accumulations);
* where pictures go: :func:`output_folder` (a folder, or a fresh one under the
  system temporary directory, printed) and :func:`run_example` (the command line of
  the scripts in ``examples/``: ``[OUT] [--out DIR] [--quick]``).

Every curve has axis labels with units (reduced units by default: tau_N, kT,
1/tau_N; pass the labels for physical units).

Modules: ``sphere`` (3D), ``maps`` (projections), ``curves`` (parameter and time
curves), ``spin`` (1D profiles), ``folders`` (output folders of examples),
``_figure`` (axes creation and atomic saving).
"""

from fpsphere.plot._figure import new_axes, output, save
from fpsphere.plot.curves import (
    plot_hysteresis,
    plot_spectrum,
    plot_time_series,
    plot_write_error_rate,
)
from fpsphere.plot.folders import output_folder, run_example
from fpsphere.plot.maps import plot_map, sample_lonlat
from fpsphere.plot.sphere import Rendering, plot_density, render_sphere, vtk_can_render
from fpsphere.plot.spin import plot_spin_profile


def save_figure(figure, path, dpi: float = 150):
    """Save a matplotlib ``figure`` atomically to ``path`` (format from the suffix)."""
    target = output(path)
    save(figure, target, dpi)
    return target


__all__ = [
    "Rendering",
    "new_axes",
    "output_folder",
    "plot_density",
    "plot_hysteresis",
    "plot_map",
    "plot_spectrum",
    "plot_spin_profile",
    "plot_time_series",
    "plot_write_error_rate",
    "render_sphere",
    "run_example",
    "sample_lonlat",
    "save_figure",
    "vtk_can_render",
]
