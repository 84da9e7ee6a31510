"""The sector thesaurus: shipped with its sources, loaded without losing what staff wrote."""

import json

import pytest

from search import thesaurus
from search.models import SearchSynonym
from search.service import parse_text

pytestmark = pytest.mark.django_db


def test_the_shipped_thesaurus_is_loaded_with_where_each_entry_comes_from():
    data = json.loads(thesaurus.SHIPPED.read_text(encoding="utf-8"))
    assert len(data["groups"]) >= 400
    assert all(group["source"] in data["sources"] for group in data["groups"])
    assert SearchSynonym.objects.count() >= 400
    ehcp = SearchSynonym.objects.filter(terms__icontains="ehcp")
    assert any("code of practice" in entry.source.lower() for entry in ehcp)
    send = SearchSynonym.objects.get(terms__startswith="SEND, SEN,")  # staff's since 0004
    assert send.narrower.exists()


@pytest.mark.parametrize(
    "typed, finds",
    [
        ("EHCP", ("education", "health", "and", "care", "plan")),
        ("education health and care plan", ("ehcp",)),
        ("SENCo", ("special", "educational", "needs", "coordinator")),
        ("speech and language", ("slcn",)),
        ("LAC", ("children", "in", "care")),
        ("PRU", ("pupil", "referral", "unit")),
        ("school refusal", ("ebsa",)),
        ("KS2", ("key", "stage", "2")),
        ("free school meals", ("fsm",)),
    ],
)
def test_abbreviations_and_their_words_are_one_concept(typed, finds):
    (group,) = parse_text(typed).groups
    assert finds in group.alternatives


def test_a_broader_term_reaches_its_narrower_ones_at_less_weight_when_widened():
    parsed = parse_text("SEMH")
    (group,) = parsed.groups
    assert ("adhd",) not in group.alternatives  # what says SEMH first
    assert parsed.relax()  # too few of those: narrower terms join
    weights = dict(zip(group.alternatives, group.weights, strict=True))
    assert weights[("semh",)] == 1.0
    assert (
        weights[("adhd",)] == 0.5
        or weights.get(("attention", "deficit", "hyperactivity", "disorder")) == 0.5
    )


def test_an_everyday_phrase_reaches_its_broader_entry_last_at_less_weight():
    parsed = parse_text("children who hit staff")
    group = next(group for group in parsed.groups if group.typed == "hit staff")
    challenges = ("behaviour", "that", "challenges")
    assert ("physical", "aggression") in group.alternatives
    steps = []
    while parsed.relax():
        steps.append(challenges in group.alternatives)
    # Not while fewer concepts, narrower terms or the phrase's own words were being tried.
    assert steps[0] is False and steps[-1] is True
    assert parsed.split
    weights = dict(zip(group.alternatives, group.weights, strict=True))
    assert weights[challenges] == 0.4 and weights[("hit", "staff")] == 1.0


def test_loading_again_changes_nothing_and_keeps_what_staff_wrote():
    mine = SearchSynonym.objects.get(terms__startswith="SEND, SEN,")
    mine.terms = "SEND, SEN, Special Educational Needs, our own word"
    mine.save()
    before = {entry.pk: entry.terms for entry in SearchSynonym.objects.all()}
    created, _extended = thesaurus.load(SearchSynonym)
    assert created == 0
    after = {entry.pk: entry.terms for entry in SearchSynonym.objects.all()}
    # Staff's entry keeps its words as written, and gains only whole shipped terms.
    assert after[mine.pk].startswith("SEND, SEN, Special Educational Needs, our own word")
    for pk, terms in after.items():
        assert terms.startswith(before[pk].rstrip(", "))
        assert all(term.strip() for term in terms.split(","))
    assert thesaurus.load(SearchSynonym) == (0, 0)


def test_terms_are_never_cut_in_the_middle():
    assert thesaurus.joined(["alpha", "beta", "gamma"], limit=12) == "alpha, beta"


