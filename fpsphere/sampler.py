"""Stochastic LLG (Langevin) macrospin sampler: an independent cross-check.

The Fokker-Planck equation of PHYSICS.md section 1 is the forward equation of the
Stratonovich SDE on the sphere (tau in tau_N, energies in kT)

    du = v(u) d tau + P(u) o dW,   v = -(1/2) grad U_d + (1/(2 alpha)) u x grad U_p,

with ``P(u) = I - u u^T`` and ``W`` a standard 3D Wiener process: tangent Brownian
motion with generator ``(1/2) Laplace``, which is the diffusion term of
``2 d(rho)/d(tau) = Laplace rho + ...``.  Integrated with the stochastic Heun
(predictor-corrector) scheme, which converges to the Stratonovich solution, and
renormalized after each stage; vectorized over trajectories.  A validation tool
and benchmark baseline, not the main method (PHYSICS.md, issue 6).
"""

from __future__ import annotations

import numpy as np

from fpsphere.energy import as_potential
from fpsphere.errors import ParameterError
from fpsphere.llg import tangent_gradient

__all__ = ["langevin"]


def _project(u: np.ndarray, w: np.ndarray) -> np.ndarray:
    return w - np.einsum("ij,ij->i", w, u)[:, None] * u


def _unit(x: np.ndarray) -> np.ndarray:
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def langevin(energy, alpha: float, u0: np.ndarray, times, *, chi=None, phi=None,
             dt: float = 1e-3, seed: int | None = None) -> np.ndarray:
    """Sample trajectories; returns positions (len(times), n, 3).

    Parameters
    ----------
    energy, chi, phi : energy terms or callables (kT).
    alpha : damping > 0.
    u0 : (n, 3) initial unit vectors (one per trajectory).
    times : increasing output times (tau_N) >= 0.
    dt : largest step (tau_N); weak order 1 in dt.
    seed : random seed (``numpy.random.default_rng``).
    """
    if not (np.isfinite(alpha) and alpha > 0):
        raise ParameterError(f"alpha={alpha!r} is not allowed: expected a finite damping > 0")
    if not (np.isfinite(dt) and dt > 0):
        raise ParameterError(f"dt={dt!r} is not allowed: expected a finite step > 0")
    u = np.atleast_2d(np.asarray(u0, dtype=float))
    if u.ndim != 2 or u.shape[1] != 3 or np.any(np.linalg.norm(u, axis=1) == 0):
        raise ParameterError("u0 must be an (n, 3) array of non-zero vectors")
    u = _unit(u.copy())
    times = np.atleast_1d(np.asarray(times, dtype=float))
    if times.min() < 0 or np.any(np.diff(times) <= 0):
        raise ParameterError("times must be increasing and >= 0")
    U, chi_p, phi_p = (as_potential(p, name) for p, name in
                       ((energy, "energy"), (chi, "chi"), (phi, "phi")))

    def drift(x):
        g_d = tangent_gradient(lambda y: U(y) - chi_p(y), x)
        g_p = tangent_gradient(lambda y: U(y) + phi_p(y), x)
        return -0.5 * g_d + np.cross(x, g_p) / (2 * alpha)

    rng = np.random.default_rng(seed)
    out = np.empty((times.size, *u.shape))
    t = 0.0
    for k, target in enumerate(times):
        n = int(np.ceil((target - t) / dt - 1e-9)) if target > t else 0
        h = (target - t) / n if n else 0.0
        for _ in range(n):
            dw = rng.normal(scale=np.sqrt(h), size=u.shape)
            v0 = drift(u)
            guess = _unit(u + v0 * h + _project(u, dw))
            u = _unit(u + 0.5 * (v0 + drift(guess)) * h
                      + 0.5 * (_project(u, dw) + _project(guess, dw)))
        t = target
        out[k] = u
    return out
