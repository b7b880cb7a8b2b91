"""Curves for papers: spectra, time series, hysteresis loops, write-error rates.

Each function takes plain arrays (what a sweep or :meth:`FokkerPlanck.evolve`
returns), draws on a new pyplot-free Figure or on ``ax``, saves atomically if
``path`` is given, and returns the Axes.  Units follow docs/conventions.md: rates in
1/tau_N, precession frequencies in rad/tau_N, times in tau_N, fields as
``h = H/H_K``; override the labels for physical units.  Every axis gets a label;
currents in legends carry ``current_unit`` (e.g. ``"uA"``), and without one the
legend says they are in units of the configured torque (the reduced studies).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from fpsphere.errors import ParameterError, ParameterTypeError
from fpsphere.plot._figure import (
    family,
    label_of,
    legend_title,
    new_axes,
    output,
    real_array,
    save,
)

__all__ = ["plot_hysteresis", "plot_spectrum", "plot_time_series", "plot_write_error_rate"]


def plot_spectrum(parameter, rates, *, ax=None, path=None, xlabel: str = "parameter",
                  ylabel: str = "relaxation rate Re(lambda) (1/tau_N)",
                  drop_stationary: bool = True, frequencies: bool = False, logx: bool = False,
                  title: str | None = None):
    """Relaxation rates against a parameter, log scale; returns the Axes.

    Parameters
    ----------
    parameter : (P,) values of the swept parameter (sigma, h, kappa, alpha, ...).
    rates : (P, k) complex rates (1/tau_N) at each parameter value, e.g. stacked
        ``model.spectrum(k)``, sorted by real part (mode ``m`` is column ``m``).
    drop_stationary : leave out column 0 (the stationary mode, rate ~ 0).
    frequencies : also draw ``|Im(lambda)|`` (rad/tau_N, open markers, dashed).
    logx : logarithmic parameter axis.

    Rates with real part <= 0 (round-off around the stationary mode) are not drawn.
    """
    out = output(path)
    x = real_array("parameter", parameter)
    lam = np.asarray(rates, dtype=complex)
    lam = lam[:, None] if lam.ndim == 1 else lam
    if lam.ndim != 2 or lam.shape[0] != x.size:
        raise ParameterTypeError(f"rates has shape {np.shape(rates)}: expected ({x.size}, k), "
                                 "one row per parameter value")
    first = 1 if drop_stationary and lam.shape[1] > 1 else 0
    ax = new_axes(ax)
    for m in range(first, lam.shape[1]):
        re = np.where(lam[:, m].real > 0, lam[:, m].real, np.nan)
        line, = ax.plot(x, re, "o-", ms=3, label=f"mode {m}")
        if frequencies:
            im = np.abs(lam[:, m].imag)
            ax.plot(x, np.where(im > 0, im, np.nan), "o--", ms=3, mfc="none",
                    color=line.get_color(), label=f"|Im|, mode {m}")
    ax.set_yscale("log")
    if logx:
        ax.set_xscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if lam.shape[1] - first > 1 or frequencies:
        ax.legend(fontsize="small")
    if title:
        ax.set_title(title)
    save(ax.figure, out)
    return ax


def plot_time_series(times, values, *, labels: Sequence[str] | None = None, ax=None,
                     path=None, xlabel: str = "time (tau_N)", ylabel: str | None = None,
                     logy: bool = False, title: str | None = None):
    """Observables against time; returns the Axes.

    Parameters
    ----------
    times : (T,) times (tau_N unless ``xlabel`` says otherwise).
    values : (T,) or (T, m) array (e.g. ``Evolution.mean_moment``, labelled
        ``<u_x>``, ``<u_y>``, ``<u_z>`` by default when m = 3), or a mapping
        label -> (T,) array.
    labels : one per column.
    ylabel : value axis label; None: ``"mean moment <u> (unit vector)"`` for the
        default ``<u>`` columns, else the labels joined (put the unit in it).
    logy : logarithmic value axis (values <= 0 are not drawn).
    """
    out = output(path)
    t = real_array("times", times)
    if isinstance(values, Mapping):
        labels = list(values) if labels is None else labels
        values = np.column_stack([real_array(f"values[{k!r}]", v) for k, v in values.items()])
    series = real_array("values", values, (1, 2))
    series = series[:, None] if series.ndim == 1 else series
    if series.shape[0] != t.size:
        raise ParameterTypeError(f"values has shape {series.shape}: expected ({t.size}, m), "
                                 "one row per time")
    moment = labels is None and series.shape[1] == 3
    if moment:
        labels = ["<u_x>", "<u_y>", "<u_z>"]
    if labels is not None and len(labels) != series.shape[1]:
        raise ParameterError(f"{len(labels)} labels for {series.shape[1]} series: expected "
                             "one per column")
    ax = new_axes(ax)
    for m in range(series.shape[1]):
        y = np.where(series[:, m] > 0, series[:, m], np.nan) if logy else series[:, m]
        ax.plot(t, y, label=None if labels is None else labels[m])
    if logy:
        ax.set_yscale("log")
    if ylabel is None:
        ylabel = "mean moment <u> (unit vector)" if moment else _joined(labels)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if labels is not None:
        ax.legend(fontsize="small")
    if title:
        ax.set_title(title)
    save(ax.figure, out)
    return ax


def _joined(labels) -> str:
    """A value-axis label naming the series: ``"a, b, c"``, or ``"value"``."""
    names = [str(lab) for lab in labels or () if lab]
    text = ", ".join(names)
    return text if names and len(text) <= 48 else "value (see legend)" if names else "value"


def _curves(ax, xs, ys, params, param_label, style, positive=False, unit=None):
    for x, y, p in zip(xs, ys, params, strict=True):
        ax.plot(x, np.where(y > 0, y, np.nan) if positive else y, style, ms=3,
                label=label_of(p, param_label, unit))
    if any(p is not None for p in params):
        ax.legend(fontsize="small", title=legend_title(params, unit),
                  title_fontsize="small")


def plot_hysteresis(fields, projections, *, currents=None, current_label: str = "kappa",
                    current_unit: str | None = None, ax=None, path=None,
                    xlabel: str = "reduced field h = H/H_K", ylabel: str = "<u.n>",
                    title: str | None = None):
    """Hysteresis loops ``<u.n>`` against the field, one per current; returns the Axes.

    Parameters
    ----------
    fields : (F,) field values along the sweep (e.g. ``h`` up then down), shared by
        all loops, or (C, F), one row per loop.
    projections : (C, F) (or (F,) for one loop) the quasi-static ``<u.n>``.
    currents : (C,) the current (or spin-torque amplitude) of each loop, for the
        legend (``"<current_label> = <value> <current_unit>"``; strings are used as
        they are).
    current_unit : the unit of ``currents`` (``"A"``, ``"uA"``); None: the legend says
        "current (units of the configured torque)".
    """
    out = output(path)
    xs, ys, params = family("projections", fields, projections, currents)
    ax = new_axes(ax)
    _curves(ax, xs, ys, params, current_label, ".-", unit=current_unit)
    ax.axhline(0.0, color="0.7", linewidth=0.6)
    ax.axvline(0.0, color="0.7", linewidth=0.6)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    save(ax.figure, out)
    return ax


def plot_write_error_rate(durations, error_rates, *, currents=None,
                          current_label: str = "kappa", current_unit: str | None = None,
                          ax=None, path=None, xlabel: str = "pulse duration (tau_N)",
                          ylabel: str = "write error rate P(not switched)",
                          title: str | None = None):
    """Write-error rate against pulse duration (log scale), one curve per current.

    Parameters
    ----------
    durations : (D,) pulse durations, shared, or (C, D).
    error_rates : (C, D) (or (D,)) probabilities of not having switched, in [0, 1];
        zeros are not drawn on the log scale.
    currents : (C,) current of each curve, for the legend
        (``"<current_label> = <value> <current_unit>"``; strings are used as they are).
    current_unit : the unit of ``currents`` (``"A"``, ``"\u00b5A"``); None: the legend
        says "current (units of the configured torque)", the reduced current of
        :func:`fpsphere.studies.write_error_rate` (``chi~`` per unit current).
    """
    out = output(path)
    xs, ys, params = family("error_rates", durations, error_rates, currents)
    if np.any(ys < 0) or np.any(ys > 1 + 1e-9):
        raise ParameterError("error_rates must be probabilities in [0, 1]")
    ax = new_axes(ax)
    _curves(ax, xs, ys, params, current_label, "o-", positive=True, unit=current_unit)
    ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    save(ax.figure, out)
    return ax
