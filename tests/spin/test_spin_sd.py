"""Four-channel s–d model (S-16 … S-18)."""

import math

import numpy as np
import pytest
from spin_modes import ModeSolution, round_off_bound

from fpsphere import spin

J0 = 1e10
NI = spin.SdMaterial("Ni-sd", sigma_s_up=3e7, sigma_s_down=1e7, sigma_d_down=0.5e7,
                     l_s=20e-9, l_sd=6e-9)
CO = spin.SdMaterial("Co-sd", sigma_s_up=2e7, sigma_s_down=0.6e7, sigma_d_down=0.2e7,
                     l_s=40e-9, l_sd=10e-9)


def blocks(mat):
    """C and K written from S-16/S-17 (Ohm per channel; ψ̇_s, ψ̇_sd)."""
    C = np.diag([mat.sigma_s_up, mat.sigma_s_down, mat.sigma_d_down])
    L_s = 1 / (mat.l_s**2 * (1 / mat.sigma_s_up + 1 / mat.sigma_s_down))
    L_sd = 1 / (mat.l_sd**2 * (1 / mat.sigma_s_down + 1 / mat.sigma_d_down))
    # J_s↑' = -ψ̇_s, J_s↓' = ψ̇_s - ψ̇_sd, J_d↓' = ψ̇_sd, and J' = -K u
    K = np.array([[L_s, -L_s, 0], [-L_s, L_s + L_sd, -L_sd], [0, -L_sd, L_sd]])
    return C, K


def bilayer(resistance=0.0):
    t = (200e-9, 300e-9)
    stack = spin.Stack([spin.Layer(NI, t[0]), spin.Layer(CO, t[1])],
                       [spin.Interface(resistance, 0.4) if resistance else None])
    mask = np.array([resistance == 0.0] * 2 + [False])
    G = np.zeros((3, 3))
    if resistance:
        G[0, 0], G[1, 1] = 1 / (2 * resistance * 0.6), 1 / (2 * resistance * 1.4)
    layers = [(*blocks(NI), t[0]), (*blocks(CO), t[1])]
    ones = np.ones(3)
    return stack, ModeSolution(layers, [(mask, G)], ones, ones, J0)


@pytest.mark.parametrize("resistance", [0.0, 0.5e-15])
def test_sd_matches_eigenmodes(resistance):
    stack, ref = bilayer(resistance)
    errors = []
    points = np.array([500, 1000, 2000, 4000])
    for p in list(points) + [32000]:
        sol = stack.solve_sd(J0, points=p)
        want = np.concatenate([ref.potentials(sol.x[sol.layer == i], i) for i in range(2)])
        spin_got = np.column_stack([sol.spin_accumulation, sol.interband_accumulation])
        spin_want = np.column_stack([want[:, 0] - want[:, 1], want[:, 1] - want[:, 2]])
        errors.append(np.abs(spin_got - spin_want).max() / np.abs(spin_want).max())
    order = -np.polyfit(np.log(points), np.log(errors[:-1]), 1)[0]
    assert 1.8 < order < 2.2
    assert errors[-1] < 1e-6
    assert sol.resistance == pytest.approx(ref.left_potential[0] / J0, rel=1e-7, abs=0)
    assert np.abs(sol.total_current / J0 - 1).max() < round_off_bound(sol)
    assert sol.r_ne > 0


def test_sd_without_d_current_is_two_channel():
    py = spin.Material("Py", resistivity=260e-9, beta=0.73, lsf=5.5e-9)
    cu = spin.Material("Cu", resistivity=6e-9, lsf=500e-9)
    stack = spin.Stack([spin.Layer(cu, 2e-6), spin.Layer(py, 8e-9, angle=math.pi),
                        spin.Layer(cu, 50e-9), spin.Layer(py, 8e-9), spin.Layer(cu, 2e-6)],
                       [spin.Interface(0.5e-15, 0.7)] * 4)
    sd, two = stack.solve_sd(J0, points=3000), stack.solve(J0, points=3000)
    assert sd.r_ne == pytest.approx(two.r_ne, rel=1e-9, abs=0)
    assert np.allclose(sd.spin_accumulation, two.delta_mu, rtol=0, atol=1e-9 * two.delta_mu.max())
    # d↓ follows the minority s channel: s↓, or s↑ in the reversed layer
    minority = np.where(sd.layer == 1, sd.potentials[:, 0], sd.potentials[:, 1])
    assert np.allclose(sd.potentials[:, 2], minority, rtol=1e-12, atol=0)


def test_s18_lengths():
    C, K = blocks(NI)
    nu = np.sort(np.linalg.eigvals(np.linalg.solve(C, K)).real)[::-1][:2]
    lengths = NI.lengths()
    assert lengths.decay == pytest.approx(tuple(1 / np.sqrt(nu)), rel=1e-12)
    assert lengths.l_s == pytest.approx(NI.l_s) and lengths.l_sd == pytest.approx(NI.l_sd)
    L_s = 1 / (NI.l_s**2 * (1 / NI.sigma_s_up + 1 / NI.sigma_s_down))
    assert lengths.lambda_sd == pytest.approx(math.sqrt(NI.sigma_s_down / L_s))
