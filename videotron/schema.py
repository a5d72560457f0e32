"""Every model module, imported in one place so metadata and migrations see all tables."""

from __future__ import annotations

from sqlalchemy import MetaData

from videotron.core.db import Base


def load_models() -> MetaData:
    import billing.bank.models as _bank  # noqa: F401
    import billing.cash_models as _cash  # noqa: F401
    import billing.models  # noqa: F401
    import playlists.makegoods as _makegoods  # noqa: F401
    import playlists.media.blobs as _media_blobs  # noqa: F401
    import playlists.models  # noqa: F401
    import videotron.alerts.models as _alerts  # noqa: F401
    import videotron.core.audit  # noqa: F401
    import videotron.core.users as _users  # noqa: F401

    return Base.metadata
