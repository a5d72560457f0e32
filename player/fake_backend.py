"""A backend that only records what it is asked, for fast unit tests of the sequencer.

Cues become ready when the test says so (`ready_all()`), or at once with `instant=True`; media ids listed in
`broken` fail with a reason, as a missing or undecodable file would.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from player.backend import CueListener
from playlists.plan import PlanMedia


@dataclass
class FakeCue:
    media: PlanMedia
    offset_ms: int
    loop: bool
    state: str = "pending"


@dataclass
class FakeBackend:
    instant: bool = True
    broken: dict[str, str] = field(default_factory=dict)  # media id -> failure reason
    cues: dict[int, FakeCue] = field(default_factory=dict)
    calls: list[tuple[str, object]] = field(default_factory=list)
    on_air: int | None = None
    preroll: int = 0  # ms every ready video is to be rolled ahead of its take
    listener: CueListener | None = None

    def set_listener(self, listener: CueListener) -> None:
        self.listener = listener

    def cue(self, cue_id: int, media: PlanMedia, offset_ms: int, loop: bool = False) -> None:
        self.cues[cue_id] = FakeCue(media, offset_ms, loop)
        self.calls.append(("cue", (cue_id, media.id, offset_ms)))
        if self.instant:
            self.settle(cue_id)

    def settle(self, cue_id: int, ran_ms: int = 0) -> None:
        cue = self.cues[cue_id]
        assert self.listener is not None
        if cue.media.id in self.broken:
            cue.state = "failed"
            self.listener.cue_failed(cue_id, self.broken[cue.media.id])
        else:
            cue.state = "ready"
            held = cue.offset_ms + ran_ms if ran_ms else None  # a join that ran this long before it could pause
            self.listener.cue_ready(cue_id, held)

    def ready_all(self, ran_ms: int = 0) -> None:
        for cue_id, cue in list(self.cues.items()):
            if cue.state == "pending":
                self.settle(cue_id, ran_ms if cue.offset_ms > 0 else 0)

    def preroll_ms(self, cue_id: int) -> int:
        return 0 if self.cues[cue_id].media.is_image else self.preroll

    def roll(self, cue_id: int) -> None:
        assert self.cues[cue_id].state == "ready", "rolled a cue that was not ready"
        self.calls.append(("roll", (cue_id, self.cues[cue_id].media.id)))

    def take(self, cue_id: int) -> None:
        assert self.cues[cue_id].state == "ready", "took a cue that was not ready"
        self.on_air = cue_id
        self.calls.append(("take", (cue_id, self.cues[cue_id].media.id)))

    def seek(self, cue_id: int, offset_ms: int) -> None:
        self.calls.append(("seek", (cue_id, offset_ms)))

    def drop(self, cue_id: int) -> None:
        self.cues.pop(cue_id, None)
        self.calls.append(("drop", cue_id))

    def blank(self) -> None:
        self.on_air = None
        self.calls.append(("blank", None))

    def frames_shown(self, cue_id: int) -> int:
        return 0

    @property
    def on_air_media(self) -> str | None:
        if self.on_air is None or self.on_air not in self.cues:
            return None
        return self.cues[self.on_air].media.id

    def taken(self) -> list[str]:
        return [str(args[1]) for name, args in self.calls if name == "take"]  # type: ignore[index]
