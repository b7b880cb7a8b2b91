"""Reduced energies and spin-transfer potentials on the sphere (docs/conventions.md section 1).

Every term is a small frozen dataclass, callable on an ``(n, 3)`` array of unit
vectors and returning ``(n,)`` values in units of ``kT``.  Terms add:
``Uniaxial(sigma=20) + Zeeman(xi=4, direction=(1, 0, 1))`` is a :class:`Sum`.
Any plain callable ``f(u) -> values`` is accepted wherever a term is, through
:func:`as_potential`, which also checks shapes and finiteness.
"""

from fpsphere.energy.terms import (
    Constant,
    Cubic,
    Custom,
    EasyPlane,
    Polarizer,
    Potential,
    Slonczewski,
    Sum,
    Uniaxial,
    Zeeman,
    as_potential,
    evaluate,
)

__all__ = [
    "Constant",
    "Cubic",
    "Custom",
    "EasyPlane",
    "Polarizer",
    "Potential",
    "Slonczewski",
    "Sum",
    "Uniaxial",
    "Zeeman",
    "as_potential",
    "evaluate",
]
