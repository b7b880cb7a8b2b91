"""Edge fluxes of the generalized Brown equation (docs/conventions.md section 1).

For every primal edge ``e = (i, j)`` the probability flux through its dual edge
(integrated over the dual edge, from cell ``i`` into cell ``j``) is linear in the
two cell densities::

    F_e = forward_e * rho_i + backward_e * rho_j

This module computes ``forward`` and ``backward`` for the two parts of

    2 d(rho)/d(tau) = div[grad rho + rho grad U_d] - (1/alpha) div[rho (u x grad U_p)].

Dissipative part: Scharfetter-Gummel exponential fitting with ``U_d`` (exact
for the 1D constant-flux problem along the edge; zero flux for the Boltzmann
density ``exp(-U_d)``; an M-matrix for any potential).

Precession part: the flux of ``rho v``, ``v = (u x grad U_p)/(2 alpha)``, through
the dual arc from circumcentre ``R`` to ``L``, written in ``g = rho exp(U_d)``::

    F_e = c_e * ghat_e,   c_e = (1/2 alpha) int_R^L exp(-U_d) dU_p  (ds along the arc)

with ``U_d, U_p`` taken linear along the arc, ``c_e = V_e * LM_e``: ``V_e`` the
exact velocity flux ``(U_p(R) - U_p(L)) / (2 alpha)`` and ``LM_e`` the
logarithmic mean of ``exp(-U_d)`` at the two circumcentres.  It splits exactly
into ``c_eq = (exp(-U_d(L)) - exp(-U_d(R))) / (2 alpha)``, a discrete curl (its
divergence vanishes identically, hence exact equilibrium for every alpha), and
``c_ne = LM_e (Psi(R) - Psi(L)) / (2 alpha)`` with ``Psi = U_p - U_d = phi + chi``,
which vanishes at equilibrium.  The face value ``ghat`` is centred for ``c_eq``;
the schemes in :data:`PRECESSION_SCHEMES` differ in how they treat ``c_ne`` and
whether they enforce an M-matrix (see ``docs/explanation/operator.md`` for the comparison).

All exponentials are of differences of potentials between an edge's cells and
circumcentres (local exponent shifts): no overflow for potentials spanning
hundreds of kT.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = [
    "EdgePotentials",
    "bernoulli",
    "dissipative_fluxes",
    "precession_fluxes",
    "PRECESSION_SCHEMES",
]


def bernoulli(x: np.ndarray) -> np.ndarray:
    """The Bernoulli function ``B(x) = x / (exp(x) - 1)``, accurate for all x."""
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    small = np.abs(x) < 1e-3
    xs = x[small]
    out[small] = 1.0 - xs / 2.0 + xs * xs / 12.0 - xs**4 / 720.0
    xl = x[~small]
    with np.errstate(over="ignore"):
        out[~small] = xl / np.expm1(xl)
    return out


def _sinhc(x: np.ndarray) -> np.ndarray:
    small = np.abs(x) < 1e-4
    safe = np.where(small, 1.0, x)
    return np.where(small, 1.0 + x * x / 6.0, np.sinh(safe) / safe)


@dataclass(frozen=True)
class EdgePotentials:
    """Potentials (kT) sampled where the fluxes need them.

    Attributes
    ----------
    ud_i, ud_j : (E,) U_d at the two cells of each edge.
    ud_left, ud_right : (E,) U_d at the circumcentres of the left/right triangles.
    psi_left, psi_right : (E,) ``Psi = U_p - U_d`` at the same circumcentres.
    ratio : (E,) ``dual_length / primal_length``.
    """

    ud_i: np.ndarray
    ud_j: np.ndarray
    ud_left: np.ndarray
    ud_right: np.ndarray
    psi_left: np.ndarray
    psi_right: np.ndarray
    ratio: np.ndarray

    @property
    def equilibrium(self) -> bool:
        """True when ``U_p - U_d`` is constant: the stationary state is Boltzmann."""
        psi = np.concatenate([self.psi_left, self.psi_right])
        return bool(np.ptp(psi) <= 1e-12 * max(1.0, np.abs(psi).max()))


def dissipative_fluxes(p: EdgePotentials) -> tuple[np.ndarray, np.ndarray]:
    """Scharfetter-Gummel ``(forward, backward)`` of ``-(1/2)(grad rho + rho grad U_d)``."""
    du = p.ud_j - p.ud_i
    half = 0.5 * p.ratio
    # both evaluated directly: B(-x) = B(x) + x cancels catastrophically for x << 0
    return half * bernoulli(du), -half * bernoulli(-du)


def _g_weights(p: EdgePotentials) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``exp(U_d,k - m)`` for k = i, j and the log-mean factor, m = mid-arc reference."""
    mid = 0.5 * (p.ud_left + p.ud_right)
    lm = _sinhc(0.5 * (p.ud_right - p.ud_left))  # LM_e * exp(mid)
    return np.exp(p.ud_i - mid), np.exp(p.ud_j - mid), lm


