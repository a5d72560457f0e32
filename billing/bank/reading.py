"""Reading a statement file: `read_statement` picks the reader by format (`csv`: `billing.bank.csv_reader`,
`mt940`: `billing.bank.mt940_reader`) or by the file's extension. A file that cannot be read whole is refused whole,
naming its line and field: nothing of a half-read statement is ever imported.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from billing.bank.csv_reader import read_csv
from billing.bank.mt940_reader import read_mt940
from billing.bank.statement import Statement
from videotron.core.config_bank import BankCsv
from videotron.core.errors import Place, ValidationError, problem

EXTENSIONS = {".csv": "csv", ".txt": "mt940", ".sta": "mt940", ".940": "mt940", ".mt940": "mt940"}


def statement_format(path: str | Path, fmt: str | None) -> str:
    """The format asked for, else the one the file's extension names."""
    chosen = fmt or EXTENSIONS.get(Path(path).suffix.lower())
    if chosen not in ("csv", "mt940"):
        raise ValidationError("bank.unknown_format", "say which format {path} is in: csv or mt940", field="format",
                              path=str(path))  # fmt: skip
    return chosen


def read_statement(path: str | Path, fmt: str | None, mapping: BankCsv) -> Statement:
    """The statement in file `path`, or a refusal naming the file, line and field."""
    chosen = statement_format(path, fmt)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValidationError([problem("file.unreadable", "cannot read: {why}", where=Place(str(path)),
                                       why=exc.strerror or str(exc))]) from None  # fmt: skip
    digest = hashlib.sha256(data).hexdigest()
    if chosen == "csv":
        return read_csv(str(path), data, digest, mapping)
    return read_mt940(str(path), data, digest)