def test_a_term_of_stop_words_only_is_not_searched_for():
    SearchSynonym.objects.create(terms="infotech, IT, information technology")
    (group,) = parse_text("infotech").groups
    assert ("it",) not in group.alternatives
    assert ("information", "technology") in group.alternatives


def test_a_contraction_in_a_term_matches_it_as_records_spell_it():
    SearchSynonym.objects.create(terms="refuses to sit, won't sit down")
    group = next(g for g in parse_text("refuses to sit").groups if not g.soft)
    assert ("won", "t", "sit", "down") in group.alternatives
    assert ("will", "not", "sit", "down") in group.alternatives


def test_small_words_between_may_differ_but_not_the_content_words():
    SearchSynonym.objects.create(terms="ebsa, won't come to school")
    (group,) = [g for g in parse_text("she won't come into school").groups if not g.weak]
    assert ("ebsa",) in group.alternatives
    # Without "not", coming to school is not school avoidance.
    assert all(("ebsa",) not in g.alternatives for g in parse_text("come into school").groups)


def test_a_negated_verb_is_looked_for_in_each_way_of_negating_it():
    SearchSynonym.objects.create(terms="reading difficulties, can't read")
    (group,) = parse_text("can't read").groups
    for phrase in [("couldn", "t", "read"), ("does", "not", "read"), ("cannot", "read")]:
        assert phrase in group.alternatives


def test_entries_shipped_after_the_first_load_reach_a_database_loaded_before():
    # What migration search 0003 does on a site whose thesaurus was loaded by cms 0009.
    SearchSynonym.objects.filter(terms__icontains="families").delete()
    thesaurus.load(SearchSynonym)
    (group,) = parse_text("parents").groups
    assert ("families",) in group.alternatives


def test_a_short_word_that_is_no_thesaurus_term_weighs_like_a_common_word():
    # "up" and "no" are in nearly every write-up, but too short for the vocabulary to count
    # them: searched as typed, they weighed as much as a rare word ("nurture").
    parsed = parse_text("how do we set up a nurture group with no room")
    weak = {group.typed for group in parsed.groups if group.weak}
    assert {"up", "no"} <= weak
    assert not any(group.weak for group in parsed.groups if "nurture" in group.typed)
    # A short thesaurus term is the concept it names, not a small word.
    (group,) = parse_text("TA").groups
    assert not group.weak and ("teaching", "assistant") in group.alternatives


def test_the_words_a_parent_writes_around_the_need_weigh_like_common_words():
    # "my son keeps getting sent out": "son" and "keeps" are in few write-ups, so they weighed
    # as much as the need itself and found write-ups about sons and keeping.
    parsed = parse_text("my son keeps getting sent out of class")
    weak = {group.typed for group in parsed.groups if group.weak}
    assert {"son", "keeps"} <= weak
    assert not any(group.weak for group in parsed.groups if "sent out" in group.typed)
    # So are the small words of quantity ("eat more"), but not inside a term ("more able").
    parsed = parse_text("my autistic son won't eat more at lunch")
    assert "more" in {group.typed for group in parsed.groups if group.weak}
    (group,) = parse_text("more able").groups
    assert not group.weak
    # And the verbs of change, as "improve" is: what changes carries the search.
    parsed = parse_text("how do other schools cut down on exclusions")
    weak = {group.typed for group in parsed.groups if group.weak}
    assert {"cut", "down"} <= weak
    assert not any(group.weak for group in parsed.groups if "exclusions" in group.typed)


