"""Stationary states ``L rho = 0``, ``sum(A rho) = 1``, solved in g-form.

The unknown is ``g = rho exp(U_d - U_min)``: equation ``N g = 0`` with ``N`` the
g-form generator (:attr:`Generator.g_form`), whose equilibrium parts are exact
differences of ``g``.  The singular system is closed by dropping
the one redundant equation that is safe to drop: with ``y = exp(-(U_d - U_min))``
the left null vector of ``N``, row ``k`` equals ``-(1/y_k) sum_{i != k} y_i row_i``;
taking ``k`` the most probable cell (largest ``y_k``) makes that combination a
contraction, so no accuracy is lost (a randomly pinned row can amplify errors by
``exp(U_k - U_min)``).  ``g_k = 1`` fixes the scale; normalization follows.  Iterative refinement
with the residual in g-form recovers full accuracy where plain solves lose it
to the nearly-decoupled wells of high barriers.  Methods are registered in
:data:`STATIONARY_METHODS`: ``"direct"`` (SuperLU in a nested-dissection order
built from the matrix graph, :func:`nested_dissection`) and ``"amg"`` (pyamg
smoothed aggregation preconditioning restarted GMRES on ``N dg = -N g0``).

Measured on a 2-core machine (``benchmarks/bench_operator.py``, alpha = 0.01):
the nested-dissection order cuts the LU fill at level 7 (163,842 cells) from 43 M
(COLAMD) to 19 M and the solve about 3x, 10x at level 8 (655,362 cells).  No
AMG/ILU variant tried (smoothed aggregation, root-node, AIR, ILUTP, all with
GMRES) converged for the non-equilibrium operator at alpha = 0.01 even at level
6: precession along closed orbits dominates, so ``"auto"`` stays direct up to
:data:`DIRECT_LIMIT`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
import scipy.sparse.csgraph as csg
import scipy.sparse.linalg as spl

from fpsphere.errors import ParameterError

__all__ = ["stationary_g", "stationary_state", "STATIONARY_METHODS", "DIRECT_LIMIT",
           "nested_dissection",
           "OrderedLU", "pinned_null_vector"]

#: Above this many cells ``method="auto"`` uses algebraic multigrid (level 8, 655,362
#: cells, is still direct: about 1 GB of LU factor; AMG fails far from equilibrium).
DIRECT_LIMIT = 1_000_000
#: Probability the negative part of a ``"skew"`` stationary state may carry before it
#: is reported (strongly driven tilted switching: 4e-6 at level 6, 2e-2 at level 4).
NEGATIVE_PART = 1e-4


def _hops(graph: sp.csr_matrix, source: int) -> np.ndarray:
    """(N,) breadth-first hop distances from ``source`` (pointer jumping on the BFS tree)."""
    _, pred = csg.breadth_first_order(graph, source, directed=True, return_predecessors=True)
    anc = np.where(pred < 0, np.arange(graph.shape[0]), pred)
    dist = (pred >= 0).astype(np.int64)
    while not np.array_equal(up := anc[anc], anc):
        dist += np.where(up != anc, dist[anc], 0)
        anc = up
    return dist


def _graph_coordinates(graph: sp.csr_matrix, n_landmarks: int = 4) -> np.ndarray:
    """(N, n_landmarks) hop distances from far-apart landmarks, smoothed once.

    Stand-in for the cell positions (the solver sees only the matrix graph): on a
    surface mesh their level sets are short curves, good cuts for bisection.
    """
    far = _hops(graph, 0)
    coords = []
    for _ in range(n_landmarks):
        coords.append(_hops(graph, int(np.argmax(far))))
        far = np.minimum(far, coords[-1]) if len(coords) > 1 else coords[-1]
    x = np.stack(coords, axis=1).astype(float)
    deg = np.maximum(np.diff(graph.indptr), 1)
    return (graph @ x) / deg[:, None]  # breaks the ties of the integer distances


def nested_dissection(graph: sp.csr_matrix, leaf: int = 16) -> np.ndarray:
    """Fill-reducing nested-dissection permutation of a structurally symmetric graph.

    Recursive coordinate bisection on :func:`_graph_coordinates`, all parts of a level
    at once: each part is cut at the mean of its most spread coordinate; the vertices of
    the part's left side adjacent to its right side form the separator, numbered after
    both halves (post-order of the dissection tree).  For 2D surface meshes the
    LU fill grows like ``N log N``: 19 M entries at level 7 against COLAMD's 43 M.
    """
    n = graph.shape[0]
    coords = _graph_coordinates(graph)
    coo = graph.tocoo()
    ei, ej = coo.row[coo.row < coo.col], coo.col[coo.row < coo.col]
    levels = max(1, int(np.ceil(np.log2(max(n / leaf, 2.0)))))
    code = np.zeros(n, np.int64)  # dissection-tree path of each vertex (bits: right halves)
    depth = np.full(n, levels)    # depth at which the vertex became a separator vertex
    for d in range(levels):
        idx = np.flatnonzero(depth == levels)
        part, x = code[idx], coords[idx]
        cnt = np.maximum(np.bincount(part, minlength=1 << d), 1)[:, None]
        mean = np.stack([np.bincount(part, c, 1 << d) for c in x.T], 1) / cnt
        var = np.stack([np.bincount(part, c * c, 1 << d) for c in x.T], 1) / cnt - mean**2
        axis = np.argmax(var, axis=1)[part]
        right = np.zeros(n, bool)
        right[idx] = x[np.arange(idx.size), axis] > mean[part, axis]
        code[idx] = 2 * part + right[idx]
        cut = right[ei] != right[ej]
        ci, cj = ei[cut], ej[cut]  # same old part, both active: a cut edge
        cut = (depth[ci] == levels) & (depth[cj] == levels) & ((code[ci] >> 1) == (code[cj] >> 1))
        sep = np.where(right[ci[cut]], cj[cut], ci[cut])
        depth[sep] = d
        code[sep] >>= 1
    shift = levels - depth
    return np.lexsort((-depth, (code << shift) + (1 << shift) - 1))


class OrderedLU:
    """SuperLU of a structurally symmetric sparse matrix in :func:`nested_dissection`
    order (much less fill than COLAMD on sphere meshes); ``solve(b)``."""

    def __init__(self, matrix: sp.spmatrix):
        matrix = matrix.tocsr()
        pattern = sp.csr_matrix((np.ones(matrix.nnz), matrix.indices, matrix.indptr),
                                matrix.shape)
        self.perm = nested_dissection(pattern)
        self.lu = spl.splu(matrix[self.perm][:, self.perm].tocsc(), permc_spec="NATURAL",
                           diag_pivot_thresh=0.1, options={"SymmetricMode": True})

    def solve(self, b: np.ndarray) -> np.ndarray:
        x = np.empty_like(b)
        x[self.perm] = self.lu.solve(b[self.perm])
        return x


def _direct(n_mat: sp.csr_matrix, y: np.ndarray, w: np.ndarray, tol: float) -> np.ndarray:
    """SuperLU on the reduced system in nested-dissection order, iterative refinement.

    The equation of the most probable cell ``k`` is dropped and ``g_k = 1`` fixed: the
    dropped row is ``-(1/y_k) sum_i y_i row_i`` (``y`` the left null vector), redundant,
    and with ``y_k = max(y)`` recovering it amplifies nothing, unlike a row picked at
    random.
    """
    if n_mat.shape[0] == 1:
        return np.ones(1)
    return pinned_null_vector(n_mat, int(np.argmax(y)), tol)


def pinned_null_vector(matrix: sp.spmatrix, k: int, tol: float = 1e-13) -> np.ndarray:
    """``x`` with ``x_k = 1`` and ``(matrix x)_i = 0`` for every ``i != k``.

    For a singular conservative operator (rows dependent with positive weights) this
    is its null vector: the dropped equation ``k`` is implied by the others.  One
    :class:`OrderedLU` of the reduced matrix, then up to three steps of iterative
    refinement on the full residual, to ``tol`` relative to ``|matrix| |x|``.
    """
    matrix = matrix.tocsr()
    keep = np.flatnonzero(np.arange(matrix.shape[0]) != k)
    rows = matrix[keep]
    lu = OrderedLU(rows[:, keep])
    x = np.ones(matrix.shape[0])
    x[keep] = lu.solve(-rows[:, [k]].toarray().ravel())
    scale = abs(matrix) @ np.abs(x)
    for _ in range(3):
        r = -(matrix @ x)
        if np.all(np.abs(r[keep]) <= tol * scale[keep]):
            break
        x[keep] += lu.solve(r[keep])
    return x


def _amg(n_mat: sp.csr_matrix, y: np.ndarray, w: np.ndarray, tol: float) -> np.ndarray:
    import pyamg

    g0 = np.ones(n_mat.shape[0])
    r0 = -(n_mat @ g0)
    row_scale = abs(n_mat) @ g0
    if np.all(np.abs(r0) <= 1e-13 * row_scale):
        return g0  # constant g solves it to round-off (equilibrium)
    ml = pyamg.smoothed_aggregation_solver(n_mat.tocsr(), symmetry="nonsymmetric",
                                           max_coarse=500)
    m = ml.aspreconditioner(cycle="V")
    dg, info = spl.gmres(n_mat, r0, M=m, rtol=tol, atol=0.0, restart=60, maxiter=40)
    if info != 0:
        dg, info = spl.bicgstab(n_mat, r0, x0=dg, M=m, rtol=tol, atol=0.0, maxiter=2000)
    if info != 0:
        raise RuntimeError(f"AMG stationary solve did not converge (info={info})")
    return g0 + dg


StationaryMethod = Callable[[sp.csr_matrix, np.ndarray, np.ndarray, float], np.ndarray]
#: Registered stationary solvers: name -> f(N, y, w, tol) -> g (unnormalized).
STATIONARY_METHODS: dict[str, StationaryMethod] = {"direct": _direct, "amg": _amg}


def stationary_g(n_mat: sp.csr_matrix, ud: np.ndarray, areas: np.ndarray, *,
                 method: str = "auto", tol: float = 1e-12) -> tuple[np.ndarray, np.ndarray]:
    """Stationary state of a g-form generator.

    Returns
    -------
    g : (N,) ``rho exp(U_d - U_min)`` normalized so that ``sum(A rho) = 1``.
    rho : (N,) the normalized density (underflows to 0 beyond ~745 kT above the minimum).
    """
    if method == "auto":
        method = "direct" if n_mat.shape[0] <= DIRECT_LIMIT else "amg"
    if method not in STATIONARY_METHODS:
        raise ParameterError(f"method={method!r} is not allowed: expected 'auto' or one of "
                             f"{sorted(STATIONARY_METHODS)}")
    weight = np.exp(-(ud - ud.min()))
    g = STATIONARY_METHODS[method](n_mat, weight, areas * weight, tol)
    total = float(np.sum(areas * weight * g))
    g = g / total
    # a density is >= 0: values below round-off of the largest g are noise of the solve
    g = np.where((g < 0) & (g > -1e-10 * g.max()), 0.0, g)
    return g, g * weight


def stationary_state(disc, method: str = "auto") -> np.ndarray:
    """(N,) the stationary density of a :class:`~fpsphere.operators.Discretization`,
    ``sum(areas * rho) = 1``.

    Its ``exact_state`` where it has one; the state its build computed; else the
    null vector: in g-form (:func:`stationary_g`) for the exponentially fitted
    generators, in ``rho`` for ``"skew"`` (whose entries carry no exponential weights;
    the equation of the most probable cell is dropped, found from ``U_d`` and
    confirmed on the result).
    """
    if disc.exact_state is not None:
        return disc.exact_state
    if disc.own_state is not None and method == "auto":
        return disc.own_state
    areas = disc.mesh.areas
    if disc.name != "skew":
        return stationary_g(disc.generator.g_form, disc.weights, areas, method=method)[1]
    k = int(np.argmin(disc.weights))
    rho = pinned_null_vector(disc.matrix, k)
    if rho.max() > 1e6 * rho[k]:  # the most probable cell is elsewhere: pin it there
        rho = pinned_null_vector(disc.matrix, int(np.argmax(rho)))
    rho = rho / float(np.sum(areas * rho))
    negative = -float(np.sum(areas * np.minimum(rho, 0.0)))
    if negative > NEGATIVE_PART:
        warnings.warn(f"the stationary state of {disc.name!r} has a negative part carrying "
                      f"{negative:.2g} of the probability (not an M-matrix): the mesh does not "
                      "resolve the potentials well; refine it", UserWarning, stacklevel=3)
    return rho
