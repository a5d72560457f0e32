"""Media probing and the content-addressed store, on real generated files and broken ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from playlists.media.library import MediaFields, PreparedMedia, approve, prepare, save_media
from playlists.media.probe import ProbeError, probe
from playlists.media.store import sha256_file, stored_path, verify
from playlists.models import Media
from videotron.cli import main
from videotron.core.audit import AuditEntry
from videotron.core.clock import Clock, SystemClock
from videotron.core.errors import VideotronError


def record_media(s: Session, prepared: PreparedMedia, *, media_id: str, kind: str, actor: str,
                 clock: Clock) -> tuple[Media, bool]:  # fmt: skip
    """`save_media`, answering (media, changed) as the tests below ask it."""
    saved = save_media(s, MediaFields(media_id, kind, prepared), actor=actor, clock=clock)
    return saved.row, saved.change is not None


def test_probe_real_video_and_image(media_files: dict[str, Path]) -> None:
    video = probe(media_files["ad"])
    assert not video.is_image and video.codec == "h264"
    assert (video.width, video.height) == (160, 80)
    assert 14_900 <= video.duration_ms <= 15_100
    image = probe(media_files["logo"])
    assert image.is_image and image.codec == "png" and image.duration_ms == 0


@pytest.mark.parametrize(
    ("name", "message"),
    [("truncated", "damaged or truncated"), ("text", "not a playable video or image"), ("empty", "empty")],
)
def test_probe_refuses_broken_files(media_files: dict[str, Path], name: str, message: str) -> None:
    with pytest.raises(ProbeError, match=message) as err:
        probe(media_files[name])
    assert str(media_files[name]) in str(err.value)


def test_image_needs_seconds_and_video_refuses_them(
    media_files: dict[str, Path], sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(VideotronError, match="is an image") as info:
        prepare(media_files["logo"], None)
    assert (info.value.code, info.value.field) == ("media.image_needs_seconds", "seconds")
    assert main(["--db", sqlite_url, "media", "add", str(media_files["logo"])]) == 2
    assert "--seconds" in capsys.readouterr().err  # the command line names the field by its flag
    with pytest.raises(VideotronError, match="between 1 and 3600"):
        prepare(media_files["logo"], 9999999999999)
    with pytest.raises(VideotronError, match="only for images"):
        prepare(media_files["ad"], 15)


def test_store_is_content_addressed_and_verifiable(
    sessions: sessionmaker[Session], media_files: dict[str, Path]
) -> None:
    clock = SystemClock()
    with sessions.begin() as s:
        a, changed_a = record_media(
            s, prepare(media_files["ad"], None), media_id="a", kind="ad", actor="t", clock=clock
        )
        b, _ = record_media(s, prepare(media_files["ad"], None), media_id="b", kind="ad", actor="t", clock=clock)
        assert changed_a
        assert a.stored_name == b.stored_name  # the same content is stored once
        assert a.sha256 == sha256_file(media_files["ad"])
        assert verify(a.stored_name, a.sha256)
        assert not a.approved  # ads wait for approval
    path = stored_path(a.stored_name)
    path.write_bytes(b"tampered")
    assert not verify(a.stored_name, a.sha256)


def test_adding_same_file_twice_changes_nothing(sessions: sessionmaker[Session], media_files: dict[str, Path]) -> None:
    clock = SystemClock()
    with sessions.begin() as s:
        record_media(s, prepare(media_files["psa"], None), media_id="psa", kind="psa", actor="t", clock=clock)
    with sessions.begin() as s:
        _, changed = record_media(s, prepare(media_files["psa"], None), media_id="psa", kind="psa", actor="t",
                                  clock=clock)  # fmt: skip
        assert not changed
        assert len(s.scalars(select(AuditEntry)).all()) == 1


def test_new_content_for_an_approved_ad_needs_approval_again(
    sessions: sessionmaker[Session], media_files: dict[str, Path]
) -> None:
    clock = SystemClock()
    with sessions.begin() as s:
        record_media(s, prepare(media_files["ad"], None), media_id="spot", kind="ad", actor="t", clock=clock)
        approve(s, "spot", by="Kabid IKP", actor="t", clock=clock)
    with sessions.begin() as s:
        media, _ = record_media(s, prepare(media_files["ad2"], None), media_id="spot", kind="ad", actor="t",
                                clock=clock)  # fmt: skip
        assert not media.approved


def test_cli_media_add_approve_list(
    sqlite_url: str, media_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", sqlite_url, "db", "upgrade"]) == 0
    assert main(["--db", sqlite_url, "media", "add", str(media_files["ad"]), "--kind", "ad", "--id", "spot"]) == 0
    assert "must be approved" in capsys.readouterr().out
    assert (
        main(["--db", sqlite_url, "media", "add", str(media_files["logo"]), "--kind", "filler", "--seconds", "10"]) == 0
    )
    assert main(["--db", sqlite_url, "media", "approve", "spot", "--by", "Budiono"]) == 0
    assert main(["--db", sqlite_url, "media", "list"]) == 0
    out = capsys.readouterr().out
    assert "spot" in out and "logo" in out and "approved" in out
    assert main(["--db", sqlite_url, "media", "verify"]) == 0


def test_cli_refuses_broken_media_with_exit_2(sqlite_url: str, media_files: dict[str, Path],
                                              capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    main(["--db", sqlite_url, "db", "upgrade"])
    for name in ("truncated", "text", "empty"):
        assert main(["--db", sqlite_url, "media", "add", str(media_files[name])]) == 2
        err = capsys.readouterr().err
        assert str(media_files[name]) in err and "Traceback" not in err
    assert main(["--db", sqlite_url, "media", "approve", "nope", "--by", "x"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_no_media_row_without_schema(
    tmp_path: Path, media_files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert main(["--db", url, "media", "add", str(media_files["psa"])]) == 2
    assert "videotron db upgrade" in capsys.readouterr().err


def test_media_rows_have_probed_fields(sessions: sessionmaker[Session], media_files: dict[str, Path]) -> None:
    with sessions.begin() as s:
        record_media(
            s, prepare(media_files["logo"], 10), media_id="logo", kind="filler", actor="t", clock=SystemClock()
        )
    with sessions() as s:
        m = s.get(Media, "logo")
        assert m is not None and m.is_image and m.duration_ms == 10_000 and m.approved
