"""Benchmarks, tuning and the red team, outside the installed package: `python -m benchmarks.NAME`.

They run from a checkout. The fakes and servers they share with the tests (`tests/helpers`) are put on
the import path here, once, and the checkout on PYTHONPATH, for the processes a benchmark starts.
"""

import os
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(_ROOT / "tests"))
if str(_ROOT) not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(_ROOT), os.environ.get("PYTHONPATH")) if p)
