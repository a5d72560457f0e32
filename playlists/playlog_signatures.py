"""Play records signed on the player PC: what is signed, the installations' registered keys, and their check.

Each player installation holds its own Ed25519 private key (`player/playlog_key.py`) and signs every record's
final chain hash; the central database keeps only the public key, registered by the installation's first upload
and never replaced (`register_installation` refuses another key). So whoever can write the database can neither
forge a record of a known installation nor alter one (its hash, then its signature, no longer match) nor drop one
unnoticed (the chain's seq gap). Records written before keys (the "" installation, or an installation from before
migration 0017) carry no signature: they are reported as unsigned, not as forged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from playlists.models import PlayerInstallation
from videotron.core.errors import Problem, VideotronError, problem

DOMAIN = b"videotron play record v1\n"  # what a signature is over: this, then the record's chain hash (hex)


def signed_message(record_hash: str) -> bytes:
    return DOMAIN + record_hash.encode("ascii")


def fingerprint(public_key: str) -> str:
    """A short name for a public key (hex) that a person can compare with the player PC's log: 16 hex digits."""
    return hashlib.sha256(bytes.fromhex(public_key)).hexdigest()[:16]


def signature_valid(public_key: str | Ed25519PublicKey, record_hash: str, sig: str) -> bool:
    """Whether `sig` (hex) is `public_key`'s signature of `record_hash` (a key in hex, or loaded once by the caller)."""
    key = _loaded(public_key) if isinstance(public_key, str) else public_key
    if key is None:
        return False
    try:
        key.verify(bytes.fromhex(sig), signed_message(record_hash))
    except (ValueError, InvalidSignature):
        return False
    return True


def _loaded(public_key: str) -> Ed25519PublicKey | None:
    try:
        return Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_key))
    except ValueError:  # not a key at all: every signature fails against it
        return None


def register_installation(session: Session, screen: str, installation: str, public_key: str) -> None:
    """Register the key of `installation` (on `screen`) at its first upload; the same key again is a no-op. Another
    key for an installation already known is refused: the records it signs would not be this installation's."""
    known = session.scalars(select(PlayerInstallation).where(PlayerInstallation.installation == installation)).all()
    for row in known:
        if row.public_key != public_key:
            raise VideotronError("playlog.key_changed", "installation {installation} of screen {screen} is registered "
                                 "with key {registered}, not {offered}: refused (records stay in the player's log)",
                                 screen=screen, installation=installation, registered=fingerprint(row.public_key),
                                 offered=fingerprint(public_key))  # fmt: skip
    if not any(row.screen_id == screen for row in known):
        session.add(PlayerInstallation(screen_id=screen, installation=installation, public_key=public_key))
        session.flush()


@dataclass(frozen=True)
class InstallationReport:
    """What one installation's records say about their signatures on one screen."""

    installation: str
    key: str  # the registered key's fingerprint, "" when none
    records: int
    signed: int  # records whose signature matches the registered key
    problems: list[Problem]


def installation_keys(session: Session, screen: str) -> dict[str, str]:
    rows = session.execute(select(PlayerInstallation.installation, PlayerInstallation.public_key)
                           .where(PlayerInstallation.screen_id == screen))  # fmt: skip
    return {installation: key for installation, key in rows}


def signature_reports(rows: Iterable[Mapping[str, Any]], keys: Mapping[str, str]) -> list[InstallationReport]:
    """Each installation's records checked against its registered key (rows of one screen, any order). With a key,
    every record must carry a matching signature: a missing one or one that does not match (a record forged or
    altered in the database) is a problem naming its seq. Without a key, signed records are a problem (the key was
    removed), unsigned ones are only counted as unsigned."""
    by_installation: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_installation.setdefault(row.get("installation") or "", []).append(row)
    reports = []
    for installation, key in sorted(keys.items()):  # every record of a registered installation deleted
        if installation not in by_installation:
            gone = problem("playlog.all_missing", "no record of installation {installation} is here, though its key is "
                           "registered (all deleted)", installation=installation)  # fmt: skip
            reports.append(InstallationReport(installation, fingerprint(key), 0, 0, [gone]))
    for installation, records in sorted(by_installation.items()):
        key, problems, signed = keys.get(installation, ""), [], 0
        loaded = _loaded(key) if key else None
        for row in sorted(records, key=lambda r: int(r["seq"])):
            sig, seq = row.get("sig") or "", row["seq"]
            if key and not sig:
                problems.append(problem("playlog.unsigned", "seq {seq}: no signature, but installation "
                                        "{installation} signs its records (inserted or altered)", seq=seq,
                                        installation=installation))  # fmt: skip
            elif key and (loaded is None or not signature_valid(loaded, row["hash"], sig)):
                problems.append(problem("playlog.forged", "seq {seq}: signature does not match installation "
                                        "{installation}'s key (forged or altered)", seq=seq,
                                        installation=installation))  # fmt: skip
            elif sig and not key:
                problems.append(problem("playlog.no_key", "seq {seq}: signed, but installation {installation} has no "
                                        "registered key (removed?)", seq=seq, installation=installation))  # fmt: skip
            else:
                signed += bool(key)
        reports.append(InstallationReport(installation, fingerprint(key) if key else "", len(records), signed,
                                          problems))  # fmt: skip
    return reports
