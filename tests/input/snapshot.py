"""What a rejected input must leave exactly as it was."""

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Revision


def site_state():
    """Every page with its title and latest revision, every revision, document and image."""
    pages = sorted(Page.objects.values_list("pk", "title", "live", "latest_revision_id"))
    return {
        "pages": pages,
        "revisions": Revision.objects.count(),
        "documents": Document.objects.count(),
        "images": Image.objects.count(),
    }
