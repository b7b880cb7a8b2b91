"""The physical tables of a run configuration: ``[device]``, ``[mesh]``, ``[dynamics]``,
``[energy]`` and ``[spin_transfer]``.

Each reader takes a :class:`~fpsphere.config.reader.Table` and returns a small
frozen spec (or energy terms); SI inputs are converted with :mod:`fpsphere.units`
(docs/conventions.md section 1 and 3): ``K`` to ``sigma``, ``H``/``mu0H`` to ``xi``, a
current to ``kappa``.  Spin-transfer sources are registered data,
:data:`SPIN_TRANSFER_SOURCES`, so that new ones (a 1D stack) plug in by name.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from fpsphere import units
from fpsphere.config.reader import MISSING, Table
from fpsphere.energy import (
    Constant,
    Cubic,
    EasyPlane,
    Polarizer,
    Potential,
    Slonczewski,
    Sum,
    Uniaxial,
    Zeeman,
)
from fpsphere.errors import ConfigError, ParameterError
from fpsphere.mesh import SphereMesh
from fpsphere.mesh.icosphere import MAX_LEVEL
from fpsphere.model import OPERATORS
from fpsphere.operators import PRECESSION_SCHEMES

__all__ = [
    "Context",
    "DeviceSpec",
    "MeshSpec",
    "SPIN_TRANSFER_SOURCES",
    "SpinTransfer",
    "SpinTransferSource",
    "read_device",
    "read_dynamics",
    "read_energy",
    "read_mesh_table",
    "read_spin_transfer",
]

MESH_KEYS = ("kind", "level", "lloyd", "n_rings", "n_per_ring", "axis", "path",
             "error_estimate")
DEVICE_KEYS = ("Ms", "volume", "temperature", "gamma")
DYNAMICS_KEYS = ("alpha", "scheme", "stationary", "operator")
STATIONARY_METHODS = ("auto", "transient", "direct", "amg")
ENERGY_KEYS = {
    "uniaxial": ("sigma", "K", "axis"),
    "zeeman": ("xi", "h", "H", "mu0H", "direction"),
    "cubic": ("sigma_c", "K1", "axes"),
    "easy_plane": ("sigma_p", "N_perp", "N_par", "normal"),
}
DYNAMICS_SCHEMES = ("auto", *PRECESSION_SCHEMES)
DEFAULT_RINGS = 40
"""Default ``mesh.n_rings`` of a latitude-longitude mesh."""


# ------------------------------------------------------------------ device
@dataclass(frozen=True)
class DeviceSpec:
    """SI description of the magnet, needed only by SI keys (``K``, ``H``, ``current``...).

    Attributes
    ----------
    Ms : saturation magnetization (A/m) or None.
    volume : volume (m^3) or None.
    temperature : K (default 300).
    gamma : gyromagnetic ratio (rad s^-1 T^-1), default the electron's.
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
    """``[device]``: ``Ms`` (A/m), ``volume`` (m^3), ``temperature`` (K), ``gamma``."""
    return DeviceSpec(
        Ms=table.number("Ms", None, low=0.0, unit="(A/m)"),
        volume=table.number("volume", None, low=0.0, unit="(m^3)"),
        temperature=table.number("temperature", 300.0, low=0.0, unit="(K)"),
        gamma=table.number("gamma", units.GAMMA_E, low=0.0, unit="(rad/s/T)"),
    )


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

    def need_alpha(self, key: str) -> float:
        """``dynamics.alpha``, which ``key`` needs."""
        if self.alpha is None:
            raise ConfigError(f"{self.source}: {key} needs dynamics.alpha (the Gilbert "
                              "damping, a number > 0)")
        return self.alpha

    def tau_N(self, key: str) -> float:
        """The Neel time (s), which the time in seconds ``key`` needs."""
        self.device.require(key, self.source, "Ms", "volume")
        return self.device.tau_N(self.need_alpha(key))


def read_dynamics(table: Table) -> tuple[float | None, str, str, str]:
    """``[dynamics]``: ``alpha`` (> 0; required by sphere jobs), ``scheme``,
    ``stationary`` (the ``method`` of :meth:`fpsphere.FokkerPlanck.stationary`) and
    ``operator`` (the ``operator`` of its spectrum and rates)."""
    alpha = table.number("alpha", None, low=0.0)
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
        if self.kind == "icosphere":
            return 10 * 4**self.level + 2
        if self.kind == "latlon":
            return self.n_rings * self.n_per_ring + 2
        return None

    def build(self) -> SphereMesh:
        """Build (or read) the mesh."""
        from fpsphere.mesh import icosphere, latlon, read_mesh

        if self.kind == "icosphere":
            return icosphere(self.level, lloyd=self.lloyd)
        if self.kind == "latlon":
            return latlon(self.n_rings, self.n_per_ring, self.axis)
        return read_mesh(self.path)


