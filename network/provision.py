"""Reading what people write about a school: its phase and its kind (mainstream, special, PRU, AP).

One place for every reader of it: the practice import and the search records built from the
same lines (a school's "phase" as people write it: "Special", "PRU", "Secondary", "16 plus"),
and the GIAS import (a type of establishment: "Academy special converter" is a special school).
"""

import re

from .models.schools import Phase, Provision


def _words(text):
    """ "All-through", "all_through" and " ALL  through " alike; "16+" is "16 plus"."""
    text = str(text).lower().replace("+", " plus ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


PHASE_NAMES = {}
for _code, _label in Phase.choices:
    PHASE_NAMES[_words(_code)] = _code
    PHASE_NAMES[_words(_label)] = _code
PHASE_NAMES.update({"post 16": Phase.SIXTEEN_PLUS, "sixth form": Phase.SIXTEEN_PLUS})

# Kinds of school people write where a phase is asked for. "Mainstream" is not among them:
# it says nothing of the phase, and a mainstream school's phase is what people write.
PROVISION_NAMES = {
    "special": Provision.SPECIAL,
    "special school": Provision.SPECIAL,
    "pru": Provision.PRU,
    "pupil referral unit": Provision.PRU,
    "alternative provision": Provision.ALTERNATIVE_PROVISION,
    "ap": Provision.ALTERNATIVE_PROVISION,
}
# Given as the school's provision, its codes and labels are understood too, mainstream included.
PROVISION_VALUES = dict(PROVISION_NAMES)
for _code, _label in Provision.choices:
    PROVISION_VALUES[_words(_code)] = _code
    PROVISION_VALUES[_words(_label)] = _code
PROVISION_VALUES["mainstream"] = Provision.MAINSTREAM

ACCEPTED_PHASES = ", ".join(label for _, label in Phase.choices)
ACCEPTED_KINDS = "Special, Pupil referral unit or PRU, Alternative provision or AP"
ACCEPTED_PROVISIONS = "Mainstream, " + ACCEPTED_KINDS


def _phase(words):
    """ "Primary" and "Primary school" alike."""
    return PHASE_NAMES.get(words) or PHASE_NAMES.get(" ".join(_without_school(words)))


def _without_school(words):
    return [word for word in words.split() if word not in ("school", "schools", "phase")]


def phase_from_label(value):
    """A phase code from its code or label in any case ("All-through", "all_through"), or None."""
    return _phase(_words(value))


def provision_from_label(value, mainstream=True):
    """A provision code from what people write ("Special", "PRU", "AP", "pupil referral unit"),
    or None. Without `mainstream`, "Mainstream" is not one (as when read as a phase)."""
    return (PROVISION_VALUES if mainstream else PROVISION_NAMES).get(_words(value))


def _split(words):
    """(phase, provision) from a label naming both, e.g. "Special primary", "Secondary PRU"."""
    for name, provision in sorted(PROVISION_NAMES.items(), key=lambda item: -len(item[0])):
        for rest in _around(words, name):
            phase = _phase(rest)
            if phase is not None:
                return phase, provision
    return None


def _around(words, name):
    if words.startswith(name + " "):
        yield words[len(name) + 1 :]
    if words.endswith(" " + name):
        yield words[: -len(name) - 1]


def phase_and_provision(phase_label, provision_label=None, where="school"):
    """(phase, provision) codes for a school's "phase" as people write it, and its "provision"
    when one is given. Raises ValueError, naming what is accepted, for what it cannot read.

    "Secondary" is a mainstream secondary school; "Special", "PRU" or "AP" say what kind of
    school it is, and its phase is "not applicable" unless the label names one too ("Special
    primary"); "Not applicable" alone leaves the kind of school unknown (""). Both codes are ""
    when nothing is given.
    """
    for key, value in (("phase", phase_label), ("provision", provision_label)):
        if value is not None and not isinstance(value, str):
            raise ValueError(f'"{where}.{key}" must be a string')
    phase = provision = ""
    words = _words(phase_label or "")
    if words:
        if _phase(words) is not None:
            phase = _phase(words)
            provision = "" if phase == Phase.NOT_APPLICABLE else Provision.MAINSTREAM
        elif words in PROVISION_NAMES:
            phase, provision = Phase.NOT_APPLICABLE, PROVISION_NAMES[words]
        elif (both := _split(words)) is not None:
            phase, provision = both
        else:
            raise ValueError(
                f'"{where}.phase" is "{phase_label.strip()}"; give a phase ({ACCEPTED_PHASES}) '
                f"or a kind of school ({ACCEPTED_KINDS}), in any case"
            )
    given = _words(provision_label or "")
    if given:
        stated = PROVISION_VALUES.get(given)
        if stated is None:
            raise ValueError(
                f'"{where}.provision" is "{provision_label.strip()}"; give one of: '
                f"{ACCEPTED_PROVISIONS}, in any case"
            )
        if provision not in ("", Provision.MAINSTREAM, stated):
            raise ValueError(
                f'"{where}.phase" says {Provision(provision).label} but "{where}.provision" says '
                f"{Provision(stated).label}: make them agree"
            )
        provision = stated
        if not phase and stated != Provision.MAINSTREAM:
            phase = Phase.NOT_APPLICABLE
    return str(phase), str(provision)


# ------ GIAS ------


def provision_from_gias(type_of_establishment="", type_group=""):
    """A school's provision from GIAS's "TypeOfEstablishment (name)" and, failing that,
    "EstablishmentTypeGroup (name)"; "" when neither is given.

    "Community special school", "Academy special converter", "Free schools special",
    "Non-maintained special school", "Other independent special school" ... are special schools;
    "Pupil referral unit" a PRU; "Academy alternative provision converter", "Free schools
    alternative provision" ... alternative provision; every other type is mainstream.
    """
    return str(_gias_provision(_words(type_of_establishment or ""), _words(type_group or "")))


def _gias_provision(kind, group):
    if kind:
        if kind == "pupil referral unit":
            return Provision.PRU
        if "alternative provision" in kind:
            return Provision.ALTERNATIVE_PROVISION
        if re.search(r"\bspecial\b", kind):
            return Provision.SPECIAL
        return Provision.MAINSTREAM
    if group:
        return Provision.SPECIAL if group == "special schools" else Provision.MAINSTREAM
    return ""
