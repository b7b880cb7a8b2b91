"""Zero-temperature dynamics: the generalized LLG equation (S-24) as trajectories.

In the reduced units of the Fokker-Planck equation (PHYSICS.md section 1; energies
in kT, time in tau_N) the deterministic drift of the density is

    du/dtau = -(1/2) grad U_d + (1/(2 alpha)) u x grad U_p,   U_d = U - chi,  U_p = U + phi,

the characteristic velocity of ``J = rho v`` without diffusion.  Used as a
cross-check of the Fokker-Planck drift: fixed points, precession sense and rate,
and switching thresholds (critical torque ``kappa_c = 2 sigma``).  Tangent
gradients come from central differences of the degree-0 extension
``f(x / |x|)`` (exactly tangent); integration is classical RK4 with
renormalization, vectorized over many trajectories.
"""

from __future__ import annotations

import numpy as np

from fpsphere.energy import as_potential
from fpsphere.errors import ParameterError

__all__ = ["tangent_gradient", "trajectories"]


def tangent_gradient(potential, u: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """(n, 3) surface gradient of ``potential`` at unit vectors ``u`` (central differences)."""
    grad = np.empty_like(u)
    for k in range(3):
        shift = np.zeros(3)
        shift[k] = step
        plus = u + shift
        minus = u - shift
        plus /= np.linalg.norm(plus, axis=1, keepdims=True)
        minus /= np.linalg.norm(minus, axis=1, keepdims=True)
        grad[:, k] = (potential(plus) - potential(minus)) / (2 * step)
    return grad - np.einsum("ij,ij->i", grad, u)[:, None] * u


def trajectories(energy, alpha: float, u0, times, *, chi=None, phi=None,
                 dt: float = 1e-3) -> np.ndarray:
    """Positions (len(times), n, 3) of ``n`` trajectories started at ``u0`` (n, 3) or (3,).

    Parameters
    ----------
    energy, chi, phi : energy terms or callables (kT), as for :class:`FokkerPlanck`.
    alpha : damping, > 0.
    times : increasing output times (tau_N), >= 0.
    dt : largest RK4 step (tau_N).
    """
    if not (np.isfinite(alpha) and alpha > 0):
        raise ParameterError(f"alpha={alpha!r} is not allowed: expected a finite damping > 0")
    if not (np.isfinite(dt) and dt > 0):
        raise ParameterError(f"dt={dt!r} is not allowed: expected a finite step > 0")
    u = np.atleast_2d(np.asarray(u0, dtype=float)).copy()
    if u.shape[1] != 3 or np.any(np.linalg.norm(u, axis=1) == 0):
        raise ParameterError("u0 must be non-zero 3-vectors, shape (3,) or (n, 3)")
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    times = np.atleast_1d(np.asarray(times, dtype=float))
    if times.min() < 0 or np.any(np.diff(times) <= 0):
        raise ParameterError("times must be increasing and >= 0")
    U, chi_p, phi_p = (as_potential(p, name) for p, name in
                       ((energy, "energy"), (chi, "chi"), (phi, "phi")))
    u_d = lambda x: U(x) - chi_p(x)  # noqa: E731
    u_p = lambda x: U(x) + phi_p(x)  # noqa: E731

    def velocity(x):
        return -0.5 * tangent_gradient(u_d, x) + np.cross(x, tangent_gradient(u_p, x)) / (2 * alpha)

    out = np.empty((times.size, *u.shape))
    t = 0.0
    for k, target in enumerate(times):
        n = int(np.ceil((target - t) / dt - 1e-9)) if target > t else 0
        h = (target - t) / n if n else 0.0
        for _ in range(n):
            k1 = velocity(u)
            k2 = velocity(_unit(u + 0.5 * h * k1))
            k3 = velocity(_unit(u + 0.5 * h * k2))
            k4 = velocity(_unit(u + h * k3))
            u = _unit(u + h * (k1 + 2 * k2 + 2 * k3 + k4) / 6)
        t = target
        out[k] = u
    return out


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)
