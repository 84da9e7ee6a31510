"""The site's own pages: the home page and plain content pages."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "network.SchoolIndexPage",
        "network.ClusterIndexPage",
        "practice.PracticeIndexPage",
        "research.ResearchIndexPage",
        "cms.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from .home import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(request))
        return context


class StandardPage(Page):
    body = RichTextField(
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol", "document-link", "image"]
    )
    search_fields = Page.search_fields + [index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("body")]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "page"


from cms.mail import EmailTask  # noqa: E402, F401
