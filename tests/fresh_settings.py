"""Settings as a fresh process reads them from its environment: in the test
process pytest-django has configured them already (and forces DEBUG off), so
only a new process shows what a variable chooses."""

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def read_settings(expression: str, environ=None, *, drop: Iterable[str] = ()):
    """Return *expression* (JSON-ready, the settings module named ``s``) as
    a process reads it with *environ* added and the variables *drop* removed."""
    dropped = set(drop)
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    code = f"import json, speechsite.settings as s; print(json.dumps({expression}))"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, **(environ or {})},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(done.stdout)
