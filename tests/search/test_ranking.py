"""Best first, the same way on every engine: fields, coordination, nearness, the thesaurus.

Each test runs on the database engine (SQLite or PostgreSQL) and on Elasticsearch
(osmem-server): the engines find the candidates, ranking.py orders them, so the order asserted
here must hold on all of them.
"""

import pytest

from search import loader
from search.engines import get_engine
from search.models import PracticeRecord, SearchSynonym

from .conftest import refs, search

pytestmark = pytest.mark.django_db

FILLER = (
    "Staff met each half term to look at the data and agree next steps with leaders. "
    "Governors visited in the spring and heard from pupils and families about the changes. "
)


def item(ref, title, summary="", body="", tags=(), phase="Primary"):
    return {
        "ref": ref,
        "kind": "case_study",
        "title": title,
        "school": {
            "urn": "120001",
            "name": "Larch Lane Primary School",
            "phase": phase,
            "region": "north_west",
            "local_authority": "Wigan",
            "postcode": "WN1 1AA",
        },
        "summary": summary,
        "tags": list(tags),
        "published": "2025-01-15",
        "sections": {"actions": body},
    }


def own_thesaurus(*entries):
    """These tests' own thesaurus instead of the shipped one: an entry for each terms given."""
    SearchSynonym.objects.all().delete()
    return [SearchSynonym.objects.create(terms=terms) for terms in entries]


def loaded(items):
    """The engine with these records in it (Elasticsearch's index rebuilt from them)."""
    loader.load(items)
    engine = get_engine()
    if engine.name == "elasticsearch":
        engine.rebuild(PracticeRecord.objects.all())
    return engine


ITEMS = [
    item("circuits-title", "Sensory circuits before lessons", body=FILLER),
    item(
        "circuits-body",
        "Our morning routine",
        body=FILLER + "Some classes also tried sensory circuits for a week. " + FILLER,
    ),
    item(
        "phrase",
        "Catch-up in year 3",
        body="We ran a reading intervention every afternoon. " + FILLER,
    ),
    item(
        "scattered",
        "Catch-up in year 4",
        body="Reading books went home weekly. " + FILLER + "The maths intervention was new.",
    ),
    item("sen", "Adapting lessons for pupils with SEN", summary="What our SENCO changed."),
    item("dyslexia", "Coloured overlays and dyslexia", summary="A small trial in year 5."),
    item(
        "ehcp",
        "Person-centred annual reviews",
        summary="Reviews of each pupil's education, health and care plan, led by the child.",
    ),
    item(
        "refusal",
        "Getting anxious pupils back through the gate",
        summary="Emotionally based school avoidance: a gradual return plan with the family.",
    ),
]


@pytest.fixture
def ranked_corpus(engine_name):
    dyslexia, sen, *_ = own_thesaurus(
        "dyslexia, specific learning difficulty",
        "special educational needs, sen",
        "ehcp, education health and care plan, ehc plan",
        "ebsa, emotionally based school avoidance, school refusal",
    )
    sen.narrower.add(dyslexia)
    return loaded(ITEMS)


def test_a_title_outweighs_the_body(ranked_corpus):
    assert refs(search("q=sensory+circuits")) == ["circuits-title", "circuits-body"]


def test_words_next_to_each_other_count_extra(ranked_corpus):
    assert refs(search("q=reading+intervention"))[:2] == ["phrase", "scattered"]


def test_a_broader_term_finds_the_narrower_below_its_own(ranked_corpus):
    assert refs(search("q=SEN")) == ["sen", "dyslexia"]
    # ... and a narrower term, when its own words find too little, what is written with the
    # broader one: last, and not as a close match.
    result = search("q=dyslexia")
    assert refs(result) == ["dyslexia", "sen"]
    assert result["close_matches"] == 1 and result["confidence"] == "high"


def test_abbreviations_and_their_words_find_each_other(ranked_corpus):
    assert refs(search("q=EHCP+reviews")) == ["ehcp"]
    assert refs(search("q=school+refusal")) == ["refusal"]
    assert refs(search("q=ebsa")) == ["refusal"]


