"""ParaView export: a streamed series reads back with meshio and lists its times."""

import xml.etree.ElementTree as ET

import meshio
import numpy as np
import pytest

import fpsphere as fp
from fpsphere.export import SeriesWriter, write_density


def test_series_from_evolve(tmp_path):
    mesh = fp.icosphere(2)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=3.0), 0.5)
    rho0 = fp.initial.von_mises_fisher(mesh, (1, 0, 0), 2.0)
    with SeriesWriter(tmp_path / "run" / "relax", mesh, every=2) as writer:
        run = model.evolve(rho0, [0.1, 0.2], dt=0.05, callback=writer)
    pvd = ET.parse(tmp_path / "run" / "relax.pvd").getroot()
    sets = pvd.findall("./Collection/DataSet")
    assert [float(s.get("timestep")) for s in sets] == pytest.approx([0.05, 0.15])
    last = meshio.read(tmp_path / "run" / sets[-1].get("file"))
    assert last.point_data["rho"].shape == (mesh.n_cells,)
    assert np.all(np.isfinite(last.point_data["rho"]))
    assert run.rho.shape == (2, mesh.n_cells)


def test_single_density_and_bad_every(tmp_path):
    mesh = fp.icosphere(1)
    rho = fp.initial.uniform(mesh)
    write_density(mesh, rho, tmp_path / "u.vtu", z=mesh.points[:, 2])
    back = meshio.read(tmp_path / "u.vtu")
    assert np.allclose(back.point_data["rho"], rho)
    assert np.allclose(back.point_data["z"], mesh.points[:, 2])
    with pytest.raises(fp.ParameterError, match="every=0"):
        SeriesWriter(tmp_path / "x", mesh, every=0)
