"""The job tables of a run configuration: ``[initial]``, ``[analysis]``, ``[evolve]``,
``[protocol]`` and ``[outputs]``.

Times are in ``tau_N`` (``times``, ``dt``, ``duration``) or in seconds
(``times_s``, ``dt_s``, ``duration_s``, converted with the Neel time of
``[device]`` and ``dynamics.alpha``).  A protocol segment overrides keys of
``[energy]`` and ``[spin_transfer]`` only: the mesh and the time unit are shared
by all segments (docs/conventions.md section 1: ``tau_N`` depends on ``alpha``).

``[outputs]``: the keys that switch jobs on are declared by the jobs themselves
(:data:`fpsphere.jobs.JOBS`, each :class:`OutputKey` with its reader) and registered
here, in :data:`OUTPUT_KEYS`, by :meth:`fpsphere.jobs.JOBS.add`: the declarations sit
in this lower layer, so the configuration never imports the jobs (which import it);
``import fpsphere`` registers the built-in jobs before anything is parsed.
:func:`read_outputs` reads only ``export`` and ``figures`` itself; a job registered
elsewhere gets its value in :attr:`OutputsSpec.extra`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from fpsphere.config.physics import Context
from fpsphere.config.reader import Table, suggestion
from fpsphere.errors import ConfigError
from fpsphere.registry import Registry
from fpsphere.solvers import TIME_SCHEMES

__all__ = [
    "AnalysisSpec",
    "EvolveSpec",
    "INITIAL_KINDS",
    "InitialKind",
    "InitialSpec",
    "OUTPUT_KEYS",
    "OutputKey",
    "OutputsSpec",
    "SEGMENT_SHORTHANDS",
    "read_analysis",
    "read_evolve",
    "read_initial",
    "outputs_keys",
    "read_outputs",
    "segment_overrides",
]

INITIAL_KEYS = ("kind", "direction", "kappa", "hemisphere")
ANALYSIS_KEYS = ("axis", "basin_half_angle")
EVOLVE_KEYS = ("times", "times_s", "scheme", "dt", "dt_s", "rtol")
PROTOCOL_KEYS = ("segments",)
#: ``[outputs]`` keys that are not a job's (:func:`outputs_keys` adds the jobs')
OUTPUTS_COMMON_KEYS = ("export", "figures")

#: Short keys of a protocol segment and the dotted keys they override.
SEGMENT_SHORTHANDS = {
    "kappa": "spin_transfer.kappa",
    "current": "spin_transfer.current",
    "field_like": "spin_transfer.field_like",
    "field_like_ratio": "spin_transfer.field_like_ratio",
    "xi": "energy.zeeman.xi",
    "h": "energy.zeeman.h",
    "H": "energy.zeeman.H",
    "mu0H": "energy.zeeman.mu0H",
    "field_direction": "energy.zeeman.direction",
}
SEGMENT_KEYS = ("duration", "duration_s", "set", *SEGMENT_SHORTHANDS)
SEGMENT_TABLES = ("energy", "spin_transfer")


def _seconds(table: Table, key: str, ctx: Context, values: tuple[float, ...]) -> tuple:
    tau_n = ctx.tau_N(table.dotted(key))
    return tuple(v / tau_n for v in values)


@dataclass(frozen=True)
class InitialSpec:
    """The initial density of a time evolution (``[initial]``)."""

    kind: str = "boltzmann"
    direction: tuple[float, float, float] = (0.0, 0.0, 1.0)
    kappa: float | None = None
    hemisphere: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class InitialKind:
    """An ``initial.kind``: the keys it reads, ``read(table) -> InitialSpec`` and
    ``density(config, spec, mesh, model) -> rho`` (N,) (``model`` may be None)."""

    keys: tuple[str, ...]
    read: Callable[[Table], InitialSpec]
    density: Callable[..., np.ndarray]
    doc: str = ""


def _boltzmann(config, spec: InitialSpec, mesh, model) -> np.ndarray:
    from fpsphere import initial

    rho = initial.boltzmann(mesh, config.energy)
    if spec.hemisphere is None:
        return rho
    return initial.normalized(mesh, rho * (mesh.points @ np.asarray(spec.hemisphere) > 0))


def _von_mises_fisher(config, spec: InitialSpec, mesh, model) -> np.ndarray:
    from fpsphere import initial

    return initial.von_mises_fisher(mesh, spec.direction, spec.kappa)


def _uniform(config, spec: InitialSpec, mesh, model) -> np.ndarray:
    from fpsphere import initial

    return initial.uniform(mesh)


def _stationary(config, spec: InitialSpec, mesh, model) -> np.ndarray:
    model = config.build_model(mesh) if model is None else model
    return model.stationary(config.stationary_method)


#: ``initial.kind`` -> :class:`InitialKind`
INITIAL_KINDS: Registry[InitialKind] = Registry("initial.kind")
INITIAL_KINDS.register("boltzmann", InitialKind(
    ("hemisphere",), lambda t: InitialSpec("boltzmann", hemisphere=(
        t.vector("hemisphere") if "hemisphere" in t else None)), _boltzmann),
    doc="exp(-U), optionally restricted to the hemisphere u.n > 0")
INITIAL_KINDS.register("von_mises_fisher", InitialKind(
    ("direction", "kappa"), lambda t: InitialSpec(
        "von_mises_fisher", direction=t.vector("direction", [0.0, 0.0, 1.0]),
        kappa=t.number("kappa", low=0.0, strict=False)), _von_mises_fisher),
    doc="exp(kappa (u.d - 1)) about direction d")
INITIAL_KINDS.register("uniform", InitialKind((), lambda t: InitialSpec("uniform"), _uniform),
                       doc="1/(4 pi)")
INITIAL_KINDS.register("stationary", InitialKind((), lambda t: InitialSpec("stationary"),
                                                 _stationary),
                       doc="the stationary state of the full model")


def read_initial(table: Table) -> InitialSpec:
    """``[initial]``: ``kind`` and its keys."""
    kind = table.choice("kind", list(INITIAL_KINDS), "boltzmann")
    entry = INITIAL_KINDS[kind]
    table.unused([k for k in INITIAL_KEYS[1:] if k not in entry.keys],
                 f"with initial.kind = {kind!r}")
    return entry.read(table)


@dataclass(frozen=True)
class AnalysisSpec:
    """Where observables look (``[analysis]``): the axis of ``P(u.axis > 0)``,
    ``<(u.axis)^2>``, the relaxation observable ``u.axis`` and the escape basins,
    cones of half angle ``basin_half_angle`` (rad) about ``+-axis``."""

    axis: tuple[float, float, float] = (0.0, 0.0, 1.0)
    basin_half_angle: float = 0.5

    @property
    def unit_axis(self) -> np.ndarray:
        """(3,) the normalized axis."""
        a = np.asarray(self.axis, dtype=float)
        return a / np.linalg.norm(a)

    @property
    def basins(self) -> tuple[tuple, tuple]:
        """The two cones ``("cone", +axis, angle)``, ``("cone", -axis, angle)``."""
        a = tuple(self.unit_axis)
        return (("cone", a, self.basin_half_angle),
                ("cone", tuple(-x for x in a), self.basin_half_angle))


def read_analysis(table: Table) -> AnalysisSpec:
    """``[analysis]``: ``axis``, ``basin_half_angle``."""
    return AnalysisSpec(axis=table.vector("axis", [0.0, 0.0, 1.0]),
                        basin_half_angle=table.number("basin_half_angle", 0.5, low=0.0,
                                                      high=math.pi / 2, unit="(rad)"))


@dataclass(frozen=True)
class EvolveSpec:
    """Time stepping (``[evolve]``): output times and step control, in tau_N."""

    times: tuple[float, ...]
    scheme: str = "tr_bdf2"
    dt: float | None = None
    rtol: float | None = None


def read_evolve(table: Table, ctx: Context) -> EvolveSpec:
    """``[evolve]``: ``times`` (or ``times_s``), ``scheme``, ``dt`` (or ``dt_s``), ``rtol``."""
    form = table.exclusive("times", "times_s")
    if form is None:
        raise table.missing("times", "the output times (tau_N), a list of increasing "
                            "numbers >= 0 (or times_s in seconds)")
    times = table.numbers(form, increasing=True, low=0.0)
    if times[-1] <= 0:
        raise table.error(form, list(times), "increasing output times >= 0 with the last one "
                          "> 0")
    if form == "times_s":
        times = _seconds(table, form, ctx, times)
    scheme = table.choice("scheme", list(TIME_SCHEMES), "tr_bdf2")
    dt = None
    step = table.exclusive("dt", "dt_s")
    if step is not None:
        dt = table.number(step, low=0.0)
        if step == "dt_s":
            dt = _seconds(table, step, ctx, (dt,))[0]
    rtol = table.number("rtol", None, low=0.0, high=1.0)
    if rtol is not None and TIME_SCHEMES[scheme].multistep:
        one_step = ", ".join(n for n in TIME_SCHEMES if not TIME_SCHEMES[n].multistep)
        raise table.error("scheme", scheme, "a one-step scheme with evolve.rtol (adaptive "
                          f"steps): {one_step}")
    return EvolveSpec(times=times, scheme=scheme, dt=dt, rtol=rtol)


def segment_overrides(table: Table) -> dict[str, object]:
    """The dotted overrides of one ``[[protocol.segments]]`` entry (short keys and ``set``).

    Their values are checked when the caller re-reads the overridden tables; the
    duration is read by the caller (it may be in seconds).
    """
    overrides: dict[str, object] = {}
    for short, dotted in SEGMENT_SHORTHANDS.items():
        if short in table:
            overrides[dotted] = table.data[short]
            table.out[short] = table.data[short]
    extra = table.data.get("set", {})
    if not isinstance(extra, dict):
        raise table.error("set", extra, "a table of dotted keys, e.g. "
                          "{ \"energy.zeeman.xi\" = 2.0 }")
    for key, value in extra.items():
        head = str(key).split(".")[0]
        if head not in SEGMENT_TABLES:
            raise ConfigError(
                f"{table.source}: {table.dotted('set')} key {key!r} cannot change within a "
                f"protocol{suggestion(head, SEGMENT_TABLES)}: expected a key of "
                f"{list(SEGMENT_TABLES)} (the mesh, damping and time unit are shared)")
        overrides[str(key)] = value
    if extra:
        table.out["set"] = dict(extra)
    return overrides


@dataclass(frozen=True)
class OutputKey:
    """An ``[outputs]`` key that switches a job on, declared with the job.

    Attributes
    ----------
    name : str
        The key's name in ``[outputs]``.
    read : callable
        ``(table, given) -> value``: the validated value (``given``: the names of the
        top-level tables of the configuration, plus ``"energy"`` when ``[energy]`` or
        ``[spin_transfer]`` is there, for defaults and cross checks).
    off
        The value that switches the job off (the other jobs' commands set it).
    on
        The value its own command sets (None: leave it to the command's options).
    job : str
        The job it switches on ("" for a key that only tunes a job); filled in by
        ``JOBS.add``.
    sphere : bool
        That job needs the Fokker-Planck model; filled in by ``JOBS.add``.
    """

    name: str
    read: Callable[[Table, frozenset[str]], Any]
    off: Any = False
    on: Any = True
    job: str = ""
    sphere: bool = False


#: ``[outputs]`` key -> :class:`OutputKey`, registered by ``fpsphere.jobs.JOBS.add``
OUTPUT_KEYS: Registry[OutputKey] = Registry("[outputs] key")


@dataclass(frozen=True)
class OutputsSpec:
    """Which jobs run and what they write (``[outputs]``); the values of the ``[outputs]``
    keys of jobs declared outside :mod:`fpsphere.jobs` are in :attr:`extra` (and read as
    attributes too)."""

    stationary: bool = True
    equilibrium_reference: bool = True
    spectrum: int = 0
    evolve: bool = False
    stack: bool = False
    quantities: tuple[str, ...] = ()
    export: bool = True
    figures: bool | str = "auto"
    extra: dict = field(default_factory=dict, compare=True)

    def __getattr__(self, name: str):
        extra = self.__dict__.get("extra")
        if name.startswith("_") or extra is None or name not in extra:
            raise AttributeError(name)
        return extra[name]

    @property
    def sphere_jobs(self) -> bool:
        """True when some job of ``[outputs]`` needs the Fokker-Planck model."""
        return any(getattr(self, key.name) for key in OUTPUT_KEYS.values()
                   if key.job and key.sphere)


def outputs_keys() -> tuple[str, ...]:
    """Every ``[outputs]`` key: the jobs' (:data:`OUTPUT_KEYS`) and ``export``,
    ``figures``."""
    return (*OUTPUT_KEYS, *OUTPUTS_COMMON_KEYS)


def read_outputs(table: Table, given: frozenset[str]) -> OutputsSpec:
    """``[outputs]``; the defaults follow which tables the configuration has (``given``:
    the names of the top-level tables, and ``"energy"`` when ``[energy]`` or
    ``[spin_transfer]`` is there)."""
    values = {name: key.read(table, given) for name, key in OUTPUT_KEYS.items()}
    fields = {f.name for f in dataclasses.fields(OutputsSpec)} - {"extra"}
    return OutputsSpec(**{k: v for k, v in values.items() if k in fields},
                       export=table.boolean("export", True),
                       figures=table.choice("figures", [True, False, "auto"], "auto"),
                       extra={k: v for k, v in values.items() if k not in fields})
