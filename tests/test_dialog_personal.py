"""What Secure Base remembers, as a person would notice it: picking up where they left off, their
favourite breathing, suggestions tailored to the style they chose to share, and their progress.

The store-backed conversations run on both stores (SQLite and DynamoDB on dynalite); each new
session is a freshly built skill, so anything remembered came from the store.
"""
import re
from types import SimpleNamespace as NS

from dynalite import USER, at, dynalite_server, new_session, read_back, store_config  # noqa: F401 (fixtures)
from skill import persistence, profile
from skill.scripts import catalogue

SUNDAY = "2026-11-29T21:00:00Z"  # the builders' default request time
GUILT = ("missed", "behind", "should have", "streak", "only ", "lapse", "failed")


def finish(talk, turn, timestamp=None):
    while not turn.exercise["done"]:
        turn = talk(at(timestamp, "AMAZON.NextIntent")) if timestamp else talk.say("AMAZON.NextIntent")
    return turn


def box_for_five_minutes(talk, timestamp=SUNDAY):
    return talk(at(timestamp, "BreathingIntent", technique=("box breathing", "box"), duration="PT5M"))


# --- picking up where they left off ------------------------------------------------------

def test_stopping_partway_offers_to_finish_from_there_next_time(store_config):
    talk = new_session(store_config)
    talk.launch()
    first = box_for_five_minutes(talk)
    second = talk.say("AMAZON.NextIntent")
    assert second.exercise["turn"] == 1
    assert talk.say("AMAZON.StopIntent").ended

    later = new_session(store_config)
    offer = later.launch()
    assert offer.said("common/welcome_back") and offer.said("personal/resume_offer")
    assert "Would you like to finish your box breathing from where you left off?" in offer.text
    assert not offer.ended and "box breathing" in offer.reprompt and offer.exercise is None

    resumed = later.say("AMAZON.YesIntent")
    assert resumed.said("personal/resuming") and resumed.said("breathing/cue")
    # part 2 was heard in full before "stop": carry on with part 3, not part 2 again
    assert resumed.exercise["turn"] == 2 and resumed.exercise["variant"] == first.exercise["variant"]
    assert resumed.exercise["opts"]["technique"] == "box" and resumed.exercise["opts"]["minutes"] == 5
    finish(later, resumed)
    assert "unfinished" not in read_back(store_config)
    assert read_back(store_config)["progress"]["done"] == {"breathing": 1}

    again = new_session(store_config).launch()
    assert again.said("common/menu") and not again.said("personal/resume_offer")


def test_no_to_the_offer_starts_fresh_and_lets_it_go(store_config):
    talk = new_session(store_config)
    talk.launch()
    box_for_five_minutes(talk)
    talk.say("AMAZON.StopIntent")
    later = new_session(store_config)
    later.launch()
    declined = later.say("AMAZON.NoIntent")
    assert declined.said("personal/resume_declined") and declined.said("common/menu") and not declined.ended
    assert "unfinished" not in read_back(store_config)
    assert not new_session(store_config).launch().said("personal/resume_offer")


def test_the_offer_lasts_a_day_and_no_longer(store_config):
    talk = new_session(store_config)
    talk.launch()
    box_for_five_minutes(talk)  # Sunday 21:00
    talk.say("AMAZON.StopIntent")
    next_evening = new_session(store_config)(at("2026-11-30T20:00:00Z", "LaunchRequest"))
    assert next_evening.said("personal/resume_offer")
    day_after = new_session(store_config)(at("2026-11-30T22:00:00Z", "LaunchRequest"))
    assert day_after.said("common/welcome_back") and not day_after.said("personal/resume_offer")
    assert "unfinished" not in read_back(store_config)


def test_saying_no_to_keep_going_is_not_left_waiting(store_config):
    talk = new_session(store_config)
    talk.launch()
    box_for_five_minutes(talk)
    bye = talk.say("AMAZON.NoIntent")  # "would you like to keep going?" "no"
    assert bye.said("common/no_thanks") and bye.ended
    assert not new_session(store_config).launch().said("personal/resume_offer")


def test_resume_with_nothing_going_picks_up_the_saved_exercise(store_config):
    talk = new_session(store_config)
    talk.say("GroundingIntent")
    talk.say("AMAZON.NextIntent")
    talk.say("AMAZON.StopIntent")
    resumed = new_session(store_config).say("AMAZON.ResumeIntent")
    assert resumed.said("personal/resuming") and resumed.exercise["id"] == "grounding"
    assert resumed.exercise["turn"] == 1 and "four things you can feel" in resumed.text


