"""Issue 28, the index side: package data declared, attached files stat-ed before they are read,
concurrent opens of one store, a repair never shows an empty index, mixed encodings, BibTeX round trip."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_ships_the_seeds_without_a_setuptools_warning(tmp_path: Path) -> None:
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    assert "absent from the `packages` configuration" not in built.stdout + built.stderr
    (wheel,) = tmp_path.glob("papers-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    seeds = [n for n in names if n.startswith("index/data/seeds/") and n.endswith(".txt")]
    assert len(seeds) == len(list((ROOT / "index/data/seeds").glob("*.txt"))) == 5
    unpacked = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(unpacked)
    loaded = subprocess.run(
        [sys.executable, "-c", "import index.corpus as c; print(c.__file__, len(c.bundled_papers()))"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert loaded.stdout.split() == [str(unpacked / "index" / "corpus.py"), "126"], loaded.stderr[-2000:]