def test_a_question_finds_its_answer_with_words_it_does_not_share(ranked_corpus):
    result = search("q=how+can+we+get+a+child+with+school+refusal+back+into+school%3F")
    assert refs(result)[0] == "refusal"
    assert result["confidence"] == "high"


def test_more_of_the_query_matched_ranks_higher(ranked_corpus):
    # Three of four words in one record, one ("trial") in another: the first is a close match,
    # the second is still shown, after it.
    result = search("q=dyslexia+overlays+tinted+trial")
    assert refs(result)[0] == "dyslexia"
    assert result["close_matches"] == 1 and result["confidence"] == "high"
    assert search("q=tinted+glasses+for+reading+trial")["confidence"] == "low"


MORE = [
    item(
        "repeats",
        "Dyslexia friendly classrooms: dyslexia screening and dyslexia support",
        summary="Dyslexia, dyslexia, dyslexia: what we learnt about dyslexia.",
        tags=["dyslexia"],
    ),
    item(
        "both",
        "Year 5 trial",
        body=FILLER + "Pupils with dyslexia tried coloured overlays for a term. " + FILLER,
    ),
]


@pytest.fixture
def repeated_corpus(engine_name):
    own_thesaurus()
    return loaded(ITEMS + MORE)


def test_all_of_the_query_outranks_one_word_said_many_times(repeated_corpus):
    # An engine's own score puts the record that repeats "dyslexia" in its title, tags and
    # summary high; the records with both words are what was asked for.
    result = search("q=dyslexia+overlays")
    assert set(refs(result)[:2]) == {"both", "dyslexia"}
    assert refs(result)[2] == "repeats"
    assert result["close_matches"] == 2


def test_the_order_is_the_same_whatever_the_engine_returned(repeated_corpus, monkeypatch):
    from search import ranking

    first = refs(search("q=dyslexia+overlays"))
    original = ranking.rank
    monkeypatch.setattr(
        ranking, "rank", lambda keys, *args, **kwargs: original(keys[::-1], *args, **kwargs)
    )
    assert refs(search("q=dyslexia+overlays")) == first


def test_only_little_words_are_searched_as_typed_not_answered_with_everything(ranked_corpus):
    result = search("q=how+do+we")
    assert result["count"] < len(ITEMS)
    assert result["confidence"] in ("low", "none")
    one_to_one = search("q=one+to+one")
    assert one_to_one["count"] < len(ITEMS)


def test_a_facet_finds_what_its_count_said(ranked_corpus, monkeypatch):
    from search import service

    # Two records have both words: enough, so the search stays strict. Choosing a kind that has
    # none of them must not widen it to records with one word ("reading" in a research record).
    monkeypatch.setattr(service, "ENOUGH_RESULTS", 2)
    loader.load([{**item("reading-research", "Reading ages in year 9"), "kind": "research"}], False)
    result = search("q=reading+catch-up")
    assert set(refs(result)) == {"phrase", "scattered"}
    counts = {option["value"]: option["count"] for option in result["facets"]["kind"]}
    assert counts == {"case_study": 2}
    assert search("q=reading+catch-up&kind=case_study")["count"] == 2
    assert search("q=reading+catch-up&kind=research")["count"] == 0


def test_copies_of_one_write_up_give_way_to_a_different_one():
    from search import ranking
    from search.text import document_stems

    titles = {
        "y6": "Transition passports for autistic pupils moving to Year 6",
        "y7": "Transition passports for autistic pupils moving to Year 7",
        "y8": "Transition passports for autistic pupils moving to Year 8",
        "plan": "A calm first week at secondary school for autistic pupils",
    }
    scored = [
        ranking.Ranked("y6", 10.0, 1.0),
        ranking.Ranked("y7", 9.8, 1.0),
        ranking.Ranked("y8", 9.6, 1.0),
        ranking.Ranked("plan", 7.0, 1.0),
        ranking.Ranked("weak", 50.0, 0.3),  # not a close match: after every close one
    ]
    stems = {key: set(document_stems(title)) for key, title in titles.items()}
    stems["weak"] = {"other"}
    order = [item.key for item in ranking.diversified(scored, stems)]
    assert order[:2] == ["y6", "plan"]
    assert order[-1] == "weak" and set(order[2:4]) == {"y7", "y8"}
    # Asked for the first places only (a page), those come in the same order; the rest follow.
    for places in range(1, 6):
        first = [item.key for item in ranking.diversified(scored, stems, places)]
        assert first[:places] == order[:places] and sorted(first) == sorted(order)


