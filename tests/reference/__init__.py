"""Independent spectral reference solvers used only by the test suite (no fpsphere imports)."""
