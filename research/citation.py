"""How a research write-up is cited: a line for readers and an RIS record for reference managers.

RIS is the plain tagged format every reference manager (Zotero, EndNote, Mendeley) imports:
one `TAG  - value` line a field, a record opened by TY and closed by ER.
"""

from django.conf import settings


def _year(page):
    published = page.published_date
    return str(published.year) if published else "n.d."


def _publisher(page):
    return page.school.title if page.school_id else settings.WAGTAIL_SITE_NAME


def citation_text(page, url):
    """Harvard style: Authors (Year) Title. Publisher, network. Available at: URL."""
    names = page.author_names()
    if len(names) > 1:
        authors = ", ".join(names[:-1]) + " and " + names[-1]
    else:
        authors = names[0] if names else _publisher(page)
    parts = [f"{authors} ({_year(page)}) {page.title}.", f"{_publisher(page)},"]
    parts.append(f"{settings.WAGTAIL_SITE_NAME}.")
    if url:
        parts.append(f"Available at: {url}")
    return " ".join(parts)


def _line(tag, value):
    value = " ".join(str(value).split())
    return f"{tag}  - {value}"


def ris_record(page, url):
    """One RIS record (TY RPRT: a report) for the write-up."""
    lines = [_line("TY", "RPRT"), _line("TI", page.title)]
    lines += [_line("AU", name) for name in page.author_names()]
    published = page.published_date
    if published:
        lines.append(_line("PY", published.year))
        lines.append(_line("DA", published.strftime("%Y/%m/%d")))
    if page.summary:
        lines.append(_line("AB", page.summary))
    lines.append(_line("PB", _publisher(page)))
    if page.school_id and page.school.town:
        lines.append(_line("CY", page.school.town))
    lines.append(_line("T2", settings.WAGTAIL_SITE_NAME))
    lines += [_line("KW", tag.name) for tag in page.tags.all()]
    if url:
        lines.append(_line("UR", url))
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"