def test_the_page_is_ordered_alike_whether_the_places_after_it_are_asked_or_not():
    """Forty records with titles from a few words, many alike: each page's places come in the
    order the whole list would give them."""
    import random

    from search import ranking

    rng = random.Random(4)
    words = ["transition", "reading", "autism", "calm", "year", "passport", "maths", "phonics"]
    scored = [
        ranking.Ranked(f"r{n}", rng.choice([5.0, rng.uniform(1, 10)]), rng.choice([0.3, 1.0]))
        for n in range(40)
    ]
    stems = {item.key: set(rng.sample(words, rng.randint(0, 4))) for item in scored}
    whole = [item.key for item in ranking.diversified(scored, stems)]
    assert sorted(whole) == sorted(item.key for item in scored)
    for places in (10, 20, 30):
        page = [item.key for item in ranking.diversified(scored, stems, places)]
        assert page[:places] == whole[:places]


WORDING = [
    item(
        "couldnt",
        "Our oldest readers",
        summary="By year 6 some of our children still couldn't read a simple sentence.",
    ),
    item("daily", "Reading every day", summary="We read with every child daily, in every class."),
    item(
        "avoid",
        "A way back for anxious pupils",
        summary="Emotionally based school avoidance: small steps back into lessons.",
    ),
    item("clubs", "Clubs after school", summary="Children come to school early for breakfast."),
]


@pytest.fixture
def wording_corpus(engine_name):
    own_thesaurus(
        "reading difficulties, can't read, struggling readers",
        "ebsa, emotionally based school avoidance, won't come to school",
    )
    return loaded(WORDING)


def test_a_negated_verb_is_found_however_the_record_negates_it(wording_corpus):
    # "can't read" in the thesaurus, "couldn't read" in the write-up.
    assert refs(search("q=kids+who+cant+read"))[0] == "couldnt"


def test_a_thesaurus_phrase_is_found_with_other_small_words_between(wording_corpus):
    # "won't come into school" is the thesaurus's "won't come to school": school avoidance.
    assert refs(search("q=what+helps+a+child+who+won%27t+come+into+school"))[0] == "avoid"


def test_wont_typed_without_its_apostrophe_is_wont(wording_corpus):
    # A phone drops the apostrophe: "wont" is "won't", and "till" is a small word like "until".
    assert refs(search("q=my+son+wont+come+into+school+till+lunch"))[0] == "avoid"


PASSING = [
    item(
        "about",
        "A nurture room for our youngest",
        summary="Four mornings a week, eight children spend the morning in the nurture room.",
    ),
    item(
        "in-passing",
        "Our morning routine",
        body=FILLER + "Year 6 set off early for science lessons in the new building. " + FILLER,
    ),
]


@pytest.fixture
def passing_corpus(engine_name):
    own_thesaurus()
    return loaded(ITEMS + PASSING)


def test_the_record_about_a_question_s_main_concept_outranks_its_other_words_in_passing(
    passing_corpus,
):
    # Three of the question's words, each said once in a record about something else, match
    # more of it than the record about a nurture room; but that is what was asked about.
    result = search("q=how+do+we+set+up+a+nurture+room+for+science+lessons")
    assert refs(result)[:2] == ["about", "in-passing"]


