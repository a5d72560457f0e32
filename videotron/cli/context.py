"""What every CLI command gets: the database, the office configuration, the clock and the actor."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from videotron.clock import Clock, SystemClock
from videotron.config import Config, load_config
from videotron.db import make_engine, make_session_factory
from videotron.migrate import ensure_current
from videotron.paths import default_db_url


@dataclass
class Context:
    db_url: str | None
    config_path: str | None
    actor: str
    clock: Clock = field(default_factory=SystemClock)
    _engine: Engine | None = None
    _config: Config | None = None

    @property
    def url(self) -> str:
        return self.db_url or default_db_url()

    def safe_db_url(self) -> str:
        return self.engine().url.render_as_string(hide_password=True)

    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.url)
        return self._engine

    def sessions(self, check_schema: bool = True) -> sessionmaker[Session]:
        """A session factory on a database whose schema is exactly the one this program knows."""
        if check_schema:
            ensure_current(self.engine())
        return make_session_factory(self.engine())

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
