"""`videotron playlog verify [SCREEN]`: the play log's chains and signatures, centrally and on this PC.

Centrally, each screen's records are checked per installation: the hash chain (a record edited, deleted or
reordered; a seq gap is a dropped record) and each record's signature against its installation's registered key
(a record forged or altered in the database, a signature stripped, a registered installation whose records are all
gone). Installations from before keys are reported as unsigned, not as forged. On the player PC, the local log's
chain is walked too, and every record this PC uploaded must still be in the central database (the newest records
deleted leave no gap in the chain: only the player's own log shows them missing), and the key registered for this
PC's installation must be this PC's own (a key replaced in the database, records re-signed with it, pass centrally).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from player.playlog import LocalPlayLog, default_log_path
from playlists.models import PlayerInstallation, PlayLog
from playlists.playlog_chain import central_rows, chain_problems
from playlists.playlog_signatures import fingerprint, installation_keys, signature_reports
from videotron.core.context import AppContext
from videotron.core.errors import ValidationError, VideotronError, problem
from videotron.core.i18n import render, render_error, say, tr


def verify_log(screen: str | None, log_file: Path | None, ctx: AppContext) -> int:
    """Exit 1 when any chain or signature is broken, naming each record; `screen` None: every screen centrally."""
    language, broken, checked = ctx.language, 0, 0
    central: dict[str, list[dict[str, Any]]] = {}
    keys: dict[str, str] = {}
    try:
        with ctx.sessions().begin() as session:
            for name in [screen] if screen else _screens(session):
                central[name], keys = central_rows(session, name), installation_keys(session, name)
                broken += _central(name, central[name], keys, language)
    except (VideotronError, SQLAlchemyError) as exc:
        print(say(language, "playlog.central_unchecked", "{screen} central: not checked ({reason})",
                  screen=screen or "*", reason=_reason(exc, language)))  # fmt: skip
    else:
        checked += 1
    path = log_file or default_log_path()
    if screen and path.exists():
        store = LocalPlayLog(path)
        try:
            rows = store.records(screen)
            problems = store.chain_problems(screen)
            mine = (store.installation, store.key.public_key) if store.key else None
        finally:
            store.close()
        checked += 1
        if screen in central:
            broken += _uploaded_missing(screen, rows, central[screen], language)
            broken += _key_replaced(screen, mine, keys, language)
        _chain(language, screen, tr("local", language), len(rows), problems, f" ({path})")
        broken += bool(problems)
    if not checked:
        raise ValidationError("playlog.nothing_to_verify", "no play log to verify for {screen}: no database and no "
                              "local log at {path}", screen=screen or "*", path=str(path))  # fmt: skip
    return 1 if broken else 0


def _screens(session: Session) -> list[str]:
    names = set(session.scalars(select(PlayLog.screen_id).distinct()))
    return sorted(names | set(session.scalars(select(PlayerInstallation.screen_id))))


def _central(screen: str, rows: list[dict[str, Any]], keys: dict[str, str], language: str) -> bool:
    """One screen's central records: each installation's signatures, then the chain's verdict. True when broken."""
    problems = chain_problems(rows)
    for report in signature_reports(rows, keys):
        problems += [render(p, language) for p in report.problems]
        who = report.installation or tr("(before installations)", language)
        if report.key:
            print(say(language, "playlog.installation_signed", "{screen} central installation {installation}: key "
                      "{key}, {records} record(s), {signed} signed", screen=screen, installation=who, key=report.key,
                      records=report.records, signed=report.signed))  # fmt: skip
        else:
            print(say(language, "playlog.installation_unsigned", "{screen} central installation {installation}: "
                      "{records} record(s) unsigned (no key: from before signatures)", screen=screen,
                      installation=who, records=report.records))  # fmt: skip
    _chain(language, screen, tr("central", language), len(rows), problems, "")
    return bool(problems)


def _uploaded_missing(screen: str, local: list[dict[str, Any]], central: list[dict[str, Any]], language: str) -> bool:
    """Records this PC uploaded that the central database no longer holds (deleted, the newest ones included)."""
    held = {r["id"] for r in central}
    gone = [r for r in local if r["uploaded"] and r["id"] not in held]
    for r in gone:
        p = problem("playlog.uploaded_missing", "seq {seq} of installation {installation} was uploaded from this PC "
                    "but is not in the central database (deleted)", seq=r["seq"],
                    installation=r["installation"] or "-")  # fmt: skip
        print(f"{screen} {tr('central', language)} {render(p, language)}")
    return bool(gone)


def _key_replaced(screen: str, mine: tuple[str, str] | None, keys: dict[str, str], language: str) -> bool:
    """This PC's key against the one registered for its installation: an insider who replaced the registered key
    (and re-signed records with their own) passes the central check, not this one."""
    if mine is None:
        return False
    installation, key = mine
    print(say(language, "playlog.local_key", "{screen} local installation {installation}: key {key}", screen=screen,
              installation=installation, key=fingerprint(key)))  # fmt: skip
    if installation not in keys or keys[installation] == key:
        return False
    p = problem("playlog.key_replaced", "installation {installation} is registered with key {registered}, but this "
                "PC's key is {key} (replaced in the database)", installation=installation,
                registered=fingerprint(keys[installation]), key=fingerprint(key))  # fmt: skip
    print(f"{screen} {tr('central', language)} {render(p, language)}")
    return True


def _reason(exc: Exception, language: str) -> str:
    return render_error(exc, language) if isinstance(exc, VideotronError) else str(exc)


def _chain(language: str, screen: str, where: str, count: int, problems: list[str], suffix: str) -> None:
    """Each broken link of one chain, then its verdict: `S1 local: 5 record(s), chain intact (path)`."""
    for p in problems:
        print(f"{screen} {where} {p}")
    state = tr("BROKEN", language) if problems else tr("intact", language)
    print(say(language, "playlog.chain", "{screen} {where}: {count} record(s), chain {state}", screen=screen,
              where=where, count=count, state=state) + suffix)  # fmt: skip