def test_a_close_match_is_about_what_was_asked_not_its_common_words_in_passing():
    # Said once each in passing, a question's common words ("used", "secondary", "aged") make
    # up most of it; the record about its subject is the close match that comes first.
    from search import ranking
    from search.service import parse_text

    parsed = parse_text("has anyone used zones of regulation with secondary aged pupils")
    rows = [
        {
            "key": "passing",
            "title": "Science practicals in the new laboratory",
            "summary": "Pupils aged 11 to 14 used it every week.",
            "body": FILLER + "It is the first one in a secondary school in the town.",
            "tags": [],
            "school_name": "Larch Lane High School",
        },
        {
            "key": "about",
            "title": "The zones of regulation in Year 2",
            "summary": "Pupils learnt the zones of regulation and named their feelings.",
            "body": FILLER + "Each class used the zones of regulation at the start of the day.",
            "tags": ["zones of regulation"],
            "school_name": "Larch Lane Primary School",
        },
    ]
    idfs = [3.0 if "regulation" in group.typed else 1.5 for group in parsed.groups]
    ordered = ranking.score_rows(rows, parsed, idfs)
    assert [item.key for item in ordered] == ["about", "passing"]
    assert ordered[1].coverage < ranking.CONFIDENT


def test_a_concept_typed_in_several_words_outweighs_one_common_word():
    # "speech and language needs" is one concept but three of the words typed: a record about
    # it comes above one that has "mainstream lessons" and nothing of it.
    from search import ranking
    from search.service import parse_text

    parsed = parse_text(
        "how can we support pupils with speech and language needs in mainstream lessons"
    )
    rows = [
        {
            "key": "lessons",
            "title": "Mainstream lessons for students from our resource base",
            "summary": "Students in the base join mainstream lessons for most of the week.",
            "body": FILLER + "Mainstream lessons are planned with the base's teachers.",
            "tags": ["resourced provision"],
            "school_name": "Larch Lane High School",
        },
        {
            "key": "about",
            "title": "Speech and language needs: screening every new pupil",
            "summary": "We screen every new pupil for speech and language needs.",
            "body": FILLER + "A therapist works with staff on the needs we find in lessons.",
            "tags": ["speech and language"],
            "school_name": "Larch Lane Primary School",
        },
    ]
    idfs = [1.5] * len(parsed.groups)
    assert [item.key for item in ranking.score_rows(rows, parsed, idfs)] == ["about", "lessons"]


MISTYPED = [
    item(
        "restorative",
        "Restorative conversations instead of detentions",
        summary="After an incident, a short restorative conversation with the adult involved.",
    ),
    item(
        "approach",
        "A whole-school approach to reading",
        summary="Our approach to reading: the approaches every class shares.",
    ),
    item(
        "graduated",
        "The graduated approach made real",
        summary="Assess, plan, do, review: approaches that fit each pupil.",
    ),
]


@pytest.fixture
def mistyped_corpus(engine_name):
    return loaded(ITEMS + MISTYPED)


def test_a_common_word_typed_wrong_weighs_as_the_common_word(mistyped_corpus):
    # "approches" is no word of the records: taken for "approaches", a word every write-up
    # uses, it weighed as a word no record uses, and the records about approaches came first.
    from search.service import parse_text

    group = next(g for g in parse_text("approches restorative").groups if g.correction)
    assert group.correction == "approaches" and group.weak
    assert refs(search("q=approches+restorative"))[0] == "restorative"


def test_a_thesaurus_phrase_typed_with_a_word_wrong_is_that_phrase(mistyped_corpus):
    # "restorative approches" was two words, one of them corrected alone; it is the
    # thesaurus's "restorative approaches", with its other names, weighed as a correction.
    from search.service import parse_text

    (meant,) = parse_text("restorative approaches").groups
    (typed,) = parse_text("restorative approches").groups
    assert typed.correction == "restorative approaches"
    assert typed.alternatives[0] == ("restorative", "approches")
    expected = dict(zip(meant.alternatives, meant.weights, strict=True))
    found = dict(zip(typed.alternatives[1:], typed.weights[1:], strict=True))
    assert set(found) == set(expected) and len(found) > 2
    assert all(found[phrase] == pytest.approx(0.9 * expected[phrase]) for phrase in found)
    assert parse_text("restorative approches").suggestion() == "restorative approaches"
    page = search("q=restorative+approches")
    assert refs(page)[0] == "restorative"


