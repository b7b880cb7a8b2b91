"""The real client: ParaView's ``pvpython`` reads our VTU and PVD files.

Skipped where ``pvpython`` is not installed (Debian: ``apt-get install paraview``;
``.ci/run`` installs it when apt is available).  ``pvpython`` runs its own Python
and numpy, so it gets a clean environment and exchanges data through ``.npz``
files and a JSON report.
"""

import json
import os
import shutil
import subprocess

import numpy as np
import pytest

import fpsphere as fp
from fpsphere.export import SeriesWriter, model_fields, write_state

PVPYTHON = shutil.which("pvpython")
pytestmark = pytest.mark.skipif(
    PVPYTHON is None, reason="pvpython (ParaView) is not installed: apt-get install paraview")

SCRIPT = r'''
import json, sys
import numpy as np
from paraview import servermanager
from paraview.simple import GetParaViewVersion, PVDReader, XMLUnstructuredGridReader
from vtkmodules.util.numpy_support import vtk_to_numpy

vtu, pvd, expected_vtu, expected_pvd, report = sys.argv[1:6]


def arrays(data):
    point = data.GetPointData()
    out = {point.GetArrayName(k): vtk_to_numpy(point.GetArray(k))
           for k in range(point.GetNumberOfArrays())}
    field = data.GetFieldData()
    meta = {field.GetArrayName(k): vtk_to_numpy(field.GetArray(k)).tolist()
            for k in range(field.GetNumberOfArrays())}
    return out, meta


def compare(found, expected):
    bad = [k for k in expected.files
           if k not in found or not np.allclose(found[k], expected[k], rtol=1e-14, atol=0)]
    return bad


version = GetParaViewVersion()
result = {"version": f"{version.major}.{version.minor}"}
reader = XMLUnstructuredGridReader(FileName=[vtu])
reader.UpdatePipeline()
data = servermanager.Fetch(reader)
found, meta = arrays(data)
result["vtu_points"] = data.GetNumberOfPoints()
result["vtu_cells"] = data.GetNumberOfCells()
result["vtu_names"] = sorted(found)
result["vtu_mismatch"] = compare(found, np.load(expected_vtu))
result["vtu_field"] = meta
result["vtu_times"] = list(reader.TimestepValues or [])

series = PVDReader(FileName=pvd)
series.UpdatePipelineInformation()
times = list(series.TimestepValues)
result["pvd_times"] = times
expected = np.load(expected_pvd)
mismatch = []
for k, t in enumerate(times):
    series.UpdatePipeline(t)
    frame, meta = arrays(servermanager.Fetch(series))
    if not np.allclose(frame["rho"], expected[f"rho_{k}"], rtol=1e-14, atol=0):
        mismatch.append(k)
    if meta.get("TimeValue") != [t]:
        mismatch.append(f"TimeValue of frame {k}: {meta.get('TimeValue')}")
result["pvd_mismatch"] = mismatch
with open(report, "w") as out:
    json.dump(result, out)
'''


def test_pvpython_reads_state_and_series(tmp_path):
    mesh = fp.icosphere(2)
    model = fp.FokkerPlanck(mesh, fp.Uniaxial(sigma=3.0) + fp.Zeeman(1.0, (1.0, 0.0, 1.0)),
                            0.5, chi=fp.Polarizer(2.0))
    rho = model.stationary()
    vtu = write_state(tmp_path / "state.vtu", model, rho, time=0.75,
                      extra={"z": mesh.points[:, 2]})
    np.savez(tmp_path / "vtu.npz", rho=rho, z=mesh.points[:, 2], **model_fields(model, rho))

    rho0 = fp.initial.von_mises_fisher(mesh, (1, 0, 0), 2.0)
    with SeriesWriter(tmp_path / "series" / "relax", model=model, time_unit="ns",
                      time_scale=2.0) as writer:
        run = model.evolve(rho0, [0.1, 0.2, 0.3], dt=0.1, callback=writer)
    np.savez(tmp_path / "pvd.npz", **{f"rho_{k}": r for k, r in enumerate(run.rho)})

    (tmp_path / "check.py").write_text(SCRIPT)
    report = tmp_path / "report.json"
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV", "DISPLAY")}
    done = subprocess.run(
        [PVPYTHON, "--force-offscreen-rendering", str(tmp_path / "check.py"), str(vtu),
         str(tmp_path / "series" / "relax.pvd"), str(tmp_path / "vtu.npz"),
         str(tmp_path / "pvd.npz"), str(report)],
        capture_output=True, text=True, timeout=300, env=env, check=False)
    assert done.returncode == 0 and report.exists(), done.stdout + done.stderr
    result = json.loads(report.read_text())
    assert result["version"].startswith("5."), result["version"]
    assert (result["vtu_points"], result["vtu_cells"]) == (mesh.n_cells, mesh.n_triangles)
    assert set(result["vtu_names"]) == {"rho", "z", *model_fields(model, rho)}
    assert result["vtu_mismatch"] == []
    assert result["vtu_field"]["TimeValue"] == [0.75]
    assert result["vtu_field"]["time [tau_N]"] == [0.75]
    assert result["vtu_times"] == [0.75]
    assert result["pvd_times"] == pytest.approx([0.2, 0.4, 0.6])
    assert result["pvd_mismatch"] == []
