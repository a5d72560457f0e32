"""Screenshots of the desk: every tab (and Administration's pages) and its main dialogs at 1366x768 and 1920x1080,
on the demo office in a throw-away folder, rendered under Xvfb. Look at each PNG: no table or text may be cut off.

    .venv/bin/python scripts/desk_screenshots.py [--language id|en] [--out FOLDER]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
SIZES = ((1366, 768), (1920, 1080))


def settle(app: object, seconds: float = 2.0) -> None:
    """Let background work (plans, checks) finish and the window paint."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.02)


def office(tmp: Path) -> tuple[str, object, object]:
    """The demo office on 2 December 2026 (09:00 WIB): its screens, media, bookings and tariff, an admin (sari) and a
    treasurer (budi), one SKRD paid and not yet deposited, a heartbeat; returns (db url, clock, config)."""
    from billing.assessments import issue_assessment
    from billing.payments import record_payment
    from billing.tariff_file import read_tariff
    from billing.tariffs import import_tariff
    from playlists.models import Heartbeat
    from playlists.setup_file import parse_setup
    from playlists.setup_load import apply_setup
    from videotron.core.clock import FixedClock
    from videotron.core.config import load_config
    from videotron.core.db import make_engine, make_session_factory
    from videotron.core.migrate import upgrade
    from videotron.core.user_admin import add_user
    from videotron.demo.config import write_demo_config
    from videotron.demo.office import write_demo_setup, write_demo_tariff

    os.environ["VIDEOTRON_CONFIG"] = str(write_demo_config(tmp))
    config = load_config(os.environ["VIDEOTRON_CONFIG"])
    url = f"sqlite:///{tmp / 'videotron.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = make_session_factory(engine)
    clock = FixedClock(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    with sessions.begin() as s:
        setup = parse_setup(write_demo_setup(tmp / "office", date(2026, 12, 1), "640x320+0+0"))
        apply_setup(s, setup, actor="setup", clock=clock)
        import_tariff(s, read_tariff(write_demo_tariff(tmp)), actor="setup", clock=clock)
    with sessions.begin() as s:
        add_user(s, "sari", "admin", "rahasia-sari", actor="setup", clock=clock)
    with sessions.begin() as s:
        add_user(s, "budi", "bendahara", "rahasia-budi", actor="sari", clock=clock)
        a = issue_assessment(s, "BK-2026-001", config=config, actor="budi", clock=clock)
        record_payment(s, a.number, amount=1_500_000, paid_on=date(2026, 12, 1), method="tunai", config=config,
                       actor="budi", clock=clock)  # fmt: skip
    clock.set(datetime(2026, 12, 2, 2, 0, tzinfo=UTC))
    with sessions.begin() as s:
        s.add(Heartbeat(screen_id="alun-alun", at=clock.now() - timedelta(seconds=20),
                        current_media_id="iklan-toko-maju", detail="playing"))  # fmt: skip
    engine.dispose()
    return url, clock, config


def dialogs(window: object, ctx: object) -> dict[str, object]:
    """The Administration dialogs, opened as their buttons open them (the tariff file as if chosen)."""
    from billing.tariff_file import read_tariff
    from videotron.demo.office import DEMO_TARIFF
    from videotron.gui.settings_panel import SettingsDialog
    from videotron.gui.tariff_import import TariffImportDialog
    from videotron.gui.text_skrd import TextIssueDialog
    from videotron.gui.user_dialog import UserDialog

    admin = window.pages["Administration"]  # type: ignore[attr-defined]
    newer = Path(tempfile.mkdtemp()) / "tarif-2027.toml"
    newer.write_text(DEMO_TARIFF.replace("2026-01-01", "2027-01-01").replace("price = 2500", "price = 3000"))
    return {
        "tariff-import": TariffImportDialog(admin, ctx, read_tariff(newer), lambda: None),  # type: ignore[arg-type]
        "settings-edit": SettingsDialog(admin, ctx, lambda: None),  # type: ignore[arg-type]
        "user-add": UserDialog(admin, ctx, lambda: None),  # type: ignore[arg-type]
        "text-skrd": TextIssueDialog(admin, ctx, ["TB-2026-001"], lambda _t: False),  # type: ignore[arg-type]
    }


def layout_problems(app: object, window: object, path: Path) -> None:
    """The layout editor with the band pushed below the screen and a malformed colour: each problem beside its field."""
    texts = window.pages["Running text"]  # type: ignore[attr-defined]
    window.tabs.setCurrentWidget(texts)  # type: ignore[attr-defined]
    texts.pages.setCurrentWidget(texts.layouts)
    texts.layouts.findChild(object, "layout_ticker_y").setValue(300)
    texts.layouts.findChild(object, "layout_ticker_bg").setText("#12")
    settle(app, 0.5)
    window.grab().save(str(path))  # type: ignore[attr-defined]
    print(path.name)
    texts.layouts.load()


def text_quote(app: object, window: object, path: Path) -> None:
    """A sold running text typed in (its quote and the band's capacity shown before it is saved)."""
    from PySide6.QtCore import Qt

    texts = window.pages["Running text"]  # type: ignore[attr-defined]
    texts.pages.setCurrentWidget(texts.bookings)
    form = texts.bookings.form
    form.advertiser.setCurrentText("bank-nagari")
    form.screens.item(0).setCheckState(Qt.CheckState.Checked)
    form.text.setText("Bank Nagari - KPR bunga ringan, kunjungi cabang terdekat")
    form.id.setText("TB-2026-002")
    settle(app, 2.5)
    window.grab().save(str(path))  # type: ignore[attr-defined]
    print(path.name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", default="id", choices=("id", "en"))
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="desk-screenshots-"))
    for name in ("DATA", "LOG", "DEMO"):
        os.environ[f"VIDEOTRON_{name}_DIR"] = str(tmp / name.lower())
    os.environ["VIDEOTRON_LANGUAGE"] = args.language
    from videotron.demo.xvfb import virtual_display

    with virtual_display(1920, 1080) as display:
        os.environ.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication, QTabWidget

        from videotron.core.context import AppContext
        from videotron.gui.app import build_window

        app = QApplication(["videotron-screenshots"])
        url, clock, config = office(tmp)
        ctx = AppContext(clock, db_url=url, config=config, user="sari", language=args.language).act_as("sari")  # type: ignore[arg-type]
        for w, h in SIZES:
            window = build_window(ctx, QSettings(str(tmp / f"desk-{w}.ini"), QSettings.Format.IniFormat))
            window.setGeometry(0, 0, w, h)
            window.show()
            for i in range(window.tabs.count()):
                window.tabs.setCurrentIndex(i)
                page = window.tabs.widget(i)
                pages = getattr(page, "pages", None)
                subs = pages if isinstance(pages, QTabWidget) else None
                for j in range(subs.count() if subs else 1):
                    if subs:
                        subs.setCurrentIndex(j)
                    settle(app)
                    name = f"{w}x{h}-{i + 1:02d}{f'-{j + 1}' if subs else ''}.png"
                    window.grab().save(str(args.out / name))
                    print(name, window.tabs.tabText(i), subs.tabText(j) if subs else "")
            layout_problems(app, window, args.out / f"{w}x{h}-layout-problems.png")
            text_quote(app, window, args.out / f"{w}x{h}-text-quote.png")
            for title, dialog in dialogs(window, ctx).items():
                dialog.show()  # type: ignore[attr-defined]
                settle(app, 0.5)
                dialog.grab().save(str(args.out / f"{w}x{h}-dialog-{title}.png"))  # type: ignore[attr-defined]
                print(f"{w}x{h}-dialog-{title}.png", dialog.size())  # type: ignore[attr-defined]
                dialog.close()  # type: ignore[attr-defined]
            window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
