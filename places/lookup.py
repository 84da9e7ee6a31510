"""Reading what people type as a postcode, and finding where it is."""

import re
from dataclasses import dataclass

FULL = re.compile(r"^([A-Z]{1,2}[0-9][0-9A-Z]?)([0-9][A-Z]{2})$")
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")


def squash(value):
    return re.sub(r"[^A-Z0-9]", "", (value or "").upper())


def normalise(value):
    """ "sw1a1aa" -> "SW1A 1AA"; '' when it is not shaped like a full postcode."""
    match = FULL.match(squash(value))
    return f"{match.group(1)} {match.group(2)}" if match else ""


def district_of(value):
    """The outward code: "SW1A 1AA" -> "SW1A", "nw1" -> "NW1"; '' when neither shape fits."""
    text = squash(value)
    match = FULL.match(text)
    if match:
        return match.group(1)
    return text if DISTRICT.match(text) else ""


@dataclass
class Located:
    label: str
    latitude: float
    longitude: float
    exact: bool  # False: a full postcode not in the table, placed at its district's centre
    note: str = ""


def locate(value):
    """A full postcode or a district, from the loaded table; None when neither is known."""
    from .models import Postcode, PostcodeDistrict

    full = normalise(value)
    district = district_of(value)
    if full:
        found = Postcode.objects.filter(postcode=full).first()
        if found:
            return Located(full, found.latitude, found.longitude, exact=True)
    if not district:
        return None
    centre = PostcodeDistrict.objects.filter(district=district).first()
    if centre is None:
        return None
    if full:
        return Located(
            district,
            centre.latitude,
            centre.longitude,
            exact=False,
            note=(
                f"We have no position for the postcode {full}, so distances are measured "
                f"from the middle of {district}."
            ),
        )
    return Located(district, centre.latitude, centre.longitude, exact=True)
