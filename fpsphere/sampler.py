"""Stochastic LLG (Langevin) macrospin sampler: an independent cross-check.

The Fokker-Planck equation of docs/conventions.md section 1 is the forward equation of the
Stratonovich SDE on the sphere (tau in tau_N, energies in kT)

    du = v(u) d tau + P(u) o dW,   v = -(1/2) grad U_d + (1/(2 alpha)) u x grad U_p,

with ``P(u) = I - u u^T`` and ``W`` a standard 3D Wiener process: tangent Brownian
motion with generator ``(1/2) Laplace``, which is the diffusion term of
``2 d(rho)/d(tau) = Laplace rho + ...``.  Integrated with the stochastic Heun
(predictor-corrector) scheme, which converges to the Stratonovich solution, and
renormalized after each stage; vectorized over trajectories.  A validation tool
and benchmark baseline, not the main method (docs/conventions.md).
"""

from __future__ import annotations

import numpy as np

from fpsphere.llg import checked_run, drift, unit

__all__ = ["langevin"]


def _project(u: np.ndarray, w: np.ndarray) -> np.ndarray:
    return w - np.einsum("ij,ij->i", w, u)[:, None] * u


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
    u, times = checked_run(alpha, dt, u0, times)
    velocity = drift(energy, alpha, chi, phi)

    rng = np.random.default_rng(seed)
    out = np.empty((times.size, *u.shape))
    t = 0.0
    for k, target in enumerate(times):
        n = int(np.ceil((target - t) / dt - 1e-9)) if target > t else 0
        h = (target - t) / n if n else 0.0
        for _ in range(n):
            dw = rng.normal(scale=np.sqrt(h), size=u.shape)
            v0 = velocity(u)
            guess = unit(u + v0 * h + _project(u, dw))
            u = unit(u + 0.5 * (v0 + velocity(guess)) * h
                      + 0.5 * (_project(u, dw) + _project(guess, dw)))
        t = target
        out[k] = u
    return out
