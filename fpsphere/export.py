"""Export to ParaView: single states, time series (VTU + PVD) and relaxation modes.

What is written
---------------
The finite-volume unknowns of fpsphere live at the mesh vertices (the generators of
the spherical Voronoi cells), so a file holds the **triangulation** (points, the
Delaunay triangles) with one value per vertex as VTK *point data*.  This is kept
over the alternative, the Voronoi polygons with *cell data*, because

* it stores each unknown exactly once, beside the same connectivity that
  :func:`fpsphere.read_mesh` reads back into a :class:`~fpsphere.SphereMesh`;
* ParaView interpolates point data linearly over each triangle: a smooth picture,
  and the Contour, Glyph, Gradient and Stream Tracer filters work on it directly;
  on Voronoi cells the same filters would see a piecewise-constant field;
* the polygons (5 to 7 sides, up to ``n_per_ring`` at a :func:`fpsphere.latlon`
  pole) would need the circumcentres as extra points and polygon cells.

The exact piecewise-constant (Voronoi) picture is the ``method="nearest"`` map of
:func:`fpsphere.plot.plot_map`.

Array names carry their unit in brackets: ``"U [kT]"``, ``"J [1/(sr tau_N)]"``;
the density keeps the name ``"rho"`` that every fpsphere file has always used
(probability per steradian, ``sum(rho * areas) = 1``).  With a model,
:func:`write_state` adds ``U``, ``U_d = U - chi``, ``U_p = U + phi``, ``phi``, ``chi``
(docs/conventions.md section 1) and the probability current ``J`` (3-vector per cell, from
:func:`fpsphere.observables.current_vectors`).  Times go to the VTK field array
``TimeValue`` (read by ParaView as the time step) and to ``"time [<unit>]"``.

:class:`SeriesWriter` is a callback for :meth:`FokkerPlanck.evolve` that streams a
series to ``<stem>_<k>.vtu`` and a ``<stem>.pvd`` collection; :func:`write_spectrum`
writes one file per relaxation mode.  These VTU files are written by VTK
(pyvista, imported on first use), not meshio, whose VTU writer drops field data
(the times); meshio and :func:`fpsphere.read_mesh` read them back.

Every file is written atomically (temporary file beside it, then rename): an
existing output is never half-overwritten, an interrupted run leaves complete
files.  Inputs are checked before anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np

from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.mesh import SphereMesh, write_mesh
from fpsphere.mesh.io import atomic_path
from fpsphere.model import FokkerPlanck
from fpsphere.observables import current_vectors

__all__ = ["SeriesWriter", "checked_path", "model_fields", "write_density", "write_spectrum",
           "write_state"]

DENSITY = "rho"
CURRENT = "J [1/(sr tau_N)]"


# ------------------------------------------------------------------ checks
def checked_path(path, suffixes: tuple[str, ...], name: str = "path") -> Path:
    """``path`` as a :class:`~pathlib.Path`, checked to be writable before any work.

    Raises :class:`ParameterError` if the suffix is not one of ``suffixes``
    (compared case-insensitively; empty tuple: any), if ``path`` is a folder, or
    if its nearest existing parent is not a writable folder.
    """
    if not isinstance(path, str | os.PathLike):
        raise ParameterTypeError(f"{name} must be a str or os.PathLike, got "
                                 f"{type(path).__name__}")
    out = Path(path)
    if suffixes and out.suffix.lower() not in suffixes:
        raise ParameterError(f"{name}={str(out)!r} is not allowed: expected a file name "
                             f"ending in {' or '.join(suffixes)}")
    if out.is_dir():
        raise ParameterError(f"{name}={str(out)!r} is a folder: expected a file name")
    parent = out.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise ParameterError(f"{name}={str(out)!r} cannot be created: {str(parent)!r} is "
                             "not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise ParameterError(f"{name}={str(out)!r} cannot be written: the folder "
                             f"{str(parent)!r} is not writable")
    return out


def _cell_array(mesh: SphereMesh, name: str, values) -> np.ndarray:
    """``values`` as a real (N,) or (N, k) float array, checked."""
    try:
        arr = np.asarray(values)
    except Exception as exc:  # ragged lists and the like
        raise ParameterTypeError(f"{name} is not an array of numbers: {exc}") from None
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number)
                                   or arr.dtype == bool):
        raise ParameterTypeError(f"{name} has dtype {arr.dtype}: expected real numbers")
    if np.iscomplexobj(arr):
        raise ParameterTypeError(f"{name} is complex: write its real and imaginary parts "
                                 "as two arrays (e.g. name + ' re', name + ' im')")
    if arr.ndim not in (1, 2) or arr.shape[0] != mesh.n_cells:
        raise ParameterTypeError(f"{name} has shape {arr.shape}: expected ({mesh.n_cells},) "
                                 f"or ({mesh.n_cells}, k), one value per cell of the mesh")
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ParameterError(f"{name} holds {bad} non-finite values (NaN or inf): expected "
                             "finite numbers")
    return arr


def _fields(mesh: SphereMesh, fields: Mapping | None, taken, what: str) -> dict[str, np.ndarray]:
    if fields is None:
        return {}
    if not isinstance(fields, Mapping):
        raise ParameterTypeError(f"{what} must be a mapping name -> (N,) or (N, k) array, got "
                                 f"{type(fields).__name__}")
    out = {}
    for key, values in fields.items():
        if not isinstance(key, str) or not key.strip():
            raise ParameterTypeError(f"{what} has the key {key!r}: expected a non-empty str")
        if key in taken:
            raise ParameterError(f"{what}[{key!r}] clashes with an array fpsphere writes "
                                 f"itself: choose another name (taken: {sorted(taken)})")
        out[key] = _cell_array(mesh, f"{what}[{key!r}]", values)
    return out


def _time(time, time_unit: str) -> dict[str, np.ndarray]:
    if time is None:
        return {}
    if isinstance(time, bool) or not isinstance(time, int | float | np.number) or not (
            np.isfinite(time)):
        raise ParameterError(f"time={time!r} is not allowed: expected a finite real number")
    if not isinstance(time_unit, str) or not time_unit.strip():
        raise ParameterError(f"time_unit={time_unit!r} is not allowed: expected a non-empty str")
    value = np.array([float(time)])
    return {"TimeValue": value, f"time [{time_unit}]": value}


def _model(model) -> FokkerPlanck:
    if not isinstance(model, FokkerPlanck):
        raise ParameterTypeError(f"model must be a fpsphere.FokkerPlanck, got "
                                 f"{type(model).__name__}")
    return model


# ------------------------------------------------------------------ writing
def _write_vtu(path: Path, mesh: SphereMesh, point_data: Mapping[str, np.ndarray],
               field_data: Mapping[str, np.ndarray] | None = None) -> None:
    """Write the triangulation with ``point_data`` via VTK, atomically."""
    import pyvista as pv

    grid = pv.UnstructuredGrid({pv.CellType.TRIANGLE: np.asarray(mesh.triangles)},
                               np.asarray(mesh.points))
    for key, values in point_data.items():
        grid.point_data[key] = values
    for key, values in (field_data or {}).items():
        grid.field_data[key] = values
    if DENSITY in point_data:
        grid.set_active_scalars(DENSITY, preference="point")
    with atomic_path(path) as tmp:
        grid.save(tmp, binary=True)


def model_fields(model: FokkerPlanck, rho=None) -> dict[str, np.ndarray]:
    """Named cell fields of ``model``: the arrays :func:`write_state` adds.

    Returns ``{"U [kT]", "U_d [kT]", "U_p [kT]", "phi [kT]", "chi [kT]"}``, each (N,),
    and, if ``rho`` (N,) is given, the probability current ``"J [1/(sr tau_N)]"``
    (N, 3), tangent to the sphere (:func:`fpsphere.observables.current_vectors`).
    """
    model = _model(model)
    u, u_d, u_p = model.U, model.U_d, model.U_p
    out = {"U [kT]": u, "U_d [kT]": u_d, "U_p [kT]": u_p,
           "phi [kT]": u_p - u, "chi [kT]": u - u_d}
    if rho is not None:
        out[CURRENT] = current_vectors(model.generator, rho)
    return out


def write_density(mesh: SphereMesh, rho, path: str | os.PathLike, **fields) -> None:
    """Write one density (and further cell fields) to a mesh file for ParaView.

    Parameters
    ----------
    mesh : SphereMesh
    rho : (N,) density (1/sr, ``sum(rho * areas) = 1``), written as ``"rho"``.
    path : output file; the format follows the suffix (any meshio format, ``.vtu``
        for ParaView).
    **fields : further (N,) or (N, k) arrays, written under their keyword names.
    """
    out = checked_path(path, ())
    data = {DENSITY: _cell_array(mesh, "rho", rho)}
    data.update(_fields(mesh, fields, data, "fields"))
    write_mesh(mesh, out, point_data=data)


def write_state(path: str | os.PathLike, model: FokkerPlanck, rho, *, time=None,
                time_unit: str = "tau_N", extra: Mapping | None = None) -> Path:
    """Write one state of ``model`` to a VTU file with all its fields.

    Parameters
    ----------
    path : output file name ending in ``.vtu``.
    model : FokkerPlanck
        Supplies the mesh and the fields of :func:`model_fields` (potentials in kT,
        current in 1/(sr tau_N)).
    rho : (N,) finite density (1/sr), written as ``"rho"``.
    time : float, optional
        Time of the state, in ``time_unit``; written as the field arrays
        ``TimeValue`` and ``"time [<time_unit>]"``.
    time_unit : str
        ``"tau_N"`` (reduced, default) or a physical unit such as ``"ns"``.
    extra : mapping name -> (N,) or (N, k) real array, optional
        Further cell fields (e.g. an eigenvector's ``.real`` and ``.imag``).

    Returns
    -------
    Path of the written file.
    """
    out = checked_path(path, (".vtu",))
    model = _model(model)
    data = {DENSITY: _cell_array(model.mesh, "rho", rho)}
    data.update(model_fields(model, data[DENSITY]))
    data.update(_fields(model.mesh, extra, data, "extra"))
    _write_vtu(out, model.mesh, data, _time(time, time_unit))
    return out


def _pvd_path(stem: Path) -> Path:
    return stem.parent / f"{stem.name}.pvd"


def _pvd(path: Path, entries, time_unit: str, note: str = "") -> None:
    lines = ['<?xml version="1.0"?>',
             f"<!-- fpsphere: timestep in {time_unit}{note} -->",
             '<VTKFile type="Collection" version="0.1" byte_order="LittleEndian">',
             "  <Collection>"]
    lines += [f'    <DataSet timestep="{float(t)!r}" group="" part="0" file={quoteattr(name)}/>'
              for t, name in entries]
    lines += ["  </Collection>", "</VTKFile>", ""]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines))


class SeriesWriter:
    """Callback writing a time series of densities to VTU files and a PVD collection.

    Use as ``model.evolve(..., callback=writer)`` inside ``with SeriesWriter(...)``;
    every ``every``-th call writes ``<stem>_<k>.vtu`` (k = 00000, 00001, ...), and
    :meth:`close` (also on leaving the ``with`` block, even on an error) writes
    ``<stem>.pvd`` listing the files with their times, which ParaView opens as one
    time series.  :meth:`write` writes one frame now, with per-frame arrays.

    Parameters
    ----------
    stem : path without suffix, e.g. ``"out/switching"``.
    mesh : SphereMesh, optional if ``model`` is given (then ``model.mesh``).
    every : write every ``every``-th call (int >= 1).
    model : FokkerPlanck or callable, optional
        Adds the fields of :func:`model_fields` to every frame (potentials, and the
        current of that frame's density).  A callable ``model(t) -> FokkerPlanck``
        gives the model acting at time ``t`` (tau_N), e.g. the segment of a protocol
        acting then; ``mesh`` is then required (the models' mesh).
    time_unit : str
        Unit of the frame times in the files, ``"tau_N"`` by default.
    time_scale : float, optional
        Value of one tau_N in ``time_unit`` (e.g. ``tau_N`` in ns); the callback's
        time ``t`` (tau_N) is written as ``t * time_scale``.  Required when
        ``time_unit`` is not ``"tau_N"``.
    extra : mapping or callable, optional
        Further arrays of every frame: a mapping name -> (N,) or (N, k) array (the
        same each frame) or ``f(t, rho) -> mapping`` called for each written frame.
    """

    def __init__(self, stem: str | os.PathLike, mesh: SphereMesh | None = None,
                 every: int = 1, *, model: FokkerPlanck | None = None,
                 time_unit: str = "tau_N", time_scale: float | None = None,
                 extra: Mapping | Callable | None = None):
        if isinstance(every, bool) or not isinstance(every, int) or every < 1:
            raise ParameterError(f"every={every!r} is not allowed: expected an int >= 1")
        self._model_at = None
        if model is not None and not isinstance(model, FokkerPlanck) and callable(model):
            self._model_at, model = model, None
        if model is not None:
            model = _model(model)
            if mesh is not None and mesh is not model.mesh:
                raise ParameterError("mesh is not model.mesh: give one of them, or the same")
            mesh = model.mesh
        if not isinstance(mesh, SphereMesh):
            raise ParameterTypeError(f"mesh must be a SphereMesh (or give model), got "
                                     f"{type(mesh).__name__}")
        if not isinstance(time_unit, str) or not time_unit.strip():
            raise ParameterError(f"time_unit={time_unit!r} is not allowed: expected a "
                                 "non-empty str such as 'tau_N' or 'ns'")
        if time_scale is None and time_unit != "tau_N":
            raise ParameterError(f"time_scale=None is not allowed with time_unit="
                                 f"{time_unit!r}: give the value of tau_N in {time_unit}")
        scale = 1.0 if time_scale is None else time_scale
        if isinstance(scale, bool) or not isinstance(scale, int | float | np.number) or not (
                np.isfinite(scale) and scale > 0):
            raise ParameterError(f"time_scale={time_scale!r} is not allowed: expected a "
                                 "finite number > 0")
        stem = Path(stem)
        checked_path(_pvd_path(stem), (".pvd",), name="stem")
        self.stem, self.mesh, self.every, self.model = stem, mesh, every, model
        self.time_unit, self.time_scale = time_unit, float(scale)
        self._static_model = model_fields(model) if model is not None else {}
        taken = {DENSITY, CURRENT, *self._static_model}
        if self._model_at is not None:
            taken |= {"U [kT]", "U_d [kT]", "U_p [kT]", "phi [kT]", "chi [kT]"}
        self._static = {} if callable(extra) else _fields(mesh, extra, taken, "extra")
        self._per_frame = extra if callable(extra) else None
        self.calls = 0
        self.entries: list[tuple[float, str]] = []

    def __call__(self, t: float, rho: np.ndarray) -> None:
        self.calls += 1
        if (self.calls - 1) % self.every == 0:
            self.write(t, rho)

    def write(self, t: float, rho, *, extra: Mapping | None = None) -> Path:
        """Write one frame at time ``t`` (tau_N) now; returns the VTU path."""
        time = _time(t, self.time_unit)["TimeValue"][0] * self.time_scale
        data = {DENSITY: _cell_array(self.mesh, "rho", rho)}
        if self.model is not None:
            data.update(self._static_model)
            data[CURRENT] = current_vectors(self.model.generator, data[DENSITY])
        elif self._model_at is not None:
            model = _model(self._model_at(t))
            if model.mesh is not self.mesh:
                raise ParameterError(f"model({t!r}).mesh is not the writer's mesh")
            data.update(model_fields(model, data[DENSITY]))
        data.update(self._static)
        if self._per_frame is not None:
            data.update(_fields(self.mesh, self._per_frame(t, rho), data, "extra(t, rho)"))
        data.update(_fields(self.mesh, extra, data, "extra"))
        name = f"{self.stem.name}_{len(self.entries):05d}.vtu"
        path = self.stem.parent / name
        _write_vtu(path, self.mesh, data, _time(time, self.time_unit))
        self.entries.append((time, name))
        return path

    @property
    def times(self) -> np.ndarray:
        """(F,) times of the frames written so far, in ``time_unit``."""
        return np.array([t for t, _ in self.entries])

    def close(self) -> Path:
        """Write ``<stem>.pvd`` listing the frames with their times; returns its path."""
        path = _pvd_path(self.stem)
        _pvd(path, self.entries, self.time_unit)
        return path

    def __enter__(self) -> SeriesWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close()


def _normalized_modes(modes: np.ndarray) -> np.ndarray:
    """Modes scaled to ``max |v| = 1``, phase making the largest entry real and > 0."""
    big = modes[np.argmax(np.abs(modes), axis=0), np.arange(modes.shape[1])]
    return modes / np.where(big == 0, 1.0, big)


def write_spectrum(stem: str | os.PathLike, model: FokkerPlanck, k: int = 6, *,
                   rates=None, modes=None, operator: str | None = None) -> list[Path]:
    """Write the ``k`` slowest relaxation modes of ``model``, one VTU file per mode.

    Mode ``m`` goes to ``<stem>_mode<m>_rate<Re>[_freq<Im>].vtu`` with point data
    ``"mode_re [1]"``, ``"mode_im [1]"`` (scaled to ``max |mode| = 1``, phase making
    the largest entry real and positive), the potentials of :func:`model_fields`,
    and field data ``"rate_re [1/tau_N]"``, ``"rate_im [rad/tau_N]"`` and
    ``"mode_index"``.  ``<stem>.pvd`` lists the files with the mode index as time
    step, so that ParaView's time slider steps through the modes.

    Parameters
    ----------
    stem : path without suffix.
    model : FokkerPlanck
    k : number of modes (see :meth:`FokkerPlanck.spectrum`); ignored with ``rates``.
    rates : (k,) complex decay rates (1/tau_N), optional, with ``modes`` (N, k):
        write these instead of computing ``model.spectrum(k, vectors=True)``.
    operator : passed to :meth:`FokkerPlanck.spectrum` when computing.

    Returns
    -------
    list of the k VTU paths, slowest mode first.
    """
    model = _model(model)
    stem = Path(stem)
    checked_path(_pvd_path(stem), (".pvd",), name="stem")
    if (rates is None) != (modes is None):
        raise ParameterError("rates and modes go together: give both or neither")
    if rates is None:
        rates, modes = model.spectrum(k, vectors=True, operator=operator)
    rates = np.atleast_1d(np.asarray(rates, dtype=complex))
    modes = np.asarray(modes, dtype=complex)
    n = model.mesh.n_cells
    if rates.ndim != 1 or modes.shape != (n, rates.size):
        raise ParameterTypeError(f"rates {rates.shape} and modes {modes.shape} do not fit: "
                                 f"expected (k,) and ({n}, k)")
    if not (np.all(np.isfinite(rates)) and np.all(np.isfinite(modes))):
        raise ParameterError("rates or modes hold non-finite values: expected finite numbers")
    modes = _normalized_modes(modes)
    fields = model_fields(model)
    paths, entries = [], []
    for m, (rate, mode) in enumerate(zip(rates, modes.T, strict=True)):
        name = f"{stem.name}_mode{m:02d}_rate{rate.real:.4e}"
        name += f"_freq{rate.imag:.4e}.vtu" if rate.imag != 0 else ".vtu"
        data = {"mode_re [1]": mode.real, "mode_im [1]": mode.imag, **fields}
        meta = {"rate_re [1/tau_N]": np.array([rate.real]),
                "rate_im [rad/tau_N]": np.array([rate.imag]),
                "mode_index": np.array([m]), "TimeValue": np.array([float(m)])}
        _write_vtu(stem.parent / name, model.mesh, data, meta)
        paths.append(stem.parent / name)
        entries.append((float(m), name))
    _pvd(_pvd_path(stem), entries, "mode index",
         note="; rates (1/tau_N): " + ", ".join(f"{r.real:.6g}{r.imag:+.6g}j" for r in rates))
    return paths
