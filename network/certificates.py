"""A certificate of an award, as a PDF the school downloads and prints: the school (or the
member of staff, with their school), the scheme's full name, the level, the day it was
awarded and the day it is valid until. Rendered from a template with WeasyPrint, as the
annual update's PDF is."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.defaults import permission_denied

from .award_access import AwardReader
from .models import Award, AwardStatus

TEMPLATE = "network/certificate.html"


def certificate_filename(award):
    """ "riverside-primary-iqm-centre-of-excellence-2026.pdf"; a person's award names them
    after the school: "riverside-primary-anna-patel-vbe-staff-quality-mark-2026.pdf"."""
    parts = [award.school.slug]
    if award.holder_name:
        parts.append(slugify(award.holder_name))
    parts += [slugify(award.level.scheme.short_name), slugify(award.level.name)]
    parts.append(f"{award.awarded_on:%Y}")
    return "-".join(part for part in parts if part) + ".pdf"


def certificate_context(award, today=None):
    today = today or timezone.localdate()
    return {
        "award": award,
        "school": award.school,
        "scheme": award.level.scheme,
        "level": award.level,
        "holder_name": award.holder_name,
        "lapsed": award.status(today) == AwardStatus.LAPSED,
        "issued_on": today,
    }


def certificate_html(award, request=None):
    return render_to_string(TEMPLATE, certificate_context(award), request=request)


def certificate_pdf(award, request=None):
    from weasyprint import HTML

    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=certificate_html(award, request), base_url=base_url).write_pdf()


@never_cache
def award_certificate(request, award_id):
    award = get_object_or_404(Award.objects.select_related("school", "level__scheme"), pk=award_id)
    if not AwardReader(request.user, award.school).may_download_certificate(award):
        # Said plainly, as the school export does: the link is shown only to those who may.
        return permission_denied(
            request, PermissionError("You may not download this award's certificate.")
        )
    response = HttpResponse(certificate_pdf(award, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate_filename(award)}"'
    return response
