"""Every model module, imported in one place so metadata and migrations see all tables."""

from __future__ import annotations

from sqlalchemy import MetaData

from videotron.db import Base


def load_models() -> MetaData:
    import billing.models  # noqa: F401
    import billing.reports.models as _reports  # noqa: F401
    import playlists.makegoods as _makegoods  # noqa: F401
    import playlists.models  # noqa: F401
    import videotron.alerts.models as _alerts  # noqa: F401
    import videotron.audit  # noqa: F401
    import videotron.media_blobs as _media_blobs  # noqa: F401
    import videotron.users as _users  # noqa: F401

    return Base.metadata
