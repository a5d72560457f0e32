"""LibreOffice Calc, headless, as a spreadsheet program opens a report workbook: it recalculates every formula on
load (the profile says so: OOXMLRecalcMode 0, "always") and saves what it computed, for the tests to compare with
the values the report cached."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ALWAYS_RECALCULATE = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def recalculated(xlsx: Path, work: Path) -> Path:
    """`xlsx` opened, recalculated and saved again by LibreOffice (in its own throwaway profile under `work`)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is not installed (scripts/setup.sh installs libreoffice-calc-nogui)"
    profile = work / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(ALWAYS_RECALCULATE, encoding="utf-8")
    out = work / "recalculated"
    subprocess.run([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "xlsx",
                    "--outdir", str(out), str(xlsx)], check=True, capture_output=True, timeout=180)  # fmt: skip
    return out / xlsx.name
