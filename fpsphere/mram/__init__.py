"""MRAM cells in SI units: retention, read disturb, write-error rates, pulse design.

A thin SI layer over the reduced Fokker-Planck model (docs/conventions.md): a
:class:`Cell` (A/m, J/m^3, K, m) with a torque source (:class:`STT` or
:class:`SOT`), and analyses that take a cell and return numbers in seconds,
amperes or probabilities, each a :class:`Quantity` that says its unit, its
estimated error and how it was obtained.  ``docs/how-to/mram.md`` has the mappings, the
default meshes and the measured accuracy.

Modules (imports flow downwards)
--------------------------------
* :mod:`~fpsphere.mram.results`: :class:`Quantity` (depends on nothing).
* :mod:`~fpsphere.mram.torques`: :class:`STT`, :class:`SOT`, the Gilbert-form torque
  to ``chi~``, ``Phi~`` per ampere, :data:`TORQUE_SOURCES` (depends on
  :mod:`fpsphere.units`, :mod:`fpsphere.energy`).
* :mod:`~fpsphere.mram.cell`: :class:`Cell` (validation, ``delta``, ``tau_N``, ``H_K``,
  energy, ``kappa``/``current``, ``critical_current``).
* :mod:`~fpsphere.mram.threshold`: zero-temperature thresholds (closed forms, Lee et
  al. 2013, continuation by :mod:`fpsphere.studies.critical`).
* :mod:`~fpsphere.mram.numerics`: default meshes, wells, regions, time steps.
* :mod:`~fpsphere.mram.thermal`: :func:`retention_time`, :func:`read_disturb`
  (:class:`fpsphere.FokkerPlanck` first passages).
* :mod:`~fpsphere.mram.writing`: :func:`write_error_rate` (evolutions;
  :func:`fpsphere.studies.write_error_rate`).
* :mod:`~fpsphere.mram.design`: :func:`current_for_wer`, :func:`duration_for_wer`
  (brentq on ``log WER``).
* :mod:`~fpsphere.mram.report`: the ``mram`` study of run configurations.

>>> from fpsphere.mram import Cell, STT
>>> cell = Cell(Ms=1.257e6, Ku=1.81e5, alpha=0.027, temperature=358.0,
...             diameter=40e-9, thickness=1.3e-9, torque=STT(efficiency=0.6))
>>> print(f"delta = {cell.delta:.1f}, I_c = {cell.critical_current * 1e6:.1f} uA")
delta = 59.8, I_c = 80.9 uA
"""

from fpsphere.mram.cell import Cell
from fpsphere.mram.design import current_for_wer, duration_for_wer
from fpsphere.mram.results import Quantity
from fpsphere.mram.thermal import read_disturb, retention_time
from fpsphere.mram.torques import SOT, STT, TORQUE_SOURCES
from fpsphere.mram.writing import WERTable, write_error_rate

__all__ = ["SOT", "STT", "TORQUE_SOURCES", "Cell", "Quantity", "WERTable", "current_for_wer",
           "duration_for_wer", "read_disturb", "retention_time", "write_error_rate"]
