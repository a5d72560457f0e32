"""Issuing an SKRD on the desk: the dialog shows the payer, each line and the total as the SKRD will carry them
(billing's own preview), issues only after a confirmation, and refuses a booking whose ad media is not approved
(the domain refuses it too, so the CLI does). What a role may not do is disabled, with a tooltip saying who may."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from billing.assessments import issue_assessment
from billing.models import Assessment
from playlists.models import Booking, Media
from tests.office import TEST_CONFIG
from videotron.core.clock import FixedClock
from videotron.core.errors import VideotronError
from videotron.core.user_admin import add_user

pytestmark = pytest.mark.gui
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def office(demo_office: sessionmaker[Session]) -> sessionmaker[Session]:
    return demo_office


def open_issue(qtbot: Any, tab: Any, booking: str) -> Any:
    qtbot.mouseClick(tab.findChild(object, "issueButton"), LEFT)
    dialog = tab.issuing
    assert dialog.isVisible()
    dialog.booking.setCurrentIndex(dialog.booking.findText(booking))
    return dialog


def skrd_count(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return int(s.scalar(select(func.count()).select_from(Assessment)) or 0)


def test_the_dialog_shows_payer_lines_and_total_then_issues_after_yes(
    qtbot: Any, office: Any, desk_tab: Callable[..., Any]
) -> None:
    tab = desk_tab("Billing", "bendahara")
    dialog = open_issue(qtbot, tab, "BK-2026-001")
    payer, total = dialog.payer.text(), dialog.total.text()
    lines = [[dialog.lines.item(r, c).text() for c in range(6)] for r in range(dialog.lines.rowCount())]
    assert lines and "Rp" in total and dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, LEFT)
    assert dialog.confirm.isVisible() and "BK-2026-001" in dialog.confirm.text()
    assert skrd_count(office) == 0  # nothing before Yes
    qtbot.mouseClick(dialog.confirm.button(QMessageBox.StandardButton.Yes), LEFT)
    assert not dialog.isVisible()
    with office() as s:
        a = s.scalars(select(Assessment)).one()
        # The SKRD carries what the dialog showed: payer, each line's amount, the total
        assert payer.startswith(a.payer_name) and a.payer_address in payer
        assert [ln[5] for ln in lines] == [tab_rupiah(ln.amount) for ln in a.lines]
        assert [ln[2] for ln in lines] == [ln.description for ln in a.lines]
        assert total == tab_rupiah(a.principal) and a.principal > 0
    assert tab.table.rowCount() == 1 and tab.table.item(0, 0).text() == a.number


def tab_rupiah(amount: int) -> str:
    from videotron.core.formats import rupiah

    return rupiah(amount, "en")


def test_no_or_cancel_writes_nothing(qtbot: Any, office: Any, desk_tab: Callable[..., Any]) -> None:
    tab = desk_tab("Billing", "bendahara")
    dialog = open_issue(qtbot, tab, "BK-2026-001")
    qtbot.mouseClick(dialog.ok, LEFT)
    qtbot.mouseClick(dialog.confirm.button(QMessageBox.StandardButton.No), LEFT)
    assert dialog.isVisible()  # back in the dialog, nothing issued
    qtbot.mouseClick(dialog.cancel, LEFT)
    assert not dialog.isVisible() and skrd_count(office) == 0


def test_unapproved_media_is_refused_naming_the_media(qtbot: Any, office: Any, desk_tab: Callable[..., Any],
                                                      clock: FixedClock) -> None:  # fmt: skip
    with office.begin() as s:
        media = s.get(Media, s.get(Booking, "BK-2026-001").media_id)  # type: ignore[union-attr]
        assert media is not None
        media.approved_by, media_id = None, media.id
    tab = desk_tab("Billing", "bendahara", language="id")
    dialog = open_issue(qtbot, tab, "BK-2026-001")
    assert dialog.problem.isVisible() and media_id in dialog.problem.text()
    assert "belum disetujui" in dialog.problem.text()
    assert not dialog.ok.isEnabled() and dialog.lines.rowCount() == 0
    assert skrd_count(office) == 0
    # The domain refuses it too, so the CLI does
    with pytest.raises(VideotronError) as refused, office.begin() as s:
        issue_assessment(s, "BK-2026-001", config=TEST_CONFIG, actor="t", clock=clock)
    assert refused.value.code == "skrd.media_not_approved" and media_id in str(refused.value)
    assert skrd_count(office) == 0


MONEY_BUTTONS = ("issueButton", "payButton", "voidButton", "bankButton", "closeMonthButton", "strdButton",
                 "teguranButton")  # fmt: skip


@pytest.fixture
def staff(office: Any, clock: FixedClock) -> Any:
    """An admin, an operator (rina) and a treasurer (bu-ani): from now on every action needs a user's role."""
    with office.begin() as s:
        add_user(s, "sari", "admin", "rahasia-sari", actor="setup", clock=clock)
    with office.begin() as s:
        add_user(s, "rina", "operator", "rahasia-rina", actor="sari", clock=clock)
        add_user(s, "bu-ani", "bendahara", "rahasia-ani", actor="sari", clock=clock)
    return office


def test_an_operator_sees_money_buttons_disabled_with_why(qtbot: Any, staff: Any,
                                                          desk_tab: Callable[..., Any]) -> None:  # fmt: skip
    operator = desk_tab("Billing", "rina", language="id")
    for name in MONEY_BUTTONS:
        button = operator.findChild(object, name)
        assert not button.isEnabled(), name
        assert button.toolTip().startswith("Hanya bendahara"), (name, button.toolTip())
    assert operator.findChild(object, "printSkrd").isEnabled()
    treasurer = desk_tab("Billing", "bu-ani")
    for name in MONEY_BUTTONS:
        button = treasurer.findChild(object, name)
        assert button.isEnabled() and not button.toolTip(), name


OPERATOR_BUTTONS = {"Media": ("importButton", "approveButton", "rejectButton"),
                    "Playlists": ("savePlaylist", "addToPlaylist", "addDaypart")}  # fmt: skip


def test_a_treasurer_sees_the_operator_s_buttons_disabled_with_why(qtbot: Any, staff: Any,
                                                                   desk_tab: Callable[..., Any]) -> None:  # fmt: skip
    for title, names in OPERATOR_BUTTONS.items():
        treasurer, operator = desk_tab(title, "bu-ani", language="id"), desk_tab(title, "rina")
        for name in names:
            button = treasurer.findChild(object, name)
            assert not button.isEnabled() and button.toolTip().startswith("Hanya operator"), (name, button.toolTip())
            assert operator.findChild(object, name).isEnabled(), name
