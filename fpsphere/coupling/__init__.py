"""Spin-transfer coupling: from a torque field X(u) to the potentials Phi~, chi~.

The layer between the 1D spin-accumulation solver (:mod:`fpsphere.spin`) and the
sphere (docs/conventions.md section 3, S-19 ... S-24).  A spin-transfer torque enters the
generalized LLG (S-24) as ``du/dt ⊃ L_F X`` with ``X = u x grad Phi + grad chi``
(S-22); in the reduced Fokker-Planck equation the potentials are

    chi~ = chi_X / alpha,      Phi~ = Phi_X,

where ``X`` is measured in kT (``mu0 M_s v X / kT`` for X in field units).

* :class:`AxialTorque`: a torque that depends only on the angle between ``u`` and
  a polarizer ``p``, ``X = a(u.p) u x (u x p) + b(u.p) u x p``; its potentials in
  closed form, ``chi_X = -∫a``, ``Phi_X = ∫b`` (Chebyshev quadrature in ``u.p``).
* :class:`StackTorque`: ``a`` and ``b`` from the spin current absorbed by the free
  layer of a :class:`fpsphere.spin.Stack` (vector model) times the cross-coefficients
  ``l_par``, ``l_perp`` of S-20.  Linear in the current.
* :func:`torque_potentials`: any tangent field ``X(u)`` (two polarizers, spin-orbit
  torques ...) through the discrete Hodge decomposition, returned as potentials that
  :class:`fpsphere.FokkerPlanck` accepts (:class:`CellField`, linear interpolation).
* :data:`SPIN_TRANSFER_SOURCES`: the sources a run configuration names
  (``spin_transfer.source``: ``none``, ``polarizer``, ``stack``), each with its keys
  and reader (:mod:`fpsphere.coupling.sources`).

Depends on :mod:`fpsphere.mesh`, :mod:`fpsphere.energy`, :mod:`fpsphere.hodge`,
:mod:`fpsphere.spin`, :mod:`fpsphere.units` and :mod:`fpsphere.registry` (never on
:mod:`fpsphere.config`, which reads the registry).
"""

from fpsphere.coupling.axial import AxialTorque
from fpsphere.coupling.general import TorquePotentials, torque_potentials
from fpsphere.coupling.interpolate import CellField
from fpsphere.coupling.sources import (
    SPIN_TRANSFER_SOURCES,
    SpinTransfer,
    SpinTransferSource,
    StackTorquePotential,
    spin_transfer_keys,
)
from fpsphere.coupling.stack import StackTorque

__all__ = ["SPIN_TRANSFER_SOURCES", "AxialTorque", "CellField", "SpinTransfer",
           "SpinTransferSource", "StackTorque", "StackTorquePotential", "TorquePotentials",
           "spin_transfer_keys", "torque_potentials"]