@pytest.mark.parametrize(
    "typed, finds",
    [
        ("blind", ("visual", "impairment")),
        ("hurting themselves", ("self", "harm")),
        ("being sent home", ("suspension",)),
        ("dinner time", ("lunchtime",)),
        ("on the spectrum", ("autism",)),
        ("speech delay", ("slcn",)),
        # The second set (migration search 0007).
        ("passed away", ("bereavement",)),
        ("looks after her mum", ("young", "carers")),
        ("no one to play with", ("friendship", "difficulties")),
        ("always off school", ("persistent", "absence")),
        ("working below the national curriculum", ("pre", "key", "stage", "standards")),
        ("too anxious to go to school", ("ebsa",)),
        ("throwing chairs", ("physical", "aggression")),
        ("speak urdu", ("eal",)),
        # The third set (migration search 0008).
        ("she won't eat at school", ("food", "refusal")),
        ("he gets overwhelmed in the hall", ("sensory", "processing", "difficulties")),
        ("getting picked on", ("bullying",)),
        ("can't see the board", ("visual", "impairment")),
        ("bouncing off the walls", ("hyperactivity",)),
        ("starting high school", ("primary", "to", "secondary", "transition")),
        ("doesn't trust adults", ("attachment", "difficulties")),
    ],
)
def test_the_everyday_words_of_a_parent_or_new_teacher_find_the_sectors_term(typed, finds):
    (group,) = parse_text(typed).groups
    assert finds in group.alternatives


def test_a_word_that_means_several_things_is_never_a_term_on_its_own():
    # "support", "help", "struggling" would join whatever group held them to every write-up
    # that says them; everyday phrases are added only as phrases ("extra help").
    data = json.loads(thesaurus.SHIPPED.read_text(encoding="utf-8"))
    terms = {term for group in data["groups"] for term in group["terms"]}
    assert not terms & {"support", "help", "struggling", "struggles", "sent home", "cutting"}
    assert {"extra help", "cutting themselves", "being sent home"} <= terms
    # Phrases whose words say other things in a write-up ("a few words", "not speaking
    # English", "left out of the count") are not terms either.
    assert not terms & {"few words", "not speaking", "left out", "talking", "late"}


def test_a_parents_words_find_the_write_up_that_uses_the_sectors_term():
    from urllib.parse import urlencode

    from search import loader
    from tests.search.conftest import refs, search
    from tests.search.test_ranking import item

    loader.load(
        [
            item("grief", "ELSA sessions for bereaved children", summary="Grief and loss work."),
            item("carers", "A young carers' group", summary="A lunchtime drop-in for carers."),
            item("other", "Reading for pleasure", summary="A bus full of books for families."),
        ]
    )
    for typed, expected in (
        ("how do i help a child in my class whose mum has just died", "grief"),
        ("boy in year 8 looks after his poorly dad and is always tired", "carers"),
    ):
        found = refs(search(urlencode({"q": typed})))
        assert found and found[0] == expected, (typed, found)


def test_everyday_phrases_shipped_later_reach_an_entry_staff_loaded_before():
    # What migration search 0006 does on a site whose thesaurus was loaded before the everyday
    # phrases were: staff's own words stay, the missing phrases join the entry.
    entry = SearchSynonym.objects.get(terms__startswith="visual impairment,")
    entry.terms = "visual impairment, VI, our own word"
    entry.save()
    thesaurus.forget()
    assert ("visual", "impairment") not in parse_text("blind").groups[0].alternatives
    thesaurus.load(SearchSynonym)
    thesaurus.forget()
    entry.refresh_from_db()
    assert entry.terms.startswith("visual impairment, VI, our own word, ")
    assert "blind" in thesaurus.split_terms(entry.terms)
    (group,) = parse_text("blind").groups
    assert ("visual", "impairment") in group.alternatives


def test_an_abbreviation_that_is_also_a_word_is_the_abbreviation_only_in_capitals():
    from urllib.parse import urlencode

    from search import loader
    from tests.search.conftest import refs, search
    from tests.search.test_ranking import item

    (group,) = parse_text("SALT").groups
    assert ("speech", "and", "language", "therapist") in group.alternatives
    assert ("speech", "and", "language", "therapist") in parse_text("SaLT").groups[0].alternatives
    (word,) = parse_text("salt").groups
    assert word.alternatives == [("salt",)]
    assert parse_text("AP placements").groups[0].alternatives[:2] == [
        ("ap",),
        ("alternative", "provision"),
    ]
    # "RE" is religious education, and never the "re" of "we're" that an engine indexes.
    religious = parse_text("RE curriculum").groups[0]
    assert religious.typed == "re" and ("re",) not in religious.alternatives
    assert religious.alternatives[0] == ("religious", "education")
    assert [group.typed for group in parse_text("re curriculum").groups] == ["curriculum"]
    loader.load(
        [
            item("therapist", "Weekly visits from our speech and language therapist"),
            item("dough", "Salt dough decorations", summary="Salt, flour and water."),
            item("other", "Reading for pleasure", summary="A bus full of books for families."),
        ]
    )
    assert refs(search(urlencode({"q": "SALT sessions"})))[0] == "therapist"
    assert refs(search(urlencode({"q": "salt dough"}))) == ["dough"]
    # A record that writes the abbreviation is found from the words, below those that say them.
    loader.load(
        [
            item("therapist", "Weekly visits from our speech and language therapist"),
            item("abbreviated", "Our SaLT visits weekly"),
            item("other", "Reading for pleasure", summary="A bus full of books for families."),
        ]
    )
    assert refs(search(urlencode({"q": "speech and language therapist"}))) == [
        "therapist",
        "abbreviated",
    ]


