"""Spin-accumulation profiles across a multilayer (docs/conventions.md section 2).

:func:`plot_spin_profile` takes plain arrays (positions, values, layer
boundaries) or a solution of :mod:`fpsphere.spin`, of which it reads only ``x``,
``layer`` and ``spin_accumulation`` (vector or s-d) or ``delta_mu``
(two-channel): it does not depend on the solver's internals.  Positions in metres
and potentials in volts are shown with an SI prefix (nm, uV) chosen from the data.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.plot._figure import new_axes, output, real_array, save

__all__ = ["plot_spin_profile"]

_PREFIXES = {-18: "a", -15: "f", -12: "p", -9: "n", -6: "\u00b5", -3: "m", 0: "", 3: "k",
             6: "M", 9: "G"}


def _si(values: np.ndarray) -> tuple[float, str]:
    """Factor and prefix making the largest ``|value|`` fall in [1, 1000)."""
    biggest = float(np.max(np.abs(values)))
    if biggest == 0 or not np.isfinite(biggest):
        return 1.0, ""
    exponent = int(np.clip(3 * np.floor(np.log10(biggest) / 3), -18, 9))
    return 10.0 ** -exponent, _PREFIXES[exponent]


def _from_solution(solution):
    values = getattr(solution, "spin_accumulation", None)
    if values is None:
        values = getattr(solution, "delta_mu", None)
    if values is None:
        raise ParameterTypeError(f"{type(solution).__name__} has neither spin_accumulation "
                                 "nor delta_mu: pass x and values arrays instead")
    return solution.x, values, solution.layer


def plot_spin_profile(x, values=None, *, boundaries=None, layer=None,
                      layer_names: Sequence[str] | None = None,
                      labels: Sequence[str] | None = None, ax=None, path=None,
                      quantity: str = "\u0394\u03bc/e", x_unit: str = "m",
                      value_unit: str = "V", si_prefix: bool = True, title: str | None = None):
    """Spin accumulation against position, with the layers marked; returns the Axes.

    Parameters
    ----------
    x : (N,) node positions (m), or a solution of :mod:`fpsphere.spin` (then
        ``values`` and ``layer`` come from it).
    values : (N,) or (N, m) potentials (V), e.g. ``delta_mu`` or the vector
        ``spin_accumulation`` (N, 3), drawn as components x, y, z.
    boundaries : (B,) interface positions (m), optional; or
    layer : (N,) layer index of each node, from which the interfaces follow
        (nodes on an interface appear once per side).
    layer_names : one name per layer, written at the top of each layer.
    labels : one legend label per column of ``values``.
    quantity, x_unit, value_unit : axis texts; with ``si_prefix`` the units get the
        prefix that suits the data (``nm``, ``uV``).
    """
    out = output(path)
    if hasattr(x, "x") and hasattr(x, "layer"):
        if values is not None:
            raise ParameterError("values must be None when a solution is given")
        x, values, layer = _from_solution(x)
    if values is None:
        raise ParameterTypeError("values is missing: give x and values, or a solution")
    pos = real_array("x", x)
    vals = real_array("values", values, (1, 2))
    vals = vals[:, None] if vals.ndim == 1 else vals
    if vals.shape[0] != pos.size:
        raise ParameterTypeError(f"values has shape {vals.shape}: expected ({pos.size},) or "
                                 f"({pos.size}, m), one row per position")
    edges = np.array([pos.min(), pos.max()])
    if boundaries is not None:
        cuts = real_array("boundaries", boundaries)
    elif layer is not None:
        layer = np.asarray(layer)
        if layer.shape != pos.shape:
            raise ParameterTypeError(f"layer has shape {layer.shape}: expected {pos.shape}")
        change = np.flatnonzero(np.diff(layer))
        cuts = 0.5 * (pos[change] + pos[change + 1])
    else:
        cuts = np.empty(0)
    if labels is None:
        labels = ["x", "y", "z"] if vals.shape[1] == 3 else [None] * vals.shape[1]
        labels = [None if c is None else f"{quantity}, {c}" for c in labels]
    if len(labels) != vals.shape[1]:
        raise ParameterError(f"{len(labels)} labels for {vals.shape[1]} columns of values")
    x_factor, x_prefix = _si(pos) if si_prefix else (1.0, "")
    v_factor, v_prefix = _si(vals) if si_prefix else (1.0, "")
    ax = new_axes(ax, figsize=(6.0, 3.6))
    stops = np.concatenate([edges[:1], np.sort(cuts), edges[1:]]) * x_factor
    for k, (left, right) in enumerate(zip(stops[:-1], stops[1:], strict=True)):
        if k % 2:
            ax.axvspan(left, right, color="0.93", zorder=0)
        if layer_names is not None and k < len(layer_names):
            ax.text(0.5 * (left + right), 0.97, layer_names[k], ha="center", va="top",
                    transform=ax.get_xaxis_transform(), fontsize="small")
    for cut in stops[1:-1]:
        ax.axvline(cut, color="0.5", linewidth=0.6, linestyle="--")
    for m in range(vals.shape[1]):
        ax.plot(pos * x_factor, vals[:, m] * v_factor, label=labels[m])
    ax.axhline(0.0, color="0.7", linewidth=0.6)
    ax.set_xlabel(f"x ({x_prefix}{x_unit})")
    ax.set_ylabel(f"{quantity} ({v_prefix}{value_unit})")
    if any(lab is not None for lab in labels):
        ax.legend(fontsize="small")
    if title:
        ax.set_title(title)
    save(ax.figure, out)
    return ax
