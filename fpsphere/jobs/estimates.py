"""Error bars of a run (``mesh.error_estimate``): its results on the coarser icosphere levels.

:func:`fpsphere.jobs.run` re-runs the same configuration on the levels
``config.mesh.estimate_levels`` (``L-2``, ``L-1``) through :func:`coarse_config` (no
files, no figures, no ``[stack]`` or ``[study]``), and :func:`error_entries` gives
every numeric result the Richardson estimate of
:func:`fpsphere.convergence.richardson`, keyed by its dotted path in ``results``
(``"stationary.equilibrium.mean_z"``, ``"quantities.escape_rate.lambda1"``): each float,
each rate of a spectrum (``"spectrum.real.1"``: distinct numbers, judged one by one)
and each time series of ``evolve`` as one array (``"evolve.p_up"``, judged by its
max-abs norm, with elementwise errors).  Left out: what the mesh does not change (``mesh``, the 1D
``stack``, the inputs ``evolve.times``), the ``study`` tables and strings.

Two conventions of the results are undone before comparing levels: an imaginary part
of a rate (``imag``, ``lambda1_imag``, ``frequency``) is compared by magnitude (which
member of a conjugate pair comes first is arbitrary), and observables of a normalized
density (moments, probabilities, entropy production) carry an absolute round-off of
:data:`ROUND_OFF` (``<u_y> = 1e-17`` by symmetry is converged, not noise to fit), and
the stationary mode's rate ``spectrum.real.0`` (zero by construction) one of
``1e-10`` times the largest rate listed (the eigensolver's tolerance).
Only the mesh error is estimated: a fixed time step's error is the same on every level.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fpsphere import config as configs
from fpsphere.config import RunConfig
from fpsphere.convergence import richardson

__all__ = ["ROUND_OFF", "coarse_config", "error_entries", "numeric_results"]

#: results that the mesh does not change, or that are no numbers of the mesh
NOT_ESTIMATED = ("mesh", "stack", "study", "evolve.times", "evolve.times_s",
                 "evolve.segment_ends")
#: lists of distinct numbers: one entry per element (``spectrum.real.1``)
ELEMENTWISE = ("spectrum.real", "spectrum.imag")
#: compared by magnitude: the sign of a conjugate pair's member is a convention
MAGNITUDES = ("imag", "lambda1_imag", "frequency")
#: strings that name the discretization of the results beside them
LABELS = ("scheme", "operator")
#: absolute round-off of sums over the cells of a normalized density
ROUND_OFF = 1e-13
DENSITY_OBSERVABLES = ("mean_x", "mean_y", "mean_z", "p_up", "order_parameter",
                       "entropy_production", "mean_moment", "error_rate",
                       "switching_probability")


def coarse_config(config: RunConfig, level: int) -> RunConfig:
    """``config`` on icosphere ``level``, computing results only (no error estimate,
    export, figures, ``[stack]`` job or ``[study]``)."""
    from fpsphere.jobs.registry import JOBS

    data = config.data
    changes: dict[str, Any] = {"mesh.level": level, "mesh.error_estimate": False,
                               "outputs.export": False, "outputs.figures": False}
    for name in JOBS:  # the jobs without an estimate: off
        job = JOBS[name]
        if not job.estimable:
            changes.update({f"outputs.{key.name}": key.off for key in job.outputs[:1]})
            for table in job.off_tables:
                data.pop(table, None)
    for key, value in changes.items():
        configs.set_key(data, key, value)
    return configs.parse(data, config.source, text=config.text)


def numeric_results(results: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """The numeric leaves of ``results`` by dotted path: floats, and lists (nested) of
    numbers as arrays; ``None`` (a non-finite number) where one is missing; and the
    discretization labels (:data:`LABELS`), strings."""
    out: dict[str, Any] = {}
    for key, value in results.items():
        path = f"{prefix}{key}"
        if path in NOT_ESTIMATED:
            continue
        if isinstance(value, dict):
            out.update(numeric_results(value, f"{path}."))
        elif isinstance(value, str) and key in LABELS:
            out[path] = value
        elif isinstance(value, float):
            out[path] = value
        elif path in ELEMENTWISE and _numbers(value):
            out.update({f"{path}.{i}": float(v) for i, v in enumerate(value)})
        elif isinstance(value, list) and value and _numbers(value):
            out[path] = np.array(value, dtype=float)
        elif value is None:
            out[path] = None
    return out


def _numbers(value: list) -> bool:
    try:
        flat = np.array(value, dtype=object).ravel()
    except ValueError:  # ragged
        return False
    return all(isinstance(v, float | int) and not isinstance(v, bool) for v in flat)


def _entry(path: str, fine: Any, coarse: list[Any], levels: tuple[int, ...],
           mixed: str | None, scale: float) -> dict[str, Any]:
    parts = path.split(".")
    name = parts[-2] if parts[-1].isdigit() else parts[-1]  # spectrum.imag.3: "imag"
    values = [*coarse, fine]
    if any(v is None or np.shape(v) != np.shape(fine) or not np.all(np.isfinite(v))
           for v in values):
        missing = [lev for lev, v in zip(levels, values, strict=True)
                   if v is None or not np.all(np.isfinite(v))]
        return {"value": fine, "error": None, "relative_error": None, "order": None,
                "levels": list(levels), "warning": "not comparable across levels (no finite "
                f"value of this shape on level(s) {missing})"}
    compared = [np.abs(v) for v in values] if name in MAGNITUDES else values
    atol = ROUND_OFF if name in DENSITY_OBSERVABLES else 0.0
    if path.startswith("spectrum.") and path.endswith(".0"):
        atol = 1e-10 * scale
    est = richardson(compared, levels, atol=atol, unreliable=mixed)
    entry = {"value": fine, "error": est.error, "relative_error": est.relative_error,
             "order": est.order, "expected_order": est.expected_order,
             "levels": list(levels), "values": values, "warning": est.warning}
    if np.ndim(fine):
        entry["elementwise_error"] = est.elementwise_error
    if name in MAGNITUDES:
        entry["compared"] = "magnitude"
    return entry


def error_entries(results: dict[str, Any], coarse: dict[int, dict[str, Any]],
                  level: int) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The ``errors`` block of ``summary.json`` and the notes on unreliable estimates.

    ``results``: the run's results on ``level``; ``coarse``: ``{level: results}`` of the
    coarser runs that succeeded.  Only levels consecutive down from ``level`` are used.
    """
    levels = [level]
    while levels[0] - 1 in coarse:
        levels.insert(0, levels[0] - 1)
    if len(levels) < 2:
        return {}, ["error estimate: no coarser level could be computed"]
    fine = numeric_results(results)
    lower = [numeric_results(coarse[lev]) for lev in levels[:-1]]
    mixed = {}  # the results beside a label that changes with the level
    for path, label in fine.items():
        if isinstance(label, str) and any(c.get(path) != label for c in lower):
            names = ", ".join(f"{c.get(path)} on level {lev}" for c, lev in
                              zip([*lower, fine], levels, strict=True))
            mixed[path.rsplit(".", 1)[0] + "."] = ("the levels used different "
                                                   f"discretizations ({names})")
    rates = [abs(v) for p, v in fine.items() if p.startswith("spectrum.real.")]
    entries = {path: _entry(path, value, [c.get(path) for c in lower], tuple(levels),
                            next((why for where, why in mixed.items()
                                  if path.startswith(where)), None), max(rates, default=0.0))
               for path, value in fine.items() if value is not None and not isinstance(value, str)}
    unreliable = [path for path, e in entries.items() if e["warning"] is not None]
    notes = [f"error estimates: Richardson over icosphere levels {levels[0]}-{levels[-1]} "
             "(mesh error only)"]
    if len(levels) == 2:
        notes.append("error estimates assume order 2 (one coarser level: nothing measured)")
    if unreliable:
        notes.append(f"error estimates unreliable (observed order not 2, or different "
                     f"discretizations; the conservative bound is given) for "
                     f"{len(unreliable)} of {len(entries)}: {', '.join(unreliable)}")
    return entries, notes
