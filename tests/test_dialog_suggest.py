"""'What should I do?' and 'surprise me': from how you feel, the time of day and what helps you; yes starts it."""
from datetime import datetime, timedelta, timezone

import pytest

from skill import suggest
from skill.scripts import catalogue


def at(talk, when: str | datetime):
    """Every request from now on carries this timestamp (Alexa sends UTC); a datetime without a zone
    is the person's local time, in the conversation's locale."""
    if isinstance(when, datetime):
        utc = when - timedelta(hours=suggest.utc_offset_hours(talk.kwargs.get("locale")))
        when = utc.strftime("%Y-%m-%dT%H:%M:%SZ")
    timestamp = when
    send = talk.send

    def timed(body):
        body["request"]["timestamp"] = timestamp
        return send(body)

    talk.send = timed
    return talk


AFTERNOON = datetime(2026, 11, 29, 11, 0)  # local time, wherever the person is
EVENING = datetime(2026, 11, 29, 21, 0)


def offered(turn) -> suggest.Offer:
    offer = suggest.parse(turn.state.get("q"))
    assert offer is not None, turn.state
    return offer


def test_how_you_feel_decides_and_yes_starts_it(talk):
    at(talk, AFTERNOON).launch()
    turn = talk.say("SuggestIntent", feeling=("lonely", "lonely"))
    assert turn.said("suggest/pick") and turn.said("suggest/offer")
    assert "Thank you for telling me how you feel" in turn.text or "the way you're feeling" in turn.text
    assert offered(turn) == suggest.Offer("memory") and "Would you like to try a warm memory?" in turn.text
    assert not turn.ended and "yes, or no" in turn.reprompt and turn.exercise is None
    started = talk.say("AMAZON.YesIntent")
    assert started.exercise["id"] == "memory" and started.said("memory/intro") and "q" not in started.state


def test_in_the_evening_it_suggests_nightly_self_compassion(talk):
    at(talk, EVENING)
    turn = talk.say("SuggestIntent")
    assert offered(turn).exercise == "nightly" and "nightly self-compassion" in turn.text
    assert turn.said("suggest/pick") and ("late" in turn.text or "this time of day" in turn.text)
    started = talk.say("AMAZON.YesIntent")
    assert started.exercise["id"] == "nightly"


def test_a_feeling_still_comes_first_in_the_evening(talk):
    at(talk, EVENING)
    turn = talk.say("SuggestIntent", feeling=("panicky", "anxious"))
    assert offered(turn) == suggest.Offer("breathing", "technique", "extended_exhale")


def test_in_the_day_with_nothing_to_go_on_it_asks_how_you_feel_and_still_offers(talk):
    at(talk, AFTERNOON)
    turn = talk.say("SuggestIntent")
    assert "If you tell me how you feel" in turn.text
    assert offered(turn) in [suggest.Offer(*c) for c in suggest.DAYTIME]


def test_the_local_hour_follows_the_locale_and_can_be_configured(monkeypatch):
    monkeypatch.delenv("SB_UTC_OFFSET_HOURS", raising=False)
    stamp = datetime(2026, 11, 29, 21, 0, tzinfo=timezone.utc)
    assert suggest.local_hour(stamp, "en-GB") == 21 and suggest.is_evening(21)
    assert suggest.local_hour(stamp, "en-US") == 16 and not suggest.is_evening(16)
    assert suggest.local_hour("2026-11-29T21:00:00Z", "en-IN") == 2 and suggest.is_evening(2)
    monkeypatch.setenv("SB_UTC_OFFSET_HOURS", "-8")
    assert suggest.local_hour(stamp, "en-GB") == 13
    monkeypatch.setenv("SB_UTC_OFFSET_HOURS", "not a number")
    assert suggest.local_hour(stamp, "en-GB") == 21
    assert suggest.local_hour(None, "en-US") is None and suggest.local_hour("garbage", "en-US") is None


def test_a_british_evening_is_an_evening(talk):
    talk.kwargs["locale"] = "en-GB"
    turn = at(talk, "2026-11-29T21:30:00Z").say("SuggestIntent")
    assert offered(turn).exercise == "nightly"


def test_a_remembered_style_shapes_the_daytime_suggestion(talk):
    at(talk, AFTERNOON).launch()
    talk.say("AttachmentStyleIntent", style=("disorganized", "disorganized"))
    talk.say("AMAZON.YesIntent")  # yes, remember it
    turn = talk.say("SuggestIntent")
    assert "from what you've shared with me" in turn.text
    assert offered(turn).exercise in ("grounding", "breathing")


