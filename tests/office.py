"""The office the tests work in: the demo office's identity (Padang Panjang), as a `Config` for the services and as
the configuration file the command line reads (`conftest.isolated_dirs` writes it for every test). Since an office's
identity has no default, a test that prints a document names its office here; a test of the refusal leaves it out."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from videotron.core.cash_settings import Interest
from videotron.core.config import Config, Office, Payment, Signer, Treasurer
from videotron.demo.config import DEMO_CONFIG

TEST_CONFIG = Config(
    office=Office(
        government="Pemerintah Kota Padang Panjang",
        name="Dinas Komunikasi dan Informatika",
        address="Jl. Sutan Syahrir No. 178, Padang Panjang 27114",
        city="Padang Panjang",
        phone="(0752) 82172",
    ),
    signer=Signer(
        name="Drs. H. Ampera Salim, M.Si",
        rank="Pembina Utama Muda (IV/c)",
        nip="196805121994031005",
        title="Kepala Dinas Komunikasi dan Informatika",
    ),
    treasurer=Treasurer(name="Yuliati Desi Putri, S.Pt", nip="198703142010012003"),
    payment=Payment(
        bank="Bank Nagari Cabang Padang Panjang",
        account_name="RKUD Pemerintah Kota Padang Panjang",
        account_number="1000.0103.00001-2",
    ),
    interest=Interest(account="4.1.04.18.01"),
)


def office_config(**changes: Any) -> Config:
    """The test office with some settings changed: `office_config(language="en", timezone="Asia/Makassar")`."""
    return dataclasses.replace(TEST_CONFIG, **changes)


def write_office_config(path: Path, top: str = "", tables: str = "") -> Path:
    """The test office's configuration file at `path`, with top-level settings `top` (they go before the tables)
    and more `tables` after them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(top + DEMO_CONFIG + tables, encoding="utf-8")
    return path
