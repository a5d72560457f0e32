"""Parse untrusted XML (feeds fetched from the network) with the standard library, refusing what makes
`xml.etree` unsafe: a document type declaration and entity declarations (billion laughs, external entities)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from videotron.core.errors import Place, VideotronError

MAX_BYTES = 1_000_000
_FORBIDDEN = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class FeedRefused(VideotronError):
    """A feed message that is not used, with the reason (malformed, expired, a test message...)."""


def parse_xml(data: bytes, source: str) -> ET.Element:
    if len(data) > MAX_BYTES:
        raise FeedRefused("feed.too_big", "{size} bytes; an alert message is at most {maximum} bytes",
                          where=Place(source), size=len(data), maximum=MAX_BYTES)  # fmt: skip
    if _FORBIDDEN.search(data):
        raise FeedRefused("feed.doctype", "refused: the XML declares a DOCTYPE or entities, which alert feeds never "
                          "need", where=Place(source))  # fmt: skip
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise FeedRefused(
            "feed.malformed_xml", "malformed XML: {reason}", where=Place(source), reason=str(exc)
        ) from None
