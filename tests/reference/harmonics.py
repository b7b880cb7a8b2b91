"""Spherical-harmonic Galerkin reference for the full (non-axial) Brown equation.

Equation and conventions (``docs/conventions.md`` section 1; energies in kT, time in ``tau_N``,
``int rho dOmega = 1``)::

    2 d(rho)/d(tau) = div[grad rho + rho grad U_d] - (1/alpha) div[rho (u x grad U_p)],
    U_d = U - chi,   U_p = U + Phi,

``grad``/``div`` being the surface operators of the unit sphere.  Integrating by parts
on the closed sphere (``int Y div F = -int grad Y . F``) gives the weak form used
here, for every test function ``Y_k``::

    <Y_k, L rho> = 1/2 [ -int grad Y_k . grad rho - int rho grad Y_k . grad U_d
                         + (1/alpha) int rho grad Y_k . (u x grad U_p) ].

With ``U = -xi u_z`` the precession velocity is ``v = (1/(2 alpha)) u x grad U =
(xi/(2 alpha)) e_z x u``: a counter-clockwise rotation about +z seen from +z at the
angular rate ``xi / (2 alpha)`` (checked in the self-tests).

Discretization: ``rho = sum_k c_k Y_k`` in *real orthonormal* spherical harmonics up
to degree ``lmax``, ordered ``k = l^2 + l + m`` (``m = -l..l``) with::

    Y_l0  = Pbar_l^0(cos t) / sqrt(2 pi),
    Y_lm  = Pbar_l^m(cos t) cos(m phi) / sqrt(pi)      (m > 0),
    Y_l,-m = Pbar_l^m(cos t) sin(m phi) / sqrt(pi)     (m > 0),

``Pbar`` the orthonormal associated Legendre functions without Condon-Shortley phase
(:func:`tests.reference.legendre.normalized_assoc_legendre`).  So ``d c / d tau =
M c`` with ``M_kl = <Y_k, L Y_l>``.  The diffusion term is exact
(``-l(l+1)/2`` on the diagonal); the drift terms are integrated with Gauss-Legendre
in ``cos t`` times the trapezoidal rule (FFT) in ``phi``, exact for polynomial
potentials of degree up to ``lmax_potential``.  The assembly works in complex
harmonics (one small product per pair of orders) and is then rotated to the real
basis.  Gradients of the potentials come from their own spherical-harmonic
expansion up to ``lmax_potential`` (exact for polynomial potentials) unless
gradient callables are given.

Nothing here imports :mod:`fpsphere`.
"""

from __future__ import annotations

import warnings

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from .legendre import gauss_legendre, normalized_assoc_legendre

__all__ = ["SphericalHarmonicGalerkin", "sh_index", "vmf_density"]

_SQ2PI = np.sqrt(2.0 * np.pi)


def sh_index(l, m):
    """Index of ``Y_lm`` in the basis (``l^2 + l + m``)."""
    return l * l + l + m


def vmf_density(direction, kappa):
    """Normalized von Mises-Fisher density about ``direction``.

    ``rho(u) = kappa e^{kappa (u.d - 1)} / (2 pi (1 - e^{-2 kappa}))`` per unit solid angle.
    """
    d = np.asarray(direction, float)
    d = d / np.linalg.norm(d)

    def rho(u):
        u = np.asarray(u, float)
        return kappa * np.exp(kappa * (u @ d - 1.0)) / (2.0 * np.pi * -np.expm1(-2.0 * kappa))

    return rho


def _grid(nt, nph):
    x, w = gauss_legendre(nt)
    s = np.sqrt(1.0 - x * x)
    ph = 2.0 * np.pi * np.arange(nph) / nph
    cp, sn = np.cos(ph), np.sin(ph)
    xx = np.broadcast_to(x[:, None], (nt, nph))
    ss = np.broadcast_to(s[:, None], (nt, nph))
    u = np.stack([ss * cp[None, :], ss * sn[None, :], xx], axis=-1)
    et = np.stack([xx * cp[None, :], xx * sn[None, :], -ss], axis=-1)
    ep = np.stack([-np.broadcast_to(sn, (nt, nph)), np.broadcast_to(cp, (nt, nph)),
                   np.zeros((nt, nph))], axis=-1)
    return x, w, s, ph, u, et, ep


