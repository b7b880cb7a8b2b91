"""Make the exact references of this folder (spin_exact, spin_modes) importable."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
