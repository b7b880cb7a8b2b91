"""The ``[study]`` table: one of the spin-transfer studies of :mod:`fpsphere.studies`.

``kind`` picks the study; "current" is a multiplier of the configured
``[spin_transfer]`` potentials (the torque at current 1; the response is linear),
"field" a reduced field ``xi`` (kT) along ``field_direction`` (default
``analysis.axis``) added to ``[energy]``:

=====================  =======================================================
``write_error_rate``   ``currents``, ``durations`` (tau_N, increasing), ``dt``
                       (default ``durations[-1]/400``); the well of
                       ``+analysis.axis`` is the start.
``hysteresis``         ``currents``, ``xi_max`` (kT), ``rate`` (kT/tau_N),
                       ``steps`` (stairs per branch, default 60).
``critical_current``   ``fields`` (kT), ``i_max`` (the largest current tried; its
                       sign is the direction).
``resonance``          ``currents``, ``k`` (rates computed, default 8).
=====================  =======================================================
"""

from __future__ import annotations

from dataclasses import dataclass

from fpsphere.config.reader import Table

__all__ = ["STUDY_KEYS", "STUDY_KINDS", "StudySpec", "read_study"]

STUDY_KINDS = {
    "write_error_rate": ("currents", "durations", "dt"),
    "hysteresis": ("currents", "xi_max", "rate", "steps"),
    "critical_current": ("fields", "i_max"),
    "resonance": ("currents", "k"),
}
STUDY_KEYS = ("kind", "field_direction",
              *sorted({k for keys in STUDY_KINDS.values() for k in keys}))


@dataclass(frozen=True)
class StudySpec:
    """A validated ``[study]``; unused parameters are ``None``."""

    kind: str
    field_direction: tuple[float, float, float] | None = None
    currents: tuple[float, ...] | None = None
    durations: tuple[float, ...] | None = None
    dt: float | None = None
    xi_max: float | None = None
    rate: float | None = None
    steps: int | None = None
    fields: tuple[float, ...] | None = None
    i_max: float | None = None
    k: int | None = None


def read_study(table: Table) -> StudySpec:
    """``[study]``: ``kind`` and its parameters (see the module docstring)."""
    kind = table.choice("kind", list(STUDY_KINDS))
    table.unused([k for k in STUDY_KEYS[2:] if k not in STUDY_KINDS[kind]],
                 f"with study.kind = {kind!r}")
    direction = table.vector("field_direction") if "field_direction" in table else None
    if kind == "write_error_rate":
        durations = table.numbers("durations", increasing=True, low=0.0)
        if durations[0] <= 0:
            raise table.error("durations", list(durations), "increasing pulse durations > 0 "
                              "(tau_N)")
        return StudySpec(kind, direction, currents=table.numbers("currents"),
                         durations=durations, dt=table.number("dt", None, low=0.0))
    if kind == "hysteresis":
        return StudySpec(kind, direction, currents=table.numbers("currents", [0.0]),
                         xi_max=table.number("xi_max", low=0.0, unit="(kT)"),
                         rate=table.number("rate", low=0.0, unit="(kT per tau_N)"),
                         steps=table.integer("steps", 60, low=4))
    if kind == "critical_current":
        i_max = table.number("i_max")
        if i_max == 0:
            raise table.error("i_max", i_max, "a non-zero current (its sign is the direction)")
        return StudySpec(kind, direction, fields=table.numbers("fields", [0.0]), i_max=i_max)
    return StudySpec(kind, direction, currents=table.numbers("currents"),
                     k=table.integer("k", 8, low=3))
