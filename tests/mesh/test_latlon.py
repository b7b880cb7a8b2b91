"""Latitude-longitude meshes: geometry, and the switching pulse they make accurate."""

import numpy as np
import pytest
import scipy.sparse as sp
import scipy.sparse.linalg as spl

import fpsphere as fp
from fpsphere.observables import hemisphere_fractions
from tests.conftest import observed_order
from tests.reference.legendre import axial_evolution, von_mises_fisher_z


@pytest.mark.parametrize("axis", [(0, 0, 1), (1, 2, -0.5)])
def test_geometry(axis):
    mesh = fp.latlon(12, 16, axis=axis)
    assert mesh.n_cells == 12 * 16 + 2
    assert abs(mesh.areas.sum() - 4 * np.pi) < 1e-12
    n = np.asarray(axis, float) / np.linalg.norm(axis)
    assert np.allclose(mesh.points[0], n) and np.allclose(mesh.points[-1], -n)
    # the Voronoi edge between two rings joins circumcentres at equal height
    height = mesh.points @ n
    i, j = mesh.edges.T
    across = np.abs(height[i] - height[j]) > 1e-9
    c = mesh.circumcenters[mesh.edge_triangles[across]] @ n
    long_enough = np.abs(mesh.dual_lengths[across]) > 1e-9
    assert np.abs(c[long_enough, 0] - c[long_enough, 1]).max() < 1e-12


def test_bad_arguments():
    with pytest.raises(fp.ParameterError, match="n_rings=1"):
        fp.latlon(1)
    with pytest.raises(fp.ParameterError, match="axis"):
        fp.latlon(4, axis=(0, 0, 0))


def switching_probability(n_rings, alpha, times, dt=2e-4):
    """P(u_z > 0) under U = -60 z^2, chi = -180 z from a von Mises-Fisher start (BDF2)."""
    mesh = fp.latlon(n_rings)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=60), alpha, chi=fp.Polarizer(-180.0))
    rho = np.exp(120 * (mesh.points[:, 2] - 1))
    rho /= (rho * mesh.areas).sum()
    weights = hemisphere_fractions(mesh, (0, 0, 1))
    eye = sp.identity(mesh.n_cells, format="csc")
    first = spl.splu((eye - dt * model.matrix).tocsc())
    bdf2 = spl.splu((eye - (2 / 3) * dt * model.matrix).tocsc())
    prev, cur = rho, first.solve(rho)
    steps = {int(round(t / dt)): t for t in times}
    out = {}
    for n in range(2, max(steps) + 1):
        prev, cur = cur, bdf2.solve((4 * cur - prev) / 3)
        if n in steps:
            out[steps[n]] = weights @ cur
    return np.array([out[t] for t in times])


def test_switching_pulse_at_low_damping_converges_on_latlon_meshes():
    # The hard case: precession at alpha = 0.01 far from equilibrium.  The
    # reference is an independent Legendre-Galerkin solution in z.
    times = [0.1, 0.2, 0.3]
    ud = lambda z: -60 * z**2 + 180 * z  # noqa: E731
    reference = axial_evolution(ud, von_mises_fisher_z(120.0), times)
    assert reference[-1] < 1e-6
    errs, hs = [], []
    for n_rings in (40, 80):
        p = switching_probability(n_rings, 0.01, times)
        errs.append(np.abs(p / reference - 1).max())
        hs.append(np.pi / n_rings)
    assert errs[-1] < 0.03, errs
    assert observed_order(hs, errs) > 1.6, errs
    # the damping does not enter an axial problem
    low, high = switching_probability(40, 0.001, times), switching_probability(40, 1.0, times)
    assert np.allclose(low, high, rtol=1e-6)


def test_latlon_sizes_and_axes_are_checked_before_building():
    with pytest.raises(fp.ParameterError, match=r"n_rings=10\*\*30|n_rings=1000000000000"):
        fp.latlon(10**30)
    with pytest.raises(fp.ParameterError, match=r"9,000,002 cells need about 18 GB"):
        fp.latlon(3000)
    with pytest.raises(fp.ParameterError, match="axis"):
        fp.latlon(4, 4, "abc")
    mesh = fp.latlon(4, 4, (1e300, 0, 0))  # huge components: the direction is kept
    np.testing.assert_allclose(mesh.points[0], (1.0, 0.0, 0.0), atol=1e-15)
