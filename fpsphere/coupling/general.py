"""Potentials of any tangent torque field by the discrete Hodge decomposition.

``X = u x grad Phi_X + grad chi_X`` (S-22, :func:`fpsphere.hodge.hodge_decomposition`,
two sparse Poisson solves), then ``chi~ = chi_X / alpha`` and ``Phi~ = Phi_X``
(:mod:`fpsphere.coupling`), each wrapped as a :class:`CellField` so that the
Fokker-Planck operator can sample it anywhere (cells and circumcentres).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from fpsphere.coupling.interpolate import CellField
from fpsphere.energy import Potential
from fpsphere.errors import ParameterError
from fpsphere.hodge import hodge_decomposition
from fpsphere.mesh import SphereMesh

__all__ = ["TorquePotentials", "torque_potentials"]


@dataclass(frozen=True)
class TorquePotentials:
    """Reduced spin-transfer potentials of a torque field on one mesh.

    Attributes
    ----------
    chi : damping-like ``chi~ = chi_X / alpha`` (kT), for ``FokkerPlanck(chi=)``.
    phi : field-like ``Phi~ = Phi_X`` (kT), for ``FokkerPlanck(phi=)``.
    residual : relative mismatch of the decomposition (O(h^2) for smooth fields).
    """

    chi: Potential
    phi: Potential
    residual: float


def torque_potentials(mesh: SphereMesh, torque: Callable | np.ndarray,
                      alpha: float) -> TorquePotentials:
    """Split a torque field ``X`` (kT) into the potentials of the Fokker-Planck equation.

    Parameters
    ----------
    mesh : SphereMesh
    torque : callable ``u (n, 3) -> X (n, 3)`` in kT, an object with a ``field``
        method (e.g. :class:`~fpsphere.coupling.AxialTorque`), or (N, 3) cell values.
        It must be tangent (``X.u = 0`` to 1e-6 of its size).
    alpha : Gilbert damping (> 0), which divides the damping-like potential.
    """
    if not (isinstance(alpha, int | float | np.floating) and np.isfinite(alpha) and alpha > 0):
        raise ParameterError(f"alpha={alpha!r} is not allowed: expected a finite damping > 0")
    field = torque.field if hasattr(torque, "field") else torque
    parts = hodge_decomposition(mesh, field)
    return TorquePotentials(chi=CellField(mesh, parts.chi / alpha, "chi~ (Hodge)"),
                            phi=CellField(mesh, parts.phi, "phi~ (Hodge)"),
                            residual=parts.residual)
