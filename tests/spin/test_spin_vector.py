"""Vector (Zhang–Levy–Fert) model: exact eigenmode reference and collinear limits."""

import math

import numpy as np
import pytest
from spin_modes import ModeSolution

from fpsphere import spin

J0 = 1e10
CO = spin.Material("Co", resistivity=75e-9, beta=0.46, lsf=60e-9, l_perp=3e-9, l_j=2e-9)
CU = spin.Material("Cu", resistivity=6e-9, lsf=500e-9)
ITF = spin.Interface(0.5e-15, 0.77)


def frame(m):
    """Orthonormal (a, b, m) as the columns of a 3×3 matrix."""
    a = np.cross([0.0, 1.0, 0.0], m)
    a = a / np.linalg.norm(a)
    return np.column_stack([a, np.cross(m, a), m])


def lab(block_in_frame, m):
    T = np.eye(4)
    T[1:, 1:] = frame(m)
    return T @ block_in_frame @ T.T


def channel_block(up, down, m):
    """(ū, Δ) block of two channels along m: J↑,↓ = -g↑,↓ (ū ± Δ_m/2)', transverse mean."""
    f = np.zeros((4, 4))
    f[0, 0], f[0, 3] = up + down, (up - down) / 2
    f[3, 0], f[3, 3] = up - down, (up + down) / 2
    f[1, 1] = f[2, 2] = (up + down) / 2
    return lab(f, m)


def relaxation(mat, m):
    s0 = mat.sigma0
    f = np.zeros((4, 4))
    if not mat.ferromagnetic:
        f[1, 1] = f[2, 2] = f[3, 3] = s0 / mat.lsf**2
        return f
    up, down = s0 * (1 + mat.beta), s0 * (1 - mat.beta)
    f[3, 3] = 2 * up * down / (up + down) / mat.lsf**2
    f[1, 1] = f[2, 2] = s0 * (1 / mat.lsf**2 + 1 / mat.l_perp**2)
    f[1, 2], f[2, 1] = s0 / mat.l_j**2, -s0 / mat.l_j**2  # J_a' ∋ -σ₀(Δ×m)_a / l_J²
    return lab(f, m)


def magnet(angle):
    return np.array([math.sin(angle), 0.0, math.cos(angle)])


def exact(stack):
    layers, interfaces = [], []
    for la in stack.layers:
        mat, m = la.material, magnet(la.angle)
        layers.append((channel_block(mat.sigma0 * (1 + mat.beta), mat.sigma0 * (1 - mat.beta), m),
                       relaxation(mat, m), la.thickness))
    for j, itf in enumerate(stack.interfaces):
        if itf.transparent:
            interfaces.append((np.ones(4, bool), np.zeros((4, 4))))
            continue
        ferro = [la for la in stack.layers[j:j + 2] if la.material.ferromagnetic][0]
        g_up = 1 / (2 * itf.resistance * (1 - itf.gamma))
        g_dn = 1 / (2 * itf.resistance * (1 + itf.gamma))
        interfaces.append((np.zeros(4, bool), channel_block(g_up, g_dn, magnet(ferro.angle))))
    unit = np.array([1.0, 0, 0, 0])
    return ModeSolution(layers, interfaces, unit, unit, J0)


def valve(theta, interfaces=True, rotation=0.0, free=5e-9):
    layers = [spin.Layer(CU, 1e-6), spin.Layer(CO, 20e-9, angle=rotation),
              spin.Layer(CU, 10e-9), spin.Layer(CO, free, angle=theta + rotation),
              spin.Layer(CU, 1e-6)]
    return spin.Stack(layers, [ITF if interfaces else None] * 4)


def error(stack, ref, points):
    sol = stack.solve_vector(J0, points=points)
    got = np.column_stack([sol.mu_mean, sol.spin_accumulation])
    want = np.concatenate([ref.potentials(sol.x[sol.layer == i], i)
                           for i in range(stack.n_layers)])
    spin_err = np.abs(got[:, 1:] - want[:, 1:]).max() / np.abs(want[:, 1:]).max()
    return spin_err, sol


@pytest.mark.parametrize("interfaces", [False, True])
def test_noncollinear_matches_eigenmodes(interfaces):
    stack = valve(1.1, interfaces)
    ref = exact(stack)
    points = np.array([1000, 2000, 4000, 8000])
    errors = np.array([error(stack, ref, p)[0] for p in points])
    order = -np.polyfit(np.log(points), np.log(errors), 1)[0]
    assert 1.8 < order < 2.2
    fine, sol = error(stack, ref, 32000)
    assert fine < 1e-6
    assert sol.resistance == pytest.approx(ref.left_potential[0] / J0, rel=1e-8, abs=0)


@pytest.mark.parametrize("theta", [0.0, math.pi])
def test_reduces_to_collinear(theta):
    stack = valve(theta)
    vec, col = stack.solve_vector(J0, points=4000), stack.solve(J0, points=4000)
    assert vec.r_ne == pytest.approx(col.r_ne, rel=1e-6, abs=0)
    ends = lambda s: np.flatnonzero(np.diff(s.layer, prepend=-1) | np.diff(s.layer, append=9))  # noqa: E731
    a, b = vec.delta_mu[ends(vec)], col.delta_mu[ends(col)]
    assert np.abs(a - b).max() < 1e-6 * np.abs(b).max()
    assert np.abs(vec.spin_current[ends(vec), 2] - col.spin_current[ends(col)]).max() < 1e-6 * J0
    assert np.abs(vec.spin_accumulation[:, :2]).max() < 1e-12 * np.abs(b).max()


def test_global_rotation_changes_nothing():
    a = valve(0.9).solve_vector(J0, points=2000)
    b = valve(0.9, rotation=0.5).solve_vector(J0, points=2000)
    assert b.r_ne == pytest.approx(a.r_ne, rel=1e-7, abs=0)
    norm = lambda s: np.linalg.norm(s.absorbed_spin_current(3))  # noqa: E731
    assert norm(b) == pytest.approx(norm(a), rel=1e-7)


def test_torque_vanishes_when_collinear_and_is_odd_in_angle():
    angles = np.array([0.0, 0.6, -0.6, math.pi])
    sweep = valve(0.0).sweep_angle(3, angles, J0, points=1000)
    scale = np.abs(sweep.in_plane).max()
    assert scale > 0.05 * J0
    assert abs(sweep.in_plane[0]) < 1e-9 * scale and abs(sweep.in_plane[3]) < 1e-9 * scale
    assert sweep.in_plane[1] == pytest.approx(-sweep.in_plane[2], rel=1e-9)
    assert sweep.out_of_plane[1] == pytest.approx(-sweep.out_of_plane[2], rel=1e-9)


def test_thick_free_layer_absorbs_all_transverse_current():
    sol = valve(math.pi / 2, free=30e-9).solve_vector(J0, points=4000)
    nodes = np.flatnonzero(sol.layer == 3)
    m = magnet(math.pi / 2)
    incoming = sol.spin_current[nodes[0]] - (sol.spin_current[nodes[0]] @ m) * m
    outgoing = sol.spin_current[nodes[-1]] - (sol.spin_current[nodes[-1]] @ m) * m
    assert np.linalg.norm(incoming) > 0.05 * J0
    assert np.linalg.norm(outgoing) < 1e-4 * np.linalg.norm(incoming)
    absorbed = sol.absorbed_spin_current(3)
    assert np.linalg.norm(absorbed - (absorbed @ m) * m) == pytest.approx(
        np.linalg.norm(incoming), rel=1e-4)
