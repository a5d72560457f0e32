"""The office behind the test statements in `tests/data/bank/`: 24 SKRDs issued on 20 November 2026 (due 20
December) to ten advertisers, one of them voided and one paid at the desk by transfer, as a treasurer's December
looks before the bank statement comes in.

    SKRD  payer                              principal   what the statement does with it
    0001  PT Sinar Minang Jaya                 775.000   virtual account (VA column)
    0002  Toko Maju Jaya                       310.000   virtual account written in the narrative
    0003  Rumah Makan Pak Datuk                139.500   QRIS, number in the narrative
    0004  Apotek Sehat Sentosa                 465.000   two part payments by number (written two ways)
    0005  Koperasi Serba Usaha Saiyo Sakato    387.500   exact amount and payer, no number
    0006  CV Bukit Tambun Tulang               186.000   } same payer, same amount, no number:
    0007  CV Bukit Tambun Tulang               186.000   } ambiguous, never guessed
    0008  PT BPR Batang Anai                   620.000   voided; a payment to its VA afterwards is refused
    0009  Toko Emas Kurnia                     139.500   paid by number
    0010  Salon Uni Ros                        232.500   paid by number, then paid again (duplicate): refused
    0011  Bimbel Cerdas Mandiri                542.500   more than owed: refused
    0012  PT Sinar Minang Jaya                 232.500   } one transfer naming both numbers, adding up
    0013  Toko Maju Jaya                       139.500   }
    0014  Rumah Makan Pak Datuk                310.000   typed at the desk (reference TRX-DESK-0001)
    0015  Apotek Sehat Sentosa                 232.500   its VA on a line dated after today: refused
    0016  Koperasi Serba Usaha Saiyo Sakato    279.000   unknown sender: matched by hand
    0017-0024                                          paid the ordinary ways: virtual account, QRIS, amount and payer
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from billing.assessments import issue_assessment, void_assessment
from billing.payments import record_payment
from playlists.models import Advertiser
from tests.bank_helpers import bank_config
from tests.lifecycle_helpers import NOV20, book, office
from videotron.core.clock import FixedClock

CONFIG = replace(bank_config(qris=False), language="id")
IMPORTED_AT = datetime(2026, 12, 22, 3, 0, tzinfo=UTC)  # 22 December 2026, 10:00 WIB
PAYERS = {
    "rm-datuk": "Rumah Makan Pak Datuk",
    "apotek": "Apotek Sehat Sentosa",
    "ksu-saiyo": "Koperasi Serba Usaha Saiyo Sakato",
    "cv-bukit": "CV Bukit Tambun Tulang",
    "bpr": "PT BPR Batang Anai",
    "toko-emas": "Toko Emas Kurnia",
    "salon": "Salon Uni Ros",
    "bimbel": "Bimbel Cerdas Mandiri",
}
# (advertiser, plays a day, screen): zone A Rp2.500 a play, elsewhere Rp1.500, 31 December days.
SKRDS = [("adv1", 10, "yamin"), ("toko-maju", 4, "yamin"), ("rm-datuk", 3, "smk1"), ("apotek", 6, "yamin"),
         ("ksu-saiyo", 5, "yamin"), ("cv-bukit", 4, "smk1"), ("cv-bukit", 4, "balaikota"), ("bpr", 8, "yamin"),
         ("toko-emas", 3, "balaikota"), ("salon", 3, "yamin"), ("bimbel", 7, "yamin"), ("adv1", 5, "smk1"),
         ("toko-maju", 3, "smk1"), ("rm-datuk", 4, "yamin"), ("apotek", 5, "balaikota"),
         ("ksu-saiyo", 6, "smk1"), ("toko-emas", 9, "yamin"), ("salon", 12, "yamin"), ("bimbel", 7, "smk1"),
         ("bpr", 9, "smk1"), ("apotek", 11, "smk1"), ("rm-datuk", 13, "balaikota"), ("toko-maju", 11, "yamin"),
         ("cv-bukit", 14, "yamin")]  # fmt: skip


def number(n: int) -> str:
    return f"{n:04d}/SKRD/VT/2026"


def december(s: Session, tmp_path: Path) -> None:
    """The office, its 24 SKRDs, the void of 0008 and the desk's transfer for 0014 (see the module docstring)."""
    clock = FixedClock(NOV20)
    office(s, tmp_path)
    s.add_all([Advertiser(id=k, name=v, address="Padang Panjang", npwrd=f"P.2.{i:04d}.12.07")
               for i, (k, v) in enumerate(PAYERS.items(), 10)])  # fmt: skip
    s.flush()
    for i, (advertiser, plays, screen) in enumerate(SKRDS, 1):
        book(s, clock, f"bk-{i:02d}", plays=plays, screens=(screen,), band=None, advertiser=advertiser)
        issue_assessment(s, f"bk-{i:02d}", config=CONFIG, actor="bendahara", clock=clock)
    later = FixedClock(datetime(2026, 12, 3, 2, 0, tzinfo=UTC))
    void_assessment(s, number(8), "iklan dibatalkan sebelum tayang", actor="bendahara", clock=later)
    record_payment(s, number(14), amount=310_000, paid_on=date(2026, 12, 3), method="transfer", config=CONFIG,
                   actor="bendahara", clock=later, bank_reference="TRX-DESK-0001")  # fmt: skip
    s.flush()
