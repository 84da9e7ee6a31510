"""Images uploaded through the admin: Willow reads every one, so a disguised file is refused.

Nothing of ours is needed here; these tests hold Wagtail to it, through the add form, the
multiple uploader and the chooser's upload form, as a school editor uploads.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection

from tests.factories import SchoolPageFactory, school_editor

pytestmark = pytest.mark.django_db

DISGUISED = {
    "photo.png": b"Just a text file, named as a picture.",
    "photo.jpg": b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    "photo.gif": b"%PDF-1.7\n",
    "photo.webp": b"MZ\x90\x00\x03\x00\x00\x00",
}


@pytest.fixture(autouse=True)
def own_media_folder(settings, tmp_path):
    """An empty media folder for each test: what a refused upload leaves behind is all there is."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def signed_in(client, frameworks):
    client.force_login(school_editor(SchoolPageFactory()))
    return client


def stored_originals():
    folder = Path(settings.MEDIA_ROOT) / "original_images"
    return sorted(folder.rglob("*")) if folder.exists() else []


def image_file(name, data):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize("name", list(DISGUISED))
def test_a_file_that_is_not_an_image_is_refused_everywhere(signed_in, name):
    before = stored_originals()
    collection = Collection.get_first_root_node().pk
    add = signed_in.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": image_file(name, DISGUISED[name]), "collection": collection},
    )
    assert add.status_code == 200
    page = add.content.decode()
    assert "Not a valid" in page or "Upload a valid image" in page or "Not a supported" in page
    multiple = signed_in.post(
        reverse("wagtailimages:add_multiple"), {"files[]": image_file(name, DISGUISED[name])}
    ).json()
    assert multiple["success"] is False
    assert multiple["error_message"]
    chooser = signed_in.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": name,
            "image-chooser-upload-file": image_file(name, DISGUISED[name]),
        },
    ).json()
    assert chooser["step"] == "reshow_creation_form"
    assert not Image.objects.exists()
    assert stored_originals() == before


def test_an_image_over_the_limit_is_refused_with_the_limit(signed_in, settings):
    limit = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    assert limit == 10 * 1024 * 1024
    picture = get_test_image_file().file.getvalue()
    response = signed_in.post(
        reverse("wagtailimages:add"),
        {
            "title": "Big",
            "file": SimpleUploadedFile("big.png", picture + bytes(limit)),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert "Maximum filesize 10.0\xa0MB." in response.content.decode()
    assert not Image.objects.exists()


def test_a_real_image_is_accepted(signed_in):
    picture = get_test_image_file()
    response = signed_in.post(
        reverse("wagtailimages:add"),
        {
            "title": "Reading corner",
            "file": SimpleUploadedFile("corner.png", picture.file.getvalue()),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    Image.objects.get().file.delete(save=False)
