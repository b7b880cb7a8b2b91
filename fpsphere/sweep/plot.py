"""Plots of a sweep table: a heat map over two parameters, lines over one.

matplotlib is imported inside the functions (optional dependency ``fpsphere[plot]``).
Parameters other than the plotted ones must be fixed with ``where`` (heat map) or
become one line each (line plot).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from fpsphere.errors import ParameterError
from fpsphere.sweep.table import SweepTable

__all__ = ["plot_lines", "plot_map"]


def _selected(table: SweepTable, where: Mapping[str, float] | None) -> np.ndarray:
    mask = table["status"] == "ok"
    for key, value in (where or {}).items():
        if key not in table.params:
            raise ParameterError(f"where key {key!r} is not a parameter: expected one of "
                                 f"{list(table.params)}")
        column = table[key]
        hit = np.isclose(column, value, rtol=1e-12, atol=0.0)
        if not hit.any():
            raise ParameterError(f"where {key}={value!r} matches no row: the values are "
                                 f"{np.unique(column).tolist()}")
        mask &= hit
    return mask


def _check(table: SweepTable, value: str, axes: tuple[str, ...]) -> None:
    if value not in table.results:
        raise ParameterError(f"value={value!r} is not a result: expected one of "
                             f"{list(table.results)}")
    for name in axes:
        if name not in table.params:
            raise ParameterError(f"{name!r} is not a parameter: expected one of "
                                 f"{list(table.params)}")


def plot_map(table: SweepTable, value: str, x: str, y: str, *, where=None, ax=None,
             logx: bool = False, logy: bool = False, logz: bool = False, cmap: str = "viridis",
             colorbar: bool = True):
    """Heat map of result ``value`` over parameters ``x`` and ``y``; returns the Axes.

    Cells are centred on the swept values (``pcolormesh(shading="nearest")``);
    missing or failed points are blank.  Any other parameter that varies must be
    fixed with ``where={key: value}``.
    """
    import matplotlib.pyplot as plt
    from matplotlib import colors

    _check(table, value, (x, y))
    mask = _selected(table, where)
    free = [p for p in table.params
            if p not in (x, y, *(where or {})) and np.unique(table[p][mask]).size > 1]
    if free:
        raise ParameterError(f"parameters {free} vary: fix them with where={{key: value}} to "
                             "draw a map over two parameters")
    xs, ys = np.unique(table[x][mask]), np.unique(table[y][mask])
    grid = np.full((ys.size, xs.size), np.nan)
    grid[np.searchsorted(ys, table[y][mask]), np.searchsorted(xs, table[x][mask])] = (
        table[value][mask])
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 4.2))
    positive = grid[np.isfinite(grid) & (grid > 0)]
    norm = colors.LogNorm(positive.min(), positive.max()) if logz and positive.size else None
    mesh = ax.pcolormesh(xs, ys, grid, shading="nearest", cmap=cmap, norm=norm)
    ax.set_xscale("log" if logx else "linear")
    ax.set_yscale("log" if logy else "linear")
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    if colorbar:
        ax.figure.colorbar(mesh, ax=ax, label=value)
    return ax


def plot_lines(table: SweepTable, value: str, x: str, *, where=None, ax=None,
               logx: bool = False, logy: bool = False):
    """Result ``value`` against parameter ``x``, one line per combination of the others."""
    import matplotlib.pyplot as plt

    _check(table, value, (x,))
    mask = _selected(table, where)
    others = [p for p in table.params if p != x and np.unique(table[p][mask]).size > 1]
    if ax is None:
        _, ax = plt.subplots(figsize=(5.5, 4.2))
    labels = [tuple(table[p][k].item() for p in others) for k in range(len(table))]
    for label in sorted({labels[k] for k in np.flatnonzero(mask)}):
        rows = mask & np.array([lab == label for lab in labels])
        order = np.argsort(table[x][rows])
        text = ", ".join(f"{p}={v:g}" for p, v in zip(others, label, strict=True)) or None
        ax.plot(table[x][rows][order], table[value][rows][order], "o-", label=text)
    ax.set_xscale("log" if logx else "linear")
    ax.set_yscale("log" if logy else "linear")
    ax.set_xlabel(x)
    ax.set_ylabel(value)
    if others:
        ax.legend(fontsize="small")
    return ax
