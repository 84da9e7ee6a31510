import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from network.models import Element, Scheme
from tests.factories import SchoolPageFactory, UserFactory


@pytest.fixture
def school(frameworks):
    return SchoolPageFactory(title="Riverside Primary", urn="100001")


@pytest.fixture
def editor(school):
    return UserFactory(
        username="editor", email="editor@riverside.example", groups=[school.editors_group]
    )


@pytest.fixture
def iqm_elements(frameworks):
    scheme = Scheme.objects.get(short_name="IQM")
    return list(Element.objects.filter(framework=scheme.update_framework).order_by("number"))


@pytest.fixture
def image(db):
    return Image.objects.create(title="Pupils reading", file=get_test_image_file())


@pytest.fixture
def document(db):
    return Document.objects.create(
        title="Evaluation report", file=ContentFile(b"%PDF-1.4 report", name="report.pdf")
    )
