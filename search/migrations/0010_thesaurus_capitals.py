"""Abbreviations found only in capitals: "SALT" typed so is speech and language therapy, "AP"
alternative provision, "MAT" a multi-academy trust, "LA" the local authority, "HI" hearing
impairment, "RE" religious education; typed in small letters each is only the word. Loading
adds the shipped ones to the entries that have their group's terms and keeps what staff
wrote. Like every thesaurus migration it loads the whole shipped thesaurus again: this
release's new terms and entries (everyday phrases, "excluded", "sixth formers", "dads") join,
and a shipped term staff had deleted comes back."""

from django.db import migrations, models

from search import thesaurus


class Migration(migrations.Migration):
    dependencies = [("search", "0009_thesaurus_home_languages")]

    operations = [
        migrations.AddField(
            model_name="searchsynonym",
            name="capitals",
            field=models.CharField(
                blank=True,
                help_text="Abbreviations that are also everyday words, comma-separated, as "
                "schools write them, e.g. SALT, SaLT. A search typed that way finds this entry; "
                "the word typed in small letters (salt) is only the word.",
                max_length=200,
                verbose_name="abbreviations found only in capitals",
            ),
        ),
        migrations.RunPython(thesaurus.load_in_migration, migrations.RunPython.noop),
    ]
