"""Requests that are not a person talking: Alexa's own events, answered quietly.

Alexa can send a custom skill many request types besides launches and intents (the list is
ask-sdk-model's request types). None of them is someone waiting to hear us, so each gets an
empty response and one INFO line with its type; never the spoken apology, never an ERROR line.
System.ExceptionEncountered in particular must get an empty response: it reports that our
previous answer failed, and answering it with speech is itself an error.
"""
from __future__ import annotations

import logging

from .. import logs

log = logging.getLogger("secure_base")

# Each group as Alexa documents it; the routes in skill/app.py name them one by one.
EXCEPTION = "System.ExceptionEncountered"
RESUMED = "SessionResumedRequest"  # a task we started (Connections.StartConnection) came back
MESSAGES = ("Messaging.MessageReceived",)  # skill messaging API (out of session)
CONNECTIONS = ("Connections.Request",)  # another skill or Alexa asking us for a task we do not offer
HOUSEHOLD_LISTS = ("AlexaHouseholdListEvent.ItemsCreated", "AlexaHouseholdListEvent.ItemsUpdated",
                   "AlexaHouseholdListEvent.ItemsDeleted", "AlexaHouseholdListEvent.ListCreated",
                   "AlexaHouseholdListEvent.ListUpdated", "AlexaHouseholdListEvent.ListDeleted")
REMINDERS = ("Reminders.ReminderCreated", "Reminders.ReminderUpdated", "Reminders.ReminderDeleted",
             "Reminders.ReminderStarted", "Reminders.ReminderStatusChanged")
# the stream of a long practice: where it stopped, that it finished or failed, and the play and pause
# buttons are answered by skill/handlers/audio.py; the rest of AudioPlayer's events need nothing from us
STREAM = ("AudioPlayer.PlaybackStopped", "AudioPlayer.PlaybackFinished", "AudioPlayer.PlaybackFailed",
          "PlaybackController.PlayCommandIssued", "PlaybackController.PauseCommandIssued")
AUDIO = ("AudioPlayer.PlaybackStarted", "AudioPlayer.PlaybackNearlyFinished",
         "PlaybackController.NextCommandIssued", "PlaybackController.PreviousCommandIssued")
SCREENS = ("Alexa.Presentation.APL.UserEvent", "Alexa.Presentation.APL.LoadIndexListData",
           "Alexa.Presentation.APL.LoadTokenListData", "Alexa.Presentation.APL.RuntimeError",
           "Alexa.Presentation.APLA.RuntimeError", "Alexa.Presentation.APLT.UserEvent",
           "Alexa.Presentation.HTML.Message", "Alexa.Presentation.HTML.RuntimeError", "Display.ElementSelected")
OTHER = ("GameEngine.InputHandlerEvent", "CustomInterfaceController.EventsReceived",
         "CustomInterfaceController.Expired", "Dialog.API.Invoked", "Dialog.InputRequest", "Alexa.Authorization.Grant",
         "Alexa.Advertisement.AdCompleted", "Alexa.Advertisement.AdNotRendered",
         "Alexa.Advertisement.ReadyToEnqueueAudio", "Alexa.DataStore.Error",
         "Alexa.DataStore.PackageManager.InstallationError", "Alexa.DataStore.PackageManager.UpdateRequest",
         "Alexa.DataStore.PackageManager.UsagesInstalled", "Alexa.DataStore.PackageManager.UsagesRemoved")

# Answered by their own routes further down skill/app.py's table; everything else is quiet here.
ROUTED_ELSEWHERE = ("LaunchRequest", "IntentRequest", "SessionEndedRequest", "CanFulfillIntentRequest",
                    "Connections.Response", *STREAM)
SKILL_EVENT = "AlexaSkillEvent."


def _kind(handler_input) -> str | None:
    return getattr(handler_input.request_envelope.request, "object_type", None)


def unrouted(handler_input) -> bool:
    """A request type no other route answers (a type Alexa added after this list was written)."""
    kind = _kind(handler_input)
    return not (isinstance(kind, str) and (kind in ROUTED_ELSEWHERE or kind.startswith(SKILL_EVENT)))


def exception_encountered(handler_input):
    """Our last response failed on the device: note the error's type (Alexa's words, not a person's)."""
    error = getattr(handler_input.request_envelope.request, "error", None)
    kind = getattr(getattr(error, "object_type", None), "value", getattr(error, "object_type", None))
    log.info("alexa reported an error with our last response: %s", logs.name_or_unknown(kind))
    return handler_input.response_builder.response


def quietly(handler_input):
    """Nothing to say and no one waiting: an empty response (the session, if any, stays as it was)."""
    log.info("answered %s with an empty response", logs.name_or_unknown(_kind(handler_input)))
    return handler_input.response_builder.response
