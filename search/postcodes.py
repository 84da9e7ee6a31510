"""Postcodes as the search files them: the outward code, the "district" ("NW1 1AA" -> "NW1")."""

import re

POSTCODE_DISTRICT = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)")


def postcode_district(postcode):
    """The outward code of a UK postcode ("NW1 1AA" -> "NW1"), or ''."""
    postcode = (postcode or "").upper().replace(" ", "")
    if len(postcode) > 4:
        postcode = postcode[:-3]
    match = POSTCODE_DISTRICT.match(postcode)
    return match.group(1) if match else ""
