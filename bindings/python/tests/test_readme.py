"""The README's "Using from Python" example runs as shown and prints what the README says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[3] / "README.md"


def test_readme_example_runs_as_shown() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Using from Python", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    output = re.search(r"```text\n(.*?)```", section, re.S)
    assert code and output
    result = subprocess.run([sys.executable, "-c", code.group(1)], capture_output=True, check=True)
    assert result.stdout.decode("utf-8") == output.group(1)