def _equilibrium_part(p: EdgePotentials, alpha: float) -> tuple[np.ndarray, np.ndarray]:
    """``c_eq * exp(U_d,k)`` for k = i, j: the centred curl part (times 1, not 1/2)."""
    scale = 1.0 / (2.0 * alpha)
    ci = scale * (np.exp(p.ud_i - p.ud_left) - np.exp(p.ud_i - p.ud_right))
    cj = scale * (np.exp(p.ud_j - p.ud_left) - np.exp(p.ud_j - p.ud_right))
    return ci, cj


def _nonequilibrium_part(p: EdgePotentials, alpha: float):
    """``c_ne * exp(U_d,k)`` for k = i, j, and the velocity sign."""
    vel = (p.psi_right - p.psi_left) / (2.0 * alpha)
    if not np.any(vel):
        return vel, vel, vel  # equilibrium: c_ne vanishes identically
    wi, wj, lm = _g_weights(p)
    return vel * lm * wi, vel * lm * wj, vel


def precession_velocity(p: EdgePotentials, alpha: float) -> np.ndarray:
    """(E,) exact flux of ``v = (u x grad U_p) / (2 alpha)`` through each dual arc, from
    cell i into cell j: ``(U_p(R) - U_p(L)) / (2 alpha)``.  A discrete curl: its sum
    around every cell telescopes to zero."""
    up_left = p.ud_left + p.psi_left
    up_right = p.ud_right + p.psi_right
    return (up_right - up_left) / (2.0 * alpha)


def _minimal_g_diffusion(fwd, bwd, wi, wj, need):
    """Add ``k (g_i - g_j)`` with the least ``k >= 0`` making ``fwd >= 0 >= bwd`` where
    ``need``; ``wi, wj`` are ``exp(U_d,k - m)`` so that ``g_k = rho_k exp(U_d,k)``."""
    k = np.maximum(0.0, np.maximum(bwd / wj, -fwd / wi))
    k = np.where(need, k, 0.0)
    return fwd + k * wi, bwd - k * wj


def _centered(p, alpha, diss):
    ei, ej = _equilibrium_part(p, alpha)
    ni, nj, _ = _nonequilibrium_part(p, alpha)
    return 0.5 * (ei + ni), 0.5 * (ej + nj)


def _split(p, alpha, diss):
    """Centred curl part; Peclet-switched minimal upwinding of the non-equilibrium part."""
    ei, ej = _equilibrium_part(p, alpha)
    ni, nj, _ = _nonequilibrium_part(p, alpha)
    wi, wj, _ = _g_weights(p)
    ne_f, ne_b = 0.5 * ni, 0.5 * nj
    # the part of c_ne the SG diffusion cannot absorb is upwinded, nothing more
    f_tot, b_tot = diss[0] + ne_f, diss[1] + ne_b
    f_fix, b_fix = _minimal_g_diffusion(f_tot, b_tot, wi, wj, np.ones_like(f_tot, dtype=bool))
    return 0.5 * ei + (f_fix - diss[0]), 0.5 * ej + (b_fix - diss[1])


def _markov(p, alpha, diss):
    """Centred, then the least g-diffusion that makes the whole operator an M-matrix."""
    cf, cb = _centered(p, alpha, diss)
    wi, wj, _ = _g_weights(p)
    f_fix, b_fix = _minimal_g_diffusion(diss[0] + cf, diss[1] + cb, wi, wj,
                                        np.ones_like(cf, dtype=bool))
    return f_fix - diss[0], b_fix - diss[1]


def _upwind(p, alpha, diss):
    """First-order upwinding of g (Markov, exact at equilibrium)."""
    ei, ej = _equilibrium_part(p, alpha)
    ni, nj, _ = _nonequilibrium_part(p, alpha)
    ci, cj = ei + ni, ej + nj
    forward_flow = ci > 0
    return np.where(forward_flow, ci, 0.0), np.where(forward_flow, 0.0, cj)


PrecessionScheme = Callable[[EdgePotentials, float, tuple], tuple[np.ndarray, np.ndarray]]

#: Registered precession discretizations: name -> f(potentials, alpha, dissipative) ->
#: (forward, backward).  All are conservative and exact at equilibrium.  (The transient
#: operator ``"skew"``, see :func:`~fpsphere.operators.assemble_generator`, is not one.)
PRECESSION_SCHEMES: dict[str, PrecessionScheme] = {
    "centered": _centered,
    "split": _split,
    "markov": _markov,
    "upwind": _upwind,
}


def precession_fluxes(p: EdgePotentials, alpha: float, scheme: str,
                      dissipative: tuple[np.ndarray, np.ndarray]):
    """``(forward, backward)`` of the precession flux for a registered ``scheme``."""
    return PRECESSION_SCHEMES[scheme](p, alpha, dissipative)
