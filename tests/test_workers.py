"""A worker's start-up (config/workers.py): its long-lived objects leave the garbage
collector's scans."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_worker_loads_its_views_and_freezes_what_is_alive_before_its_first_request():
    probe = (
        "import gc, json, sys\n"
        "import config.wsgi\n"
        "print(json.dumps({'views': 'blog.views' in sys.modules and 'comments.views' in "
        "sys.modules, 'frozen': gc.get_freeze_count(), 'young': gc.get_count()[0]}))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"}
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["views"]
    assert found["frozen"] > 10_000  # the framework's and the project's objects
    assert found["young"] < 1_000
