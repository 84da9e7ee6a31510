"""What a recorded outcome does: renew the award, award a level, leave it for another round
or let it lapse, and offer the next level when the school has held its own long enough. The
award it gives is what the next round opens from (year.py)."""

import datetime

from django.db import transaction

from network.models import Award, Effect
from network.models.schools import add_years


def reviewed_award(update, on):
    """The holder's award this round reviews: at one of the cycle's levels, the latest
    given on or before the visit (lapsed or not)."""
    levels = update.process.levels.all() if update.process_id else []
    return (
        Award.objects.filter(
            school_id=update.school_id,
            holder_name=update.person_name,
            level__in=levels,
            awarded_on__lte=on,
        )
        .select_related("level")
        .order_by("-awarded_on")
        .first()
    )


def years_at_level(award, leaving_out=None):
    """How many awards at this level the holder has had: a Centre of Excellence renewed each
    year for three years has three. `leaving_out`: the renewal this review gives, which
    starts only when the current award ends and is not a year held yet."""
    return (
        Award.objects.filter(
            school_id=award.school_id, holder_name=award.holder_name, level_id=award.level_id
        )
        .exclude(pk=leaving_out)
        .values("awarded_on")
        .distinct()
        .count()
    )


def _give(review, level, awarded_on):
    award = review.award if review.award_id else None
    if award is None:
        award = Award.objects.filter(
            school_id=review.update.school_id,
            level=level,
            awarded_on=awarded_on,
            holder_name=review.update.person_name,
        ).first() or Award(school_id=review.update.school_id, holder_name=review.update.person_name)
    award.level = level
    award.awarded_on = awarded_on
    award.valid_until = add_years(awarded_on, level.validity_years)
    award.save()
    return award


@transaction.atomic
def apply_outcome(review):
    """Act on the review's outcome. Recording it again (a corrected outcome or date) changes
    the award it gave rather than giving a second one."""
    update = review.update
    process = update.process if update.process_id else None
    outcome = process.outcome(review.outcome) if process else None
    if outcome is None:
        return review
    on = review.visit_date
    current = reviewed_award(update, on)
    given = None
    taken_up = (
        review.award
        if review.award_id
        and outcome.offers_id
        and review.award.level_id == outcome.offers_id
        and current is not None
        and current.pk != review.award_id
        else None
    )
    if outcome.effect == Effect.RENEW and taken_up is not None:
        # Staff took up the level this review offered: recording the same outcome again
        # (a corrected date or text) keeps it rather than turning it back into a renewal.
        given = taken_up
    elif outcome.effect == Effect.RENEW and current is not None:
        start = max(on, current.valid_until + datetime.timedelta(days=1))
        if review.award_id and review.award.level_id == current.level_id:
            start = review.award.awarded_on
        given = _give(review, current.level, start)
    elif outcome.effect == Effect.AWARD and outcome.level_id:
        given = _give(review, outcome.level, on)
    elif outcome.effect == Effect.LAPSE and current is not None and current.valid_until > on:
        current.valid_until = on
        current.save(update_fields=["valid_until"])
    if given is None and review.award_id:
        stale = review.award
        review.award = None
        review.save(update_fields=["award"])
        stale.delete()
    review.award = given
    review.offered_level = None
    if (
        outcome.offers_id
        and taken_up is None
        and current is not None
        and current.level_id != outcome.offers_id
        and years_at_level(current, leaving_out=given.pk if given else None)
        >= (outcome.offer_after_years or 0)
    ):
        review.offered_level = outcome.offers
    review.save(update_fields=["award", "offered_level"])
    return review


@transaction.atomic
def accept_offer(review):
    """Scheme staff take up an offered level (Flagship): it starts when the current award ends."""
    level = review.offered_level
    update = review.update
    current = reviewed_award(update, review.visit_date)
    start = review.visit_date
    if current is not None:
        start = max(start, current.valid_until + datetime.timedelta(days=1))
        if review.award_id:
            start = review.award.awarded_on
    award, _ = Award.objects.get_or_create(
        school_id=update.school_id,
        level=level,
        awarded_on=start,
        holder_name=update.person_name,
        defaults={"valid_until": add_years(start, level.validity_years)},
    )
    if review.award_id and review.award_id != award.pk:
        # The renewal at the old level gives way to the new level from the same day.
        review.award.delete()
    review.award = award
    review.offered_level = None
    review.save(update_fields=["award", "offered_level"])
    return award
