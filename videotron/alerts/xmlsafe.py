"""Parse untrusted XML (alert feeds fetched from the network, CAP files) with `defusedxml`: a document type
declaration, entity declarations (billion laughs, internal entities smuggled into a headline) and external
references are refused by the parser itself, so the refusal holds whatever the encoding (a UTF-16 file hides
`<!ENTITY` from any byte pattern)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from videotron.core.errors import Place, VideotronError

MAX_BYTES = 1_000_000


class FeedRefused(VideotronError):
    """A feed message that is not used, with the reason (malformed, expired, a test message...)."""


def parse_xml(data: bytes, source: str) -> ET.Element:
    if len(data) > MAX_BYTES:
        raise FeedRefused("feed.too_big", "{size} bytes; an alert message is at most {maximum} bytes",
                          where=Place(source), size=len(data), maximum=MAX_BYTES)  # fmt: skip
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)  # type: ignore[no-any-return]
    except DefusedXmlException:
        raise FeedRefused("feed.doctype", "refused: the XML declares a DOCTYPE or entities, which alert feeds never "
                          "need", where=Place(source)) from None  # fmt: skip
    except ET.ParseError as exc:
        raise FeedRefused(
            "feed.malformed_xml", "malformed XML: {reason}", where=Place(source), reason=str(exc)
        ) from None
    except (ValueError, LookupError) as exc:  # "multi-byte encodings are not supported", "unknown encoding: U-F-8"
        raise FeedRefused("feed.encoding", "refused: the XML's encoding cannot be read ({reason}); alert feeds are "
                          "UTF-8", where=Place(source), reason=str(exc)) from None  # fmt: skip
