"""Advertisers (pemasang iklan): the one place an advertiser is checked and written (`save_advertiser`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from playlists import checks
from playlists.models import Advertiser
from playlists.saving import ID_PATTERN, Saved, refuse, write
from videotron.core.clock import Clock
from videotron.core.errors import Problem
from videotron.core.permissions import authorize


@dataclass(frozen=True)
class AdvertiserFields:
    id: str
    name: str
    address: str = ""
    npwrd: str = ""  # the retribution payer's number (Nomor Pokok Wajib Retribusi Daerah)


def advertiser_problems(spec: AdvertiserFields) -> list[Problem]:
    out: checks.Problems = []
    checks.matches(out, "id", spec.id, ID_PATTERN)
    checks.text(out, "name", spec.name, 300)
    checks.longest(out, "address", spec.address, 500)
    checks.longest(out, "npwrd", spec.npwrd, 64)
    return out


def save_advertiser(session: Session, spec: AdvertiserFields, *, actor: str, clock: Clock) -> Saved[Advertiser]:
    """Create or update an advertiser; names are kept as typed, less the spaces around them."""
    authorize(session, actor, "advertiser.edit")
    spec = AdvertiserFields(spec.id, spec.name.strip(), spec.address.strip(), spec.npwrd.strip())
    refuse(advertiser_problems(spec), f"advertiser {spec.id}")
    values = {"name": spec.name, "address": spec.address, "npwrd": spec.npwrd}
    saved = write(session, Advertiser, spec.id, values, entity="advertiser", actor=actor, clock=clock)
    session.flush()
    return saved
