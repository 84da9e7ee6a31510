"""A school's context from GIAS: the needs its special provision serves, its size and intake.

Kept apart from schools.py so the directory, the profile, the GIAS import and peer
suggestions read one vocabulary: GIAS's own SEN codes with plain-English names, and the
bands schools are compared in ("a school of 250 to 499 pupils", "20% to 35% free meals").
"""

from django import forms
from django.db import models


class SenNeed(models.TextChoices):
    """The types of SEN provision GIAS lists as "SEN1 (name)" .. "SEN13 (name)"."""

    AUTISM = "asd", "Autism"
    SEMH = "semh", "Social, emotional and mental health"
    SLCN = "slcn", "Speech, language and communication"
    SPLD = "spld", "Specific learning difficulty (such as dyslexia)"
    MLD = "mld", "Moderate learning difficulty"
    SLD = "sld", "Severe learning difficulty"
    PMLD = "pmld", "Profound and multiple learning difficulty"
    HI = "hi", "Hearing impairment"
    VI = "vi", "Visual impairment"
    MSI = "msi", "Multi-sensory impairment"
    PD = "pd", "Physical disability"
    OTHER = "oth", "Other difficulty or disability"


# How GIAS has written them: "ASD - Autistic Spectrum Disorder", "BESD - Behaviour, Emotional and
# Social Difficulties" (the name before SEMH), "SLCN - Speech, language and Communication".
SEN_FROM_GIAS = {need.value: need.value for need in SenNeed}
SEN_FROM_GIAS.update({"besd": SenNeed.SEMH.value, "other": SenNeed.OTHER.value})


def sen_from_gias(value):
    """A SenNeed code from a GIAS "SEN<n> (name)" value, or None for an empty or unknown one."""
    code = (value or "").split("-", 1)[0].strip().lower()
    return SEN_FROM_GIAS.get(code)


class ResourcedProvision(models.TextChoices):
    RESOURCED = "resourced", "Resourced provision"
    SEN_UNIT = "sen_unit", "SEN unit"
    BOTH = "both", "Resourced provision and SEN unit"


RESOURCED_FROM_GIAS = {
    "resourced provision": ResourcedProvision.RESOURCED,
    "sen unit": ResourcedProvision.SEN_UNIT,
    "resourced provision and sen unit": ResourcedProvision.BOTH,
}


class SenNeedsField(models.CharField):
    """A list of SenNeed codes, stored as ",asd,semh," so that `sen_needs__contains=",asd,"`
    filters the same way on SQLite and PostgreSQL (no JSON containment on SQLite)."""

    description = "Types of SEN provision"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    @staticmethod
    def split(value):
        if value is None:
            return []
        items = value if isinstance(value, list | tuple | set) else str(value).split(",")
        known = {need.value for need in SenNeed}
        wanted = {str(item).strip() for item in items} & known
        return [need.value for need in SenNeed if need.value in wanted]

    @classmethod
    def join(cls, value):
        codes = cls.split(value)
        return f",{','.join(codes)}," if codes else ""

    def from_db_value(self, value, expression, connection):
        return self.split(value)

    def to_python(self, value):
        return self.split(value)

    def get_prep_value(self, value):
        return self.join(value)

    def value_to_string(self, obj):
        return self.join(self.value_from_object(obj))

    def validate(self, value, model_instance):
        if not self.blank and not value:
            super().validate(value, model_instance)

    def run_validators(self, value):
        # The stored form is bounded by the list of needs, never by what was typed.
        return None

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": SenNeed.choices,
            "widget": forms.CheckboxSelectMultiple,
            "required": not self.blank,
            "label": self.verbose_name.capitalize(),
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        form_class = defaults.pop("form_class")
        for key in ("max_length", "empty_value"):
            defaults.pop(key, None)
        return form_class(**defaults)


def sen_needs_label(codes):
    labels = dict(SenNeed.choices)
    return [labels[code] for code in codes if code in labels]


# ------ Bands schools are compared in ------

SIZE_BANDS = [
    (0, 100, "under 100 pupils"),
    (100, 250, "100 to 249 pupils"),
    (250, 500, "250 to 499 pupils"),
    (500, 1000, "500 to 999 pupils"),
    (1000, None, "1,000 pupils or more"),
]

# The share of pupils eligible for free school meals (England's average is about a quarter).
FSM_BANDS = [
    (0, 10, "under 10% free school meals"),
    (10, 20, "10% to 20% free school meals"),
    (20, 35, "20% to 35% free school meals"),
    (35, 50, "35% to 50% free school meals"),
    (50, None, "50% or more free school meals"),
]


def _band(bands, value):
    if value is None:
        return None
    for index, (low, high, _label) in enumerate(bands):
        if value >= low and (high is None or value < high):
            return index
    return None


def size_band(number_on_roll):
    return _band(SIZE_BANDS, number_on_roll)


def fsm_band(percentage):
    return _band(FSM_BANDS, float(percentage) if percentage is not None else None)


def band_choices(bands):
    return [(str(index), label[0].upper() + label[1:]) for index, (_, _, label) in enumerate(bands)]


def band_range(bands, index):
    low, high, _ = bands[int(index)]
    return low, high
