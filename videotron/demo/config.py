"""The demo office's configuration file: Padang Panjang's identity, signer, treasurer and account, written for the
demo only. A real office writes its own (README, Office configuration); nothing else defaults to these values."""

from __future__ import annotations

from pathlib import Path

DEMO_CONFIG = """\
# The demo office (videotron demo). Illustrative values: a real office writes its own configuration.
[office]
government = "Pemerintah Kota Padang Panjang"
name = "Dinas Komunikasi dan Informatika"
address = "Jl. Sutan Syahrir No. 178, Padang Panjang 27114"
city = "Padang Panjang"
phone = "(0752) 82172"

[signer]
name = "Drs. H. Ampera Salim, M.Si"
rank = "Pembina Utama Muda (IV/c)"
nip = "196805121994031005"
title = "Kepala Dinas Komunikasi dan Informatika"

[treasurer]
name = "Yuliati Desi Putri, S.Pt"
nip = "198703142010012003"
title = "Bendahara Penerimaan"

[payment]
bank = "Bank Nagari Cabang Padang Panjang"
account_name = "RKUD Pemerintah Kota Padang Panjang"
account_number = "1000.0103.00001-2"

[interest]
account = "4.1.04.18.01"
max_months = 24
"""


def write_demo_config(folder: Path) -> Path:
    """The demo office's configuration file in `folder` (rewritten each run: it is the demo's, not yours)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(DEMO_CONFIG, encoding="utf-8")
    return path
