"""Hostile CAP messages, generated: every input ends in an alert started/stopped or a clean refusal (a
VideotronError), never another exception; a refusal writes nothing (issue #18: at least 1,000 cases).

Mutations of a real-shaped BMKG warning (elements' texts replaced by absurd ones, elements dropped or doubled,
bytes flipped, entities and DOCTYPEs inserted, re-encoded) and random bytes.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from tests.schedule_data import seed_screen
from videotron.alerts.cap import apply_cap, parse_cap
from videotron.alerts.models import Alert
from videotron.core.audit import AuditEntry, verify_chain
from videotron.core.clock import FixedClock
from videotron.core.errors import VideotronError

VALID = (Path(__file__).parent / "data" / "cap" / "gempa_tsunami_valid.xml").read_text(encoding="utf-8")
ELEMENTS = sorted(set(re.findall(r"<([a-zA-Z]+)>[^<]*</\1>", VALID)))
NOW = datetime(2026, 3, 14, 7, 6, 30, tzinfo=UTC)
ODD = [
    "", " ", "Alert", "Update", "Cancel", "Actual", "Exercise", "Extreme", "Public", "id-ID", "x" * 5000,
    "2026-03-14T14:05:12+07:00", "2026-02-30T25:61:00+07:00", "1999-01-01T00:00:00Z", "9999-12-31T23:59:59+14:00",
    "bmkg@x,id,2026-03-14T14:05:12+07:00", "a,b", "&amp;", "&lt;script&gt;", "\u202e", "\ufeff", "-1", "nan",
]  # fmt: skip
TEXTS = st.one_of(
    st.sampled_from(ODD), st.text(max_size=40).map(lambda t: t.replace("&", "&amp;").replace("<", "&lt;"))
)
INSERTS = st.sampled_from([
    '<!DOCTYPE alert [<!ENTITY inj "X">]>', '<!ENTITY inj "X">', "&inj;", '<!DOCTYPE alert SYSTEM "/etc/passwd">',
    "<![CDATA[x]]>", "<?php ?>", "<info>", "</info>", "<alert>", "\x00", "\ufffe", "<!-- -->",
])  # fmt: skip


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    text = VALID
    for _ in range(draw(st.integers(1, 3))):
        element = draw(st.sampled_from(ELEMENTS))
        op = draw(st.sampled_from(["text", "drop", "double", "insert"]))
        pattern = re.compile(rf"<{element}>[^<]*</{element}>")
        if op == "text":
            value = draw(TEXTS)
            text = pattern.sub(lambda _m, e=element, v=value: f"<{e}>{v}</{e}>", text, count=1)  # type: ignore[misc]
        elif op == "drop":
            text = pattern.sub("", text, count=1)
        elif op == "double":
            text = pattern.sub(lambda m: m.group() + m.group(), text, count=1)
        else:
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(INSERTS) + text[at:]
    data = text.encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-16", "latin-1"])), errors="replace")
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    return data


def alerts(s: Session) -> tuple[int, int]:
    return s.scalar(select(func.count()).select_from(Alert)) or 0, s.scalar(
        select(func.count()).select_from(AuditEntry)
    ) or 0


def test_cap_messages_end_in_an_alert_or_a_clean_refusal(sessions: sessionmaker[Session]) -> None:
    with sessions.begin() as s:
        seed_screen(s, "yamin")
    clock = FixedClock(NOW)
    outcomes = {"applied": 0, "refused": 0}

    @settings(max_examples=1200, deadline=2000, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
    @given(st.one_of(mutated(), mutated(), mutated(), st.binary(max_size=400)))
    def run(data: bytes) -> None:
        with sessions() as s:
            before = alerts(s)
        try:
            with sessions.begin() as s:
                apply_cap(s, parse_cap(data, "fuzz.xml"), clock=clock, actor="bpbd")
            outcomes["applied"] += 1
        except VideotronError as exc:
            outcomes["refused"] += 1
            assert str(exc).strip()
            with sessions() as s:
                assert alerts(s) == before  # all or nothing
        with sessions() as s:
            assert verify_chain(s) == []

    run()
    assert sum(outcomes.values()) >= 1000 and outcomes["applied"] >= 20, outcomes  # the loader is reached too
