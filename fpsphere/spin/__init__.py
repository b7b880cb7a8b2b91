"""1D spin-accumulation solver for magnetic multilayers (docs/conventions.md §2, S-7 … S-18).

A stand-alone stage of fpsphere: it turns an electric current through a stack of
ferromagnetic and normal layers into the spin accumulation, spin currents and
non-equilibrium resistance, with three models on one finite-difference engine:

* two-channel (S-7 … S-12): :meth:`Stack.solve`;
* vector / transverse (S-13 … S-15, Zhang–Levy–Fert): :meth:`Stack.solve_vector`,
  :meth:`Stack.sweep_angle`;
* four-channel s–d (S-16 … S-18): :meth:`Stack.solve_sd` with :class:`SdMaterial`.

Example
-------
>>> from fpsphere import spin
>>> cu = spin.material("Cu")
>>> py = spin.Material("Py", resistivity=263e-9, beta=0.73, lsf=5.5e-9)
>>> stack = spin.Stack([spin.Layer(cu, 200e-9), spin.Layer(py, 10e-9), spin.Layer(cu, 200e-9)])
>>> sol = stack.solve(current_density=1e10)
>>> bool(sol.r_ne > 0)
True
"""

from fpsphere.spin.materials import (
    INTERFACES,
    MATERIALS,
    Interface,
    Material,
    interface,
    known_materials,
    material,
)
from fpsphere.spin.sd import SdLengths, SdMaterial
from fpsphere.spin.solution import SdSolution, TwoChannelSolution, VectorSolution
from fpsphere.spin.stack import AngleSweep, Layer, Stack

__all__ = [
    "INTERFACES",
    "MATERIALS",
    "AngleSweep",
    "Interface",
    "Layer",
    "Material",
    "SdLengths",
    "SdMaterial",
    "SdSolution",
    "Stack",
    "TwoChannelSolution",
    "VectorSolution",
    "interface",
    "known_materials",
    "material",
]