def read_mesh_table(table: Table, ctx: Context) -> MeshSpec:
    """``[mesh]``: ``kind`` and the keys of that kind, then ``error_estimate``."""
    kind = table.choice("kind", ("icosphere", "latlon", "file"), "icosphere")
    by_kind = {"icosphere": ("level", "lloyd"), "latlon": ("n_rings", "n_per_ring", "axis"),
               "file": ("path",)}
    table.unused([k for k in MESH_KEYS[1:] if k not in (*by_kind[kind], "error_estimate")],
                 f"with mesh.kind = {kind!r}")
    if kind == "icosphere":
        spec = MeshSpec(kind, level=table.integer("level", 5, low=0, high=MAX_LEVEL),
                        lloyd=table.integer("lloyd", 0, low=0))
    elif kind == "latlon":
        n_rings = table.integer("n_rings", DEFAULT_RINGS, low=2)
        n_per_ring = table.integer("n_per_ring", n_rings, low=3)
        spec = MeshSpec(kind, n_rings=n_rings, n_per_ring=n_per_ring,
                        axis=table.vector("axis", [0.0, 0.0, 1.0]))
    else:
        raw = table.string("path", allowed="the path of a mesh file (e.g. mesh.vtu)")
        path = Path(raw).expanduser()
        path = path if path.is_absolute() else (ctx.base_dir / path)
        if not path.is_file():
            raise table.error("path", raw, f"an existing mesh file ({path} does not exist)")
        table.out["path"] = str(path.resolve())
        spec = MeshSpec(kind, path=str(path.resolve()))
    return _error_estimate(table, spec)


def _error_estimate(table: Table, spec: MeshSpec) -> MeshSpec:
    """``mesh.error_estimate`` (kept in the normalized data only when given)."""
    if "error_estimate" not in table:
        return spec
    if not table.boolean("error_estimate"):
        return spec
    if spec.kind != "icosphere":
        raise ConfigError(f"{table.source}: {table.dotted('error_estimate')} = true is not "
                          f"allowed with mesh.kind = {spec.kind!r}: expected false, or "
                          "mesh.kind = \"icosphere\" (the estimate compares nested icosphere "
                          "levels)")
    if spec.level < 2:
        raise table.error("level", spec.level, "a level >= 2 with mesh.error_estimate = true "
                          "(the coarser levels L-1, L-2 compared must be >= 1)")
    return replace(spec, error_estimate=True)


# ------------------------------------------------------------------ energy
def _one(table: Table, groups: dict[str, tuple[str, ...]], required: bool = True) -> str | None:
    """Which of the alternative key groups is given (exactly one when ``required``)."""
    present = [name for name, keys in groups.items() if table.given(*keys)]
    flat = [k for keys in groups.values() for k in keys]
    if len(present) > 1:
        given = " and ".join(table.dotted(k) for k in flat if k in table)
        raise ConfigError(f"{table.source}: {given} are given together: expected only one of "
                          f"{list(groups)}")
    if not present and required:
        raise table.missing(next(iter(groups)), f"one of {flat}")
    return present[0] if present else None


def _convert(table: Table, key: str, func: Callable[[], float]) -> float:
    try:
        return float(func())
    except ParameterError as err:
        raise table.error(key, table.data.get(key), str(err)) from err


def _barrier(t: Table, ctx: Context, reduced: str, si: str, to_reduced) -> float:
    """An anisotropy in kT given as ``reduced`` (kT) or ``si`` (J/m^3, needs the volume)."""
    if _one(t, {reduced: (reduced,), si: (si,)}) == reduced:
        return t.number(reduced, unit="(kT)")
    ctx.device.require(t.dotted(si), ctx.source, "volume")
    k = t.number(si, unit="(J/m^3)")
    return _convert(t, si, lambda: to_reduced(k, ctx.device.volume, ctx.device.temperature))


def _uniaxial(t: Table, ctx: Context) -> Uniaxial:
    sigma = _barrier(t, ctx, "sigma", "K", units.sigma)
    return Uniaxial(sigma=sigma, axis=t.vector("axis", [0.0, 0.0, 1.0]))


def _zeeman(t: Table, ctx: Context, uniaxial: Uniaxial | None) -> Zeeman:
    form = _one(t, {"xi": ("xi",), "h": ("h",), "H": ("H",), "mu0H": ("mu0H",)})
    value = t.number(form)
    if form == "h":
        if uniaxial is None:
            raise ConfigError(f"{ctx.source}: {t.dotted('h')} is the field in units of H_K "
                              "and needs energy.uniaxial.sigma (or K)")
        xi = 2.0 * uniaxial.sigma * value
    elif form in ("H", "mu0H"):
        ctx.device.require(t.dotted(form), ctx.source, "Ms", "volume")
        field = value if form == "H" else value / units.MU_0
        xi = _convert(t, form, lambda: units.xi(field, ctx.device.Ms, ctx.device.volume,
                                                ctx.device.temperature))
    else:
        xi = value
    return Zeeman(xi=xi, direction=t.vector("direction", [0.0, 0.0, 1.0]))


