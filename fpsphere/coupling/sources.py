"""Spin-transfer sources that a run configuration names: ``spin_transfer.source``.

:data:`SPIN_TRANSFER_SOURCES` maps a name to a :class:`SpinTransferSource`: the keys
of ``[spin_transfer]`` it reads and its reader ``read(table, ctx) -> SpinTransfer``.

* ``none``: no spin transfer.
* ``polarizer``: a fixed polarizer ``p``; damping-like ``chi = -kappa (u.p)``
  (:class:`~fpsphere.energy.Polarizer`) or Slonczewski's angular law
  (:class:`~fpsphere.energy.Slonczewski`), ``kappa`` in kT or from a current
  (:func:`fpsphere.units.kappa`); field-like ``phi`` linear in ``u.p``
  (docs/conventions.md section 3).
* ``stack``: the torque of the ``[stack]`` current on its free layer
  (:class:`~fpsphere.coupling.StackTorque`, S-19 ... S-22), as the two
  :class:`StackTorquePotential` parts ``chi`` and ``phi``.

A new source is one ``SPIN_TRANSFER_SOURCES.register(name, SpinTransferSource(...))``.
Readers see the table and the context by duck typing
(:mod:`fpsphere.energy.reading`); this module does not import :mod:`fpsphere.config`.

Depends on :mod:`fpsphere.energy`, :mod:`fpsphere.units`, :mod:`fpsphere.registry` and
:mod:`fpsphere.coupling.stack`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import InitVar, dataclass, fields
from typing import ClassVar

from fpsphere import units
from fpsphere.coupling.stack import StackTorque
from fpsphere.energy import Polarizer, Potential, Slonczewski
from fpsphere.energy.reading import ContextLike, TableLike, amplitude, converted, one_of
from fpsphere.errors import ConfigError, ParameterError
from fpsphere.registry import Registry

__all__ = ["SPIN_TRANSFER_SOURCES", "SpinTransfer", "SpinTransferSource",
           "StackTorquePotential", "spin_transfer_keys"]

#: The largest cross-section (m^2) and diameter (m) of a ``stack`` source: a nanopillar's
#: size is far below; beyond, ``hbar A / (2 e kT)`` loses meaning (and ``d^2`` overflows).
MAX_AREA = 1.0
MAX_DIAMETER = 1.0


@dataclass(frozen=True)
class SpinTransfer:
    """The spin-transfer potentials (kT) of a source: damping-like ``chi``, field-like ``phi``."""

    chi: Potential | None = None
    phi: Potential | None = None


@dataclass(frozen=True)
class SpinTransferSource:
    """A registered ``spin_transfer.source``: the keys it reads and its reader.

    Attributes
    ----------
    keys : the keys of ``[spin_transfer]`` (besides ``source``) it may read.
    read : ``read(table, ctx) -> SpinTransfer``.
    doc : one line for help and documentation tables.
    alternatives : choices among key groups, at most one group of each given:
        ``((("kappa",), ("current", "eta")),)`` (:func:`fpsphere.config.set_key` drops
        the other groups of a choice when one is set).
    """

    keys: tuple[str, ...]
    read: Callable[[TableLike, ContextLike], SpinTransfer]
    doc: str = ""
    alternatives: tuple[tuple[tuple[str, ...], ...], ...] = ()


#: ``spin_transfer.source`` name -> :class:`SpinTransferSource`.
SPIN_TRANSFER_SOURCES: Registry[SpinTransferSource] = Registry("spin-transfer source")


def spin_transfer_keys() -> tuple[str, ...]:
    """Every key ``[spin_transfer]`` may hold, over all registered sources."""
    keys = ["source"]
    for src in SPIN_TRANSFER_SOURCES.values():
        keys += [k for k in src.keys if k not in keys]
    return tuple(keys)


# ---------------------------------------------------------------------- none
def _read_none(t: TableLike, ctx: ContextLike) -> SpinTransfer:
    return SpinTransfer()


SPIN_TRANSFER_SOURCES.register("none", SpinTransferSource((), _read_none, "no spin transfer"))


# ----------------------------------------------------------------- polarizer
def _read_polarizer(t: TableLike, ctx: ContextLike) -> SpinTransfer:
    """Fixed polarizer ``p``: ``chi = -kappa (u.p)`` (or Slonczewski's law), linear ``phi``."""
    direction = t.vector("polarizer", [0.0, 0.0, 1.0])
    if one_of(t, {"kappa": ("kappa",), "current": ("current", "eta")}) == "kappa":
        kappa = amplitude(t, "kappa")
    else:
        current = t.number("current", unit="(A)")
        if "slonczewski_polarization" in t:
            eta = t.number("eta", 1.0, low=0.0)
        else:  # required: a constant efficiency has no natural default
            eta = t.number("eta", low=0.0)
        alpha = ctx.need_alpha(t.dotted("current"))
        temperature = ctx.device.temperature
        kappa = converted(t, "current", lambda: units.kappa(current, eta, alpha, temperature),
                          "kappa", f"spin_transfer.eta = {eta:g}, dynamics.alpha = {alpha:g} "
                          f"and device.temperature = {temperature:g} K")
    pol = t.number("slonczewski_polarization", None, low=0.0, high=1.0)
    chi = (Polarizer(-kappa, direction) if pol is None
           else Slonczewski(kappa=kappa, polarization=pol, direction=direction))
    form = one_of(t, {"field_like": ("field_like",), "field_like_ratio": ("field_like_ratio",)},
                  required=False)
    phi = None
    if form == "field_like":
        phi = Polarizer(amplitude(t, "field_like"), direction)
    elif form == "field_like_ratio":
        ratio = t.number("field_like_ratio")
        alpha = ctx.need_alpha(t.dotted("field_like_ratio"))
        # b/a = ratio with chi~ = mu0 Ms v a/(alpha kT), phi~ = mu0 Ms v b/kT
        # (docs/conventions.md s. 3)
        strength = converted(t, "field_like_ratio", lambda: ratio * alpha * kappa, "phi",
                             f"kappa = {kappa:g} kT and dynamics.alpha = {alpha:g}")
        phi = Polarizer(strength, direction)
    return SpinTransfer(chi=chi, phi=phi)


SPIN_TRANSFER_SOURCES.register("polarizer", SpinTransferSource(
    ("kappa", "current", "eta", "polarizer", "field_like", "field_like_ratio",
     "slonczewski_polarization"),
    _read_polarizer, "a fixed polarizer: damping-like chi = -kappa (u.p), field-like phi",
    ((("kappa",), ("current", "eta")), (("field_like",), ("field_like_ratio",)))))


# --------------------------------------------------------------------- stack
@dataclass(eq=True)
class StackTorquePotential(Potential):
    """One potential (``part`` = ``"chi"`` or ``"phi"``, kT) of a stack's torque.

    The fields describe it: they go to ``summary.json`` and decide equality (the
    ``[stack]`` table itself is compared by :class:`~fpsphere.config.RunConfig`).
    The :class:`~fpsphere.coupling.StackTorque` is a constructor argument (``torque``)
    kept out of the fields; the two parts share it, so its angle sweep (the 1D
    solves) runs once, on first use.  Treat an instance as immutable.
    """

    part: str
    current_density: float
    alpha: float
    free_layer: int
    area: float
    l_par: float
    l_perp: float
    polarizer: tuple[float, float, float]
    torque: InitVar[StackTorque]
    #: evaluating it runs the 1D solves: checks at configuration time skip it
    lazy: ClassVar[bool] = True

    def __post_init__(self, torque: StackTorque) -> None:
        if self.part not in ("chi", "phi"):
            raise ParameterError(f"part={self.part!r} is not allowed: expected 'chi' or 'phi'")
        if not isinstance(torque, StackTorque):
            raise ParameterError(f"torque={torque!r} is not allowed: expected a StackTorque")
        self._torque = torque

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, f.name) for f in fields(self)))

    def __call__(self, u):
        chi, phi = self._torque.potentials(self.current_density, self.alpha)
        return (chi if self.part == "chi" else phi)(u)


