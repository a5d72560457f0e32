"""Running-text bookings and billing, on SQLite and PostgreSQL: priced per message per day (amount worked by hand),
a tariff row of the wrong kind refused, the SKRD voided (a draft again, changeable), and a setup file whose sold texts
overfill a band refused at the text's line with nothing written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from billing.assessments import void_assessment
from billing.quote import quote_booking
from billing.text_assessments import issue_text_assessment
from playlists.layouts import LayoutFields, ZoneFields, save_layout
from playlists.models import RunningText
from playlists.running_texts import TextFields, save_text_booking
from playlists.setup_file import parse_setup
from playlists.setup_load import apply_setup
from tests.billing_helpers import TARIFF, add_booking, add_screens, clock, load_tariff
from tests.office import office_config
from videotron.core.db import make_session_factory
from videotron.core.errors import ValidationError, VideotronError

CONFIG = office_config()
RATES = """
[[rate]]
category = "teks-berjalan"
zone = "*"
unit = "day"
blocks = "none"
price = 25000
account = "4.1.2.02.03"

[[rate]]
category = "teks-karakter"
zone = "*"
unit = "day"
blocks = "chars"
price = 150
account = "4.1.2.02.03"
"""
SOLD = TextFields("TB-1", "Sinar Minang: servis AC gratis", ["yamin", "smk1"], date(2026, 3, 1), date(2026, 3, 10),
                  advertiser_id="adv1", category="teks-berjalan")  # fmt: skip


def _office(s: Session, tmp_path: Path) -> None:
    add_screens(s)
    load_tariff(s, tmp_path, TARIFF.replace("[[rate]]", RATES + "\n[[rate]]", 1))
    for sid in ("yamin", "smk1"):
        band = ZoneFields(position="bottom", h=48)
        save_layout(s, LayoutFields(sid, width=1920, height=1080, ticker=band, sold_texts=2), actor="t", clock=clock())


def test_priced_per_message_per_day_voided_and_changed_again(any_engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(any_engine)
    with sessions.begin() as s:
        _office(s, tmp_path)
        save_text_booking(s, SOLD, actor="t", clock=clock(), new=True)
    # Rp25.000 per message per day, 1 to 10 March = 10 days, on two screens: 2 x 25.000 x 10 = Rp500.000.
    with sessions.begin() as s:
        a = issue_text_assessment(s, "TB-1", config=CONFIG, actor="t", clock=clock())
        assert a.principal == 500_000 and [ln.amount for ln in a.lines] == [250_000, 250_000]
        assert [ln.screen_id for ln in a.lines] == ["smk1", "yamin"]
        assert a.lines[0].description == "Videotron SMK 1: Rp25.000 x 10 hari"
        number = a.number
    with sessions.begin() as s:
        void_assessment(s, number, "salah tanggal", actor="t", clock=clock())
        assert s.get(RunningText, "TB-1").status == "draft"  # type: ignore[union-attr]
        changed = save_text_booking(s, TextFields(**{**SOLD.__dict__, "end_date": date(2026, 3, 5)}), actor="t",
                                    clock=clock())  # fmt: skip
        assert changed.change == "update"
        again = issue_text_assessment(s, "TB-1", config=CONFIG, actor="t", clock=clock())
        assert again.principal == 2 * 25_000 * 5


def test_a_rate_of_the_wrong_kind_is_refused(any_engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(any_engine)
    with sessions.begin() as s:
        _office(s, tmp_path)
        add_booking(s, "b1", category="teks-karakter")
        save_text_booking(s, TextFields(**{**SOLD.__dict__, "category": "komersial"}), actor="t", clock=clock())
    with sessions.begin() as s:
        with pytest.raises(VideotronError) as spot:
            quote_booking(s, "b1", date(2026, 3, 10))
        assert spot.value.problems[0].code == "quote.rate_kind" and spot.value.problems[0].params["basis"] == "chars"
        with pytest.raises(VideotronError) as text:
            issue_text_assessment(s, "TB-1", config=CONFIG, actor="t", clock=clock())
        assert text.value.problems[0].code == "quote.rate_kind" and text.value.problems[0].params["basis"] == "spot"


def test_a_setup_file_overfilling_a_band_is_refused_at_the_texts_line(any_engine: Engine, tmp_path: Path) -> None:
    sessions = make_session_factory(any_engine)
    with sessions.begin() as s:
        _office(s, tmp_path)
    body = "".join(
        f'[[text_booking]]\nid = "TB-{n}"\nadvertiser = "adv1"\ntext = "Promo {n}"\nscreens = ["yamin"]\n'
        f'category = "teks-berjalan"\nstart = 2026-03-0{n}\nend = 2026-03-09\n\n'
        for n in (1, 2, 3)
    )
    path = tmp_path / "texts.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ValidationError) as caught, sessions.begin() as s:
        apply_setup(s, parse_setup(path), actor="t", clock=clock())
    (p,) = caught.value.problems
    assert (p.code, p.field, p.where.line if p.where else None) == ("text.band_full", "screens", 23)
    assert p.params["names"] == ["TB-1", "TB-2"] and p.params["day"] == date(2026, 3, 3)
    with sessions() as s:
        assert s.scalar(select(func.count()).select_from(RunningText)) == 0