def test_staff_add_an_abbreviation_found_only_in_capitals(client, staff_user):
    from django.core.exceptions import ValidationError

    from search import loader
    from tests.search.conftest import refs, search
    from tests.search.test_ranking import item

    entry = SearchSynonym.objects.get(terms__startswith="multi-academy trust, ")
    assert entry.capital_list() == ["MAT"]
    loader.load(
        [
            item("wheelchair", "A wheelchair user on a split-site campus"),
            item("other", "Reading for pleasure", summary="A bus full of books for families."),
        ]
    )
    client.force_login(staff_user)
    response = client.post(
        f"/admin/snippets/search/searchsynonym/edit/{entry.pk}/",
        {"terms": entry.terms, "capitals": "MAT, salt", "source": entry.source, "note": ""},
    )
    assert response.status_code == 200  # the form again, with what was typed and why
    page = response.content.decode()
    assert "Write each abbreviation with its capitals" in page and "MAT, salt" in page
    entry.refresh_from_db()
    assert entry.capitals == "MAT"
    with pytest.raises(ValidationError):
        SearchSynonym(terms="x-ray", capitals="xr").full_clean()
    assert refs(search("q=PD")) == []  # two letters, no entry yet: a small word
    physical = SearchSynonym.objects.get(terms__startswith="physical disability, ")
    response = client.post(
        f"/admin/snippets/search/searchsynonym/edit/{physical.pk}/",
        {"terms": physical.terms, "capitals": "PD", "source": physical.source, "note": ""},
    )
    assert response.status_code == 302
    client.logout()
    client.force_login(staff_user)
    listing = client.get("/admin/snippets/search/searchsynonym/", {"q": "PD"})
    assert listing.status_code == 200 and "physical disability" in listing.content.decode()
    client.logout()
    data = client.get("/api/search/", {"q": "PD"}).json()
    assert [hit["title"] for hit in data["results"]] == ["A wheelchair user on a split-site campus"]


def test_loading_adds_the_shipped_capitals_and_keeps_what_staff_wrote():
    entry = SearchSynonym.objects.get(terms__startswith="speech and language therapy, ")
    assert entry.capital_list() == ["SALT", "SaLT"]
    entry.capitals = "SLT"
    entry.save()
    created, extended = thesaurus.load(SearchSynonym)
    entry.refresh_from_db()
    assert (created, extended) == (0, 1)
    assert entry.capitals == "SLT, SALT, SaLT"
    assert thesaurus.load(SearchSynonym) == (0, 0)


def test_no_shipped_term_is_in_two_groups():
    # Loading puts a group that shares a term with an entry into that entry: a term listed
    # in two groups would make them one ("off school a lot" made attendance and persistent
    # absence one concept).
    groups, _sources = thesaurus.shipped_groups()
    first = {}
    for group in groups:
        for term in thesaurus.split_terms(", ".join(group["terms"])):
            assert first.setdefault(term, group["terms"][0]) == group["terms"][0], term


