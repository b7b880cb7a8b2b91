"""Independent references for the MRAM tests (numpy/scipy and tests/reference only).

:func:`axial_mfpt` is the Brown/Kramers double integral of the mean first-passage
time of the axial problem ``2 d(rho)/d(tau) = d/dz[(1 - z^2)(d(rho)/dz + rho U')]``
(docs/conventions.md section 1, time in tau_N).  The backward equation
``(1/2) e^U d/dz[(1 - z^2) e^-U dT/dz] = -1`` with ``T(z_b) = 0`` and no flux at
``z = 1`` gives

    T(z) = 2 int_{z_b}^{z} e^{U(x)} / (1 - x^2) int_x^1 e^{-U(y)} dy dx,

and the mean over the start density ``e^{-U}`` on ``0 < z < 1`` is, after exchanging
the order of integration,

    T = (2 / Z+) int_{z_b}^{1} e^{U(x)} I(x) W(x) / (1 - x^2) dx,
    I(x) = int_x^1 e^{-U},  W(x) = int_{max(x, 0)}^1 e^{-U},  Z+ = W(0).

Quadrature: composite Gauss-Legendre uniform in theta (tests/reference/legendre.py,
``_panel_ops``) with local cumulative integrals, exponents shifted by ``min U``.
"""

import numpy as np

from tests.reference.legendre import _panel_ops


def axial_mfpt(U, z_b, *, npanel=1024, m=16):
    """Mean first-passage time (tau_N) from ``e^{-U}`` on ``z > 0`` to ``z <= z_b``."""
    x, s, wts, cumulative = _panel_ops(npanel, m)
    u = np.asarray(U(x), float)
    shift = u.min()
    _, inner = cumulative(np.exp(-(u - shift)))           # e^{shift} I(x)
    _, right = cumulative(np.where(x > 0, np.exp(-(u - shift)), 0.0))
    z_plus = right[0]                                      # e^{shift} Z+ (all of z > 0)
    weight = np.where(x > 0, inner / z_plus, 1.0)          # W(x) / Z+
    integrand = np.exp(u - shift) * inner * weight / (s * s)
    return 2.0 * float(np.sum(wts * integrand * (x >= z_b)))
