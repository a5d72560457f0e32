"""What every CLI command gets: the database, the office configuration, the clock and the (logged-in) actor.

`ctx.actor` is who acts, for the services and the audit trail. It is resolved the first time a command asks for
it, so read-only commands never ask for a password: while the database has no user, it is the name given with
`--user` (or $VIDEOTRON_USER, $USER); once users exist, `--user NAME` (or $VIDEOTRON_USER) is required and the
password is read from $VIDEOTRON_PASSWORD (scripts) or asked in the terminal. `ctx.claimed_user` is the name as
given, unchecked (the operator app logs in with its own dialog).
"""

from __future__ import annotations

import getpass
import os
import sys

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from videotron.core.clock import Clock, SystemClock
from videotron.core.config import Config, load_config
from videotron.core.db import make_engine, make_session_factory, read_only
from videotron.core.errors import VideotronError
from videotron.core.migrate import ensure_current
from videotron.core.paths import default_db_url

PASSWORD_ENV = "VIDEOTRON_PASSWORD"


class Context:
    def __init__(
        self,
        db_url: str | None,
        config_path: str | None,
        actor: str,
        clock: Clock | None = None,
        *,
        user_given: bool = True,
    ) -> None:
        self.db_url = db_url
        self.config_path = config_path
        self.claimed_user = actor
        self.user_given = user_given  # False when the name is only the login name of the OS account
        self.clock: Clock = clock or SystemClock()
        self._engine: Engine | None = None
        self._config: Config | None = None
        self._actor: str | None = None

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

    @property
    def language(self) -> str:
        """The language to speak: $VIDEOTRON_LANGUAGE, else the configuration's, else Indonesian."""
        from videotron.core.i18n import language_from_env

        try:
            configured = self.config.language
        except VideotronError:  # a broken configuration is reported in the default language
            configured = None
        return language_from_env(configured)

    @property
    def actor(self) -> str:
        return self.authenticated_actor()

    def authenticated_actor(self) -> str:
        """The acting user, logged in once per command (see the module docstring)."""
        if self._actor is not None:
            return self._actor
        from videotron.core.permissions import NO_USERS_NOTE, users_exist
        from videotron.core.users import authenticate

        # Read-only (on SQLite no write lock), so logging in works even inside a command's open transaction.
        reader = read_only(self.engine())
        ensure_current(reader)
        sessions = make_session_factory(reader)
        with sessions() as s:
            has_users = users_exist(s)
        if not has_users:
            print(f"note: {NO_USERS_NOTE}", file=sys.stderr)
            self._actor = self.claimed_user
            return self._actor
        if not self.user_given:
            raise VideotronError(
                "this database has users: say who you are with --user NAME (the password is asked, or read from "
                f"{PASSWORD_ENV})"
            )
        password = self._password()
        with sessions() as s:
            self._actor = authenticate(s, self.claimed_user, password).name
        return self._actor

    def _password(self) -> str:
        password = os.environ.get(PASSWORD_ENV)
        if password is not None:
            return password
        if not sys.stdin.isatty():
            raise VideotronError(f"password for {self.claimed_user}: set {PASSWORD_ENV} (no terminal to ask in)")
        return getpass.getpass(f"password for {self.claimed_user}: ")

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