def test_a_word_most_records_use_weighs_little_on_a_network_large_enough_to_say():
    # "settle after lunch": "after" is in a third of the records; it weighed as much as
    # "settle", and a record had to match two of the three words, so the write-up about a
    # class that will not settle, which never says "after", was not found at all.
    from search import ranking, text

    def parsed():
        return text.parse("settle after lunch")

    frequencies = {"settl": 6, "after": 40, "lunch": 12}
    query = parsed()
    assert query.minimum == 3
    ranking.weaken_common(query, frequencies, 120)
    after = next(group for group in query.groups if group.typed == "after")
    assert after.weak and after.weight == text.WEAK_WEIGHT
    assert [group.typed for group in query.retrieval_groups()] == ["settle", "lunch"]
    assert query.minimum == 2
    # Too few records to tell a common word from a topic the network is about.
    small = parsed()
    ranking.weaken_common(small, {"settl": 1, "after": 4, "lunch": 1}, 12)
    assert not any(group.weak for group in small.groups) and small.minimum == 3
    # Thesaurus terms and corrections keep their weight, however common.
    thesaurus = {("lunch",): _concept("lunch", ["lunchtime"])}
    with_thesaurus = text.parse("settle after lunch", thesaurus=thesaurus)
    ranking.weaken_common(with_thesaurus, {"settl": 6, "after": 40, "lunch": 90}, 120)
    assert [g.typed for g in with_thesaurus.groups if not g.weak] == ["settle", "lunch"]


def _concept(label, others):
    from search.thesaurus import Concept

    return Concept(label=label, equal=[(label,)] + [tuple(o.split()) for o in others])


def test_an_age_and_the_words_people_pad_with_weigh_little():
    # "9 year old still cant read properly": "old" and "properly" were concepts of their own,
    # rare ones, so that a write-up on two-year-olds outranked the one on reading.
    from search import text

    query = text.parse("9 year old still cant read properly")
    assert [g.typed for g in query.groups if not g.weak] == ["read"]
    assert {g.typed for g in query.groups if g.weak} == {"9", "year", "old", "properly"}


def test_a_word_that_carries_nothing_is_no_correction():
    # "head lice letter": "lice" was taken for "like", which no search looks for, and counted as
    # a rare word every record missed; it is a word no record uses, and "did you mean" says
    # nothing rather than "head like letter".
    from search.models import SearchTerm
    from search.service import parse_text

    SearchTerm.objects.create(word="like", stem="like", length=4, records=90)
    SearchTerm.objects.create(word="letter", stem="letter", length=6, records=3)
    assert correction("lice") == ""
    assert parse_text("head lice letter").suggestion() == ""
    SearchTerm.objects.create(word="lime", stem="lime", length=4, records=1)
    assert correction("lice") == "lime"
    # One letter from two words, a short word may be either: it stays as typed.
    SearchTerm.objects.create(word="live", stem="live", length=4, records=40)
    assert correction("lice") == ""
    assert correction("dislexia") == ""  # nothing near: no correction either


def correction(word):
    """The vocabulary's correction as the records now are (rows written here directly do not
    renew the shared cache, as a record's change does)."""
    from django.core.cache import cache

    from search.vocabulary import Vocabulary

    cache.clear()
    return Vocabulary().correct(word)


def test_another_form_of_a_word_the_records_use_is_no_typo():
    # "hates" where the records only say "hate": "did you mean hate?" corrected nothing (the
    # engines match the stem), and the word weighed as a correction.
    from search.models import SearchTerm
    from search.service import parse_text

    SearchTerm.objects.create(word="hate", stem="hate", length=4, records=3)
    SearchTerm.objects.create(word="noise", stem="nois", length=5, records=2)
    parsed = parse_text("hates the noise")
    assert parsed.suggestion() == "" and not any(group.correction for group in parsed.groups)
    assert parse_text("hatse the noise").suggestion() == "hate noise"
    # "loses" where the records say "losing" and "loss": known by its stem, not taken for "loss".
    SearchTerm.objects.create(word="losing", stem="lose", length=6, records=2)
    SearchTerm.objects.create(word="loss", stem="loss", length=4, records=9)
    assert parse_text("loses a game").suggestion() == ""