def test_a_thesaurus_word_typed_wrong_is_found_where_no_record_uses_the_word():
    # A new network's records never say "friends": "no freinds" was a word no record uses and
    # an unknown one, and the write-ups on friendship difficulties were not found.
    from search import loader
    from tests.search.conftest import refs, search
    from tests.search.test_ranking import item

    loader.load(
        [
            item(
                "lonely", "Lunchtime clubs for lonely pupils", summary="Social isolation at play."
            ),
            item("other", "Reading for pleasure", summary="A bus full of books for families."),
        ]
    )
    parsed = parse_text("no freinds at break")
    group = parsed.groups[0]
    assert group.correction == "no friends" and ("lonely",) in group.alternatives
    assert parsed.suggestion().startswith("no friends")
    assert refs(search("q=no+freinds"))[0] == "lonely"
    # A word of a term typed as it is stays as typed, though no record uses it.
    assert not any(g.correction for g in parse_text("friends").groups)


def test_a_word_spelt_right_is_not_taken_for_a_thesaurus_word_no_record_uses():
    # On a network whose records never say "swimming" or "painting", those words were taken for
    # the thesaurus's "stimming" and "parenting"; a thesaurus word is only looked for to
    # complete a phrase typed with a word wrong, one letter away, and only when no other is.
    from search import text

    for typed in ("swimming", "painting", "stealing", "hiding", "singing", "garden"):
        (group,) = parse_text(typed).groups
        # Only the word, and other words of its family ("hiding": "hision"), which the search
        # drops unless a record uses them.
        assert not group.correction and group.alternatives[0] == (typed,), typed
        assert set(group.alternatives[1:]) <= {(form,) for form in text.derived_forms(typed)}, typed
    assert parse_text("no freinds").groups[0].correction == "no friends"


def test_did_you_mean_keeps_the_capitals_typed():
    from search import loader
    from tests.search.test_ranking import item

    loader.load([item("therapist", "Weekly sessions with our speech and language therapist")])
    parsed = parse_text("SALT sesions")
    assert parsed.suggestion() == "SALT sessions"
    assert [g.typed for g in parse_text("SALT sessions").groups][0] == "salt"


def test_small_words_a_thesaurus_phrase_needs_still_count_in_it():
    # "over" and "only" carry nothing alone, but "talking over the teacher" is not "talking to
    # the teacher", and "falls over" is still its entry.
    def label(typed):
        return parse_text(typed).groups[0].alternatives

    assert ("talking", "over", "the", "teacher") not in label("talking to the teacher")
    assert [g.typed for g in parse_text("children without an ehcp").groups] == [
        "children",
        "ehcp",
    ]


def test_capitals_typed_with_caps_lock_on_say_nothing():
    assert all(
        ("religious", "education") not in group.alternatives
        for group in parse_text("HOW DO WE RE ENGAGE PUPILS").groups
    )
    (alone,) = parse_text("RE").groups
    assert alone.alternatives[0] == ("religious", "education")
    # Abbreviations typed together are still abbreviations.
    together = parse_text("SALT EHCP").groups
    assert ("speech", "and", "language", "therapist") in together[0].alternatives


def test_an_entry_whose_first_term_is_a_stop_word_never_searches_it():
    entry = SearchSynonym.objects.create(terms="it, ict, information technology", capitals="IT")
    thesaurus.forget()
    (group,) = parse_text("IT").groups
    assert ("it",) not in group.alternatives and group.alternatives[0] == ("ict",)
    entry.delete()
    thesaurus.forget()


