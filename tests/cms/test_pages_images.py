"""Images are served as renditions sized for their slot, never as the uploaded original."""

import re

import pytest
from django.core.files.images import ImageFile
from django.template import Context, Template
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def image():
    return get_image_model().objects.create(
        title="Pupils in the sensory garden",
        description="Two pupils planting herbs in raised beds",
        file=ImageFile(get_test_image_file(size=(1600, 1000)).file, name="garden.png"),
    )


def render(slot, image, alt=None):
    template = Template(
        '{% include "includes/responsive_image.html" with image=image slot=slot alt=alt %}'
    )
    return template.render(Context({"image": image, "slot": slot, "alt": alt}))


@pytest.mark.parametrize(
    "slot, widths",
    [("card", ["320w", "640w"]), ("half", ["400w", "800w"]), ("wide", ["480w", "800w", "1200w"])],
)
def test_each_slot_gets_renditions_of_its_widths(image, slot, widths):
    html = render(slot, image)
    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    assert [entry.split()[-1] for entry in srcset.split(", ")] == widths
    assert 'sizes="' in html and 'loading="lazy"' in html
    assert "original_images" not in html


def test_alt_text_is_the_description_unless_the_caller_gives_one(image):
    assert 'alt="Two pupils planting herbs in raised beds"' in render("wide", image)
    assert 'alt="Herbs ready to harvest"' in render("wide", image, alt="Herbs ready to harvest")
    assert 'alt=""' in render("wide", image, alt="")


def test_nothing_when_there_is_no_image():
    assert render("card", None).strip() == ""
