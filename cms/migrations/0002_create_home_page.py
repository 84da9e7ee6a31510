"""Replace Wagtail's placeholder welcome page with the network's home page."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore").delete()
    root = Page.objects.filter(depth=1).first()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    home = HomePage.objects.create(
        title="Centres of Excellence network",
        draft_title="Centres of Excellence network",
        slug="home",
        content_type=home_type,
        path=f"{root.path}0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        live=True,
        locale_id=root.locale_id,
    )
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk, "site_name": "Centres of Excellence network"},
    )


def remove_home_page(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_home_page, remove_home_page)]
