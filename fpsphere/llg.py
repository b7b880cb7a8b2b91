"""Zero-temperature dynamics: the generalized LLG equation (S-24) as trajectories.

In the reduced units of the Fokker-Planck equation (docs/conventions.md; energies
in kT, time in tau_N) the deterministic drift of the density is

    du/dtau = -(1/2) grad U_d + (1/(2 alpha)) u x grad U_p,   U_d = U - chi,  U_p = U + phi,

the characteristic velocity of ``J = rho v`` without diffusion.  Used as a
cross-check of the Fokker-Planck drift: fixed points, precession sense and rate,
switching thresholds (critical torque ``kappa_c = 2 sigma``) and switching times.

* Gradients.  :func:`gradient` gives the ambient gradient of an energy term: exact
  for the terms of :mod:`fpsphere.energy` (affine terms fold into one 3x3 matrix and
  a vector, so a sum of them costs one product), central differences of the degree-0
  extension ``f(x / |x|)`` (:func:`tangent_gradient`) for any other callable.  The
  gradient rules live here, not on the terms, because only the drift needs them.
* Integration.  The Dormand-Prince 8(5,3) pair (``scipy.integrate.DOP853``'s
  tableau) with *per-trajectory* steps, times and error control, vectorized over
  the trajectories still running: a trajectory that sits in a well takes long steps
  while a switching one takes short ones.  The drift is evaluated at ``x / |x|``, so
  its exact flow keeps ``|x|``; each accepted step is projected back onto the sphere
  (a projection method, which keeps the order).  Steps land exactly on the output
  times.  At ``alpha = 0.01`` the precession is ``~sigma/alpha`` radians per tau_N,
  which fixed-step RK4 at ``dt = 1e-3`` could not follow (docs/explanation/benchmarks.md).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy.integrate import DOP853

from fpsphere.energy import (
    Constant,
    Cubic,
    EasyPlane,
    Polarizer,
    Slonczewski,
    Sum,
    Uniaxial,
    Zeeman,
    as_potential,
)
from fpsphere.errors import ParameterError

__all__ = ["Gradient", "Integration", "checked_run", "column_drift", "drift", "gradient",
           "integrate", "tangent_gradient", "trajectories", "unit"]


def tangent_gradient(potential, u: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """(n, 3) surface gradient of ``potential`` at unit vectors ``u`` (central differences)."""
    u = np.asarray(u, dtype=float)
    n = u.shape[0]
    shifts = np.concatenate([np.eye(3), -np.eye(3)]) * step
    points = (u[None, :, :] + shifts[:, None, :]).reshape(-1, 3)
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    values = np.asarray(potential(points), dtype=float).reshape(6, n)
    grad = ((values[:3] - values[3:]) / (2 * step)).T
    return grad - np.einsum("ij,ij->i", grad, u)[:, None] * u


# --------------------------------------------------------------------------- gradients
@dataclass(frozen=True)
class Gradient:
    """Ambient gradient ``g(u) = matrix @ u + vector + sum(part(u) for part in parts)``.

    Points are *columns*: ``u`` is (3, n), unit vectors.  ``parts`` are callables
    (3, n) -> (3, n); only the tangent component of ``g`` matters to the drift.
    """

    matrix: np.ndarray = field(default_factory=lambda: np.zeros((3, 3)))
    vector: np.ndarray = field(default_factory=lambda: np.zeros(3))
    parts: tuple[Callable[[np.ndarray], np.ndarray], ...] = ()

    def __add__(self, other: Gradient) -> Gradient:
        return Gradient(self.matrix + other.matrix, self.vector + other.vector,
                        self.parts + other.parts)

    def __mul__(self, factor: float) -> Gradient:
        if factor == 1:
            return self
        return Gradient(factor * self.matrix, factor * self.vector,
                        tuple(functools.partial(_scaled, part, factor) for part in self.parts))

    __rmul__ = __mul__

    def __call__(self, u: np.ndarray) -> np.ndarray:
        g = self.matrix @ u + self.vector[:, None]
        for part in self.parts:
            g = g + part(u)
        return g


def _scaled(part, factor, u):
    return factor * part(u)


@functools.singledispatch
def gradient(term) -> Gradient:
    """:class:`Gradient` of an energy term or callable (kT); finite differences if unknown."""
    potential = as_potential(term, "potential")
    if type(potential) is not type(term):
        return gradient(potential)
    return Gradient(parts=(functools.partial(_finite_difference, potential),))


def _finite_difference(potential, u):
    return tangent_gradient(potential, u.T).T


@gradient.register
def _(term: Sum) -> Gradient:
    return sum((gradient(t) for t in term.terms), Gradient())


@gradient.register
def _(term: Constant) -> Gradient:
    return Gradient()


@gradient.register
def _(term: Uniaxial) -> Gradient:
    n = np.asarray(term.axis)
    return Gradient(matrix=-2 * term.sigma * np.outer(n, n))


@gradient.register
def _(term: EasyPlane) -> Gradient:
    n = np.asarray(term.normal)
    return Gradient(matrix=2 * term.sigma_p * np.outer(n, n))


@gradient.register
def _(term: Zeeman) -> Gradient:
    return Gradient(vector=-term.xi * np.asarray(term.direction))


@gradient.register
def _(term: Polarizer) -> Gradient:
    return Gradient(vector=term.kappa * np.asarray(term.direction))


@gradient.register
def _(term: Cubic) -> Gradient:
    return Gradient(parts=(functools.partial(_cubic, term.sigma_c, np.asarray(term.axes)),))


def _cubic(sigma_c, axes, u):
    c = axes @ u
    squares = c * c
    return axes.T @ (2 * sigma_c * c * (squares.sum(axis=0) - squares))


@gradient.register
def _(term: Slonczewski) -> Gradient:
    return Gradient(parts=(functools.partial(_slonczewski, term),))


def _slonczewski(term, u):
    p = np.asarray(term.direction)
    return -term.kappa * term.efficiency(p @ u) * p[:, None]


# --------------------------------------------------------------------------- drift
_NEXT, _PREVIOUS = [1, 2, 0], [2, 0, 1]
_ONES = np.ones(3)  # sums over the components as products: cheaper than .sum on (3, n)


def column_drift(energy, alpha: float, chi=None, phi=None):
    """The drift ``v`` on columns: (3, n) -> (3, n), evaluated at ``x / |x|``.

    Of degree 0 in ``x``, so its exact flow keeps ``|x|``; the form :func:`integrate`
    takes (:func:`drift` is the same on rows).

    The affine parts of ``grad U_d / 2`` and ``grad U_p / (2 alpha)`` and the cyclic
    shifts of ``u`` needed by the cross product come from one (15, 3) product with
    ``x``: the drift of affine energies costs about twenty array operations.
    """
    g_u, g_chi, g_phi = (gradient(as_potential(p, name)) for p, name in
                         ((energy, "energy"), (chi, "chi"), (phi, "phi")))
    rate = 1.0 / (2 * alpha)
    g_d = (g_u + (-1.0) * g_chi) * 0.5
    g_p = (g_u + g_phi) * rate
    eye = np.eye(3)
    matrix = np.concatenate([g_d.matrix, g_p.matrix[_PREVIOUS], g_p.matrix[_NEXT],
                             eye[_NEXT], eye[_PREVIOUS]])
    vector = np.concatenate([g_d.vector, g_p.vector[_PREVIOUS], g_p.vector[_NEXT]])[:, None]
    parts_d, parts_p = Gradient(parts=g_d.parts), Gradient(parts=g_p.parts)

    def velocity(x: np.ndarray) -> np.ndarray:
        scale = (_ONES @ (x * x)) ** -0.5
        z = matrix @ x
        z *= scale
        z[:9] += vector
        u = x * scale
        gd, gp_previous, gp_next, u_next, u_previous = z[:3], z[3:6], z[6:9], z[9:12], z[12:]
        if parts_d.parts:
            gd = gd + parts_d(u)
        if parts_p.parts:
            extra = parts_p(u)
            gp_previous = gp_previous + extra[_PREVIOUS]
            gp_next = gp_next + extra[_NEXT]
        v = (_ONES @ (gd * u)) * u
        v -= gd
        v += u_next * gp_previous
        v -= u_previous * gp_next
        return v

    return velocity


def drift(energy, alpha: float, chi=None, phi=None):
    """The deterministic velocity ``v(u) = -(1/2) grad U_d + (1/(2 alpha)) u x grad U_p``.

    Returns a function of (n, 3) points returning (n, 3) tangent velocities
    (1/tau_N), evaluated at ``u / |u|``.
    """
    velocity = column_drift(energy, alpha, chi, phi)
    return lambda u: velocity(np.asarray(u, dtype=float).T).T


# --------------------------------------------------------------------------- integration
@dataclass(frozen=True)
class Integration:
    """Result of :func:`integrate`.

    Attributes
    ----------
    u : (len(times), n, 3) unit vectors at the output times.
    steps : (n,) accepted steps per trajectory.
    rejected : (n,) rejected steps per trajectory.
    evaluations : drift evaluations, each on the (3, m) block of running trajectories.
    norm_error : largest ``| |x| - 1 |`` met before a projection (a check of the method).
    """

    u: np.ndarray
    steps: np.ndarray
    rejected: np.ndarray
    evaluations: int
    norm_error: float


_STAGES = DOP853.n_stages
_EXPONENT = -1.0 / (DOP853.error_estimator_order + 1)
# Stage inputs as one product with the rows [x, h k_1, ..., h k_s]; solution and the
# two error estimates as one product with [x, h k_1, ..., h k_13].
_STAGE_ROWS = np.hstack([np.ones((_STAGES, 1)), DOP853.A])
_FINAL_ROWS = np.vstack([np.r_[1.0, DOP853.B, 0.0], np.r_[0.0, DOP853.E5],
                         np.r_[0.0, DOP853.E3]])


def integrate(velocity, u0: np.ndarray, times: np.ndarray, *, rtol: float = 1e-8,
              max_step: float | None = None) -> Integration:
    """Integrate ``dx/dtau = velocity(x)`` on columns from the unit vectors ``u0`` (n, 3).

    ``velocity`` maps (3, m) to (3, m), tangent and of degree 0 in ``x`` (as
    :func:`drift`'s).  Each trajectory has its own step; its local error, estimated
    as in DOP853 (Hairer, Norsett & Wanner, Solving ODEs I, section II.10), is kept
    below ``rtol`` (an absolute error on the unit vector).  ``times`` (tau_N):
    increasing, >= 0; ``max_step`` caps the step (tau_N).
    """
    if not (np.isfinite(rtol) and 0 < rtol < 1):
        raise ParameterError(f"rtol={rtol!r} is not allowed: expected 0 < rtol < 1")
    cap = np.inf if max_step is None else float(max_step)
    n = u0.shape[0]
    out = np.empty((times.size, 3, n))
    start = int(np.searchsorted(times, 0.0, side="right"))
    out[:start] = u0.T
    ids = np.arange(n)
    x = u0.T.copy()
    t = np.zeros(n)
    k = np.full(n, start)
    f = velocity(x)
    evaluations = 1
    h = np.minimum(cap, 0.1 * rtol ** (-_EXPONENT)
                   / np.maximum(np.sqrt((f * f).sum(axis=0)), 1e-300))
    steps = np.zeros(n, dtype=int)
    rejected = np.zeros(n, dtype=int)
    norm_error = 0.0
    rows = np.empty((0, 3, 0))
    while ids.size and start < times.size:
        m = ids.size
        if rows.shape[2] != m:
            rows = np.empty((_STAGES + 2, 3, m))
        flat = rows.reshape(_STAGES + 2, 3 * m)
        remaining = times[k] - t
        land = h >= remaining
        hs = np.where(land, remaining, h)
        rows[0] = x
        np.multiply(f, hs, out=rows[1])
        for s in range(1, _STAGES):
            stage = (_STAGE_ROWS[s, :s + 1] @ flat[:s + 1]).reshape(3, m)
            np.multiply(velocity(stage), hs, out=rows[s + 1])
        final = (_FINAL_ROWS[0, :-1] @ flat[:-1]).reshape(3, m)
        f_new = velocity(final)
        np.multiply(f_new, hs, out=rows[_STAGES + 1])
        evaluations += _STAGES
        errors = ((_FINAL_ROWS[1:] @ flat) ** 2).reshape(2, 3, m).sum(axis=1)
        error = errors[0] / (np.sqrt(3 * (errors[0] + 0.01 * errors[1])) + 1e-300) / rtol
        if not np.isfinite(error.sum()):
            raise ParameterError("the drift is not finite along a trajectory "
                                 "(check the energy terms and potentials)")
        factor = 0.9 * np.maximum(error, 1e-12) ** _EXPONENT
        accept = error <= 1.0
        all_accepted = bool(accept.all())
        # a step cut short to land on an output time says little about the next one
        grown = np.maximum(np.minimum(factor, 10.0) * hs, np.where(land, h, 0.0))
        if all_accepted:
            h = np.minimum(grown, cap)
        else:
            h = np.minimum(np.where(accept, grown, np.clip(factor, 0.2, 1.0) * hs), cap)
            if np.any(h[~accept] < 1e-14 * np.maximum(1.0, t[~accept])):
                raise ParameterError("the step size fell below round-off: the drift is not "
                                     "smooth enough along a trajectory")
            rejected[ids[~accept]] += 1
        radius = np.sqrt((final * final).sum(axis=0))
        if all_accepted:
            norm_error = max(norm_error, float(np.abs(radius - 1).max()))
            x = final / radius
            f = f_new
            t = np.where(land, times[k], t + hs)
        elif accept.any():
            norm_error = max(norm_error, float(np.abs(radius[accept] - 1).max()))
            x[:, accept] = final[:, accept] / radius[accept]
            f[:, accept] = f_new[:, accept]
            t[accept] = np.where(land[accept], times[k[accept]], t[accept] + hs[accept])
        steps[ids[accept]] += 1
        done = accept & land
        if done.any():
            out[k[done], :, ids[done]] = x[:, done].T
            k[done] += 1
            running = k < times.size
            if not running.all():
                ids, x, f, t, k, h = (ids[running], x[:, running], f[:, running],
                                      t[running], k[running], h[running])
    return Integration(np.ascontiguousarray(out.transpose(0, 2, 1)), steps, rejected,
                       evaluations, norm_error)


def checked_run(alpha: float, dt: float | None, u0, times) -> tuple[np.ndarray, np.ndarray]:
    """Validated ``(u0 as unit (n, 3), times)``; raises before any integration.

    ``dt`` may be ``None`` (no step limit); otherwise a finite step > 0.
    """
    if not (np.isfinite(alpha) and alpha > 0):
        raise ParameterError(f"alpha={alpha!r} is not allowed: expected a finite damping > 0")
    if dt is not None and not (np.isfinite(dt) and dt > 0):
        raise ParameterError(f"dt={dt!r} is not allowed: expected a finite step > 0")
    u = np.atleast_2d(np.asarray(u0, dtype=float))
    if u.ndim != 2 or u.shape[1] != 3 or np.any(np.linalg.norm(u, axis=1) == 0):
        raise ParameterError("u0 must be non-zero 3-vectors, shape (3,) or (n, 3)")
    times = np.atleast_1d(np.asarray(times, dtype=float))
    if times.min() < 0 or np.any(np.diff(times) <= 0):
        raise ParameterError("times must be increasing and >= 0")
    return unit(u.copy()), times


def trajectories(energy, alpha: float, u0, times, *, chi=None, phi=None,
                 dt: float | None = None, rtol: float = 1e-8) -> np.ndarray:
    """Positions (len(times), n, 3) of ``n`` trajectories started at ``u0`` (n, 3) or (3,).

    Parameters
    ----------
    energy, chi, phi : energy terms or callables (kT), as for :class:`FokkerPlanck`.
    alpha : damping, > 0.
    times : increasing output times (tau_N), >= 0.
    dt : largest step (tau_N), or ``None`` for none; steps are adaptive.
    rtol : local error per step on the unit vector (see :func:`integrate`).
    """
    u, times = checked_run(alpha, dt, u0, times)
    velocity = column_drift(energy, alpha, chi, phi)
    return integrate(velocity, u, times, rtol=rtol, max_step=dt).u


def unit(x: np.ndarray) -> np.ndarray:
    """Rows of ``x`` scaled to unit length."""
    return x / np.linalg.norm(x, axis=1, keepdims=True)
