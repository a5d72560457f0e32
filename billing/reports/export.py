"""One way to make a report file, for the command line and the desk alike: the month report or the proof-of-play
report (for a booking or an advertiser when asked) as PDF, XLSX or CSV.

The figures are read in one read-only transaction (on SQLite it never takes the write lock a desk issuing
documents needs), and written in it, because the advertiser's statement reads the advertiser's row. A file is
written whole or not at all (`billing.output`); the desk's preview gets the PDF in a stream.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal

from sqlalchemy.orm import Session, sessionmaker

from billing.output import write_file
from billing.reports.delivery import delivery_report
from billing.reports.delivery_data import DeliveryReport
from billing.reports.month import MonthReport, month_report
from billing.reports.pdf_delivery import render_delivery_pdf
from billing.reports.pdf_month import render_month_pdf
from billing.reports.period import Month
from billing.reports.sheets import write_delivery_csv, write_delivery_xlsx, write_month_csv, write_month_xlsx
from videotron.core.clock import Clock
from videotron.core.config import Config
from videotron.core.db import read_only
from videotron.core.errors import VideotronError
from videotron.core.permissions import authorize

FORMATS = ("pdf", "xlsx", "csv")
Kind = Literal["month", "delivery"]
Report = MonthReport | DeliveryReport


def report_format(fmt: str | None, out: str | Path) -> str:
    """The format asked for, else the one the output file's extension names."""
    chosen = (fmt or Path(out).suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise VideotronError("report.unknown_format", "choose one of {formats:list} (or give the output file that "
                             "extension)", field="format", formats=FORMATS)  # fmt: skip
    return chosen


def export_report(sessions: sessionmaker[Session], kind: Kind, month: Month, out: str | Path | BinaryIO, *,
                  fmt: str | None = None, config: Config, actor: str, clock: Clock, booking: str | None = None,
                  advertiser: str | None = None) -> Report:  # fmt: skip
    """Make report `kind` for `month` and write it to `out` (a file, or a stream for a PDF) in `fmt` (default: the
    file's extension), worded in `config.language` and signed on the office's today; returns the report's data.
    The proof-of-play report is for one `booking` or one `advertiser` (the statement) when one is given."""
    chosen = report_format(fmt, out if isinstance(out, str | Path) else ".pdf")
    today = config.today(clock)
    reader = sessionmaker(read_only(sessions.kw["bind"]), expire_on_commit=False)
    with reader.begin() as session:
        authorize(session, actor, "report.make")
        report: Report
        if kind == "month":
            report = month_report(session, month, config=config, today=today)
        else:
            report = delivery_report(session, month, booking_id=booking, advertiser_id=advertiser)
        if isinstance(out, str | Path):
            write_file(out, lambda path: _write(report, chosen, path, config, today))
        else:
            _write(report, chosen, out, config, today)
    return report


def _write(report: Report, fmt: str, out: Path | BinaryIO, config: Config, today: date) -> None:
    if isinstance(report, MonthReport):
        if fmt == "pdf":
            render_month_pdf(report, out, config=config, signed_on=today)
        else:
            (write_month_xlsx if fmt == "xlsx" else write_month_csv)(report, _file(out, fmt), config=config)
    elif fmt == "pdf":
        render_delivery_pdf(report, out, config=config, signed_on=today)
    else:
        (write_delivery_xlsx if fmt == "xlsx" else write_delivery_csv)(report, _file(out, fmt), config=config)


def _file(out: Path | BinaryIO, fmt: str) -> Path:
    if not isinstance(out, Path):
        raise ValueError(f"{fmt} is written to a file, not a stream")
    return out
