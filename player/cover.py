"""`python -m player.cover SCREEN --geometry WxH+X+Y`: the always-there cover under the player's window.

While the player restarts (a crash, a kill -9, the watchdog, an update) its window is gone for a second or two and
the LED wall would show whatever is beneath: the desktop, a panel, an error dialog. This separate, tiny process keeps
a borderless window at the same rectangle, painted with the player's standby picture, mapped before the player (the
deploy unit orders them), so a restarting player's window always comes back on top of it. It does nothing else: no
database, no libVLC, so there is nothing in it to crash.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from player.vlc_backend import platform_env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m player.cover")
    parser.add_argument("screen", help="screen id (written small in a corner of the standby picture)")
    parser.add_argument("--geometry", metavar="WxH+X+Y", help="the player's rectangle (default: the whole display)")
    args = parser.parse_args(argv)
    os.environ.update(platform_env())
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from player.standby import draw_standby
    from player.window import ScreenWindow, parse_geometry

    app = QApplication(["videotron-cover"])
    geometry = parse_geometry(args.geometry) if args.geometry else None
    window = ScreenWindow(geometry)
    window.setWindowTitle("videotron-cover")
    size = geometry[:2] if geometry else (app.primaryScreen().size().width(), app.primaryScreen().size().height())
    window.set_idle_picture(QImage(str(draw_standby(args.screen, size))))
    window.open()
    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    tick = QTimer()
    tick.timeout.connect(lambda: None)  # lets Python run its signal handlers while Qt waits
    tick.start(500)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
