"""What each command imports: `briefing check` needs neither a renderer nor ReportLab's layout and graphics.

(python-docx it does import: the brand's reference.docx is opened by the brand check.)
"""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, SAMPLE

PROBE = """
import contextlib, io, sys
from briefing import cli
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    status = cli.main(sys.argv[1:])
print(status, *sorted(m for m in sys.modules if m.startswith(("reportlab.platypus", "pypdfium2",
      "briefing.render", "briefing.charts", "reportlab.graphics"))))
"""


def imported(*argv: str) -> tuple[int, set[str]]:
    out = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True, text=True, check=True)
    status, *modules = out.stdout.split()
    return int(status), set(modules)


def test_check_imports_no_renderer_nor_reportlab_layout_or_graphics():
    status, modules = imported("check", str(SAMPLE))
    assert status == 0
    assert modules == set()


def test_schema_imports_no_renderer():
    status, modules = imported("schema")
    assert status == 0 and modules == set()