def test_a_search_leaves_out_a_word_most_of_the_records_use(engine_name, monkeypatch):
    # Through the service, as the API searches: "after" is in three records of four, so the
    # write-up about a class that will not settle, which never says "after", is found first.
    from search import ranking

    monkeypatch.setattr(ranking, "COMMON_MIN_RECORDS", 4)
    loaded(
        [
            item("settle", "Calm starts: a class that would not settle", body="Routines."),
            item("a", "After school club", summary="Clubs after lunch and after school."),
            item("b", "Lunch after the bell", summary="A quiet lunch after break."),
            item("c", "After the inspection", summary="What we did after."),
        ]
    )
    assert refs(search("q=settle+after+lunch"))[0] == "settle"
    monkeypatch.setattr(ranking, "COMMON_MIN_RECORDS", 100)
    assert refs(search("q=settle+after+lunch"))[0] != "settle"


def test_a_word_spelt_by_its_sound_is_the_word_it_sounds_like():
    # "intervenshun" is three letters from "intervention", "afta" two from "after" (a word of
    # four letters is corrected only one letter away): typed as they sound, they found nothing.
    from search.models import SearchTerm
    from search.service import parse_text

    for word, records in (("intervention", 30), ("older", 12), ("phonics", 20), ("after", 90)):
        SearchTerm.objects.create(word=word, stem=word, length=len(word), records=records)
    assert correction("intervenshun") == "intervention"
    assert correction("fonics") == "phonics"
    assert correction("olda") == "older"
    parsed = parse_text("maths intervenshun for olda pupils")
    assert parsed.suggestion() == "maths intervention older pupils"
    # A word the records use is never respelt ("after" is no "aftur").
    assert correction("afta") == "after" and not parse_text("after school").groups[0].correction


UNWRITTEN = [
    item(
        "letters",
        "A weekly letter to parents from the head",
        summary="Every Friday the head writes a letter to parents about the week.",
        body=FILLER,
    ),
    item(
        "self-harm",
        "Supporting pupils who self-harm",
        summary="How our pastoral team and CAMHS worked with pupils who self-harm.",
        body=FILLER,
    ),
]


@pytest.fixture
def unwritten_corpus(engine_name):
    own_thesaurus()
    return loaded(ITEMS + UNWRITTEN)


def test_a_large_part_of_the_query_no_record_writes_about_is_no_close_match(unwritten_corpus):
    # The letter home is found, and shown, but no record is about head lice: the page says so.
    result = search("q=a+letter+about+head+lice")
    assert refs(result)[0] == "letters"
    assert result["confidence"] == "low" and result["close_matches"] == 0
    # What the network has written about is still a close match.
    result = search("q=letter+to+parents+from+the+head")
    assert refs(result)[0] == "letters"
    assert result["confidence"] == "high"


def test_a_teenager_is_an_everyday_word_for_a_pupil_not_a_rare_concept(unwritten_corpus):
    # No record says "teenager" (they say "pupils"), and a parent's "she's" is typed "shes":
    # neither is a large part of the query that no record meets.
    result = search("q=teenager+self-harm+shes+13")
    assert refs(result)[0] == "self-harm"
    assert result["confidence"] == "high"


NEWS = [item(f"news-{n}", f"News from the spring term, week {n}", body=FILLER) for n in range(10)]


IN_PASSING = [
    item(
        "home-visits",
        "Home visits before an autistic pupil's return",
        summary="Three visits at home for an autistic pupil before a phased return.",
        body="With assistance from his mother we did what he chose: Minecraft, baking, walking "
        "the dog. " + FILLER,
    ),
    item(
        "autism-lunch",
        "A quiet lunch club for autistic pupils",
        summary="Autistic pupils eat in a calm room with two adults they know.",
        body=FILLER,
    ),
]
A_DOG = item(
    "assistance-dog",
    "Welcoming a pupil's assistance dog",
    summary="How staff, pupils and families got ready for an autistic pupil's assistance dog.",
    body=FILLER,
)


