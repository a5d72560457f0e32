"""Anchors outside the database (issue #18 point 2), on SQLite and PostgreSQL: the head printed on each signed
document and appended to the desk's witness file catches what the chain alone cannot: the newest entries deleted
(truncation) and an entry edited with the chain recomputed (the algorithm is public). Without an anchor both pass
`audit verify` — the tests say so, then show the anchor catching them."""

from __future__ import annotations

import io
import json
import re
import stat
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import select

from billing.assessments import get_assessment
from billing.documents.receipt import receipt_pdf_bytes
from billing.documents.skrd import assessment_pdf_bytes
from billing.payments import get_receipt
from tests.audit_helpers import make_office, rechain, run, tamper
from videotron.core.audit import AuditEntry
from videotron.core.audit_rows import bound_mappers, row_digest
from videotron.core.db import make_engine, make_session_factory
from videotron.core.paths import data_dir

ANCHOR = re.compile(r"Jejak audit (\d+:[0-9a-f]{12})")


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(p.extract_text() or "" for p in doc.pages)


def witness(url: str) -> Path:
    files = list(data_dir().glob("audit-witness-*.txt"))
    assert len(files) == 1, files
    return files[0]


@pytest.fixture
def office(db_url: str, media_files: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
           monkeypatch: pytest.MonkeyPatch) -> list[str]:  # fmt: skip
    return make_office(db_url, media_files, tmp_path, capsys, monkeypatch)


def test_documents_and_the_witness_carry_the_head(db_url: str, office: list[str], tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    engine = make_engine(db_url)
    with make_session_factory(engine)() as s:
        entries = {e.action + " " + e.entity_id: e for e in s.scalars(select(AuditEntry))}
        skrd_text = pdf_text(assessment_pdf_bytes(get_assessment(s, "0001/SKRD/VT/2026")))
        receipt_text = pdf_text(receipt_pdf_bytes(get_receipt(s, office[0])))
        newest = s.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    engine.dispose()
    # THEN the SKRD's footer names the entry of its issue, the receipt's the entry of the payment
    issue, pay = entries["skrd.issue 0001/SKRD/VT/2026"], entries["skrd.pay 0001/SKRD/VT/2026"]
    assert ANCHOR.findall(skrd_text) == [f"{issue.seq}:{issue.hash[:12]}"]
    assert ANCHOR.findall(receipt_text) == [f"{pay.seq}:{pay.hash[:12]}"]
    # AND the desk's witness file, readable by its owner only, ends with the newest head
    path = witness(db_url)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert newest is not None and path.read_text().splitlines()[-1].startswith(f"{newest.seq}:{newest.hash} ")
    # AND the month report, made now, prints the head as it stands
    month = tmp_path / "bulanan.pdf"
    assert run(capsys, "--db", db_url, "--user", "admin", "report", "month", "2026-11", "--out", str(month))[0] == 0
    assert ANCHOR.findall(pdf_text(month.read_bytes()))[0] == f"{newest.seq}:{newest.hash[:12]}"
    code, out = run(capsys, "--db", db_url, "audit", "verify", "--witness", "--anchor", ANCHOR.findall(skrd_text)[0])
    assert code == 0 and "audit head(s) written down outside the database match" in out, out


def test_truncation_is_caught_by_the_witness_only(db_url: str, office: list[str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    # GIVEN the newest entry, the STS deposit, and its rows deleted together: as if the deposit never was
    engine = make_engine(db_url)
    with make_session_factory(engine)() as s:
        newest = s.scalar(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1))
    engine.dispose()
    assert newest is not None and newest.action == "sts.record"
    tamper(
        db_url,
        "DELETE FROM deposit_receipt",
        "DELETE FROM deposit",
        f"DELETE FROM audit_entry WHERE seq = {newest.seq}",
    )
    # WHEN verified without an anchor, THEN it passes: a chain alone cannot show its end was cut
    code, out = run(capsys, "--db", db_url, "audit", "verify")
    assert code == 0, out
    assert "deleting the newest entries or recomputing the chain would not show" in out
    # WHEN verified against the desk's witness, THEN the cut is named
    code, out = run(capsys, "--db", db_url, "audit", "verify", "--witness")
    assert code == 1, out
    assert f"entry {newest.seq} is gone: the trail ends at entry {newest.seq - 1}" in out
    code, out = run(capsys, "--db", db_url, "audit", "verify", "--anchor", f"{newest.seq}:{newest.hash[:12]}")
    assert code == 1 and "1 of 1 audit head(s) written down outside the database no longer match" in out


def test_recomputation_is_caught_by_the_receipt_anchor_only(db_url: str, office: list[str],
                                                            capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    engine = make_engine(db_url)
    with make_session_factory(engine)() as s:
        printed = ANCHOR.findall(pdf_text(receipt_pdf_bytes(get_receipt(s, office[0]))))[0]
        pay = s.scalar(select(AuditEntry).where(AuditEntry.action == "skrd.pay").order_by(AuditEntry.seq))
    engine.dispose()
    assert pay is not None
    # GIVEN an insider who lowers payment 1 by Rp100.000, writes the new row digest into the payment's entry and
    # recomputes every hash after it
    tamper(db_url, "UPDATE payment SET amount = amount - 100000, principal_part = principal_part - 100000 WHERE id = 1")
    payment = next(m for m in bound_mappers() if m.class_.__tablename__ == "payment")
    columns = tuple(payment.class_.__audit_columns__)
    engine = make_engine(db_url)
    with make_session_factory(engine)() as s:
        values = s.execute(select(*(payment.local_table.c[c] for c in columns)).where(  # type: ignore[attr-defined]
            payment.local_table.c.id == 1)).one()  # type: ignore[attr-defined]  # fmt: skip
    engine.dispose()
    rows = json.loads(pay.rows)
    rows["payment:1"] = row_digest(columns, values)
    rechain(db_url, {pay.seq: {"rows": json.dumps(rows, sort_keys=True, separators=(",", ":"))}})
    # WHEN verified without an anchor, THEN it passes
    code, out = run(capsys, "--db", db_url, "audit", "verify")
    assert code == 0, out
    # WHEN verified with the anchor printed on the receipt, or the desk's witness, THEN the rewrite is named
    code, out = run(capsys, "--db", db_url, "audit", "verify", "--anchor", printed)
    assert code == 1 and f"entry {pay.seq} no longer has the hash {printed.split(':')[1]}" in out, out
    code, out = run(capsys, "--db", db_url, "audit", "verify", "--witness")
    assert code == 1 and "the chain was rewritten at or before it" in out


def test_a_malformed_anchor_is_refused(db_url: str, office: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "--db", db_url, "audit", "verify", "--anchor", "12-abc")
    assert code == 2 and "12-abc is not an audit head" in out
