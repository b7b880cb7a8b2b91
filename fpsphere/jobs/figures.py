"""PNG figures of a run, drawn with :mod:`fpsphere.plot` (matplotlib, imported lazily).

Each function lays out a fresh pyplot-free :class:`matplotlib.figure.Figure`, lets
:mod:`fpsphere.plot` draw into its axes and saves it to ``path`` (inside the run's
temporary folder, so no atomic write is needed here).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

__all__ = ["available", "evolution_figure", "spectrum_figure", "stack_figure",
           "stationary_figure"]


def available() -> bool:
    """True when matplotlib can be imported."""
    return importlib.util.find_spec("matplotlib") is not None


def _figure(size: tuple[float, float]):
    from matplotlib.figure import Figure

    return Figure(figsize=size, layout="constrained")


def stationary_figure(mesh, states, path: Path) -> None:
    """The stationary densities (log colour scale), one sphere per state, with the
    probability current as arrows out of equilibrium."""
    from fpsphere.observables import current_vectors
    from fpsphere.plot import plot_density

    fig = _figure((5.0 * len(states), 4.5))
    for k, state in enumerate(states):
        ax = fig.add_subplot(1, len(states), k + 1, projection="3d")
        current = None if state.model.is_equilibrium else current_vectors(
            state.model.generator, state.rho)
        plot_density(mesh, state.rho, ax=ax, log=True, label="rho [1/sr]", current=current,
                     title=state.name.replace("_", " "))
    fig.savefig(path, dpi=100)


def spectrum_figure(rates: np.ndarray, path: Path) -> None:
    """The slowest rates in the complex plane (1/tau_N, rad/tau_N)."""
    fig = _figure((5.0, 3.8))
    ax = fig.add_subplot()
    ax.plot(rates.real, rates.imag, "o")
    ax.axhline(0.0, color="0.6", lw=0.5)
    ax.set_xlabel("relaxation rate Re(lambda) (1/tau_N)")
    ax.set_ylabel("precession Im(lambda) (rad/tau_N)")
    fig.savefig(path, dpi=100)


def evolution_figure(times: np.ndarray, mean_moment: np.ndarray, p_up: np.ndarray,
                     path: Path, segment_ends: tuple[float, ...] = ()):
    """``<u>`` and ``P(u.n > 0)`` against time (tau_N), both axes labelled; protocol
    segment ends dashed.  Returns the Figure."""
    from fpsphere.plot import plot_time_series

    fig = _figure((6.0, 3.8))
    ax = fig.add_subplot()
    series = {f"<u_{c}>": mean_moment[:, k] for k, c in enumerate("xyz")}
    plot_time_series(times, {**series, "P(u.n > 0)": np.asarray(p_up)}, ax=ax,
                     xlabel="time (tau_N)", ylabel="mean moment <u_i>, probability P(u.n > 0)")
    for end in segment_ends[:-1]:
        ax.axvline(end, color="0.6", ls="--", lw=0.8)
    fig.savefig(path, dpi=100)
    return fig


def stack_figure(solution, layer_names, path: Path) -> None:
    """The spin accumulation profile of a stack."""
    from fpsphere.plot import plot_spin_profile

    fig = _figure((6.0, 3.6))
    plot_spin_profile(solution, layer_names=list(layer_names), ax=fig.add_subplot())
    fig.savefig(path, dpi=100)