def _read_stack(t: TableLike, ctx: ContextLike) -> SpinTransfer:
    """Torque from the ``[stack]`` table (S-19 ... S-22, :class:`StackTorque`)."""
    if ctx.stack is None:
        raise ConfigError(f"{t.source}: spin_transfer.source = 'stack' needs a [stack] table "
                          "(the layers, with the free layer among them)")
    n_layers = len(ctx.stack.layers)
    if isinstance(t.data.get("free_layer"), int) and not isinstance(
            t.data.get("free_layer"), bool) and not 0 <= t.data["free_layer"] < n_layers:
        raise t.error("free_layer", t.data["free_layer"],
                      f"an index of stack.layers, 0 ... {n_layers - 1} (the [stack] has "
                      f"{n_layers} layers)")
    free = t.integer("free_layer", low=0, high=n_layers - 1)
    if one_of(t, {"area": ("area",), "diameter": ("diameter",)}) == "area":
        area = t.number("area", low=0.0, high=MAX_AREA, unit="(m^2)")
    else:
        area = math.pi / 4 * t.number("diameter", low=0.0, high=MAX_DIAMETER, unit="(m)") ** 2
        if area == 0.0:
            raise t.error("diameter", t.data["diameter"], "a diameter whose cross-section "
                          "pi d^2/4 is > 0 (m)")
    current = t.number("current_density", ctx.stack.current_density, unit="(A/m^2)")
    alpha = ctx.need_alpha(t.dotted("free_layer"))
    try:
        torque = StackTorque(ctx.stack.build(), free, area, temperature=ctx.device.temperature,
                             l_par=t.number("l_par", 1.0), l_perp=t.number("l_perp", 1.0),
                             axis=t.vector("polarizer", [0.0, 0.0, 1.0]),
                             nodes=t.integer("nodes", 16, low=4, high=1000),
                             points=t.integer("points", 1000, low=20, high=10**6))
    except ConfigError:
        raise
    except ParameterError as err:
        raise ConfigError(f"{t.source}: spin_transfer (source = 'stack'): {err}") from err
    chi, phi = (StackTorquePotential(part, current, alpha, free, area, torque.l_par,
                                     torque.l_perp, torque.axis, torque)
                for part in ("chi", "phi"))
    return SpinTransfer(chi=chi, phi=phi)


SPIN_TRANSFER_SOURCES.register("stack", SpinTransferSource(
    ("free_layer", "area", "diameter", "current_density", "l_par", "l_perp", "polarizer",
     "nodes", "points"),
    _read_stack, "the torque of the [stack] current on its free layer (StackTorque)",
    ((("area",), ("diameter",)),)))
