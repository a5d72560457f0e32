"""What every tab gets from the composition root: sessions, clock, acting user and office configuration."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from videotron.core.clock import Clock
from videotron.core.config import Config


@dataclass
class Services:
    sessions: sessionmaker[Session]
    clock: Clock
    actor: str
    config: Config
    db_label: str = ""