def test_without_a_remembered_style_the_profile_is_not_consulted_for_anything(talk):
    at(talk, AFTERNOON)
    turn = talk.say("SuggestIntent")
    assert "from what you've shared" not in turn.text


def test_a_broken_profile_suggestion_is_ignored(talk, monkeypatch):
    from skill import profile

    monkeypatch.setattr(profile, "suggestion", lambda hi: 1 / 0, raising=False)
    turn = at(talk, AFTERNOON).say("SuggestIntent")
    assert turn.said("suggest/offer") and "went wrong" not in turn.text and not turn.ended


def test_surprise_me_offers_something_light_and_yes_starts_it(talk):
    at(talk, AFTERNOON).launch()
    turn = talk.say("SurpriseIntent")
    offer = offered(turn)
    assert offer in [suggest.Offer(*c) for c in suggest.SURPRISE_DAY]
    assert offer.exercise not in ("repair", "reframing", "feelings")
    assert turn.said("suggest/pick") and "Would you like to" in turn.text and not turn.ended
    started = talk.say("AMAZON.YesIntent")
    assert started.exercise["id"] == offer.exercise


def test_surprise_me_at_night_is_quiet(talk):
    at(talk, EVENING)
    for _ in range(6):
        turn = talk.say("SurpriseIntent")
        assert offered(turn) in [suggest.Offer(*c) for c in suggest.SURPRISE_EVENING]


def test_surprise_me_during_an_exercise_picks_another_one(talk):
    at(talk, AFTERNOON)
    talk.say("GroundingIntent")
    for _ in range(8):
        turn = talk.say("SurpriseIntent")
        assert offered(turn).exercise != "grounding"
        assert turn.exercise["id"] == "grounding"  # nothing lost until they say yes


def test_no_thanks_keeps_the_session_open(talk):
    turn = at(talk, AFTERNOON).say("SuggestIntent", feeling=("sad", "sad"))
    assert offered(turn)
    declined = talk.say("AMAZON.NoIntent")
    assert declined.said("suggest/declined") and not declined.ended and declined.reprompt
    assert talk.say("AMAZON.YesIntent").exercise is None  # the offer is closed


def test_help_while_an_offer_is_open_gives_the_menu(talk):
    at(talk, AFTERNOON).say("SurpriseIntent")
    turn = talk.say("AMAZON.HelpIntent")
    assert turn.said("common/help_outside") and not turn.ended


@pytest.mark.parametrize("code", ["offer:../../etc", "offer:breathing:technique=rm_rf", "offer:nope", "offer:" + "x" * 60])
def test_a_tampered_offer_gets_the_menu_not_an_error(talk, code):
    talk.attributes = {"sb": {"v": 1, "q": code}}
    turn = talk.say("AMAZON.YesIntent")
    assert "went wrong" not in turn.text and not turn.ended
    assert turn.exercise is None and turn.said("common/menu")


def test_offers_only_ever_name_exercises_this_build_has():
    for pool in (suggest.DAYTIME, suggest.EVENING, suggest.SURPRISE_DAY, suggest.SURPRISE_EVENING, suggest.FALLBACK):
        offer = suggest.first_available(pool)
        assert offer is not None and catalogue.get(offer.exercise) is not None and suggest.fits(offer)
    assert suggest.first_available([("nonexistent",), ("soothing", "technique", "no_such"), ("grounding",)]) == \
        suggest.Offer("grounding")


def test_whatever_the_profile_returns_is_read_defensively():
    assert suggest.from_profile(("breathing", {"technique": "extended_exhale"})) == \
        suggest.Offer("breathing", "technique", "extended_exhale")
    assert suggest.from_profile(("soothing", {"technique": "no_such_thing"})) == suggest.Offer("soothing")
    assert suggest.from_profile("grounding") == suggest.Offer("grounding")
    assert suggest.from_profile({"id": "memory"}) == suggest.Offer("memory")
    for junk in (None, 3, "nope", ("nope", {}), [], {"id": 5}, ("breathing", "box")):
        assert suggest.from_profile(junk) in (None, suggest.Offer("breathing"))


def test_every_offer_fits_in_the_remembered_question():
    from skill.scripts import feelings, learning

    candidates = [c for pool in (suggest.DAYTIME, suggest.EVENING, suggest.SURPRISE_DAY, suggest.SURPRISE_EVENING,
                                 suggest.FALLBACK, *feelings.SUGGESTIONS.values(), *learning.HELPS.values())
                  for c in pool]
    for candidate in candidates:
        offer = suggest.Offer(*candidate)
        # the exercise and its option exist in this build (no "I don't know that one" after a yes)
        assert len(offer.code) < 64 and suggest.fits(offer) and suggest.parse(offer.code) == offer, offer
