"""Assembly of the Fokker-Planck generator as one sparse matrix.

Owns the matrix form of the finite-volume scheme of :mod:`.fluxes`:

    A_i d(rho_i)/d(tau) = - sum_{e ni i} (flux out of cell i through e)

stored in the *g-form* ``N = E M E^{-1}`` (``M`` the flux balance, ``E = diag(exp(U_d))``,
``g = rho exp(U_d)``), where every entry is a local quantity of order one and the
equilibrium parts are exact differences of ``g``: constant ``g`` is annihilated
to the last bit, so residuals of stationary states and committors computed
with ``N`` do not drown in the rounding of ``exp(-U)`` spanning hundreds of kT.
The plain generator ``L`` (``d rho / d tau = L rho``) is derived from ``N``.

Depends on :mod:`fpsphere.mesh` and :mod:`.fluxes`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from fpsphere.mesh import SphereMesh
from fpsphere.operators.fluxes import (
    EdgePotentials,
    _equilibrium_part,
    dissipative_fluxes,
    precession_fluxes,
    precession_velocity,
)

__all__ = ["Generator", "assemble_generator", "edge_potentials"]


def edge_potentials(mesh: SphereMesh, ud_cells, ud_circ, psi_circ) -> EdgePotentials:
    """Sample the potentials on the edges of ``mesh`` (cells and circumcentres)."""
    i, j = mesh.edges.T
    left, right = mesh.edge_triangles.T
    return EdgePotentials(
        ud_i=ud_cells[i], ud_j=ud_cells[j],
        ud_left=ud_circ[left], ud_right=ud_circ[right],
        psi_left=psi_circ[left], psi_right=psi_circ[right],
        ratio=mesh.dual_lengths / mesh.primal_lengths,
    )


@dataclass(frozen=True, eq=False)
class Generator:
    """The assembled operator.

    Attributes
    ----------
    mesh : SphereMesh
    ud : (N,) U_d at the cells (kT); defines ``g = rho exp(U_d)``.
    sg : (E,) Scharfetter-Gummel coefficient in g-form, relative to
        ``exp(-(U_d,i + U_d,j)/2)``: SG flux ``= sg (g_i - g_j) exp(-m_e)``.
    curl : (E,) centred equilibrium precession: flux ``= curl (g_i + g_j)/2 exp(-m_e)``;
        its cell sums vanish analytically and are dropped from the diagonal.
    forward, backward : (E,) any further flux ``forward rho_i + backward rho_j``.
    scheme : str
    skew : (E,) or None, centred precession in rho: flux ``= skew (rho_i + rho_j)`` with a
        divergence-free ``skew`` (a discrete curl), so its cell sums vanish analytically
        and are dropped from the diagonal: ``A L`` restricted to it is antisymmetric.
    """

    mesh: SphereMesh
    ud: np.ndarray
    sg: np.ndarray
    curl: np.ndarray
    forward: np.ndarray
    backward: np.ndarray
    scheme: str
    skew: np.ndarray | None = None

    @cached_property
    def _mid(self) -> np.ndarray:
        i, j = self.mesh.edges.T
        return 0.5 * (self.ud[i] + self.ud[j])

    @cached_property
    def _half(self) -> np.ndarray:
        i, j = self.mesh.edges.T
        return 0.5 * (self.ud[j] - self.ud[i])

    def edge_coefficients(self, *, diagonal: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """(E,) ``P, Q`` of the g-form edge flux ``F_e = (P g_i + Q g_j) exp(-m_e)``.

        The one place the edge algebra is written (stabilization, first-passage rates
        and the g-form matrix all read it).  With ``diagonal=True`` the parts whose cell
        sums vanish analytically (centred curl, skew precession) are left out: those are
        the coefficients that go on the diagonal, so that constant ``g`` (equilibrium)
        is annihilated to the last bit.
        """
        up, down = np.exp(self._half), np.exp(-self._half)  # exp(U_j - m), exp(U_i - m)
        # rho_i = g_i exp(-U_i) = g_i exp(-m) exp(m - U_i)
        p = self.sg + self.forward * up
        q = -self.sg + self.backward * down
        if diagonal:
            return p, q
        p = p + 0.5 * self.curl
        q = q + 0.5 * self.curl
        if self.skew is not None:
            p = p + self.skew * up
            q = q + self.skew * down
        return p, q

    @cached_property
    def g_form(self) -> sp.csr_matrix:
        """(N, N) ``N = E M E^{-1}``: ``d(A g exp(-U_d))/d(tau) = exp(-U_d) N g`` row-wise."""
        up, down = np.exp(self._half), np.exp(-self._half)
        # flux in units exp(-m): P g_i + Q g_j; row i gets -flux exp(U_i - m),
        # row j gets +flux exp(U_j - m)
        p, q = self.edge_coefficients()
        p_diag, q_diag = self.edge_coefficients(diagonal=True)
        values = np.stack([-p_diag * down, -q * down, p * up, q_diag * up], axis=1)
        return self._csr(values)

    def jump_rates(self) -> tuple[np.ndarray, np.ndarray]:
        """(E,) jump rates ``i -> j`` and ``j -> i`` (per tau_N, times the cell area).

        ``F = a rho_i - b rho_j`` with ``a = P exp(U_i - m)``, ``b = -Q exp(U_j - m)``:
        the backward operator ``(A L* f)_i = sum_j a_ij (f_j - f_i)`` written with them
        annihilates constants exactly, which first-passage times need.
        """
        p, q = self.edge_coefficients()
        return p * np.exp(-self._half), -q * np.exp(self._half)

    def _csr(self, values: np.ndarray) -> sp.csr_matrix:
        """CSR matrix with ``values`` (E, 4) at the slots (ii, ij, ji, jj) of each edge."""
        indptr, indices, slots = self.mesh.csr_slots
        data = np.bincount(slots.ravel(), values.ravel(), minlength=indices.size)
        n = self.mesh.n_cells
        return sp.csr_matrix((data, indices.copy(), indptr.copy()), shape=(n, n))

    @cached_property
    def matrix(self) -> sp.csr_matrix:
        """(N, N) the generator ``L``: ``d rho / d tau = L rho`` (tau in tau_N)."""
        n_mat = self.g_form
        rows = np.repeat(np.arange(n_mat.shape[0]), np.diff(n_mat.indptr))
        factor = np.exp(self.ud[n_mat.indices] - self.ud[rows]) / self.mesh.areas[rows]
        return sp.csr_matrix((n_mat.data * factor, n_mat.indices.copy(), n_mat.indptr.copy()),
                             shape=n_mat.shape)

    def edge_flux(self, rho: np.ndarray) -> np.ndarray:
        """(E,) integrated flux from cell i to cell j through each dual edge for ``rho``."""
        i, j = self.mesh.edges.T
        mid = self._mid
        gi = rho[i] * np.exp(self.ud[i] - mid)
        gj = rho[j] * np.exp(self.ud[j] - mid)
        flux = (self.sg * (gi - gj) + 0.5 * self.curl * (gi + gj)
                + self.forward * rho[i] + self.backward * rho[j])
        if self.skew is not None:
            flux = flux + self.skew * (rho[i] + rho[j])
        return flux

    def with_extra(self, forward: np.ndarray, backward: np.ndarray, scheme: str) -> Generator:
        """A copy with ``forward``/``backward`` added (e.g. a stabilization)."""
        return Generator(self.mesh, self.ud, self.sg, self.curl, self.forward + forward,
                         self.backward + backward, scheme, self.skew)


def assemble_generator(mesh: SphereMesh, ud_cells: np.ndarray, ud_circ: np.ndarray,
                       psi_circ: np.ndarray, alpha: float, scheme: str) -> Generator:
    """Assemble the generator for potentials sampled at cells and circumcentres.

    Parameters
    ----------
    ud_cells : (N,) U_d = U - chi at the cells (kT).
    ud_circ, psi_circ : (M,) U_d and Psi = U_p - U_d = phi + chi at the circumcentres.
    alpha : float, damping (> 0).
    scheme : a key of :data:`fpsphere.operators.fluxes.PRECESSION_SCHEMES`, or ``"skew"``:
        the transient operator, Scharfetter-Gummel dissipation plus the precession
        centred in ``rho`` with the exact arc velocity (:func:`.precession_velocity`),
        ``F_e = V_e (rho_i + rho_j) / 2``.  Its precession is antisymmetric in the
        area-weighted L2 product for any ``U_d, U_p``, with entries of order ``V_e``
        (no exponential weights), so implicit steps stay well conditioned far from
        equilibrium; it is second-order accurate but not exact at equilibrium, so it
        only steps deviations from an exact stationary state (``docs/explanation/operator.md``).
    """
    pot = edge_potentials(mesh, ud_cells, ud_circ, psi_circ)
    diss = dissipative_fluxes(pot)
    mid = 0.5 * (pot.ud_i + pot.ud_j)
    sg = diss[0] * np.exp(mid - pot.ud_i)
    if scheme == "skew":
        zero = np.zeros_like(sg)
        return Generator(mesh, np.asarray(ud_cells, float), sg, zero, zero, zero, scheme,
                         skew=0.5 * precession_velocity(pot, alpha))
    eq_i, eq_j = _equilibrium_part(pot, alpha)
    pre_f, pre_b = precession_fluxes(pot, alpha, scheme, diss)
    # the centred curl part and the SG part are kept exactly, in g-form, relative to exp(-m)
    curl = eq_i * np.exp(mid - pot.ud_i)
    return Generator(mesh, np.asarray(ud_cells, float), sg, curl,
                     pre_f - 0.5 * eq_i, pre_b - 0.5 * eq_j, scheme)
