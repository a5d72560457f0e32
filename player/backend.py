"""The backend protocol: what the sequencer asks of whatever puts pictures on the screen.

The sequencer decides *what* and *when*; a backend only cues, takes and drops. Two implementations:
`player.vlc_backend.VlcBackend` (libVLC + Qt, the real one) and `player.fake_backend.FakeBackend` (records calls,
for fast unit tests of the sequencer). A backend reports back through a `CueListener`, always on the thread that
runs the sequencer (the Qt GUI thread in the real player).

A *cue* is one media item made ready to air: a video opened at its offset and holding its first frame, or an image
decoded and scaled. Taking a cue puts it on air at once; the previous picture stays on screen until then, so there is
never a black gap between items.
"""

from __future__ import annotations

from typing import Protocol

from playlists.plan import PlanMedia


class CueListener(Protocol):
    def cue_ready(self, cue_id: int, held_ms: int | None = None) -> None:
        """The cue holds its first picture and can be taken. `held_ms`: the offset it actually holds, when that is not
        the one it was cued at (a video can only be held where it stopped): it is to air when the clock gets there."""
        ...

    def cue_failed(self, cue_id: int, reason: str) -> None:
        """The cue cannot air (file missing, wrong checksum, not decodable...)."""
        ...


class Backend(Protocol):
    def set_listener(self, listener: CueListener) -> None: ...

    def cue(self, cue_id: int, media: PlanMedia, offset_ms: int, loop: bool = False) -> None:
        """Start preparing `media` from `offset_ms` without showing it; report through the listener."""
        ...

    def preroll_ms(self, cue_id: int) -> int:
        """How long before its air time a ready cue is to be `roll`ed (0: not at all; see player.preroll)."""
        ...

    def roll(self, cue_id: int) -> None:
        """Start a ready video running off screen, so that it is on the clock when taken (player.preroll)."""
        ...

    def take(self, cue_id: int) -> None:
        """Put a ready cue on air now (videos start running from their cued frame, unless rolled already)."""
        ...

    def seek(self, cue_id: int, offset_ms: int) -> None:
        """Move the on-air cue to `offset_ms` (after a clock jump)."""
        ...

    def drop(self, cue_id: int) -> None:
        """Release a cue. If it is on air its last picture stays on screen until something else is taken."""
        ...

    def blank(self) -> None:
        """Show black (outside operating hours with no standby picture)."""
        ...

    def frames_shown(self, cue_id: int) -> int:
        """How many pictures the cue has delivered so far (a frozen video stops counting)."""
        ...