def test_an_exercise_that_no_longer_fits_is_not_offered(config):
    talk = new_session(config)
    talk.launch()
    box_for_five_minutes(talk)
    talk.say("AMAZON.StopIntent")
    adapter = persistence.make_store(config)
    env = NS(context=NS(system=NS(user=NS(user_id=USER))))
    record = adapter.get_attributes(env)
    record["unfinished"]["opts"]["technique"] = "lion_breath"  # a technique this build does not have
    adapter.save_attributes(env, record)
    turn = new_session(config).launch()
    assert turn.said("common/menu") and not turn.said("personal/resume_offer")


# --- preferences --------------------------------------------------------------------------

def test_the_technique_named_last_is_the_favourite(store_config):
    talk = new_session(store_config)
    talk.say("BreathingIntent", technique=("box breathing", "box"))
    talk.say("BreathingIntent", technique=("slow even breathing", "coherent"), duration="PT4M")
    plain = new_session(store_config).say("BreathingIntent")
    assert plain.exercise["opts"]["technique"] == "coherent" and plain.exercise["opts"]["minutes"] == 4
    unknown = new_session(store_config).say("BreathingIntent", technique=("lion breath", None))
    assert unknown.exercise["opts"]["technique"] == "extended_exhale"  # the gentle one, said kindly
    assert read_back(store_config)["prefs"]["technique"] == "coherent"


def test_a_favourite_that_holds_the_breath_is_remembered_but_never_started_unasked(config):
    new_session(config).say("BreathingIntent", technique=("four seven eight", "four_seven_eight"), duration="PT3M")
    assert read_back(config)["prefs"] == {"technique": "four_seven_eight", "minutes": 3}
    plain = new_session(config).say("BreathingIntent")  # "help me breathe": maybe panicking
    assert plain.exercise["opts"]["technique"] == "extended_exhale" and plain.exercise["opts"]["minutes"] == 3


def test_a_length_asked_in_rounds_does_not_replace_the_default_length(config):
    talk = new_session(config)
    talk.say("BreathingIntent", duration="PT3M")
    talk.say("BreathingIntent", rounds="5")
    assert new_session(config).say("BreathingIntent").exercise["opts"]["minutes"] == 3


# --- a self-reported attachment style, only with consent ---------------------------------

def test_a_style_is_kept_only_after_a_yes(store_config):
    talk = new_session(store_config)
    talk.launch()
    asked = talk.say("AttachmentStyleIntent", style=("avoidant", "avoidant"))
    assert asked.said("personal/style_consent") and not asked.ended
    assert "Would you like me to remember that, to tailor suggestions? You can ask me to forget it any time." in asked.text
    assert "style" not in (read_back(store_config) or {})
    declined = talk.say("AMAZON.NoIntent")
    assert declined.said("personal/style_not_saved") and not declined.ended
    assert "style" not in read_back(store_config)


def test_a_later_yes_to_something_else_is_never_taken_as_consent(config):
    talk = new_session(config)
    talk.launch()
    box_for_five_minutes(talk)
    asked = talk.say("AttachmentStyleIntent", style=("anxious", "anxious"))
    assert asked.said("personal/style_consent")
    moved_on = talk.say("AMAZON.NextIntent")  # they carried on breathing instead of answering
    assert moved_on.said("breathing/cue") and moved_on.exercise["turn"] == 1
    keep_going = talk.say("AMAZON.YesIntent")  # "would you like to keep going?" "yes"
    assert keep_going.exercise["turn"] == 2 and not keep_going.said("personal/style_saved")
    assert "style" not in read_back(config)


def test_disorganized_gets_grounding_first_then_breathing_with_no_holds(store_config):
    talk = new_session(store_config)
    talk.launch()
    talk.say("AttachmentStyleIntent", style=("fearful avoidant", "disorganized"))
    kept = talk.say("AMAZON.YesIntent")
    assert kept.said("personal/style_saved") and kept.said("suggest/offer")
    assert "try five four three two one grounding" in kept.text
    assert read_back(store_config)["style"] == "disorganized"
    started = talk.say("AMAZON.YesIntent")
    assert started.exercise["id"] == "grounding"
    finish(talk, started)

    later = new_session(store_config)
    later.launch()
    later.say("AttachmentStyleIntent", style=("disorganized", "disorganized"))
    offered = later.say("AMAZON.YesIntent")  # just did grounding: something else this time
    breathing = later.say("AMAZON.YesIntent")
    assert offered.said("suggest/offer")
    assert breathing.exercise["id"] == "breathing" and breathing.exercise["opts"]["technique"] == "extended_exhale"
    assert not re.search(r"\bHold\b", breathing.text)  # no breath-hold cue