def _cubic(t: Table, ctx: Context) -> Cubic:
    sigma_c = _barrier(t, ctx, "sigma_c", "K1", units.sigma_cubic)
    axes = t.data.get("axes", [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    allowed = "3 orthonormal rows of 3 numbers (the cubic axes)"
    try:
        arr = np.asarray(axes, dtype=float)
        ok = arr.shape == (3, 3) and np.allclose(arr @ arr.T, np.eye(3), atol=1e-9)
    except (TypeError, ValueError):
        ok = False
    if not ok or any(isinstance(x, bool) for row in axes for x in row):
        raise t.error("axes", axes, allowed)
    t.out["axes"] = arr.tolist()
    return Cubic(sigma_c=sigma_c, axes=tuple(map(tuple, arr)))


def _easy_plane(t: Table, ctx: Context) -> EasyPlane:
    if _one(t, {"sigma_p": ("sigma_p",), "N_perp, N_par": ("N_perp", "N_par")}) == "sigma_p":
        sigma_p = t.number("sigma_p", unit="(kT)")
    else:
        ctx.device.require(t.dotted("N_perp"), ctx.source, "Ms", "volume")
        n_perp = t.number("N_perp", low=0.0, high=1.0, strict=False)
        n_par = t.number("N_par", low=0.0, high=1.0, strict=False)
        sigma_p = _convert(t, "N_perp", lambda: units.sigma_shape(
            ctx.device.Ms, n_perp, n_par, ctx.device.volume, ctx.device.temperature))
    return EasyPlane(sigma_p=sigma_p, normal=t.vector("normal", [0.0, 0.0, 1.0]))


def read_energy(table: Table, ctx: Context) -> Potential:
    """``[energy]``: sub-tables ``uniaxial``, ``zeeman``, ``cubic``, ``easy_plane``.

    Returns their sum (``Constant(0)`` for an empty table: free diffusion).
    """
    terms: list[Potential] = []
    subs = {name: table.sub(name, keys) for name, keys in ENERGY_KEYS.items()}
    uniaxial = _uniaxial(subs["uniaxial"], ctx) if subs["uniaxial"] is not None else None
    if uniaxial is not None:
        terms.append(uniaxial)
    if subs["zeeman"] is not None:
        terms.append(_zeeman(subs["zeeman"], ctx, uniaxial))
    if subs["cubic"] is not None:
        terms.append(_cubic(subs["cubic"], ctx))
    if subs["easy_plane"] is not None:
        terms.append(_easy_plane(subs["easy_plane"], ctx))
    return Sum(tuple(terms)) if terms else Constant(0.0)


# ----------------------------------------------------------- spin transfer
@dataclass(frozen=True)
class SpinTransfer:
    """The spin-transfer potentials (kT) of a source: damping-like ``chi``, field-like ``phi``."""

    chi: Potential | None = None
    phi: Potential | None = None


@dataclass(frozen=True)
class SpinTransferSource:
    """A registered ``spin_transfer.source``: the keys it reads and its reader."""

    keys: tuple[str, ...]
    read: Callable[[Table, Context], SpinTransfer]
    doc: str = ""


def _no_spin_transfer(table: Table, ctx: Context) -> SpinTransfer:
    return SpinTransfer()


def _polarizer(t: Table, ctx: Context) -> SpinTransfer:
    """Fixed polarizer ``p``: ``chi = -kappa (u.p)`` (or Slonczewski's law), linear ``phi``."""
    direction = t.vector("polarizer", [0.0, 0.0, 1.0])
    if _one(t, {"kappa": ("kappa",), "current": ("current", "eta")}) == "kappa":
        kappa = t.number("kappa", unit="(kT)")
    else:
        current = t.number("current", unit="(A)")
        polarization = "slonczewski_polarization" in t
        eta = t.number("eta", 1.0 if polarization else MISSING, low=0.0)
        alpha = ctx.need_alpha(t.dotted("current"))
        kappa = _convert(t, "current", lambda: units.kappa(current, eta, alpha,
                                                           ctx.device.temperature))
    pol = t.number("slonczewski_polarization", None, low=0.0, high=1.0)
    chi = (Polarizer(-kappa, direction) if pol is None
           else Slonczewski(kappa=kappa, polarization=pol, direction=direction))
    form = _one(t, {"field_like": ("field_like",), "field_like_ratio": ("field_like_ratio",)},
                required=False)
    phi = None
    if form == "field_like":
        phi = Polarizer(t.number("field_like", unit="(kT)"), direction)
    elif form == "field_like_ratio":
        ratio = t.number("field_like_ratio")
        # b/a = ratio with chi~ = mu0 Ms v a/(alpha kT), phi~ = mu0 Ms v b/kT
        # (docs/conventions.md s. 3)
        phi = Polarizer(ratio * ctx.need_alpha(t.dotted("field_like_ratio")) * kappa, direction)
    return SpinTransfer(chi=chi, phi=phi)


@dataclass(frozen=True)
class StackTorquePotential(Potential):
    """One potential (``part`` = ``"chi"`` or ``"phi"``, kT) of a stack's torque.

    The fields describe it (they go to ``summary.json`` and decide equality, with the
    ``[stack]`` table itself compared by :class:`RunConfig`); the
    :class:`~fpsphere.coupling.StackTorque` is attached after construction and shared
    by the two parts, so its angle sweep (the 1D solves) runs once, on first use.
    """

    part: str
    current_density: float
    alpha: float
    free_layer: int
    area: float
    l_par: float
    l_perp: float
    polarizer: tuple[float, float, float]

    def __call__(self, u):
        chi, phi = self._source.potentials(self.current_density, self.alpha)
        return (chi if self.part == "chi" else phi)(u)


def _stack_torque(t: Table, ctx: Context) -> SpinTransfer:
    """Torque from the ``[stack]`` table (S-19 ... S-22, :class:`fpsphere.coupling.StackTorque`)."""
    from fpsphere.coupling import StackTorque

    if ctx.stack is None:
        raise ConfigError(f"{t.source}: spin_transfer.source = 'stack' needs a [stack] table "
                          "(the layers, with the free layer among them)")
    free = t.integer("free_layer", low=0, high=len(ctx.stack.layers) - 1)
    form = _one(t, {"area": ("area",), "diameter": ("diameter",)})
    if form == "area":
        area = t.number("area", low=0.0, unit="(m^2)")
    else:
        area = math.pi / 4 * t.number("diameter", low=0.0, unit="(m)") ** 2
    current = t.number("current_density", ctx.stack.current_density, unit="(A/m^2)")
    alpha = ctx.need_alpha(t.dotted("free_layer"))
    try:
        source = StackTorque(ctx.stack.build(), free, area, temperature=ctx.device.temperature,
                             l_par=t.number("l_par", 1.0), l_perp=t.number("l_perp", 1.0),
                             axis=t.vector("polarizer", [0.0, 0.0, 1.0]),
                             nodes=t.integer("nodes", 16, low=4),
                             points=t.integer("points", 1000, low=20))
    except ParameterError as err:
        raise ConfigError(f"{t.source}: spin_transfer (source = 'stack'): {err}") from err
    parts = [StackTorquePotential(part, current, alpha, free, area, source.l_par,
                                  source.l_perp, source.axis) for part in ("chi", "phi")]
    for potential in parts:
        object.__setattr__(potential, "_source", source)
    return SpinTransfer(chi=parts[0], phi=parts[1])


#: ``spin_transfer.source`` name -> :class:`SpinTransferSource`.  Register a new source
#: by adding an entry; its ``keys`` are the keys of ``[spin_transfer]`` it may read.
SPIN_TRANSFER_SOURCES: dict[str, SpinTransferSource] = {
    "none": SpinTransferSource((), _no_spin_transfer, "no spin transfer"),
    "polarizer": SpinTransferSource(
        ("kappa", "current", "eta", "polarizer", "field_like", "field_like_ratio",
         "slonczewski_polarization"),
        _polarizer, "a fixed polarizer: damping-like chi = -kappa (u.p), field-like phi"),
    "stack": SpinTransferSource(
        ("free_layer", "area", "diameter", "current_density", "l_par", "l_perp", "polarizer",
         "nodes", "points"),
        _stack_torque, "the torque of the [stack] current on its free layer (StackTorque)"),
}


def spin_transfer_keys() -> tuple[str, ...]:
    """Every key ``[spin_transfer]`` may hold, over all registered sources."""
    keys = ["source"]
    for src in SPIN_TRANSFER_SOURCES.values():
        keys += [k for k in src.keys if k not in keys]
    return tuple(keys)


def read_spin_transfer(table: Table | None, ctx: Context) -> SpinTransfer:
    """``[spin_transfer]`` through its ``source`` (default ``"polarizer"``)."""
    if table is None:
        return SpinTransfer()
    name = table.choice("source", list(SPIN_TRANSFER_SOURCES), "polarizer")
    src = SPIN_TRANSFER_SOURCES[name]
    table.unused([k for k in spin_transfer_keys()[1:] if k not in src.keys],
                 f"with spin_transfer.source = {name!r}")
    return src.read(table, ctx)
