"""PostgreSQL push for alerts: `NOTIFY videotron_alert, '<id>'` inside the transaction that starts or stops an
alert (delivered when it commits), and `listen_for_alerts`, a blocking LISTEN loop a player runs on a thread.

SQLite has no push; players poll `alerts_version` instead (see `videotron.alerts.service`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import make_url, text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

CHANNEL = "videotron_alert"
RECONNECTED = ""  # the payload passed to the callback after (re)connecting: re-read, a notification may be lost


def notify(session: Session, alert_id: int) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": str(alert_id)})


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://...) as the plain libpq URL psycopg.connect takes."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def listen_for_alerts(url: str, callback: Callable[[str], None], stop_event: threading.Event, *,
                      poll_s: float = 0.5, retry_s: float = 5.0) -> None:  # fmt: skip
    """Call `callback(payload)` for every alert notification until `stop_event` is set. Blocks: run it on a thread.

    The payload is the alert id as text; after every (re)connection the callback gets `RECONNECTED` ("") so the
    caller re-reads the alerts it may have missed while the connection was down. Connection errors are logged and
    retried every `retry_s`; the callback runs on this thread (a Qt player should only emit a signal in it).
    """
    import psycopg

    conninfo = libpq_url(url)
    while not stop_event.is_set():
        try:
            with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f"LISTEN {CHANNEL}")
                callback(RECONNECTED)
                while not stop_event.is_set():
                    for note in conn.notifies(timeout=poll_s):
                        callback(note.payload)
                        if stop_event.is_set():
                            break
        except psycopg.Error as exc:
            log.warning("listening for alerts failed (%s); retrying in %g s", exc, retry_s)
            stop_event.wait(retry_s)
