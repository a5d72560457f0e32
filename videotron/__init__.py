"""videotron: playout and retribution billing for municipal LED videotron screens."""

__version__ = "0.1.0"
