"""An entry's terms may run to 2,000 characters (they were cut at 500: the everyday phrases
of "emotionally based school avoidance" or "behaviour that challenges" did not all fit, and
loading dropped the rest without a word). Like every thesaurus migration it loads the whole
shipped thesaurus again: the terms cut before join their entries, with this release's new
everyday phrases and entries, and a shipped term staff had deleted comes back."""

from django.db import migrations, models

from search import thesaurus


def shorten_entries(apps, schema_editor):
    """Going back: each entry's terms cut to 500 characters (whole terms), as they were, so
    that the field can shrink on PostgreSQL."""
    model = apps.get_model("search", "SearchSynonym")
    for entry in model.objects.all():
        terms = thesaurus.joined(thesaurus.split_terms(entry.terms), 500)
        if terms != entry.terms:
            entry.terms = terms
            entry.save(update_fields=["terms"])


class Migration(migrations.Migration):
    dependencies = [("search", "0010_thesaurus_capitals")]

    operations = [
        migrations.AlterField(
            model_name="searchsynonym",
            name="terms",
            field=models.CharField(
                help_text="Comma-separated, the usual name first, e.g. SEND, SEN, special "
                "educational needs.",
                max_length=2000,
                unique=True,
                verbose_name="words that mean the same",
            ),
        ),
        migrations.RunPython(thesaurus.load_in_migration, shorten_entries),
    ]
