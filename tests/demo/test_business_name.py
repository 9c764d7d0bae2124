"""`make demo` runs the demo under its business's name (issue #16: customers of the demo
read "Customer service"), without the owner setting an environment variable."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from rightthere.demo.cast import BUSINESS_NAME

ROOT = Path(__file__).resolve().parents[2]


def test_every_demo_command_runs_under_the_cast_business_name():
    make = shutil.which("make")
    assert make, "make is needed for `make demo`"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEMO_", "MAKE"))}
    env.pop("BUSINESS_NAME", None)
    planned = subprocess.run(  # noqa: S603 - make, with fixed arguments
        [make, "--no-print-directory", "-n", "demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # (compilemessages, `make translations`, only compiles the catalogues: no names)
    commands = [
        line
        for line in planned.splitlines()
        if re.search(r"/rightthere \w", line) and "compilemessages" not in line
    ]

    # migrate, seed-demo (its mails are written then), the worker and the web server
    assert len(commands) == 4, planned
    for command in commands:
        assert f"BUSINESS_NAME='{BUSINESS_NAME}'" in command, command
    assert BUSINESS_NAME != "Customer service"
