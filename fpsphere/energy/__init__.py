"""Reduced energies and spin-transfer potentials on the sphere (docs/conventions.md section 1).

Every term is a small frozen dataclass, callable on an ``(n, 3)`` array of unit
vectors and returning ``(n,)`` values in units of ``kT``.  Terms add:
``Uniaxial(sigma=20) + Zeeman(xi=4, direction=(1, 0, 1))`` is a :class:`Sum`.
Any plain callable ``f(u) -> values`` is accepted wherever a term is, through
:func:`as_potential`, which also checks shapes and finiteness.

:data:`ENERGY_TERMS` names the terms a run configuration can hold (its
``[energy.<name>]`` sub-tables) with their keys and readers.  This package
re-exports everything :mod:`fpsphere.energy.terms` lists in its ``__all__``, so a
new term is declared there once.
"""

from fpsphere.energy import terms as _terms
from fpsphere.energy.terms import *  # noqa: F403  (the names of terms.__all__)

__all__ = list(_terms.__all__)
