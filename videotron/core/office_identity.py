"""What every document the office issues or prints must say about the office, and the refusal that names what is
missing.

An SKRD, receipt, STRD, letter or report carries the issuing government and office (the letterhead), the signer, the
treasurer and the account payers pay into. None of them has a default (`videotron.core.config`): an office that has
not configured one gets a refusal naming the configuration key, never another city's name on its documents. The check
runs where a document freezes the office's identity (its issuer snapshot) and where a report prints today's.
"""

from __future__ import annotations

from videotron.core.config import Config
from videotron.core.errors import VideotronError

# (section, key) every document needs; `office.phone`, `signer.rank` and `payment.instructions` are optional.
REQUIRED = (
    ("office", "government"),
    ("office", "name"),
    ("office", "address"),
    ("office", "city"),
    ("signer", "name"),
    ("signer", "title"),
    ("signer", "nip"),
    ("treasurer", "name"),
    ("treasurer", "nip"),
    ("treasurer", "title"),
    ("payment", "bank"),
    ("payment", "account_name"),
    ("payment", "account_number"),
)


def missing_keys(config: Config) -> list[str]:
    """The required keys (`section.key`) the configuration leaves empty, in the file's order."""
    return [f"{section}.{key}" for section, key in REQUIRED if not str(getattr(getattr(config, section), key)).strip()]


def require_identity(config: Config) -> None:
    """Refuse (naming each missing key and the file) unless the office's identity is fully configured."""
    missing = missing_keys(config)
    if missing:
        raise VideotronError("config.identity_missing", "documents cannot be issued or printed: the office "
                             "configuration ({file}) does not set {keys:list}; add them (see README, Office "
                             "configuration)", field=missing[0], file=config.source or "-",
                             keys=missing)  # fmt: skip


def require_interest_account(config: Config) -> None:
    """Late interest goes to its own kode rekening (denda retribusi): refuse to charge it while that is not set."""
    if not config.interest.account:
        raise VideotronError("config.interest_account_missing", "late interest cannot be charged: the office "
                             "configuration ({file}) does not set interest.account, the kode rekening of denda "
                             "retribusi", field="interest.account", file=config.source or "-")  # fmt: skip
