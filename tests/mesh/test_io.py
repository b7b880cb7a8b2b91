"""meshio round trips, the shipped mesh files and atomic writes."""

from pathlib import Path

import numpy as np
import pytest

from fpsphere import MeshError, ParameterError, icosphere, read_mesh

MESHES = Path(__file__).resolve().parents[2] / "meshes"


@pytest.mark.parametrize("suffix", [".vtu", ".vtk", ".obj"])
def test_round_trip(tmp_path, suffix):
    mesh = icosphere(3)
    rho = np.cos(mesh.points[:, 2])
    path = tmp_path / f"m{suffix}"
    mesh.write(path, point_data={"rho": rho} if suffix != ".obj" else None)
    back = read_mesh(path)
    assert np.allclose(back.points, mesh.points, atol=1e-12)
    assert np.array_equal(back.triangles, mesh.triangles)
    assert np.allclose(back.areas, mesh.areas, rtol=1e-12)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize("level", range(0, 6))
def test_shipped_meshes_match_generator(level):
    mesh = read_mesh(MESHES / f"icosphere-L{level}.vtu")
    ref = icosphere(level)
    assert np.array_equal(mesh.triangles, ref.triangles)
    assert np.abs(mesh.points - ref.points).max() < 1e-15


def test_failed_write_leaves_no_file(tmp_path):
    mesh = icosphere(1)
    with pytest.raises(ParameterError, match="point_data"):
        mesh.write(tmp_path / "x.vtu", point_data={"bad": np.zeros(3)})
    assert list(tmp_path.iterdir()) == []


def test_read_errors(tmp_path):
    with pytest.raises(ParameterError, match="does not exist"):
        read_mesh(tmp_path / "none.vtu")
    import meshio

    meshio.write(tmp_path / "lines.vtu", meshio.Mesh(np.eye(3), [("line", np.array([[0, 1]]))]))
    with pytest.raises(MeshError, match="no triangles"):
        read_mesh(tmp_path / "lines.vtu")


def test_cache_used_for_large_levels(tmp_path, monkeypatch):
    monkeypatch.setenv("FPSPHERE_CACHE_DIR", str(tmp_path))
    a = icosphere(4, cache=True)
    files = list(tmp_path.iterdir())
    assert [f.name for f in files] == ["icosphere-L4-lloyd0.npz"]
    b = icosphere(4, cache=True)
    assert np.array_equal(a.points, b.points)
    files[0].write_bytes(b"garbage")
    c = icosphere(4, cache=True)
    assert np.array_equal(a.points, c.points)


def test_bad_level():
    with pytest.raises(ParameterError, match="level=11"):
        icosphere(11)
    with pytest.raises(TypeError, match="level must be an int"):
        icosphere(2.5)