def test_anxious_is_offered_self_compassion_or_soothing(config):
    talk = new_session(config)
    talk.say("AttachmentStyleIntent", style=("anxious", "anxious"))
    offer = talk.say("AMAZON.YesIntent")
    started = talk.say("AMAZON.YesIntent")
    assert offer.said("suggest/offer")
    assert catalogue.get(started.exercise["id"]).family in ("nightly", "soothing")


def test_saying_no_to_the_suggestion_leaves_the_menu(config):
    talk = new_session(config)
    talk.say("AttachmentStyleIntent", style=("avoidant", "avoidant"))
    talk.say("AMAZON.YesIntent")
    menu = talk.say("AMAZON.NoIntent")
    assert menu.said("suggest/declined") and not menu.ended and menu.exercise is None


def test_forgetting_the_style(store_config):
    talk = new_session(store_config)
    talk.say("AttachmentStyleIntent", style=("anxious", "anxious"))
    talk.say("AMAZON.YesIntent")
    assert read_back(store_config)["style"] == "anxious"
    forgot = new_session(store_config).say("ForgetStyleIntent")
    assert forgot.said("personal/style_forgotten") and not forgot.ended
    assert "style" not in read_back(store_config)
    assert new_session(store_config).say("ForgetStyleIntent").said("personal/style_none")


def test_a_style_not_understood_is_not_asked_about_or_kept(config):
    talk = new_session(config)
    unclear = talk.say("AttachmentStyleIntent", style=("clingy", None))
    assert unclear.said("personal/style_unclear") and not unclear.said("personal/style_consent")
    talk.say("AMAZON.YesIntent")
    assert "style" not in (read_back(config) or {})


def test_suggestion_is_none_without_a_kept_style_or_for_secure(config):
    talk = new_session(config)
    talk.say("AttachmentStyleIntent", style=("secure", "secure"))
    kept = talk.say("AMAZON.YesIntent")
    assert kept.said("personal/style_saved") and not kept.said("suggest/offer")
    assert profile.STYLE_SUGGESTIONS.get("secure") is None


# --- progress, said kindly ----------------------------------------------------------------

def test_progress_at_the_very_beginning(store_config):
    turn = new_session(store_config).say("ProgressIntent")
    assert turn.said("personal/progress_none") and not turn.ended
    assert not any(word in turn.text.lower() for word in GUILT)


def test_progress_counts_days_and_finished_exercises_without_guilt(store_config):
    talk = new_session(store_config)
    finish(talk, talk.say("GroundingIntent"))
    finish(talk, talk.say("GroundingIntent"))
    later = new_session(store_config)
    finish(later, later(at("2026-12-04T20:00:00Z", "BreathingIntent")), "2026-12-04T20:00:00Z")
    turn = new_session(store_config)(at("2026-12-20T20:00:00Z", "ProgressIntent"))  # two weeks away
    assert turn.said("personal/progress") and not turn.ended
    assert "2 different days" in turn.text and "3 exercises" in turn.text and "grounding" in turn.text
    assert not any(word in turn.text.lower() for word in GUILT)


def test_last_time_says_what_and_when_and_offers_it_again(store_config):
    talk = new_session(store_config)
    finish(talk, talk.say("BreathingIntent", technique=("box breathing", "box"), duration="PT2M"))
    monday = new_session(store_config)
    turn = monday(at("2026-11-30T20:00:00Z", "LastTimeIntent"))
    assert turn.said("personal/last_time") and "Yesterday, you did box breathing, all the way to the end" in turn.text
    again = monday(at("2026-11-30T20:00:00Z", "AMAZON.YesIntent"))
    assert again.exercise["id"] == "breathing" and again.exercise["opts"]["technique"] == "box"
    assert again.exercise["turn"] == 0
    thursday = new_session(store_config)(at("2026-12-03T20:00:00Z", "LastTimeIntent"))
    assert "On Monday, you did box breathing." in thursday.text  # partway through: no "to the end"


def test_last_time_with_no_history(config):
    turn = new_session(config).say("LastTimeIntent")
    assert turn.said("personal/last_time_none") and turn.said("common/menu") and not turn.ended


def test_asking_mid_exercise_then_carrying_on(config):
    talk = new_session(config)
    talk.launch()
    first = box_for_five_minutes(talk)
    progress = talk.say("ProgressIntent")
    assert progress.said("personal/progress") and progress.said("personal/carry_on")
    assert progress.exercise["turn"] == 0 and "box breathing" in progress.text
    on = talk.say("AMAZON.YesIntent")
    assert on.exercise["turn"] == 1 and on.exercise["variant"] == first.exercise["variant"]
