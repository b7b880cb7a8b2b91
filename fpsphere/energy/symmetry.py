"""Common rotational symmetry axis of potentials on the sphere.

docs/conventions.md fact 3: when the dissipative and precession potentials ``U_d`` and
``U_p`` both depend on ``u . n`` only (easy axis, field and polarizer collinear),
``exp(-U_d)`` is the exact stationary density, equilibrium or not.  The model uses
:func:`symmetry_axis` to recognize that case from the potentials themselves
(callables ``f(u) -> (n,)``), independently of how they were built.

Method: for a potential axial about ``n`` the surface gradient lies in the plane of
``u`` and ``n``, so ``n . (u x grad f) = 0`` everywhere; the candidate ``n`` is the
eigenvector of the smallest eigenvalue of ``sum (u x grad f)(u x grad f)^T`` over a
fixed Fibonacci set of directions.  It is then verified exactly: every potential
must be unchanged, to ``rtol`` of its range, under three rotations about ``n``.

Each potential's ``u x grad f`` is scaled to its largest entry before they are
combined, so that amplitudes up to the double range (1e300 kT) neither overflow
nor drown the others; gradients that are not finite give None.

Depends on numpy only (gradients by central differences).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["symmetry_axis"]


def _fibonacci(n: int) -> np.ndarray:
    k = np.arange(n) + 0.5
    z = 1 - 2 * k / n
    phi = np.pi * (1 + 5**0.5) * k
    r = np.sqrt(1 - z * z)
    return np.stack([r * np.cos(phi), r * np.sin(phi), z], axis=1)


def _gradient(f: Callable, u: np.ndarray, step: float = 1e-5) -> np.ndarray:
    grad = np.empty_like(u)
    for k in range(3):
        shift = np.zeros(3)
        shift[k] = step
        plus, minus = u + shift, u - shift
        plus /= np.linalg.norm(plus, axis=1, keepdims=True)
        minus /= np.linalg.norm(minus, axis=1, keepdims=True)
        grad[:, k] = (np.asarray(f(plus), float) - np.asarray(f(minus), float)) / (2 * step)
    return grad - np.einsum("ij,ij->i", grad, u)[:, None] * u


def _rotation(n: np.ndarray, angle: float) -> np.ndarray:
    k = np.array([[0, -n[2], n[1]], [n[2], 0, -n[0]], [-n[1], n[0], 0]])
    return np.eye(3) + np.sin(angle) * k + (1 - np.cos(angle)) * (k @ k)


def symmetry_axis(potentials: Sequence[Callable], *, points: int = 400,
                  rtol: float = 1e-9) -> np.ndarray | None:
    """Unit axis ``n`` about which every potential is rotationally symmetric, or None.

    Parameters
    ----------
    potentials : callables ``f(u) -> (n,)`` on unit vectors ``u`` (n, 3) (kT).
    points : number of sample directions.
    rtol : allowed change under rotation, relative to ``1 + max |f|``.

    Returns None also when every potential is constant (no preferred axis).
    """
    u = _fibonacci(points)
    parts = []
    for f in potentials:  # each scaled to its largest entry: no overflow in w.T @ w
        part = np.cross(u, _gradient(f, u))
        if not np.all(np.isfinite(part)):
            return None  # gradients beyond double range: no axis can be certified
        scale = np.abs(part).max()
        parts.append(part / scale if scale > 0 else part)
    w = np.concatenate(parts)
    size = np.einsum("ij,ij->", w, w)
    if size == 0:
        return None
    values, vectors = np.linalg.eigh(w.T @ w / size)
    if values[0] > 1e-8:
        return None
    n = vectors[:, 0] / np.linalg.norm(vectors[:, 0])
    for f in potentials:
        base = np.asarray(f(u), float)
        scale = rtol * (1.0 + np.abs(base).max())
        for angle in (0.7, 2.1, 4.0):
            if np.abs(np.asarray(f(u @ _rotation(n, angle).T), float) - base).max() > scale:
                return None
    return n
