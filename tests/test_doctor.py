"""`papers doctor`: index, Ollama and the embedded model, each with what to do."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers.fake_ollama import unused_url

from index.settings import Settings

pytestmark = pytest.mark.slow  # each test starts `papers doctor` in a new process


def _doctor(settings: Settings, ollama_url: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PAPERS_HOME": str(settings.home),
        "PAPERS_OLLAMA_URL": ollama_url,
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.run([sys.executable, "-m", "ui.cli", "doctor"], env=env, capture_output=True, text=True)


def test_doctor_reports_index_dead_ollama_and_embedded_model(indexed_settings: Settings) -> None:
    out = _doctor(indexed_settings, unused_url())
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("[ok] index: 123 papers")
    assert lines[1].startswith("[!!] ollama:") and "ollama serve" in lines[1]
    assert lines[2].startswith("[ok] embedded model: The embedded model SmolLM2-135M-Instruct")


def test_doctor_without_an_index_says_how_to_make_one(settings: Settings) -> None:
    out = _doctor(settings, unused_url())
    assert out.returncode == 1
    assert "papers index" in out.stdout.splitlines()[0]
    assert "Traceback" not in out.stderr
