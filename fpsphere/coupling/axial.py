"""Torques about one polarizer: ``X = a(x) u x (u x p) + b(x) u x p``, ``x = u.p``.

docs/conventions.md section 3: the damping-like part is ``grad chi_X`` with
``chi_X = -A(x)``, ``A' = a``; the field-like part is ``u x grad Phi_X`` with
``Phi_X = B(x)``, ``B' = b``.  ``a`` and ``b`` are represented by their Chebyshev
interpolants in ``x`` on ``[-1, 1]`` (sampled at Chebyshev points of the first
kind, which avoid the poles ``x = ±1`` where the torque direction is undefined);
the antiderivatives are then exact polynomials, so the potentials converge
spectrally for smooth angular laws (Slonczewski's ``g(x)`` is analytic on [-1, 1]).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.polynomial import Chebyshev

from fpsphere.energy import Custom, Potential
from fpsphere.energy.terms import _unit
from fpsphere.errors import ParameterError

__all__ = ["AxialTorque", "chebyshev_nodes"]


def chebyshev_nodes(n: int) -> np.ndarray:
    """``x_j = cos(pi (j + 1/2) / n)``, decreasing, strictly inside (-1, 1)."""
    return np.cos(np.pi * (np.arange(n) + 0.5) / n)


def _fit(x: np.ndarray, values: np.ndarray, name: str) -> Chebyshev:
    values = np.asarray(values, dtype=float)
    if values.shape != x.shape or not np.all(np.isfinite(values)):
        raise ParameterError(f"{name} must give {x.size} finite values at the Chebyshev nodes")
    return Chebyshev.fit(x, values, deg=x.size - 1, domain=[-1.0, 1.0])


@dataclass(frozen=True)
class AxialTorque:
    """``X(u) = a(x) u x (u x p) + b(x) u x p`` in kT, ``x = u.p``.

    Build with :meth:`from_functions` (angular laws as callables of ``x``) or
    :meth:`from_samples` (values of ``a``, ``b`` at :func:`chebyshev_nodes`).

    Attributes
    ----------
    damping_like, field_like : numpy Chebyshev series ``a(x)``, ``b(x)`` (kT).
    direction : unit polarizer ``p`` (3,).
    """

    damping_like: Chebyshev
    field_like: Chebyshev
    direction: tuple[float, float, float] = (0.0, 0.0, 1.0)

    @classmethod
    def from_samples(cls, damping_like, field_like, direction=(0.0, 0.0, 1.0)) -> AxialTorque:
        """From values at ``chebyshev_nodes(n)`` (n = len of the samples)."""
        n = np.asarray(damping_like).size
        if n < 2:
            raise ParameterError(f"len(damping_like)={n} is not allowed: expected >= 2 samples")
        x = chebyshev_nodes(n)
        return cls(_fit(x, damping_like, "damping_like"), _fit(x, field_like, "field_like"),
                   _unit("direction", direction))

    @classmethod
    def from_functions(cls, damping_like: Callable | float = 0.0,
                       field_like: Callable | float = 0.0, direction=(0.0, 0.0, 1.0),
                       nodes: int = 48) -> AxialTorque:
        """From angular laws ``a(x)``, ``b(x)`` (callables of ``x = u.p`` or constants)."""
        x = chebyshev_nodes(nodes)
        sample = lambda f: (np.broadcast_to(np.asarray(f(x) if callable(f) else f, float),  # noqa: E731
                                            x.shape))
        return cls.from_samples(sample(damping_like), sample(field_like), direction)

    @property
    def p(self) -> np.ndarray:
        return np.asarray(self.direction)

    def scaled(self, factor: float) -> AxialTorque:
        """The torque times ``factor`` (the potentials are linear in the current)."""
        return AxialTorque(self.damping_like * factor, self.field_like * factor, self.direction)

    def field(self, u: np.ndarray) -> np.ndarray:
        """``X(u)`` (n, 3) in kT at unit vectors ``u`` (n, 3); tangent by construction."""
        u = np.asarray(u, dtype=float)
        x = u @ self.p
        uxp = np.cross(u, self.p)
        return self.damping_like(x)[:, None] * np.cross(u, uxp) + self.field_like(x)[:, None] * uxp

    def potentials(self, alpha: float) -> tuple[Potential, Potential]:
        """``(chi~, Phi~) = (chi_X / alpha, Phi_X)`` for ``FokkerPlanck(chi=, phi=)`` (kT)."""
        if not (np.isfinite(alpha) and alpha > 0):
            raise ParameterError(f"alpha={alpha!r} is not allowed: expected a finite damping > 0")
        dl = self.damping_like.integ(lbnd=0.0)
        fl = self.field_like.integ(lbnd=0.0)
        p = self.p
        chi = Custom(lambda u: -dl(np.asarray(u) @ p) / alpha, name="chi~(axial torque)")
        phi = Custom(lambda u: fl(np.asarray(u) @ p), name="phi~(axial torque)")
        return chi, phi
