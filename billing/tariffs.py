"""Tariff versions in the database: import a checked file as a new version, find the version in force on a day.

A tariff is never edited: a correction or a new regulation is a new import. The version in force on a day is
the one with the latest `effective_from` on or before that day; among imports with the same `effective_from`
the later import wins (a correction). Assessments point at the version they were priced with, so they keep it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from billing.models import TariffBand, TariffRate, TariffVersion
from billing.money import plain
from billing.tariff_file import RateSpec, TariffSpec
from videotron.core import audit
from videotron.core.clock import Clock
from videotron.core.errors import NotFound, VideotronError
from videotron.core.permissions import authorize


def import_tariff(session: Session, spec: TariffSpec, *, actor: str, clock: Clock) -> TariffVersion:
    """Store a checked tariff file as a new version (in the caller's transaction, audited)."""
    authorize(session, actor, "tariff.import")
    dup = session.scalar(select(TariffVersion).where(TariffVersion.source_sha256 == spec.sha256))
    if dup is not None:
        raise VideotronError("tariff.already_imported", "this exact tariff file was already imported as version "
                             "{version} ({name}, effective {effective_from})", version=dup.id, name=dup.name,
                             effective_from=dup.effective_from)  # fmt: skip
    version = TariffVersion(
        name=spec.name,
        regulation=spec.regulation,
        effective_from=spec.effective_from,
        block_seconds=spec.block_seconds,
        rounding=spec.rounding,
        min_plays_per_day=spec.min_plays_per_day,
        due_days=spec.due_days,
        late_interest_x1000=int(spec.late_interest_percent * 1000),
        exempt_categories=",".join(spec.exempt_categories),
        part_month=spec.part_month,
        source_name=spec.source_name,
        source_sha256=spec.sha256,
        source_text=spec.source_text,
        imported_at=clock.now(),
        imported_by=actor,
        rates=[_rate(i, r) for i, r in enumerate(spec.rates)],
        bands=[
            TariffBand(position=i, name=b.name, start=b.start, end=b.end, factor_x10000=int(b.factor * 10000))
            for i, b in enumerate(spec.bands)
        ],
    )
    session.add(version)
    session.flush()
    audit.record(session, actor=actor, action="tariff.import", entity="tariff_version", entity_id=str(version.id),
                 after=describe(version), clock=clock)  # fmt: skip
    return version


def _rate(position: int, r: RateSpec) -> TariffRate:
    """A checked row as stored, every default of the file resolved, so the row alone says what it means."""
    return TariffRate(position=position, category=r.category, zone=r.zone, unit=r.unit, price=r.price,
                      account=r.account, block_seconds=r.block_seconds, block_basis=r.blocks, package_plays=r.plays,
                      minimum_charge=r.minimum_charge)  # fmt: skip


def version_at(session: Session, day: date) -> TariffVersion:
    """The tariff version in force on `day`; NotFound when none was yet in force."""
    version = session.scalar(
        select(TariffVersion)
        .where(TariffVersion.effective_from <= day)
        .order_by(TariffVersion.effective_from.desc(), TariffVersion.id.desc())
        .options(selectinload(TariffVersion.rates), selectinload(TariffVersion.bands))
        .limit(1)
    )
    if version is None:
        raise NotFound("tariff.none_in_force", "no tariff is in force on {day}: import the tariff file first", day=day)
    return version


def list_versions(session: Session) -> list[TariffVersion]:
    return list(session.scalars(select(TariffVersion).order_by(TariffVersion.effective_from, TariffVersion.id)))


def describe(version: TariffVersion) -> dict[str, object]:
    """A plain dict of a version, for the audit trail and `tariff show --json`."""
    return {
        "id": version.id,
        "name": version.name,
        "regulation": version.regulation,
        "effective_from": version.effective_from.isoformat(),
        "block_seconds": version.block_seconds,
        "rounding": version.rounding,
        "min_plays_per_day": version.min_plays_per_day,
        "due_days": version.due_days,
        "late_interest_percent": plain(version.late_interest_percent),
        "exempt_categories": version.exempt,
        "part_month": version.part_month,
        "source": version.source_name,
        "sha256": version.source_sha256,
        "rates": [describe_rate(r) for r in version.rates],
        "bands": [{"name": b.name, "start": b.start, "end": b.end, "factor": plain(b.factor)} for b in version.bands],
    }


def describe_rate(r: TariffRate) -> dict[str, object]:
    """A rate row with every term it is priced by (a `period30` row is a `month` row imported before calendar months:
    started 30-day periods, per block)."""
    return {"category": r.category, "zone": r.zone, "unit": r.unit, "price": r.price, "account": r.account,
            "block_seconds": r.block_seconds, "blocks": r.block_basis, "plays": r.package_plays,
            "minimum_charge": r.minimum_charge}  # fmt: skip
