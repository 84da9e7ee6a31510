"""Where postcodes are: centroids of full postcodes and of postcode districts.

Loaded from open data (the ONS Postcode Directory or OS Code-Point Open) by
`manage.py load_postcodes` (docs/postcodes.md); never looked up online while answering.
This app imports nothing of ours: search and the directory ask it where a postcode is.
"""

from django.db import models


class Postcode(models.Model):
    postcode = models.CharField(max_length=8, primary_key=True, help_text='As "SW1A 1AA".')
    district = models.CharField(max_length=4, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()

    def __str__(self):
        return self.postcode


class PostcodeDistrict(models.Model):
    """The mean position of a district's postcodes, computed after each load."""

    district = models.CharField(max_length=4, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    postcodes = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.district
