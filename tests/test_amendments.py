"""Amending and cancelling bookings (`billing.amendments`): a decrease is a credit note offset against what is owed
or refunded, a cancellation before airing credits everything and after only the unaired days, an aired booking's
terms stay, documents are never voided away, a media swap that prices the same needs no amendment — and bad input
is refused naming its field, exit 2, nothing written, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pdfplumber
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from billing.amendments import Change, amend_booking, cancel_booking
from billing.assessments import get_assessment, void_assessment
from billing.credits import get_credit, offset_credit, refund_credit
from billing.documents.receipt import receipt_pdf_bytes
from billing.lifecycle_models import Amendment
from billing.models import NumberSeries
from billing.payments import record_payment
from billing.reports.arrears import open_balances
from playlists.bookings import save_booking, terms_of
from playlists.models import Booking
from playlists.planning import build_plan
from tests.lifecycle_helpers import CONFIG, NOV20, assess, book, office
from videotron.cli import main
from videotron.core.audit import AuditEntry
from videotron.core.clock import FixedClock
from videotron.core.db import make_session_factory
from videotron.core.errors import ValidationError, VideotronError

WHO = {"config": CONFIG, "actor": "bendahara"}


@pytest.fixture
def s(sessions: sessionmaker[Session], tmp_path: Path):  # type: ignore[no-untyped-def]
    with sessions.begin() as session:
        office(session, tmp_path)
        yield session


def amend(s: Session, clock: FixedClock, booking: str = "bk-1", reason: str = "permintaan pemasang iklan",
          **change: object):  # type: ignore[no-untyped-def]  # fmt: skip
    return amend_booking(s, booking, Change(**change), reason=reason, clock=clock, **WHO)  # type: ignore[arg-type]


def pay(s: Session, clock: FixedClock, number: str, amount: int, day: date = date(2026, 11, 20)) -> None:
    record_payment(s, number, amount=amount, paid_on=day, method="transfer", clock=clock, **WHO)


def test_a_decrease_after_payment_is_lebih_bayar_offset_later_or_refunded(s: Session) -> None:
    clock = FixedClock(NOV20)
    book(s, clock)
    pay(s, clock, assess(s, clock).number, 1_162_500)  # 10 x 31 x Rp2.500 x 1,5
    # WHEN 10 plays a day become 4 before December: 6 x 31 x Rp2.500 x 1,5 = Rp697.500 overpaid
    done = amend(s, clock, plays_per_day=4)
    credit = done.credit
    assert done.additional is None and credit is not None
    assert (credit.number, credit.amount, credit.offset_at_issue, credit.remaining) == (
        "0001/SKRDLB/VT/2026", 697_500, 0, 697_500)  # fmt: skip
    assert credit.assessment.number == "0001/SKRD/VT/2026" and credit.cause == "amendment"
    # AND a later SKRD of the same payer: 3 plays x 31 days x Rp2.500 = Rp232.500, offset by the credit
    book(s, clock, "bk-2", plays=3, start=date(2027, 1, 1), end=date(2027, 1, 31), band=None)
    later = assess(s, clock, "bk-2")
    use = offset_credit(s, credit.number, later.number, clock=clock, **WHO)
    assert (use.amount, later.credited, later.outstanding, later.status) == (232_500, 232_500, 0, "paid")
    assert s.get(Booking, "bk-2").paid_on == date(2026, 11, 20)  # type: ignore[union-attr]  # the 'paid' gate opens
    # AND the rest is refunded, with the transfer's reference
    refund_credit(s, credit.number, amount=465_000, paid_on=date(2026, 11, 20), reference="SP2D 00123/2026",
                  clock=clock, **WHO)  # fmt: skip
    assert get_credit(s, credit.number).remaining == 0
    actions = list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "credit")))
    assert actions == ["credit.issue", "credit.offset", "credit.refund"]
    with pytest.raises(VideotronError, match="more than the Rp0 left") as refused:
        refund_credit(s, credit.number, amount=1, paid_on=date(2026, 11, 20), reference="x", clock=clock, **WHO)
    assert refused.value.field == "amount"


def test_a_decrease_before_payment_reduces_what_is_owed(s: Session) -> None:
    clock = FixedClock(NOV20)
    book(s, clock)
    skrd = assess(s, clock)
    done = amend(s, clock, plays_per_day=6)  # Rp1.162.500 -> Rp697.500: Rp465.000 credited, never paid
    assert done.credit is not None and done.credit.offset_at_issue == 465_000 and done.credit.remaining == 0
    assert (skrd.principal, skrd.credited, skrd.outstanding, skrd.status) == (1_162_500, 465_000, 697_500, "partial")
    with pytest.raises(VideotronError, match=re.escape("more than the Rp697.500 still owed")):
        pay(s, clock, skrd.number, 1_162_500)
    assert open_balances(s, date(2026, 11, 20)) == {skrd.number: 697_500}  # the month report's receivables
    pay(s, clock, skrd.number, 697_500)
    assert skrd.status == "paid" and s.get(Booking, "bk-1").paid_on == date(2026, 11, 20)  # type: ignore[union-attr]
    assert open_balances(s, date(2026, 11, 20)) == {}
    with pdfplumber.open(io.BytesIO(receipt_pdf_bytes(skrd.payments[0].receipt))) as doc:
        text = " ".join((p.extract_text() or "").replace("\n", " ") for p in doc.pages)
    assert "Sisa yang belum dibayar: Rp0" in text  # the credit offset before the payment counts


def test_cancelling_a_draft_is_free_and_an_assessed_booking_credits_what_did_not_air(s: Session) -> None:
    clock = FixedClock(NOV20)
    book(s, clock, "draft-1")
    done = cancel_booking(s, "draft-1", reason="batal", clock=clock, **WHO)
    assert done.booking.status == "cancelled" and done.credit is None and done.amendment is None
    # An assessed booking before December: everything is credited, and it leaves the screen
    book(s, clock)
    assess(s, clock)
    done = cancel_booking(s, "bk-1", reason="usaha tutup", clock=clock, **WHO)
    assert done.booking.status == "cancelled" and done.credit is not None and done.credit.amount == 1_162_500
    assert done.credit.cause == "cancellation" and done.credit.offset_at_issue == 1_162_500  # it was never paid
    assert not [i for i in build_plan(s, "yamin", date(2026, 12, 5)).items if i.booking == "bk-1"]
    with pytest.raises(VideotronError, match="is cancelled: it cannot be amended") as refused:
        amend(s, clock, plays_per_day=5)
    assert refused.value.field == "booking"


def test_once_on_air_only_the_end_moves_and_only_unaired_days_are_credited(s: Session) -> None:
    clock = FixedClock(NOV20)
    book(s, clock)
    pay(s, clock, assess(s, clock).number, 1_162_500)
    clock.set(datetime(2026, 12, 10, 2, 0, tzinfo=UTC))  # 10 December, on air since the 1st
    with pytest.raises(VideotronError, match="on air since 1 December 2026: only its end") as refused:
        amend(s, clock, plays_per_day=40)
    assert refused.value.field == "plays_per_day"
    with pytest.raises(VideotronError, match="days already aired cannot be taken back") as refused:
        amend(s, clock, end=date(2026, 12, 5))
    assert refused.value.field == "end"
    # Cancelling now ends it today: 21 days (11-31 December) x 10 x Rp2.500 x 1,5 = Rp787.500 credited
    done = cancel_booking(s, "bk-1", reason="materi diganti", clock=clock, **WHO)
    assert done.booking.end_date == date(2026, 12, 10) and done.booking.status == "assessed"
    assert done.credit is not None and done.credit.amount == 787_500 and done.credit.remaining == 787_500
    assert s.scalar(select(Amendment.difference)) == -787_500


def test_documents_stay_an_additional_skrd_is_undone_by_amending_back(s: Session) -> None:
    clock = FixedClock(NOV20)
    book(s, clock)
    skrd = assess(s, clock)
    extra = amend(s, clock, plays_per_day=20).additional  # + 10 x 31 x Rp2.500 x 1,5 = Rp1.162.500
    assert extra is not None and extra.principal == 1_162_500
    with pytest.raises(VideotronError, match="amend the booking back"):
        void_assessment(s, extra.number, "salah ketik", actor="bendahara", clock=clock)
    with pytest.raises(VideotronError, match="has amendments or credits against it"):
        void_assessment(s, skrd.number, "salah", actor="bendahara", clock=clock)
    back = amend(s, clock, plays_per_day=10, reason="salah ketik")
    assert back.credit is not None and back.credit.amount == 1_162_500
    assert back.credit.uses[0].assessment_id == skrd.id  # the oldest owing SKRD is offset first
    assert get_assessment(s, skrd.number).status == "paid" and extra.outstanding == 1_162_500


def test_voiding_the_skrd_makes_the_booking_a_draft_again_and_it_leaves_the_air(s: Session) -> None:
    clock = FixedClock(NOV20)
    book(s, clock)
    skrd = assess(s, clock)
    assert {i.booking for i in build_plan(s, "yamin", date(2026, 12, 5)).items} >= {"bk-1"}
    void_assessment(s, skrd.number, "salah tarif", actor="bendahara", clock=clock)
    assert s.get(Booking, "bk-1").status == "draft"  # type: ignore[union-attr]
    assert "bk-1" not in {i.booking for i in build_plan(s, "yamin", date(2026, 12, 5)).items}
    assert assess(s, clock).number == "0002/SKRD/VT/2026"


def test_a_media_swap_that_prices_the_same_needs_no_amendment(s: Session) -> None:
    clock = FixedClock(NOV20)
    booking = book(s, clock)
    assess(s, clock)
    assert (booking.media_ms_min, booking.media_ms_max) == (1, 15_100)  # 1 block of 15 s, 100 ms overhang
    # a 14,9 s spot instead of the 15,04 s one: still 1 block, same money: saved like any edit
    assert save_booking(s, terms_of(booking).__class__(**{**vars(terms_of(booking)), "media_id": "spot-15b"}),
                        actor="operator", clock=clock).change == "update"  # fmt: skip
    # a 30 s spot is 2 blocks: refused naming the media and the way
    with pytest.raises(ValidationError, match=re.escape("covers media of 0.001-15.1 s")) as refused:
        save_booking(s, terms_of(booking).__class__(**{**vars(terms_of(booking)), "media_id": "spot-30"}),
                     actor="operator", clock=clock)  # fmt: skip
    assert refused.value.problems[0].field == "media" and "booking amend bk-1" in str(refused.value)
    done = amend(s, clock, media="spot-30")  # 10 x 31 x Rp2.500 x 2 blocks x 1,5 = Rp2.325.000: +Rp1.162.500
    assert done.additional is not None and done.additional.principal == 1_162_500


def test_an_amendment_that_prices_the_same_issues_no_document(s: Session) -> None:
    clock = FixedClock(NOV20)
    book(s, clock, screens=("yamin",), band=None)
    assess(s, clock)  # 10 x 31 x Rp2.500 = Rp775.000
    done = amend(s, clock, start=date(2026, 12, 2), end=date(2027, 1, 1))  # still 31 days
    assert done.amendment is not None and done.amendment.difference == 0
    assert done.additional is None and done.credit is None
    assert [n.code for n in done.notes()] == ["amend.done", "amend.no_money"]


def _counts(sessions: sessionmaker[Session]) -> tuple[int, int, int]:
    with sessions() as s:
        return (s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
                s.scalar(select(func.coalesce(func.sum(NumberSeries.last), 0))) or 0,
                s.scalar(select(func.count()).select_from(Amendment)) or 0)  # fmt: skip


@pytest.mark.parametrize(
    ("argv", "flag", "text"),
    [
        (["bk-cancelled", "--plays-per-day", "20"], "BOOKING", "booking bk-cancelled is cancelled"),
        (["bk-1", "--plays-per-day", "-5"], "--plays-per-day", "at least 1"),
        (["bk-1", "--band", "25:00-26:00"], "--band", "'25:00-26:00' is not valid"),
        (["bk-1", "--plays-per-day", "20", "--reason", " "], "--reason", "needs a reason"),
        (["bk-nope", "--plays-per-day", "20"], "BOOKING", "booking 'bk-nope' not found"),
        (["bk-1", "--screens", "yamin,nowhere"], "--screens", "screen 'nowhere' does not exist"),
    ],
)
def test_bad_amendments_exit_2_naming_the_field_and_write_nothing(
    any_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], flag: str, text: str
) -> None:
    sessions = make_session_factory(any_engine)
    clock = FixedClock(NOV20)
    with sessions.begin() as s:
        office(s, tmp_path)
        book(s, clock)
        assess(s, clock)
        book(s, clock, "bk-cancelled", band=None)
        cancel_booking(s, "bk-cancelled", reason="batal", clock=clock, **WHO)
    before = _counts(sessions)
    reason = [] if "--reason" in argv else ["--reason", "perubahan"]
    code = main(["--db", any_engine.url.render_as_string(hide_password=False), "booking", "amend", *argv, *reason],
                clock=clock)  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and f"{flag}: " in err and text in err, err
    assert _counts(sessions) == before
    with sessions() as s:
        assert s.get(Booking, "bk-1").plays_per_day == 10  # type: ignore[union-attr]
