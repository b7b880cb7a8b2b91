"""Geometry of the icosahedral meshes against exact facts of the sphere."""

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.mesh import icosphere, quality_report
from fpsphere.mesh.geometry import signed_triangle_area


@pytest.mark.parametrize("level", range(0, 6))
def test_counts_and_euler(level):
    mesh = icosphere(level)
    assert mesh.n_cells == 10 * 4**level + 2
    assert mesh.n_triangles == 2 * mesh.n_cells - 4
    assert mesh.n_edges == 3 * mesh.n_cells - 6
    assert mesh.n_cells - mesh.n_edges + mesh.n_triangles == 2
    assert np.allclose(np.linalg.norm(mesh.points, axis=1), 1.0, atol=1e-15)


@pytest.mark.parametrize("level", [0, 3, 6])
@pytest.mark.parametrize("lloyd", [0, 3])
def test_areas_sum_to_4pi(level, lloyd):
    mesh = icosphere(level, lloyd=lloyd)
    assert abs(mesh.areas.sum() - 4 * np.pi) < 1e-12 * 4 * np.pi
    assert np.all(mesh.areas > 0)
    assert abs(mesh.triangle_areas.sum() - 4 * np.pi) < 1e-12 * 4 * np.pi


def test_icosahedron_cells_are_exact_pentagons():
    # Level 0: 12 congruent Voronoi cells, each 4 pi / 12; dual edges are the
    # edges of the dodecahedron, arc length known in closed form.
    mesh = icosphere(0)
    assert np.allclose(mesh.areas, np.pi / 3, rtol=1e-14)
    dodeca_edge = np.arccos(np.sqrt(5) / 3)  # central angle of a dodecahedron edge
    assert np.allclose(mesh.dual_lengths, dodeca_edge, rtol=1e-13)
    assert np.allclose(mesh.primal_lengths, np.arctan(2.0), rtol=1e-14)


def test_triangles_outward_and_circumcentres_equidistant():
    mesh = icosphere(4)
    p = mesh.points[mesh.triangles]
    assert np.all(np.einsum("ij,ij->i", p[:, 0], np.cross(p[:, 1], p[:, 2])) > 0)
    c = mesh.circumcenters
    d = np.stack([np.einsum("ij,ij->i", c, p[:, k]) for k in range(3)], 1)
    assert np.allclose(d, d[:, :1], atol=1e-14)


def test_dual_edges_orthogonal_to_primal():
    mesh = icosphere(5, lloyd=2)
    assert quality_report(mesh).orthogonality < 1e-12
    assert np.all(mesh.dual_lengths > 0)


def test_cell_area_equals_polygon_of_circumcentres():
    # Independent computation: fan each Voronoi polygon (circumcentres of the
    # triangles around a vertex, sorted by angle) from its generator.
    mesh = icosphere(2)
    for v in [0, 17, 100]:
        tris = np.flatnonzero((mesh.triangles == v).any(axis=1))
        c = mesh.circumcenters[tris]
        p = mesh.points[v]
        e1 = np.cross(p, [0.3, 0.5, 0.8])
        e1 /= np.linalg.norm(e1)
        e2 = np.cross(p, e1)
        order = np.argsort(np.arctan2(c @ e2, c @ e1))
        c = c[order]
        pp = np.repeat(p[None], len(c), 0)
        area = signed_triangle_area(pp, c, np.roll(c, -1, axis=0)).sum()
        assert abs(area - mesh.areas[v]) < 1e-14


def test_mesh_is_immutable():
    mesh = icosphere(1)
    with pytest.raises(ValueError):
        mesh.points[0, 0] = 2.0
    with pytest.raises(AttributeError):
        mesh.points = np.zeros((3, 3))


def test_lloyd_moves_generators_to_centroids():
    raw = quality_report(icosphere(4))
    smooth = quality_report(icosphere(4, lloyd=10))
    assert smooth.centroid_offset_max < 0.5 * raw.centroid_offset_max


def test_public_api():
    assert fp.icosphere is icosphere
    mesh = fp.icosphere(2)
    assert isinstance(mesh, fp.SphereMesh)


def test_sizes_beyond_the_limits_are_refused_before_building():
    import time

    from fpsphere.mesh.icosphere import MAX_CELLS, MAX_LEVEL, size_problem

    start = time.perf_counter()
    with pytest.raises(fp.ParameterError, match=r"level=10 .*10,485,762 cells need about 21 GB"):
        icosphere(10)
    with pytest.raises(fp.ParameterError, match=r"level=10000000000 .*far beyond"):
        icosphere(10**10)
    with pytest.raises(fp.ParameterError, match=r"lloyd=1000000 .*Lloyd iterations .* s;"):
        icosphere(5, lloyd=10**6)
    with pytest.raises(fp.ParameterError, match=r"lloyd=2000 is not allowed with level=0"):
        icosphere(0, lloyd=2000)  # at most MAX_LLOYD iterations on any mesh
    assert time.perf_counter() - start < 1.0  # nothing was built
    assert MAX_CELLS == 10 * 4**MAX_LEVEL + 2 and size_problem(MAX_CELLS) is None
    assert "unbounded memory" in size_problem(10**400)
