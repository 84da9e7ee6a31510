"""The site's own address: where absolute links (the sitemap, citations, feeds) point.

Wagtail builds a page's full URL from its Site record: hostname and port, port 443 read as
https:// and 80 as http://. The record starts as "localhost" (cms 0002), which no reader
can follow, so the address comes from the configuration instead: WAGTAILADMIN_BASE_URL, the
site's public address that links in emails already use. `start_network` (production) and
`seed_demo` (the demo) give the default site that address.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def configured_address():
    """(hostname, port) of WAGTAILADMIN_BASE_URL, or None when it names no host."""
    parts = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "")
    try:
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def follow_configured_address(site=None):
    """Put the default site at the configured address; whether anything changed.

    Left alone when the address names no host, or when another site already has it."""
    address = configured_address()
    site = site or Site.objects.filter(is_default_site=True).first()
    if address is None or site is None or (site.hostname, site.port) == address:
        return False
    hostname, port = address
    if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True
