"""Axes creation without pyplot, atomic saving, checks shared by the plots."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.export import checked_path
from fpsphere.mesh.io import atomic_path

#: file formats every matplotlib installation writes
IMAGE_SUFFIXES = (".png", ".pdf", ".svg", ".jpg", ".jpeg", ".eps")


def output(path) -> Path | None:
    """``path`` checked before any drawing (None: nothing is saved)."""
    return None if path is None else checked_path(path, IMAGE_SUFFIXES)


def new_axes(ax=None, *, figsize=(5.0, 3.6), **subplot_kw):
    """``ax`` if given, else the axes of a new pyplot-free Figure."""
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig.add_subplot(**subplot_kw)


def save(fig, path: Path | None, dpi: float = 150) -> None:
    """Save ``fig`` to ``path`` atomically (format from the suffix); None: do nothing."""
    if path is None:
        return
    with atomic_path(path) as tmp:
        fig.savefig(tmp, dpi=dpi, format=path.suffix[1:].lower(), bbox_inches="tight",
                    pad_inches=0.05)


def real_array(name: str, values, ndim: tuple[int, ...] = (1,)) -> np.ndarray:
    """``values`` as a float array of one of the dimensions ``ndim``, checked."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ParameterTypeError(f"{name} is not an array of real numbers: {exc}") from None
    if arr.ndim not in ndim:
        raise ParameterTypeError(f"{name} has shape {arr.shape}: expected "
                                 f"{' or '.join(f'{d}-D' for d in ndim)} values")
    if arr.size == 0:
        raise ParameterError(f"{name} is empty: expected at least one value")
    return arr


def family(name: str, x, ys, params, n_x: int | None = None):
    """Curves ``ys`` (C, X) (or (X,)) against ``x`` (X,) or (C, X); params (C,) or None.

    Returns ``(xs, ys, params)`` with ``xs``, ``ys`` of shape (C, X) and params a list.
    """
    ys = real_array(name, ys, (1, 2))
    ys = ys[None] if ys.ndim == 1 else ys
    xs = real_array("x", x, (1, 2))
    xs = np.broadcast_to(xs, ys.shape) if xs.ndim == 1 and xs.size == ys.shape[1] else xs
    if xs.shape != ys.shape:
        raise ParameterTypeError(f"{name} has shape {ys.shape} but the abscissa has shape "
                                 f"{np.shape(x)}: expected (X,) or (C, X) for (C, X) values")
    if params is None:
        return xs, ys, [None] * ys.shape[0]
    params = list(np.atleast_1d(params))
    if len(params) != ys.shape[0]:
        raise ParameterTypeError(f"{len(params)} currents for {ys.shape[0]} curves of {name}: "
                                 "expected one per curve (rows)")
    return xs, ys, params


def label_of(param, param_label: str, unit: str | None = None) -> str | None:
    """Legend entry of one curve: ``"<param_label> = <param> <unit>"``; strings as they are."""
    if param is None:
        return None
    if isinstance(param, str):
        return param
    return f"{param_label} = {param:g}" + (f" {unit}" if unit else "")


#: legend title of currents in reduced studies (no SI unit is known there)
REDUCED_CURRENT = "current (units of the configured torque)"


def legend_title(params, unit: str | None) -> str | None:
    """``"current (<unit>)"``, or :data:`REDUCED_CURRENT` for numbers without a unit;
    None when the legend entries are strings (they say their own unit)."""
    if not any(p is not None and not isinstance(p, str) for p in params):
        return None
    return f"current ({unit})" if unit else REDUCED_CURRENT
