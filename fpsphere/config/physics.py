"""The physical tables of a run configuration: ``[device]``, ``[mesh]``, ``[dynamics]``,
``[energy]`` and ``[spin_transfer]``.

Each reader takes a :class:`~fpsphere.config.reader.Table` and returns a small
frozen spec (or energy terms).  The physics is not here: the energy terms and
their readers are registered in :data:`fpsphere.energy.ENERGY_TERMS`, the
spin-transfer sources in :data:`fpsphere.coupling.SPIN_TRANSFER_SOURCES`, and the
readers below loop over those registries (a new term or source touches its own
module only).  The mesh kinds are the small table :data:`MESH_KINDS`; a mesh
beyond the size limits of :func:`fpsphere.mesh.icosphere.size_problem` is refused
here, with the estimate, before anything is built.

Device values are refused outside the ranges of :data:`DEVICE_RANGES`, so that no
derived quantity (``kT``, ``tau_N``, ``sigma``) overflows or vanishes; amplitudes
in kT are at most 1e6 in magnitude (:data:`fpsphere.energy.reading.MAX_AMPLITUDE`),
and ``U - chi`` (the ``[energy]`` read just before ``[spin_transfer]``) spans at
most :data:`MAX_SPAN` kT, as :class:`fpsphere.FokkerPlanck` requires
(:func:`check_span`): a dry run refuses what the model would.

Depends on :mod:`fpsphere.energy`, :mod:`fpsphere.coupling`, :mod:`fpsphere.mesh`,
:mod:`fpsphere.model` (the operator names) and :mod:`fpsphere.config.reader`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from fpsphere import units
from fpsphere.config.reader import Table
from fpsphere.coupling.sources import (
    SPIN_TRANSFER_SOURCES,
    SpinTransfer,
    SpinTransferSource,
    StackTorquePotential,
    spin_transfer_keys,
)
from fpsphere.energy import ENERGY_TERMS, Constant, Potential, Sum
from fpsphere.energy.span import MAX_SPAN, potential_span
from fpsphere.errors import ConfigError, ParameterError
from fpsphere.mesh import SphereMesh
from fpsphere.mesh.icosphere import MAX_LEVEL, icosphere_cells, size_problem
from fpsphere.model import OPERATORS
from fpsphere.operators import PRECESSION_SCHEMES
from fpsphere.registry import Registry

__all__ = [
    "DEVICE_KEYS",
    "DEVICE_RANGES",
    "DYNAMICS_KEYS",
    "ENERGY_KEYS",
    "MESH_KEYS",
    "MESH_KINDS",
    "SPIN_TRANSFER_SOURCES",
    "Context",
    "DeviceSpec",
    "MeshKind",
    "MeshSpec",
    "SpinTransfer",
    "SpinTransferSource",
    "StackTorquePotential",
    "check_span",
    "potential_span",
    "read_device",
    "read_dynamics",
    "read_energy",
    "read_mesh_table",
    "read_spin_transfer",
    "spin_transfer_keys",
]

MESH_KEYS = ("kind", "level", "lloyd", "n_rings", "n_per_ring", "axis", "path",
             "error_estimate")
DEVICE_KEYS = ("Ms", "volume", "temperature", "gamma")
DYNAMICS_KEYS = ("alpha", "scheme", "stationary", "operator")
STATIONARY_METHODS = ("auto", "transient", "direct", "amg")
DYNAMICS_SCHEMES = ("auto", *PRECESSION_SCHEMES)
DEFAULT_RINGS = 40
"""Default ``mesh.n_rings`` of a latitude-longitude mesh."""
ALPHA_RANGE = (1e-12, 1e6)
"""Allowed ``dynamics.alpha``: the model needs >= 1e-12 (1/alpha scales the
precession); above 1e6 the precession is nil and ``1 + alpha^2`` loses meaning."""

#: ``[device]`` key -> (lowest, highest, unit): closed ranges wide enough for any
#: nanomagnet and narrow enough that ``kT``, ``tau_N`` and the barriers stay finite.
DEVICE_RANGES: dict[str, tuple[float, float, str]] = {
    "Ms": (1e-3, 1e8, "(A/m)"),
    "volume": (1e-33, 1e-6, "(m^3)"),
    "temperature": (1e-3, 1e5, "(K)"),
    "gamma": (1e3, 1e15, "(rad/s/T)"),
}


# ------------------------------------------------------------------ device
@dataclass(frozen=True)
class DeviceSpec:
    """SI description of the magnet, needed only by SI keys (``K``, ``H``, ``current``...).

    Attributes
    ----------
    Ms : float or None
        Saturation magnetization (A/m).
    volume : float or None
        Magnetic volume (m^3).
    temperature : float
        Temperature (K), default 300.
    gamma : float
        Gyromagnetic ratio (rad s^-1 T^-1), default the electron's.
    """

    Ms: float | None = None
    volume: float | None = None
    temperature: float = 300.0
    gamma: float = units.GAMMA_E

    def require(self, key: str, source: str, *names: str) -> None:
        """Raise unless the device fields ``names`` are given (``key`` needs them)."""
        absent = [n for n in names if getattr(self, n) is None]
        if absent:
            need = " and ".join(f"device.{n}" for n in absent)
            raise ConfigError(f"{source}: {key} is in SI units and needs {need} "
                              "(add to the [device] table)")

    def tau_N(self, alpha: float | None) -> float | None:
        """The Neel time (s) when ``Ms``, ``volume`` and ``alpha`` are known."""
        if self.Ms is None or self.volume is None or alpha is None:
            return None
        return units.neel_time(self.Ms, self.volume, alpha, self.temperature, self.gamma)


def read_device(table: Table) -> DeviceSpec:
    """``[device]``: ``Ms`` (A/m), ``volume`` (m^3), ``temperature`` (K), ``gamma``,
    each within :data:`DEVICE_RANGES`."""
    defaults = {"Ms": None, "volume": None, "temperature": 300.0, "gamma": units.GAMMA_E}
    values = {key: table.number(key, defaults[key], low=low, high=high, strict=False,
                                unit=unit)
              for key, (low, high, unit) in DEVICE_RANGES.items()}
    return DeviceSpec(**values)


@dataclass(frozen=True)
class Context:
    """What the readers of one table need to know about the others.

    ``stack`` is the parsed ``[stack]`` table (a
    :class:`~fpsphere.config.stack.StackSpec`) or None, for spin-transfer sources
    that take their torque from the 1D stack.
    """

    source: str
    device: DeviceSpec
    alpha: float | None
    base_dir: Path
    stack: object = None
    #: the last ``[energy]`` read (:func:`read_energy`), for the check of ``U - chi``
    #: by :func:`read_spin_transfer`, which every caller runs right after it
    read: dict = field(default_factory=dict, compare=False, repr=False)

    def need_alpha(self, key: str) -> float:
        """``dynamics.alpha``, which ``key`` needs."""
        if self.alpha is None:
            raise ConfigError(f"{self.source}: {key} needs dynamics.alpha (the Gilbert "
                              "damping, a number > 0)")
        return self.alpha

    def tau_N(self, key: str) -> float:
        """The Neel time (s), which the time in seconds ``key`` needs (finite, > 0)."""
        self.device.require(key, self.source, "Ms", "volume")
        alpha = self.need_alpha(key)
        tau = self.device.tau_N(alpha)
        if not (math.isfinite(tau) and tau > 0):
            d = self.device
            raise ConfigError(f"{self.source}: {key} needs the Neel time tau_N, which is "
                              f"{tau:g} s with device.Ms = {d.Ms:g}, device.volume = "
                              f"{d.volume:g}, device.temperature = {d.temperature:g}, "
                              f"device.gamma = {d.gamma:g} and dynamics.alpha = {alpha:g}: "
                              "expected device values giving a finite tau_N > 0")
        return tau


def read_dynamics(table: Table) -> tuple[float | None, str, str, str]:
    """``[dynamics]``: ``alpha`` (within :data:`ALPHA_RANGE`; required by sphere jobs),
    ``scheme``, ``stationary`` (the ``method`` of :meth:`fpsphere.FokkerPlanck.stationary`)
    and ``operator`` (the ``operator`` of its spectrum and rates)."""
    within = f"(the Gilbert damping, from {ALPHA_RANGE[0]:g} to {ALPHA_RANGE[1]:g})"
    alpha = table.number("alpha", None, low=0.0, unit=within)
    if alpha is not None and not ALPHA_RANGE[0] <= alpha <= ALPHA_RANGE[1]:
        raise table.error("alpha", table.data["alpha"], f"a finite number > 0 {within}")
    scheme = table.choice("scheme", DYNAMICS_SCHEMES, "auto")
    stationary = table.choice("stationary", STATIONARY_METHODS, "auto")
    operator = table.choice("operator", OPERATORS, "generator")
    operator = None if operator == "generator" else operator  # the automatic choice
    return alpha, scheme, stationary, operator


# -------------------------------------------------------------------- mesh
@dataclass(frozen=True)
class MeshSpec:
    """How to build the sphere mesh (``[mesh]``)."""

    kind: str = "icosphere"
    level: int | None = None
    lloyd: int = 0
    n_rings: int | None = None
    n_per_ring: int | None = None
    axis: tuple[float, float, float] = (0.0, 0.0, 1.0)
    path: str | None = None
    #: estimate the mesh error of every scalar result (:mod:`fpsphere.convergence`)
    error_estimate: bool = False

    @property
    def estimate_levels(self) -> tuple[int, ...]:
        """The coarser icosphere levels that ``error_estimate`` re-runs, ascending:
        ``L-2, L-1`` (level 2: only 1, so no order is measured); empty when off."""
        if not self.error_estimate:
            return ()
        return tuple(range(max(self.level - 2, 1), self.level))

    @property
    def n_cells(self) -> int | None:
        """Number of cells, known before building except for a mesh file."""
        return MESH_KINDS[self.kind].cells(self)

    def build(self) -> SphereMesh:
        """Build (or read) the mesh."""
        return MESH_KINDS[self.kind].build(self)


@dataclass(frozen=True)
class MeshKind:
    """A ``mesh.kind``: the keys it reads, its reader, its cell count and its builder."""

    keys: tuple[str, ...]
    read: Callable[[Table, Context], MeshSpec]
    cells: Callable[[MeshSpec], int | None]
    build: Callable[[MeshSpec], SphereMesh]
    doc: str = ""
    #: nested levels (icosphere): ``mesh.error_estimate`` can compare coarser ones
    nested: bool = False


def _size(table: Table, key: str, n_cells: int, lloyd: int = 0) -> None:
    """Refuse ``key`` when the mesh does not fit (:func:`size_problem`, with the estimate)."""
    problem = size_problem(n_cells, lloyd)
    if problem:
        raise table.error(key, table.data.get(key), f"a mesh within the limits: {problem}")


def _read_icosphere(table: Table, ctx: Context) -> MeshSpec:
    level = table.data.get("level")
    if isinstance(level, int) and not isinstance(level, bool) and level > MAX_LEVEL:
        _size(table, "level", icosphere_cells(level))
    spec = MeshSpec("icosphere", level=table.integer("level", 5, low=0, high=MAX_LEVEL),
                    lloyd=table.integer("lloyd", 0, low=0))
    _size(table, "lloyd", icosphere_cells(spec.level), spec.lloyd)
    return spec


def _read_latlon(table: Table, ctx: Context) -> MeshSpec:
    n_rings = table.integer("n_rings", DEFAULT_RINGS, low=2)
    n_per_ring = table.integer("n_per_ring", n_rings, low=3)
    _size(table, "n_per_ring" if "n_per_ring" in table else "n_rings", n_rings * n_per_ring + 2)
    return MeshSpec("latlon", n_rings=n_rings, n_per_ring=n_per_ring,
                    axis=table.vector("axis", [0.0, 0.0, 1.0]))


def _read_file(table: Table, ctx: Context) -> MeshSpec:
    raw = table.string("path", allowed="the path of a mesh file (e.g. mesh.vtu)")
    try:
        path = Path(raw).expanduser()
        path = path if path.is_absolute() else (ctx.base_dir / path)
        found = path.is_file()
    except (OSError, ValueError, RuntimeError) as err:  # NUL bytes, a bad ~user ...
        raise table.error("path", raw, f"the path of a mesh file ({err})") from err
    if not found:
        raise table.error("path", raw, f"an existing mesh file ({path} does not exist)")
    table.out["path"] = str(path.resolve())
    return MeshSpec("file", path=str(path.resolve()))


def _build_icosphere(spec: MeshSpec) -> SphereMesh:
    from fpsphere.mesh import icosphere

    return icosphere(spec.level, lloyd=spec.lloyd)


def _build_latlon(spec: MeshSpec) -> SphereMesh:
    from fpsphere.mesh import latlon

    return latlon(spec.n_rings, spec.n_per_ring, spec.axis)


def _build_file(spec: MeshSpec) -> SphereMesh:
    from fpsphere.mesh import read_mesh

    return read_mesh(spec.path)


#: ``mesh.kind`` -> :class:`MeshKind`.
MESH_KINDS: Registry[MeshKind] = Registry("mesh kind")
MESH_KINDS.register("icosphere", MeshKind(
    ("level", "lloyd"), _read_icosphere, lambda s: icosphere_cells(s.level), _build_icosphere,
    "icosahedral bisection `level` 0 ... 9 (default 5), `lloyd` smoothing iterations",
    nested=True))
MESH_KINDS.register("latlon", MeshKind(
    ("n_rings", "n_per_ring", "axis"), _read_latlon,
    lambda s: s.n_rings * s.n_per_ring + 2, _build_latlon,
    "latitude-longitude rings about `axis`, for collinear (axial) problems"))
MESH_KINDS.register("file", MeshKind(
    ("path",), _read_file, lambda s: None, _build_file,
    "a mesh file (VTU or any meshio format) at `path`, relative to the config file"))


def read_mesh_table(table: Table, ctx: Context) -> MeshSpec:
    """``[mesh]``: ``kind`` (a name of :data:`MESH_KINDS`) and the keys of that kind,
    then ``error_estimate``; a mesh that does not fit the size limits is refused."""
    name = table.choice("kind", list(MESH_KINDS), "icosphere")
    kind = MESH_KINDS[name]
    table.unused([k for k in MESH_KEYS[1:] if k not in (*kind.keys, "error_estimate")],
                 f"with mesh.kind = {name!r}")
    return _error_estimate(table, kind.read(table, ctx))


def _error_estimate(table: Table, spec: MeshSpec) -> MeshSpec:
    """``mesh.error_estimate`` (kept in the normalized data only when given)."""
    if "error_estimate" not in table:
        return spec
    if not table.boolean("error_estimate"):
        return spec
    if not MESH_KINDS[spec.kind].nested:
        raise ConfigError(f"{table.source}: {table.dotted('error_estimate')} = true is not "
                          f"allowed with mesh.kind = {spec.kind!r}: expected false, or "
                          "mesh.kind = \"icosphere\" (the estimate compares nested icosphere "
                          "levels)")
    if spec.level < 2:
        raise table.error("level", spec.level, "a level >= 2 with mesh.error_estimate = true "
                          "(the coarser levels L-1, L-2 compared must be >= 1)")
    return replace(spec, error_estimate=True)


# ------------------------------------------------------------------ energy
class _EnergyKeys(Mapping[str, tuple[str, ...]]):
    """``[energy]`` sub-table name -> its keys, read live from :data:`ENERGY_TERMS`."""

    def __getitem__(self, name: str) -> tuple[str, ...]:
        return ENERGY_TERMS[name].keys

    def __iter__(self) -> Iterator[str]:
        return iter(ENERGY_TERMS)

    def __len__(self) -> int:
        return len(ENERGY_TERMS)

    def __repr__(self) -> str:
        return repr(dict(self))


#: ``[energy]`` sub-table name -> its keys (a live view of :data:`ENERGY_TERMS`).
ENERGY_KEYS: Mapping[str, tuple[str, ...]] = _EnergyKeys()


def read_energy(table: Table, ctx: Context) -> Potential:
    """``[energy]``: the sub-tables of :data:`fpsphere.energy.ENERGY_TERMS`, read in its
    order and summed (``Constant(0)`` for an empty table: free diffusion)."""
    terms: dict[str, Potential] = {}
    for name, spec in ENERGY_TERMS.items():
        sub = table.sub(name, spec.keys)
        if sub is not None:
            terms[name] = _checked(sub, lambda spec=spec, sub=sub: spec.read(sub, ctx, terms))
    energy = Sum(tuple(terms.values())) if terms else Constant(0.0)
    ctx.read["energy"] = energy
    return energy


def _checked(table: Table, read: Callable[[], object]):
    """``read()``, with a :class:`ParameterError` of the objects it builds reported as a
    :class:`ConfigError` naming the table (the readers name keys themselves)."""
    try:
        return read()
    except ConfigError:
        raise
    except ParameterError as err:
        raise ConfigError(f"{table.source}: {table.path}: {err}") from err


# ----------------------------------------------------------- spin transfer
def read_spin_transfer(table: Table | None, ctx: Context) -> SpinTransfer:
    """``[spin_transfer]`` through its ``source`` (default ``"polarizer"``), a name of
    :data:`fpsphere.coupling.SPIN_TRANSFER_SOURCES`.

    With the ``[energy]`` read just before (``ctx.read``), ``U - chi`` must span at most
    :data:`MAX_SPAN` kT, as the model requires (:func:`check_span`)."""
    if table is None:
        spin = SpinTransfer()
    else:
        name = table.choice("source", list(SPIN_TRANSFER_SOURCES), "polarizer")
        src = SPIN_TRANSFER_SOURCES[name]
        table.unused([k for k in spin_transfer_keys()[1:] if k not in src.keys],
                     f"with spin_transfer.source = {name!r}")
        spin = _checked(table, lambda: src.read(table, ctx))
    energy = ctx.read.pop("energy", None)
    if energy is not None:
        check_span(ctx.source, energy, spin, device=ctx.device)
    return spin


# ------------------------------------------------------------ potential span
def _contributions(energy: Potential, chi: Potential | None) -> str:
    """``"energy.uniaxial 2.9e+04 kT, spin_transfer 3 kT"``: the span of each part."""
    names = {spec.term: name for name, spec in ENERGY_TERMS.items()}
    terms = energy.terms if isinstance(energy, Sum) else (energy,)
    parts = [(f"energy.{names.get(type(t), type(t).__name__)}", potential_span(t))
             for t in terms]
    if chi is not None:
        parts.append(("spin_transfer", potential_span(chi)))
    return ", ".join(f"{name} {span:.3g} kT" for name, span in parts)


def check_span(source: str, energy: Potential, spin: SpinTransfer, where: str = "",
               device: DeviceSpec | None = None) -> None:
    """Refuse ``U - chi`` spanning more than :data:`MAX_SPAN` kT, as the model would
    (``where``: ``"in protocol.segments[1]"`` for a segment), naming the tables, the
    span of each term and, given the ``device``, the temperature that set kT."""
    chi = spin.chi
    if getattr(chi, "lazy", False):
        chi = None  # a stack torque: evaluating it would run the 1D solves now
    span = potential_span(energy, None if chi is None else -1.0 * chi)
    if span > MAX_SPAN:
        tables = "[energy]" + (" and [spin_transfer] (U - chi)" if chi is not None else "")
        at = f" {where}" if where else ""
        kt = ""
        if device is not None and (device.Ms is not None or device.volume is not None):
            given = [f"device.{k} = {getattr(device, k):g}" for k in DEVICE_KEYS
                     if getattr(device, k) is not None]
            kt = "; SI amplitudes are converted with " + ", ".join(given)
        raise ConfigError(f"{source}: the potentials of {tables}{at} span {span:.4g} kT over "
                          f"the sphere ({_contributions(energy, chi)}{kt}): expected a span "
                          f"below {MAX_SPAN:g} kT (exp(-(U - chi)) cannot be normalized in "
                          "double precision; the model refuses it)")
