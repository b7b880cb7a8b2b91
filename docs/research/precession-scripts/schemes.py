"""Candidate schemes: each returns (P, Q) g-form coefficients (units exp(-m))."""
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
import fpsphere as fp
from fpsphere.operators.stabilize import _pq
from common import CASES, Edges, stationary, stabilize, _sinhc
from fpsphere.operators.fluxes import bernoulli


def fp_scheme(E, case, alpha, scheme):
    U, chi, phi = CASES[case]
    model = fp.FokkerPlanck(E.m, U, alpha, chi=chi, phi=phi, scheme=scheme)
    return _pq(model.generator)


def centered(E, alpha, nsub=None):
    c = E.c_eq(alpha) + E.c_ne(alpha, nsub)
    s = E.sg()
    return s + 0.5 * c, -s + 0.5 * c


def with_stab(E, P, Q, margin=0.05):
    g, rho = stationary(E, P, Q)
    if np.any(g <= 0):
        return P, Q, -1, g
    P2, Q2, n = stabilize(E, P, Q, g, margin)
    return P2, Q2, n, g


def divergence(E, c):
    """cell sums of the coefficient c (flux i->j): sum_out."""
    n = E.m.n_cells
    return np.bincount(E.i, c, n) - np.bincount(E.j, c, n)


def centered_rich(E, alpha, n1=8, n2=16):
    """centred in g, c_ne by Richardson-extrapolated piecewise-exponential quadrature."""
    c = E.c_eq(alpha) + (4 * E.c_ne(alpha, n2) - E.c_ne(alpha, n1)) / 3
    s = E.sg()
    return s + 0.5 * c, -s + 0.5 * c


def hodge_parts(E, alpha, n1=8, n2=16):
    """c_ne = curl + r: r = ratio (b_i - b_j) gradient flux carrying all of div c_ne
    (b from the cell Laplacian), curl = c_ne - r exactly divergence-free (to solver
    accuracy).  Works in absolute units (exp(-U_d) not shifted) via per-edge scaling."""
    cne = (4 * E.c_ne(alpha, n2) - E.c_ne(alpha, n1)) / 3       # units exp(-m)
    # cell divergence in a global unit exp(-U_min); fine when span is moderate
    u0 = E.ud.min()
    cabs = cne * np.exp(u0 - E.mid)
    n = E.m.n_cells
    D = np.bincount(E.i, cabs, n) - np.bincount(E.j, cabs, n)
    # Laplacian: flux i->j of ratio (b_i - b_j); div = sum ratio (b_i - b_j) = D
    w = E.ratio
    Lap = sp.csr_matrix((np.concatenate([w, w, -w, -w]),
                         (np.concatenate([E.i, E.j, E.i, E.j]), np.concatenate([E.i, E.j, E.j, E.i]))),
                        shape=(n, n))
    Lap = Lap + sp.identity(n) * 1e-14 * w.max()
    b = spla.spsolve(Lap.tocsc(), D - D.mean())
    r = w * (b[E.i] - b[E.j]) * np.exp(E.mid - u0)   # back to units exp(-m)
    return cne - r, r


def hodge(E, alpha, fit=True):
    curl, r = hodge_parts(E, alpha)
    c = E.c_eq(alpha) + curl
    s = E.sg()
    if fit:
        pe = r / s
        P = s * bernoulli(-pe) + 0.5 * c
        Q = -s * bernoulli(pe) + 0.5 * c
    else:
        P = s + 0.5 * (c + r)
        Q = -s + 0.5 * (c + r)
    return P, Q


def rho_centered_psi(E, alpha):
    """g-centred exact curl for the U_d part; rho-centred exact velocity for Psi."""
    V = (E.psi_c[E.left] - E.psi_c[E.right]) / (2 * alpha)   # flux L->R convention: int_L^R dPsi
    V = (E.psi_c[E.right] - E.psi_c[E.left]) / (2 * alpha)
    c = E.c_eq(alpha)
    s = E.sg()
    ei = np.exp(E.mid - E.ud[E.i]); ej = np.exp(E.mid - E.ud[E.j])
    return s + 0.5 * c + 0.5 * V * ei, -s + 0.5 * c + 0.5 * V * ej
