"""Studies: the experiments users run with a spin-transfer device (docs/conventions.md §1, §3).

Each study is a function returning a small frozen table with a ``rows()`` method
(tidy records for CSV / sweeps) and a ``plot()`` helper (matplotlib, lazy):

* :func:`write_error_rate` — switching probability / write-error rate versus pulse
  duration and current, from implicit evolutions (probabilities down to 1e-9);
* :func:`hysteresis_loop` — ``<u.n>`` versus a swept field under a current: loop
  shift and coercive fields (the article's quasi-static experiment, ``grad chi/alpha``);
* :func:`critical_currents` — the zero-temperature instability current versus
  field (axial: ``kappa_c = 2 sigma (1 + h)``) and :func:`effective_barrier`, the
  Arrhenius barrier of the escape rate versus current (axial: ``sigma (1 - I/I_c)^2``);
* :func:`resonance_vs_current` — precession frequency and linewidth of the
  ferromagnetic-resonance mode versus current (the article's FMR-like experiment:
  the shift from ``grad Phi``).

:data:`STUDIES` (:mod:`fpsphere.studies.registry`) maps each ``[study] kind`` of a run
configuration to its entry (keys, reader, runner), declared next to the function.

A :class:`Device` holds what they share: mesh, energy, damping, field direction and
the spin-transfer potentials per unit current (the response is linear in it).

Depends on :mod:`fpsphere.model`, :mod:`fpsphere.observables`, :mod:`fpsphere.llg`.
"""

from fpsphere.studies.critical import CriticalTable, critical_currents, effective_barrier
from fpsphere.studies.device import Device, device_of
from fpsphere.studies.hysteresis import HysteresisLoop, hysteresis_loop
from fpsphere.studies.registry import STUDIES, Study, StudyOutput, StudyParams, StudyResult
from fpsphere.studies.resonance import ResonanceTable, resonance_vs_current
from fpsphere.studies.switching import SwitchingTable, write_error_rate

__all__ = [
    "CriticalTable",
    "Device",
    "HysteresisLoop",
    "ResonanceTable",
    "STUDIES",
    "Study",
    "StudyOutput",
    "StudyParams",
    "StudyResult",
    "SwitchingTable",
    "critical_currents",
    "device_of",
    "effective_barrier",
    "hysteresis_loop",
    "resonance_vs_current",
    "write_error_rate",
]
