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
``mram``               an MRAM cell in SI units, described by the ``[cell]`` table
                       (:mod:`fpsphere.config.cell`): its retention time, and
                       ``write_currents`` (A) and
                       ``write_durations`` (s, increasing) for the write-error-rate
                       table, ``read_current`` (A) and ``read_duration`` (s) for the
                       read disturb, ``wer_target`` (the current reaching it at the
                       longest duration), ``frames``
                       (ParaView frames of the switching, default 20; 0: none) and
                       ``use_config_mesh`` (default false: the mesh of
                       :func:`fpsphere.mram.numerics.default_mesh`; true: ``[mesh]``).
=====================  =======================================================

Only ``mram`` uses ``[cell]``; its currents are in amperes, not multipliers.
"""

from __future__ import annotations

from dataclasses import dataclass

from fpsphere.config.reader import Table
from fpsphere.errors import ConfigError

__all__ = ["STUDY_KEYS", "STUDY_KINDS", "StudySpec", "read_study"]

STUDY_KINDS = {
    "write_error_rate": ("currents", "durations", "dt"),
    "hysteresis": ("currents", "xi_max", "rate", "steps"),
    "critical_current": ("fields", "i_max"),
    "resonance": ("currents", "k"),
    "mram": ("write_currents", "write_durations", "read_current", "read_duration",
             "wer_target", "frames", "use_config_mesh"),
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
    cell: object | None = None
    write_currents: tuple[float, ...] | None = None
    write_durations: tuple[float, ...] | None = None
    read_current: float | None = None
    read_duration: float | None = None
    wer_target: float | None = None
    frames: int = 20
    use_config_mesh: bool = False


def _read_mram(table: Table, direction, cell) -> StudySpec:
    if cell is None:
        raise table.error("kind", "mram", "a [cell] table beside it (the MRAM cell, SI units)")
    currents = table.numbers("write_currents") if "write_currents" in table else None
    durations = (table.numbers("write_durations", increasing=True, low=0.0)
                 if "write_durations" in table else None)
    if (currents is None) != (durations is None):
        missing = "write_durations" if durations is None else "write_currents"
        raise table.missing(missing, "both write_currents (A) and write_durations (s) for the "
                            "write-error-rate table")
    if durations is not None and durations[0] <= 0:
        raise table.error("write_durations", list(durations), "increasing durations > 0 (s)")
    read_current = table.number("read_current", None)
    read_duration = table.number("read_duration", None, low=0.0)
    if (read_current is None) != (read_duration is None):
        missing = "read_duration" if read_duration is None else "read_current"
        raise table.missing(missing, "both read_current (A) and read_duration (s)")
    target = table.number("wer_target", None, low=0.0, high=0.5)
    if target is not None and durations is None:
        raise table.missing("write_durations", "the pulse durations (s): wer_target is reached "
                            "at the longest one")
    return StudySpec("mram", direction, cell=cell, write_currents=currents,
                     write_durations=durations, read_current=read_current,
                     read_duration=read_duration, wer_target=target,
                     frames=table.integer("frames", 20, low=0, high=1000),
                     use_config_mesh=table.boolean("use_config_mesh", False))


def read_study(table: Table, cell=None) -> StudySpec:
    """``[study]``: ``kind`` and its parameters (see the module docstring); ``cell`` is
    the :class:`fpsphere.mram.Cell` of a ``[cell]`` table, for ``kind = "mram"``."""
    kind = table.choice("kind", list(STUDY_KINDS))
    if kind != "mram" and cell is not None:
        raise ConfigError(f"{table.source}: [cell] is not used with study.kind = {kind!r}: "
                          "remove it, or use kind = \"mram\"")
    table.unused([k for k in STUDY_KEYS[2:] if k not in STUDY_KINDS[kind]],
                 f"with study.kind = {kind!r}")
    direction = table.vector("field_direction") if "field_direction" in table else None
    if kind == "mram":
        return _read_mram(table, direction, cell)
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