def _eval_field(f, u):
    nt, nph, _ = u.shape
    v = np.asarray(f(u.reshape(-1, 3)), dtype=float)
    if v.shape != (nt * nph,) or not np.all(np.isfinite(v)):
        raise ValueError("potential callables must return finite (n,) arrays")
    return v.reshape(nt, nph)


class SphericalHarmonicGalerkin:
    """Real spherical-harmonic Galerkin discretization of the generalized Brown equation.

    Parameters
    ----------
    U : callable
        Free energy ``U(u)`` in kT; ``u`` is an (n, 3) array of unit vectors, returns (n,).
    alpha : float
        Gilbert damping, ``> 0``.
    chi, phi : callable, optional
        Spin-transfer potentials ``chi~`` and ``Phi~`` (kT); ``U_d = U - chi``,
        ``U_p = U + phi``.
    lmax : int
        Largest degree of the density expansion; ``(lmax+1)^2`` unknowns.
    grad_U, grad_chi, grad_phi : callable, optional
        Gradients (any (n, 3) vector whose tangential part is the surface gradient:
        the normal part is discarded).  Default: from the spherical-harmonic expansion
        of the potential up to ``lmax_potential``.
    lmax_potential : int
        Band limit assumed for the potentials (exact for polynomial potentials of
        this degree or lower; a warning is issued if the expansion tail is not small).

    Attributes
    ----------
    matrix : ndarray, shape (n, n)
        ``M`` in the real orthonormal basis, ``dc/dtau = M c``.
    l, m : ndarray
        Degree and order of each basis function.
    """

    def __init__(self, U, alpha, chi=None, phi=None, *, lmax=30, grad_U=None, grad_chi=None,
                 grad_phi=None, lmax_potential=16):
        alpha = float(alpha)
        if not (np.isfinite(alpha) and alpha > 0):
            raise ValueError(f"alpha must be finite and > 0, got {alpha}")
        self.alpha = alpha
        self.lmax = L = int(lmax)
        self.lmax_potential = Lp = int(lmax_potential)
        self.n = (L + 1) ** 2
        self.l = np.repeat(np.arange(L + 1), 2 * np.arange(L + 1) + 1)
        self.m = np.concatenate([np.arange(-l, l + 1) for l in range(L + 1)])
        nt = max(L + Lp // 2 + 2, Lp + 2)
        nph = max(2 * L + Lp + 2, 2 * Lp + 2)
        x, w, s, _, u, et, ep = _grid(nt, nph)
        self._grid = (x, w, s, u)
        P, dP = normalized_assoc_legendre(max(L, Lp), x, s, derivative=True)

        def grad_parts(f, gf):
            """Fourier coefficients (in phi) of the theta and phi components of grad f."""
            if f is None:
                return 0.0, 0.0
            if gf is not None:
                g = np.asarray(gf(u.reshape(-1, 3)), float).reshape(nt, nph, 3)
                gt, gp = np.sum(g * et, axis=-1), np.sum(g * ep, axis=-1)
                return np.fft.fft(gt, axis=1) / nph, np.fft.fft(gp, axis=1) / nph
            vals = _eval_field(f, u)
            fh = np.fft.fft(vals, axis=1) * (2.0 * np.pi / nph)  # int f e^{-i m phi} dphi
            At = np.zeros((nt, nph), complex)
            Ap = np.zeros((nt, nph), complex)
            tail, total = 0.0, 0.0
            for mm in range(-Lp, Lp + 1):
                am = abs(mm)
                Pl = P[am : Lp + 1, am]  # (nl, nt)
                # complex coefficients f_lm = int f conj(Z_lm), Z_lm = Pbar e^{i m phi}/sqrt(2 pi)
                flm = Pl @ (w * fh[:, mm % nph]) / _SQ2PI
                total += np.sum(np.abs(flm) ** 2)
                tail += np.abs(flm[-1]) ** 2 if Lp - am >= 0 else 0.0
                # (1/2pi) int d_theta f e^{-i m phi} dphi = sum_l f_lm dPbar / sqrt(2 pi)
                At[:, mm % nph] = flm @ dP[am : Lp + 1, am] / _SQ2PI
                Ap[:, mm % nph] = (1j * mm) * (flm @ P[am : Lp + 1, am]) / (s * _SQ2PI)
            if tail > 1e-24 * total:
                warnings.warn(
                    f"potential not band-limited to degree {Lp}: tail/total = "
                    f"{np.sqrt(tail / total):.2e}; raise lmax_potential or give gradients",
                    stacklevel=3,
                )
            return At, Ap

        Ut, Up_ = grad_parts(U, grad_U)
        Ct, Cp = grad_parts(chi, grad_chi)
        Ft, Fp = grad_parts(phi, grad_phi)
        # U_d = U - chi, U_p = U + phi
        Udt, Udp = Ut - Ct, Up_ - Cp
        Upt, Upp = Ut + Ft, Up_ + Fp
        # drift field a = -grad U_d + (1/alpha) u x grad U_p ; u x e_t = e_p, u x e_p = -e_t
        at = -Udt - Upp / alpha
        ap = -Udp + Upt / alpha
        at = np.broadcast_to(at, (nt, nph))
        ap = np.broadcast_to(ap, (nt, nph))
        scale = max(np.abs(at).max(), np.abs(ap).max(), 1e-300)
        dmax = min(2 * L, (nph - 1) // 2)  # no aliasing of the phi-Fourier index
        amp = np.maximum(np.abs(at).max(axis=0), np.abs(ap).max(axis=0))
        active = [d for d in range(-dmax, dmax + 1) if amp[d % nph] > 1e-15 * scale]

        # complex assembly:
        # 2 M_kl = -l(l+1) delta_kl + sum_j w_j Pbar_l [dPbar_k At - i m_k Pbar_k / s Ap]
        rows, cols, vals = [], [], []
        idx = lambda ls, mm: ls * ls + ls + mm  # noqa: E731
        for mk in range(-L, L + 1):
            ak = abs(mk)
            lk = np.arange(ak, L + 1)
            Pk = P[ak : L + 1, ak]
            dPk = dP[ak : L + 1, ak]
            for d in active:
                ml = mk - d
                if abs(ml) > L:
                    continue
                al = abs(ml)
                ll = np.arange(al, L + 1)
                Pl = P[al : L + 1, al]
                blk = (dPk * (w * at[:, d % nph])) @ Pl.T - 1j * mk * (
                    (Pk * (w * ap[:, d % nph] / s)) @ Pl.T
                )
                rr, cc = np.meshgrid(idx(lk, mk), idx(ll, ml), indexing="ij")
                keep = np.abs(blk) > 1e-13 * scale
                rows.append(rr[keep])
                cols.append(cc[keep])
                vals.append(0.5 * blk[keep])
        rows.append(np.arange(self.n))
        cols.append(np.arange(self.n))
        vals.append(-0.5 * self.l * (self.l + 1.0) + 0j)
        Mc = sp.csr_array(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(self.n, self.n),
        )
        T = self._complex_to_real()
        Mr = (T.conj().T @ Mc @ T).tocsr()
        imag = np.abs(Mr.data.imag).max() if Mr.nnz else 0.0
        if imag > 1e-10 * max(np.abs(Mr.data).max(), 1.0):
            raise RuntimeError(f"real-basis matrix has an imaginary part {imag:.2e}")
        Ms = sp.csr_array(Mr.real)
        Ms.eliminate_zeros()
        self.sparse_matrix = Ms
        self._dense = None

    # ------------------------------------------------------------------ basis
    def _complex_to_real(self):
        """Sparse unitary ``T`` with ``Y_real = Z T`` (``Z_lm = Pbar e^{i m phi}/sqrt(2 pi)``)."""
        r, c, v = [], [], []
        h = 1.0 / np.sqrt(2.0)
        for l in range(self.lmax + 1):
            r.append(sh_index(l, 0))
            c.append(sh_index(l, 0))
            v.append(1.0)
            for mu in range(1, l + 1):
                kc, ks = sh_index(l, mu), sh_index(l, -mu)
                # cos: (Z_mu + Z_-mu)/sqrt2 ; sin: (Z_mu - Z_-mu)/(sqrt2 i)
                r += [kc, ks, kc, ks]
                c += [kc, kc, ks, ks]
                v += [h, h, -1j * h, 1j * h]
        return sp.csr_array((np.array(v, complex), (r, c)), shape=(self.n, self.n))

    @property
    def matrix(self):
        """Dense real Galerkin matrix ``M`` (``dc/dtau = M c``)."""
        if self._dense is None:
            self._dense = self.sparse_matrix.toarray()
        return self._dense

    def basis(self, u):
        """Real orthonormal harmonics at points ``u`` (n_pts, 3) -> (n_pts, n_basis)."""
        u = np.asarray(u, float).reshape(-1, 3)
        u = u / np.linalg.norm(u, axis=1, keepdims=True)
        x = u[:, 2]
        s = np.hypot(u[:, 0], u[:, 1])
        ph = np.arctan2(u[:, 1], u[:, 0])
        P = normalized_assoc_legendre(self.lmax, x, s)
        B = np.empty((u.shape[0], self.n))
        for l in range(self.lmax + 1):
            B[:, sh_index(l, 0)] = P[l, 0] / _SQ2PI
            for mu in range(1, l + 1):
                B[:, sh_index(l, mu)] = P[l, mu] * np.cos(mu * ph) / np.sqrt(np.pi)
                B[:, sh_index(l, -mu)] = P[l, mu] * np.sin(mu * ph) / np.sqrt(np.pi)
        return B

    def evaluate(self, coeffs, u):
        """Density with coefficients ``coeffs`` (n_basis,) or (n_t, n_basis) at points ``u``."""
        return np.asarray(coeffs) @ self.basis(u).T

    def project(self, f, *, nquad=None):
        """Coefficients ``c_k = int Y_k f dOmega`` of a callable density ``f(u)``.

        Gauss x trapezoid product rule with ``nquad`` x ``2 nquad`` nodes (exact for
        ``f`` of degree ``<= 2 nquad - 1 - lmax``).
        """
        nq = max(2 * self.lmax + 2, 64) if nquad is None else nquad
        x, w, s, _, u, _, _ = _grid(nq, 2 * nq)
        vals = _eval_field(f, u) * (w[:, None] * (np.pi / nq))
        B = self.basis(u.reshape(-1, 3))
        return B.T @ vals.ravel()

    # ------------------------------------------------------------- spectrum
    def rates(self, k=6, *, method="auto", sigma=0.0, return_vectors=False):
        """The ``k`` slowest complex decay rates (``-eigenvalues of M``), sorted by real part.

        Conservation makes the ``Y_00`` row of ``M`` vanish, so ``M`` is block lower
        triangular and its spectrum is ``{0}`` plus that of ``A = M[1:, 1:]`` (which
        is nonsingular when the stationary state is unique).  ``rates[0] = 0`` exactly;
        the others are eigenvalues of ``A``: all of them with ``method='dense'``
        (default up to 400 unknowns; exactly the ``k - 1`` smallest real parts), or
        with ``method='arnoldi'`` the ``k - 1`` nearest the real shift ``sigma``
        (shift-invert on the sparse ``A``), then sorted by real part.

        Returns
        -------
        rates : ndarray of complex, shape (k,)
        vectors : ndarray, shape (n, k), only with ``return_vectors``
            Right eigenvectors (coefficients), the first one the stationary state.
        """
        A = self.sparse_matrix[1:, 1:]
        if method == "auto":
            method = "dense" if self.n <= 400 else "arnoldi"
        if method == "dense":
            if return_vectors:
                ev, V = sla.eig(A.toarray())
            else:
                ev, V = sla.eigvals(A.toarray()), None
        else:
            res = spla.eigs(A.tocsc(), k=min(k + 3, self.n - 3), sigma=sigma,
                            return_eigenvectors=return_vectors)
            ev, V = res if return_vectors else (res, None)
        r = -ev
        order = np.lexsort((r.imag, r.real))[: k - 1]
        rates = np.concatenate([[0.0 + 0.0j], r[order]])
        if not return_vectors:
            return rates
        # M = [[0, 0], [b, A]]: for mu != 0 the eigenvector of M is (0, v), A v = mu v
        vecs = np.zeros((self.n, k), complex)
        vecs[:, 0] = self.stationary_coefficients()
        vecs[1:, 1:] = V[:, order]
        return rates, vecs

    # ---------------------------------------------------------- stationary
    def stationary_coefficients(self):
        """Coefficients of the normalized stationary density (``M c = 0``, ``int rho = 1``).

        The ``Y_00`` row of ``M`` is identically zero (conservation); the ``Y_00``
        coefficient is fixed to ``1/sqrt(4 pi)`` and the remaining equations solved.
        """
        M = self.sparse_matrix.tocsc()
        c00 = 1.0 / np.sqrt(4.0 * np.pi)
        rhs = -M[1:, [0]].toarray().ravel() * c00
        rest = spla.spsolve(M[1:, 1:].tocsc(), rhs)
        return np.concatenate([[c00], rest])

    def stationary(self, u):
        """Stationary density at points ``u`` (n_pts, 3), per unit solid angle."""
        return self.evaluate(self.stationary_coefficients(), u)

    def hemisphere_probability(self, coeffs=None, normal=(0.0, 0.0, 1.0)):
        """Probability of ``u . normal > 0`` (Funk-Hecke: exact for the expansion).

        ``int_{u.n > 0} Y_lm = 2 pi h_l Y_lm(n)`` with ``h_l = int_0^1 P_l(t) dt``.
        ``coeffs`` defaults to the stationary state; may be (n_t, n_basis).
        """
        c = self.stationary_coefficients() if coeffs is None else np.asarray(coeffs)
        t, wt = gauss_legendre(self.lmax // 2 + 2)
        t, wt = 0.5 * (t + 1.0), 0.5 * wt
        Pl = normalized_assoc_legendre(self.lmax, t, mmax=0)[:, 0, :]
        h = (Pl @ wt) / np.sqrt((2 * np.arange(self.lmax + 1) + 1) / 2.0)
        Yn = self.basis(np.asarray(normal, float)[None, :])[0]
        return c @ (2.0 * np.pi * h[self.l] * Yn)

    def mean_moment(self, coeffs):
        """``<u>`` from the degree-1 coefficients; ``coeffs`` (n_basis,) or (n_t, n_basis)."""
        c = np.asarray(coeffs)
        f = np.sqrt(4.0 * np.pi / 3.0)
        return f * np.stack([c[..., sh_index(1, 1)], c[..., sh_index(1, -1)],
                             c[..., sh_index(1, 0)]], axis=-1)

    # -------------------------------------------------------------- dynamics
    def evolve(self, coeffs0, times):
        """Coefficients at ``times``: ``expm(M t) c0`` (shape (len(times), n_basis))."""
        M = self.matrix
        return np.array([sla.expm(M * t) @ coeffs0 for t in np.atleast_1d(times)])

    def mean_moment_evolution(self, rho0, times):
        """``<u>(tau)`` for an initial density callable ``rho0(u)``; shape (len(times), 3)."""
        return self.mean_moment(self.evolve(self.project(rho0), times))
