"""Direct stationary solver: nested-dissection ordering (fill, validity) and accuracy."""

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spl

import fpsphere as fp
from fpsphere.solvers import stationary_g
from fpsphere.solvers.stationary import nested_dissection

OBLIQUE = fp.Uniaxial(sigma=20) + fp.Zeeman(xi=4.0, direction=(1, 0, 1))
TRANSVERSE = fp.Polarizer(-6.0, (1, 0, 0))


def pattern(mat):
    mat = mat.tocsr()
    return sp.csr_matrix((np.ones(mat.nnz), mat.indices, mat.indptr), mat.shape)


def model(level, chi=TRANSVERSE, alpha=0.01):
    return fp.FokkerPlanck(fp.icosphere(level), OBLIQUE, alpha, chi=chi,
                           discretization_name="split")


@pytest.mark.parametrize("level", [0, 1, 3, 5])
def test_dissection_is_a_permutation(level):
    graph = pattern(model(level).generator.g_form)
    perm = nested_dissection(graph)
    assert np.array_equal(np.sort(perm), np.arange(graph.shape[0]))


def test_dissection_of_a_disconnected_graph():
    graph = sp.block_diag([pattern(model(2).generator.g_form)] * 2, format="csr")
    perm = nested_dissection(graph)
    assert np.array_equal(np.sort(perm), np.arange(graph.shape[0]))


def test_dissection_fill_beats_colamd():
    """The order exists for its fill: at level 6 (40,962 cells) well under COLAMD's."""
    n_mat = model(6).generator.g_form.tocsr()
    shifted = n_mat + sp.identity(n_mat.shape[0])  # nonsingular, same pattern
    perm = nested_dissection(pattern(n_mat))
    nd = spl.splu(shifted[perm][:, perm].tocsc(), permc_spec="NATURAL",
                  diag_pivot_thresh=0.1, options={"SymmetricMode": True})
    colamd = spl.splu(shifted.tocsc(), permc_spec="COLAMD")
    nd_fill, colamd_fill = nd.L.nnz + nd.U.nnz, colamd.L.nnz + colamd.U.nnz
    assert nd_fill < 0.8 * colamd_fill  # 0.71 here, 0.44 at level 7
    n = n_mat.shape[0]
    assert nd_fill < 12 * n * np.log2(n)  # N log N fill, as nested dissection of a surface


@pytest.mark.parametrize("chi", [None, TRANSVERSE])
def test_direct_residual_and_normalization(chi):
    m = model(5, chi=chi)
    n_mat = m.generator.g_form
    g, rho = stationary_g(n_mat, m.U_d, m.mesh.areas, method="direct")
    assert abs(np.sum(rho * m.mesh.areas) - 1) < 1e-12
    assert np.abs(n_mat @ g).max() <= 1e-13 * (abs(n_mat) @ np.abs(g)).max()
    assert rho.min() >= 0
    if chi is None:  # equilibrium: g is constant
        assert np.abs(g / g.mean() - 1).max() < 1e-8


def test_direct_matches_colamd_reference():
    """Same stationary state as a plain COLAMD solve (no refinement), to its accuracy."""
    m = model(4)
    n_mat = m.generator.g_form.tocsc()
    g, _ = stationary_g(n_mat, m.U_d, m.mesh.areas, method="direct")
    k = int(np.argmin(m.U_d))
    keep = np.arange(n_mat.shape[0]) != k
    ref = np.ones(n_mat.shape[0])
    ref[keep] = spl.spsolve(n_mat[keep][:, keep].tocsc(), -n_mat[keep][:, [k]].toarray().ravel())
    ref /= np.sum(m.mesh.areas * np.exp(-(m.U_d - m.U_d.min())) * ref)
    np.testing.assert_allclose(g, ref, rtol=1e-7, atol=1e-9 * ref.max())
    scale = (abs(n_mat) @ np.abs(ref)).max()
    assert np.abs(n_mat @ g).max() <= max(np.abs(n_mat @ ref).max(), 1e-14 * scale)
