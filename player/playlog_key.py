"""The player installation's signing key: Ed25519, created with the installation id, kept beside the play log.

The private key is a PEM file in the player's data folder, mode 0600, written under a temporary name and linked to
its real name only when complete, never overwritten; only its public key leaves the PC (registered centrally by the
first upload). The key signs each play record's final chain hash (`playlists.playlog_signatures`) on the writer
thread that commits the record. Plain Python: no Qt.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from playlists.playlog_signatures import fingerprint, signed_message

log = logging.getLogger(__name__)


class PlayerKey:
    def __init__(self, private: Ed25519PrivateKey, path: Path) -> None:
        self._private = private
        self.path = path
        raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.public_key = raw.hex()  # what the central database registers
        self.fingerprint = fingerprint(self.public_key)

    def sign(self, record_hash: str) -> str:
        return self._private.sign(signed_message(record_hash)).hex()


def key_path(log_path: Path, installation: str) -> Path:
    return log_path.parent / f"{log_path.stem}-{installation}.key"


def load_key(log_path: Path, installation: str) -> PlayerKey | None:
    """The key of `installation`, or None when its file is gone (a log from before keys, or a deleted key)."""
    path = key_path(log_path, installation)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    private = serialization.load_pem_private_key(data, password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError(f"{path}: not an Ed25519 private key")
    if path.stat().st_mode & 0o077:
        log.warning("%s can be read by others; it should be mode 0600", path)
    key = PlayerKey(private, path)
    log.info("play records of installation %s signed with key %s", installation, key.fingerprint)
    return key


def create_key(log_path: Path, installation: str) -> PlayerKey:
    """A new key for a new installation: written 0600 under a temporary name, then linked to its real name (never
    replacing an existing key)."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())  # fmt: skip
    path = key_path(log_path, installation)
    part = path.with_name(path.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, pem)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(part, path)  # fails if a key of that name exists: a key is never replaced
    finally:
        part.unlink()
    key = PlayerKey(private, path)
    log.info("new play-log signing key for installation %s: %s (fingerprint %s)", installation, path, key.fingerprint)
    return key
