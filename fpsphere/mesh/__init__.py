"""Sphere meshes: icosahedral construction, Voronoi control volumes, checks, files.

Owns geometry only; knows nothing of energies or operators.
"""

from fpsphere.mesh.calculus import curl, divergence, gradient, laplacian
from fpsphere.mesh.describe import describe_mesh
from fpsphere.mesh.icosphere import icosphere
from fpsphere.mesh.io import read_mesh, write_mesh
from fpsphere.mesh.latlon import latlon
from fpsphere.mesh.quality import MeshQuality, quality_report
from fpsphere.mesh.sphere import SphereMesh

__all__ = [
    "MeshQuality",
    "SphereMesh",
    "curl",
    "describe_mesh",
    "divergence",
    "gradient",
    "icosphere",
    "laplacian",
    "latlon",
    "quality_report",
    "read_mesh",
    "write_mesh",
]