def test_a_word_typed_wrong_is_taken_for_the_near_word_that_completes_a_phrase():
    # "vitual" is one letter from "visual" and from "virtual": the records say "visual" more
    # often, so alone it would be "visual"; beside "school" it makes the thesaurus's "virtual
    # school". And a word typed wrong further on ("sent home for fgihting") makes the longer
    # phrase, not the shorter one found as typed ("sent home").
    from search import loader
    from tests.search.conftest import refs, search
    from tests.search.test_ranking import item

    loader.load(
        [
            item("virtual", "Working with the virtual school", summary="Children in care."),
            item("visual-1", "Visual timetables", summary="Visual supports in every class."),
            item("visual-2", "Visual prompts at lunch", summary="Visual cues for choices."),
            item("gate", "Meeting parents at the gate", summary="Staff at the school gate."),
            item("visual-3", "Visual supports for EAL", summary="Visual word mats."),
        ]
    )
    parsed = parse_text("vitual school")
    assert parsed.groups[0].correction == "virtual school"
    assert parsed.suggestion().startswith("virtual school")
    assert refs(search("q=vitual+school"))[0] == "virtual"
    # Alone it is the records' most used word near it.
    assert parse_text("vitual").groups[0].correction == "visual"
    fighting = parse_text("sent home for fgihting")
    assert fighting.groups[0].correction == "sent home for fighting"
    # "carees" shares its stem with the records' "care", so alone it is no typo; beside
    # "young" it is the thesaurus's "young carers".
    assert not parse_text("carees").groups[0].correction
    assert parse_text("young carees").groups[0].correction == "young carers"
    # A regular form of a word the records use is no typo, though no record says it so:
    # "lunches" (the records say "lunch") is not taken for another word.
    assert not any(g.correction for g in parse_text("school lunches").groups)
    # "school gates" is not "school games", a thesaurus phrase one letter away.
    assert not any(g.correction for g in parse_text("school gates").groups)


def test_every_shipped_term_is_loaded_however_long_its_entry():
    # An entry's terms were cut at 500 characters: the last everyday phrases of the longest
    # groups ("emotionally based school avoidance") were dropped when the thesaurus loaded.
    groups, _sources = thesaurus.shipped_groups()
    longest = max(groups, key=lambda group: len(", ".join(group["terms"])))
    assert len(", ".join(longest["terms"])) > 500
    entry = SearchSynonym.objects.get(terms__startswith=longest["terms"][0] + ",")
    assert entry.term_list()[-1] == longest["terms"][-1]
    loaded = {term for entry in SearchSynonym.objects.all() for term in entry.term_list()}
    shipped = {
        term for group in groups for term in thesaurus.split_terms(", ".join(group["terms"]))
    }
    assert shipped <= loaded


def test_words_typed_wrong_are_looked_up_once_a_search_and_then_remembered(
    django_assert_max_num_queries, django_assert_num_queries
):
    # Each word the vocabulary is asked about costs one indexed look-up at most (whether the
    # records use it; for a word typed wrong, the words near it, for both its correction and
    # the phrases it may complete), however many phrase windows the word is in; a search
    # made again asks nothing.
    from django.core.cache import cache

    from search import loader
    from search.thesaurus import thesaurus_map
    from tests.search.test_ranking import item

    loader.load([item("care", "Working with the virtual school", summary="Children in care.")])
    cache.clear()
    thesaurus_map()
    text = "my grandson is a young carees and gets no freinds at break time in year seven"
    # Whether the records use "grandson", "carees", "caree" (of which "carees" may be a
    # plural), "no" and "freinds", in any form and as typed, one query each; the words near
    # each of the three they do not use ("grandson" is not a word of this network's one
    # record), and the words two of them may be spellings by sound of ("freinds" of
    # "freynds", "carees" of "careas").
    with django_assert_max_num_queries(10):
        parsed = parse_text(text)
    assert [group.correction for group in parsed.groups if group.correction] == [
        "young carers",
        "no friends",
    ]
    with django_assert_num_queries(0):
        parse_text(text)


def test_the_lookup_knows_its_longest_phrase_so_a_search_need_not_count_its_keys():
    from search import text

    lookup = thesaurus.build_map(
        {1: (["school refusal", "will not come into school at all"], []), 2: (["ehcp"], [])}
    )
    assert lookup[text.THESAURUS_LONGEST] == 7
    typed = "my son will not come into school at all since june"

    def found(lookup):
        groups = text.parse(typed, thesaurus=lookup).groups
        return any(("school", "refusal") in group.alternatives for group in groups)

    assert found(lookup)
    # The search reads the length from the lookup (it counts no keys): told 2, it looks for
    # no phrase longer than two words.
    assert not found({**lookup, text.THESAURUS_LONGEST: 2})
