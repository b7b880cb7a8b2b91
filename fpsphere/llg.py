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

__all__ = ["checked_run", "drift", "tangent_gradient", "trajectories", "unit"]


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


def checked_run(alpha: float, dt: float, u0, times) -> tuple[np.ndarray, np.ndarray]:
    """Validated ``(u0 as unit (n, 3), times)``; raises before any integration."""
    if not (np.isfinite(alpha) and alpha > 0):
        raise ParameterError(f"alpha={alpha!r} is not allowed: expected a finite damping > 0")
    if not (np.isfinite(dt) and dt > 0):
        raise ParameterError(f"dt={dt!r} is not allowed: expected a finite step > 0")
    u = np.atleast_2d(np.asarray(u0, dtype=float))
    if u.ndim != 2 or u.shape[1] != 3 or np.any(np.linalg.norm(u, axis=1) == 0):
        raise ParameterError("u0 must be non-zero 3-vectors, shape (3,) or (n, 3)")
    times = np.atleast_1d(np.asarray(times, dtype=float))
    if times.min() < 0 or np.any(np.diff(times) <= 0):
        raise ParameterError("times must be increasing and >= 0")
    return unit(u.copy()), times


def drift(energy, alpha: float, chi=None, phi=None):
    """The deterministic velocity ``v(u) = -(1/2) grad U_d + (1/(2 alpha)) u x grad U_p``."""
    U, chi_p, phi_p = (as_potential(p, name) for p, name in
                       ((energy, "energy"), (chi, "chi"), (phi, "phi")))

    def velocity(x):
        g_d = tangent_gradient(lambda y: U(y) - chi_p(y), x)
        g_p = tangent_gradient(lambda y: U(y) + phi_p(y), x)
        return -0.5 * g_d + np.cross(x, g_p) / (2 * alpha)

    return velocity


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
    u, times = checked_run(alpha, dt, u0, times)
    velocity = drift(energy, alpha, chi, phi)

    out = np.empty((times.size, *u.shape))
    t = 0.0
    for k, target in enumerate(times):
        n = int(np.ceil((target - t) / dt - 1e-9)) if target > t else 0
        h = (target - t) / n if n else 0.0
        for _ in range(n):
            k1 = velocity(u)
            k2 = velocity(unit(u + 0.5 * h * k1))
            k3 = velocity(unit(u + 0.5 * h * k2))
            k4 = velocity(unit(u + h * k3))
            u = unit(u + h * (k1 + 2 * k2 + 2 * k3 + k4) / 6)
        t = target
        out[k] = u
    return out


def unit(x: np.ndarray) -> np.ndarray:
    """Rows of ``x`` scaled to unit length."""
    return x / np.linalg.norm(x, axis=1, keepdims=True)
