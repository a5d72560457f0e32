"""The application context: what a program's parts get from its composition root — the database, the office
configuration, the clock, the acting user and the language.

Each program builds exactly one (`videotron.cli.main`, the desk's `videotron.gui.app.run_admin`, `python -m player`)
and passes it down; nothing else creates a clock or opens the database on its own, so a test sets the time and the
database of a whole program in one place.

`ctx.actor` is who acts, for the services and the audit trail. The command line resolves it the first time a
command asks, so read-only commands never ask for a password: while the database has no user, it is the name given
with `--user` (or $VIDEOTRON_USER, $USER); once users exist, `--user NAME` (or $VIDEOTRON_USER) is required and the
password is read from $VIDEOTRON_PASSWORD (scripts) or asked in the terminal. The desk logs in with its own dialog
and says who acts with `act_as`. `ctx.claimed_user` is the name as given, unchecked.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from videotron.core.clock import Clock
from videotron.core.config import Config, load_config
from videotron.core.db import make_engine, make_session_factory, read_only
from videotron.core.errors import VideotronError
from videotron.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, language_from_env, say, tr
from videotron.core.migrate import ensure_current
from videotron.core.paths import default_db_url, witness_file

PASSWORD_ENV = "VIDEOTRON_PASSWORD"


class AppContext:
    """One program's database, configuration, clock, acting user and language (see the module docstring)."""

    def __init__(
        self,
        clock: Clock,
        *,
        db_url: str | None = None,
        config_path: str | None = None,
        config: Config | None = None,
        user: str = "",
        user_given: bool = True,
        language: str | None = None,
    ) -> None:
        self.clock = clock
        self.db_url = db_url
        self.config_path = config_path
        self.claimed_user = user
        self.user_given = user_given  # False when the name is only the login name of the OS account
        self._config = config
        self._language = language
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None
        self._schema_checked = False
        self._actor: str | None = None

    # --- the database ---------------------------------------------------------------------------------------
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
        """The session factory, on a database whose schema is exactly the one this program knows (checked once)."""
        if check_schema and not self._schema_checked:
            ensure_current(self.engine())
            self._schema_checked = True
        if self._sessions is None:
            self._sessions = make_session_factory(self.engine(), witness=self.witness_file())
        return self._sessions

    def witness_file(self) -> Path:
        """This desk's witness file for this database: every audited action appends the chain head to it."""
        return witness_file(self.safe_db_url())

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._sessions = None
            self._schema_checked = False

    # --- the office and the language --------------------------------------------------------------------------
    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    def use_config(self, path: str) -> None:
        """Read the office configuration from `path` from now on (the demo runs on its own file)."""
        self.config_path, self._config = path, None

    @property
    def language(self) -> str:
        """The language to speak: the one chosen for this program, else $VIDEOTRON_LANGUAGE, else the
        configuration's, else Indonesian."""
        if self._language is None:
            try:
                configured: str | None = self.config.language
            except VideotronError:  # a broken configuration is reported in the default language
                configured = None
            return language_from_env(configured)
        return self._language

    @language.setter
    def language(self, language: str) -> None:
        self._language = language if language in LANGUAGES else DEFAULT_LANGUAGE

    # --- who acts ---------------------------------------------------------------------------------------------
    def act_as(self, name: str) -> AppContext:
        """Say who acts from now on (a user the desk's login dialog checked, or a test's)."""
        self._actor = name
        return self

    @property
    def actor(self) -> str:
        return self.authenticated_actor()

    def authenticated_actor(self) -> str:
        """The acting user, logged in once per program run (see the module docstring)."""
        if self._actor is not None:
            return self._actor
        from videotron.core.logins import login
        from videotron.core.permissions import no_users_note, users_exist

        # Read-only (on SQLite no write lock), so logging in works even inside a command's open transaction.
        reader = read_only(self.engine())
        ensure_current(reader)
        sessions = make_session_factory(reader)
        with sessions() as s:
            has_users = users_exist(s)
        if not has_users:
            print(f"{tr('note', self.language)}: {no_users_note(self.language)}", file=sys.stderr)
            self._actor = self.claimed_user
            return self._actor
        if not self.user_given:
            raise VideotronError("login.who", "this database has users: say who you are with --user NAME (the "
                                 "password is asked, or read from {env})", env=PASSWORD_ENV)  # fmt: skip
        password = self.ask_password()
        config = self.config
        self._actor = login(self.engine(), self.claimed_user, password, clock=self.clock, policy=config.security,
                            zone=config.zone)  # fmt: skip
        return self._actor

    def ask_password(self) -> str:
        """The acting user's password: VIDEOTRON_PASSWORD, else asked on the terminal."""
        password = os.environ.get(PASSWORD_ENV)
        if password is not None:
            return password
        if not sys.stdin.isatty():
            raise VideotronError("login.no_terminal", "password for {name}: set {env} (no terminal to ask in)",
                                 name=self.claimed_user, env=PASSWORD_ENV)  # fmt: skip
        return getpass.getpass(say(self.language, "login.ask", "password for {name}: ", name=self.claimed_user))


# The command modules (and their tests) name it Context; one class, two names, no second context.
Context = AppContext
