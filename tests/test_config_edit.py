"""Setting keys in an office's configuration text (`videotron.core.config_edit.set_keys`): a key replaced where it
is (a multi-line string whole), added to its table, a missing table appended, a top-level key before the tables;
comments and other tables kept, and the result is what the loader reads."""

from __future__ import annotations

from pathlib import Path

from videotron.core.config import load_config
from videotron.core.config_edit import set_keys

TEXT = '''# our office
[office]
name = "Dinas Kominfo"  # the letterhead's second line

[payment]
instructions = """
Bayar tunai
atau transfer."""
bank = "Bank Nagari"

[interest]
account = "4.1.04.18.01"
'''


def test_set_keys_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    text = set_keys(TEXT, {("payment", "instructions"): 'Transfer ke "RKUD"\nsebut nomor SKRD',
                           ("office", "city"): "Solok", ("numbering", "sts"): "{seq:04d}/STS/{year}",
                           ("", "timezone"): "Asia/Makassar"})  # fmt: skip
    config = load_config(tmp_path / "config.toml", text)
    assert config.payment.instructions == 'Transfer ke "RKUD"\nsebut nomor SKRD'
    assert config.payment.bank == "Bank Nagari" and config.office.name == "Dinas Kominfo"
    assert config.office.city == "Solok" and config.numbering.sts == "{seq:04d}/STS/{year}"
    assert config.timezone == "Asia/Makassar" and config.interest.account == "4.1.04.18.01"
    assert "# our office" in text and "atau transfer" not in text
    assert text.index('city = "Solok"') < text.index("[payment]")  # in its own table
    assert text.index("timezone") < text.index("[office]")  # a top-level key before the first table
