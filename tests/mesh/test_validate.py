"""User meshes: Delaunay construction from points and every bad-mesh error."""

import numpy as np
import pytest

from fpsphere import MeshError, SphereMesh, icosphere


def random_points(n, seed=0):
    p = np.random.default_rng(seed).normal(size=(n, 3))
    return p / np.linalg.norm(p, axis=1, keepdims=True)


def test_from_points_random_is_valid_voronoi():
    mesh = SphereMesh.from_points(random_points(500))
    assert mesh.n_triangles == 2 * 500 - 4
    assert abs(mesh.areas.sum() - 4 * np.pi) < 1e-12
    assert np.all(mesh.dual_lengths >= 0)


def test_from_points_recovers_icosphere_cells():
    ico = icosphere(3)
    mesh = SphereMesh.from_points(ico.points)
    assert np.allclose(np.sort(mesh.areas), np.sort(ico.areas), rtol=1e-12)


def test_from_triangulation_flips_inward_orientation():
    ico = icosphere(2)
    mesh = SphereMesh.from_triangulation(ico.points, ico.triangles[:, ::-1])
    assert np.allclose(mesh.areas, ico.areas)


@pytest.mark.parametrize(
    "mutate,match",
    [
        (lambda p, t: (p * 1.01, t), "off the unit sphere"),
        (lambda p, t: (np.vstack([p, p[:1]]), t), "duplicate point"),
        (lambda p, t: (np.where(np.arange(len(p))[:, None] == 3, np.nan, p), t), "NaN"),
        (lambda p, t: (p, t[1:]), "boundary"),
        (lambda p, t: (p, np.vstack([t, t[:1]])), "not shared by exactly two"),
        (lambda p, t: (p, np.vstack([t[:5], t[5:6, ::-1], t[6:]])), "orientation"),
        (lambda p, t: (p, np.vstack([t, [[0, 0, 1]]])), "degenerate"),
        (lambda p, t: (p, t + 1000), "indices"),
        (lambda p, t: (p[:, :2], t), "shape"),
    ],
)
def test_bad_meshes_raise_clear_errors(mutate, match):
    ico = icosphere(2)
    points, tris = mutate(np.array(ico.points), np.array(ico.triangles))
    with pytest.raises(MeshError, match=match):
        SphereMesh.from_triangulation(points, tris)


def test_points_off_sphere_message_names_value():
    p = np.array(icosphere(1).points)
    p[7] *= 1.2
    with pytest.raises(MeshError, match=r"point 7 has \|p\| = 1.2"):
        SphereMesh.from_points(p)


def test_non_delaunay_edge_is_rejected():
    # Flip the diagonal of a quadrilateral made of two neighbouring triangles:
    # the new triangles are obtuse with circumcentres outside; not Delaunay.
    ico = icosphere(2)
    tris = np.array(ico.triangles)
    e = 10
    i, j = ico.edges[e]
    left, right = ico.edge_triangles[e]
    k = [v for v in tris[left] if v not in (i, j)][0]
    m = [v for v in tris[right] if v not in (i, j)][0]
    tris[left] = [i, m, k]
    tris[right] = [j, k, m]
    with pytest.raises(MeshError, match="not Delaunay"):
        SphereMesh.from_triangulation(ico.points, tris)


def test_two_spheres_rejected_by_euler_or_cover():
    ico = icosphere(1)
    n = ico.n_cells
    rot = np.array([[0, -1, 0], [1, 0, 0], [0, 0, 1.0]]) @ np.array(
        [[1, 0, 0], [0, np.cos(0.3), -np.sin(0.3)], [0, np.sin(0.3), np.cos(0.3)]])
    points = np.vstack([ico.points, ico.points @ rot.T])
    tris = np.vstack([ico.triangles, ico.triangles + n])
    with pytest.raises(MeshError, match="Euler|4 pi"):
        SphereMesh.from_triangulation(points, tris)