def dog_corpus(items):
    # Over 20 records, so that the two that say "dog" are few.
    own_thesaurus("assistance dog, guide dog, hearing dog", "autism, autistic, asd")
    return loaded(ITEMS + items + NEWS)


@pytest.fixture
def dog_in_passing_corpus(engine_name):
    return dog_corpus(IN_PASSING)


@pytest.fixture
def dog_written_corpus(engine_name):
    return dog_corpus([*IN_PASSING, A_DOG])


def test_a_term_no_record_says_is_no_close_match_though_its_rare_words_are_used(
    dog_in_passing_corpus,
):
    # "Walking the dog" and an autistic pupil, in one write-up: it is shown, but no record is
    # about an assistance dog, and the page says so.
    result = search("q=assistance+dog+for+an+autistic+pupil")
    assert refs(result)[0] == "home-visits"
    assert result["confidence"] == "low" and result["close_matches"] == 0


def test_a_term_a_record_says_is_a_close_match(dog_written_corpus):
    # The write-up about an assistance dog is the one close match: walking the dog is not.
    result = search("q=assistance+dog+for+an+autistic+pupil")
    assert refs(result)[0] == "assistance-dog"
    assert result["confidence"] == "high" and result["close_matches"] == 1
    # Newest first too: whether a record says the term is its own, whatever else is shown.
    result = search("q=assistance+dog+for+an+autistic+pupil&sort=newest")
    assert result["close_matches"] == 1


@pytest.fixture
def shipped_dog_corpus(engine_name):
    # The shipped thesaurus, where an assistance dog is also a disability (a broader entry the
    # search reaches when it widens, as it does over these few records).
    disability = item(
        "access", "Disability access plan", summary="Ramps, lifts and a disability audit."
    )
    return loaded(ITEMS + IN_PASSING + [disability])


def test_widening_to_broader_terms_does_not_make_a_term_said(shipped_dog_corpus):
    result = search("q=assistance+dog+for+an+autistic+pupil")
    assert "home-visits" in refs(result)
    assert result["confidence"] == "low" and result["close_matches"] == 0


ASPERGER = [
    item("pe", "A pupil with Aspergers in PE lessons", summary="Changing rooms and team games."),
    item("music", "Asperger's syndrome and music lessons", summary="Ear defenders and a plan."),
]
ATTITUDES = [
    item(f"attitudes-{n}", f"Year {n}: better attitudes", body="Behaviour improved. " + FILLER)
    for n in (3, 4, 5)
]


@pytest.fixture
def asperger_corpus(engine_name):
    # 23 records: two of them, the two that say "Asperger", are few.
    own_thesaurus("asperger syndrome, aspergers", "behaviour and attitudes")
    return loaded(ITEMS + ASPERGER + ATTITUDES + NEWS)


def test_a_record_says_a_term_by_its_one_word_name_or_with_an_apostrophe(asperger_corpus):
    result = search("q=asperger+syndrome+in+pe")
    assert refs(result)[0] == "pe"
    assert result["confidence"] == "high"
    result = search("q=asperger+syndrome+in+music")
    assert refs(result)[0] == "music"
    assert result["confidence"] == "high"


def test_a_term_of_common_words_joined_by_and_is_not_rare(asperger_corpus):
    # Three records use "behaviour" and "attitudes" (never side by side): the words are not
    # rare, so a record need not say them together to be a close match.
    result = search("q=behaviour+and+attitudes+in+year+3")
    assert refs(result)[0] == "attitudes-3"
    assert result["confidence"] == "high"


FAMILY = [
    item("anxiety", "Anxiety before tests in year 6", summary="Worry time and a calm start."),
    item("therapy", "Play therapy in the nurture room", summary="Weekly sessions with us."),
    item("new", "Pupils who join us mid-year", summary="A buddy and a tour on the first day."),
]


@pytest.fixture
def family_corpus(engine_name):
    own_thesaurus()  # none: only the words' families join them
    return loaded(FAMILY)


