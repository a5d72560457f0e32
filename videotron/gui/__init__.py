"""The operator and treasurer desktop app (`videotron admin`), PySide6. The only Qt code besides `player/`."""