def test_a_word_finds_the_records_that_use_another_word_of_its_family(family_corpus):
    # "anxious" is not "anxiety" to the stemmer, nor a typo of it: the word's family joins them.
    result = search("q=anxious+pupils")
    assert refs(result)[0] == "anxiety"
    assert result["confidence"] == "high"
    assert refs(search("q=therapists"))[0] == "therapy"


def test_a_word_s_family_is_made_by_its_endings():
    from search import text

    assert "exclusion" in text.derived_forms("excluded")
    assert "autism" in text.derived_forms("autistic")
    assert "anger" in text.derived_forms("angry")
    assert "therapy" in text.derived_forms("therapists")
    assert text.derived_forms("media") == []  # not "medic", which is "medical" to a stemmer


SPREAD = [
    item(
        "avoidance",
        "Emotionally based school avoidance: a gradual return",
        summary="A plan with the family, a key adult at the gate and a shorter day at first.",
        body=FILLER,
    ),
    item(
        "mornings",
        "Calm mornings in reception",
        summary="Every morning starts with a story, and the register is taken on the carpet.",
        body=FILLER,
    ),
]


@pytest.fixture
def spread_corpus(engine_name):
    own_thesaurus(
        "emotionally based school avoidance, ebsa, scared to go to school, "
        "crying before school, wont get out of the car, school refusal"
    )
    return loaded(SPREAD)


def test_words_spread_over_one_entry_s_phrases_find_what_that_entry_is_about(spread_corpus):
    # No phrase of the entry was typed, and the write-up on school avoidance uses none of the
    # words typed; but "crying", "scared" and "school" together are the entry's.
    result = search("q=crying+and+scared+every+morning+about+school")
    assert refs(result)[0] == "avoidance"
    # It is what the search took the query to be about, not what was typed: no record is a
    # close match for it, nor is it offered as a correction.
    assert result["confidence"] == "low" and not result["suggestion"]
    # One word of the entry's is not enough to say the query is about it.
    assert refs(search("q=scared+every+morning"))[0] == "mornings"


def test_what_the_words_were_taken_to_be_about_orders_what_they_found_and_finds_nothing_alone(
    spread_corpus,
):
    # Neither "crying" nor "scared" is in any record: the entry they belong to finds nothing
    # by itself (a guess must not fill a page with what was never typed).
    assert refs(search("q=crying+and+scared")) == []
    # A word typed wrong is offered corrected; what the words were taken to be about is not.
    result = search("q=crying+and+scared+every+mornign+about+school")
    assert result["suggestion"] and "morning" in result["suggestion"]
    assert "avoidance" not in result["suggestion"]


def test_what_the_words_were_taken_to_be_about_is_not_part_of_a_close_match():
    from search import ranking
    from search.service import parse_text

    own_thesaurus(
        "emotionally based school avoidance, scared to go to school, crying before school"
    )
    parsed = parse_text("crying and scared every morning")
    assert [group.soft for group in parsed.groups] == [False, False, False, True]
    row = {
        "key": "avoidance",
        "title": "Emotionally based school avoidance",
        "summary": "Emotionally based school avoidance: a gradual return.",
        "body": FILLER,
        "tags": [],
        "school_name": "Larch Lane Primary School",
    }
    (ranked,) = ranking.score_rows([row], parsed, [2.0] * len(parsed.groups))
    # It meets the entry fully, and nothing that was typed.
    assert ranked.score > 0 and ranked.coverage == 0 and not ranked.close


@pytest.fixture
def joined_corpus(engine_name):
    own_thesaurus("communication and interaction, social communication")
    return loaded(
        ITEMS
        + [
            item(
                "interaction",
                "Communication and interaction in the early years",
                summary="Attention autism and intensive interaction for our youngest pupils.",
            )
        ]
    )


def test_a_phrase_joined_by_a_function_word_is_used_by_the_records_that_use_its_words(
    joined_corpus,
):
    # "and" is never looked up in the vocabulary: it is no word that no record uses, and the
    # record about communication and interaction is a close match.
    result = search("q=communication+and+interaction")
    assert refs(result)[0] == "interaction"
    assert result["confidence"] == "high"
