"""Crisis screening and the support lines for each locale.

`screen(text)` reads a piece of free text a person said (a thought to reframe, a feeling,
anything a slot caught) and says whether it carries crisis language: thoughts of suicide or
self-harm, not wanting to be alive, being unable to keep safe, being in danger, or being hurt
by a partner or family member (`harm_by_other`). It is pure and keeps nothing: the text is
never stored or logged, here or by the callers.

How it reads: the text is normalised (lower case, contractions opened, "gonna" -> "going to"),
cut into clauses (punctuation and "but", "though"...), and each clause is checked against phrase
rules. A rule is a pattern plus what may sit before or after it that makes it harmless:
  - idioms and near-misses ("dying to try", "killing myself to finish this", "suicide squad",
    "my mum will kill me when she sees this", "I want to disappear to a beach");
  - denials ("I'm not suicidal", "I would never hurt myself");
  - accidents ("I cut myself shaving");
  - distant past with nothing present about it ("I used to self-harm as a teenager").
People also reach the skill through carrier intents (an AMAZON.SearchQuery slot after a carrier phrase),
so a clause may be a whole first-person sentence ("i feel like a burden to everyone") or only the
fragment the slot held ("like a burden", "easier if i wasn't here"): the _CARRIED rules read both,
with hopelessness about living, plans and means, and control at home (_CONTROL) among them.
Negation is a part of the phrase where it carries the meaning: "I don't want to live anymore"
and "I can't keep myself safe" trigger. When unsure, the rules lean towards answering with
care: a gentle answer with a phone number costs little, a missed cry for help costs a lot.

`resources(locale)` gives the lines to offer for a locale (crisis lines, lines for abuse at
home, the emergency number), as data; the words that speak them are templates under
skill/scripts/<locale>/safety/.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from . import concepts, likeness
from .verdict import CLEAR, Screen  # noqa: F401  (callers name them as safety.Screen, safety.CLEAR)

MAX_CHARS = 2000  # a slot value is far shorter; anything longer is screened up to here



# --- normalising ---------------------------------------------------------------------------------

_REWRITES: tuple[tuple[re.Pattern, str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"[\u2018\u2019\u02bc`]", "'"),
    (r"[\u2010-\u2015]", "-"),
    (r"\bcan'?t\b", "can not"),
    (r"\bcannot\b", "can not"),
    (r"\bwon'?t\b", "will not"),
    (r"\bain'?t\b", "am not"),
    (r"\b(\w+)n't\b", r"\1 not"),
    (r"\b(do|does|did|is|are|was|were|have|has|had|would|could|should|must)nt\b", r"\1 not"),
    (r"\bi'?m\b", "i am"),
    (r"\bi've\b", "i have"),
    (r"\bi'll\b", "i will"),
    (r"\bi'd\b", "i would"),
    (r"\b(you|we|they)'re\b", r"\1 are"),
    (r"\b(you|we|they|who|what|there|that|where)'ve\b", r"\1 have"),
    (r"\b(he|she|it|they|you|we|everyone|everybody|nobody|someone)'ll\b", r"\1 will"),
    (r"\b(he|she|they|you|we|everyone|everybody|nobody|someone)'d\b", r"\1 would"),
    (r"\b(he|she|it|that|there|what|who|everyone|everybody|nobody|someone|somebody|life|this)'s\b", r"\1 is"),
    (r"\bwhats\b", "what is"),
    (r"\btheres\b", "there is"),
    (r"\bgonna\b", "going to"),
    (r"\bwanna\b", "want to"),
    (r"\bgotta\b", "got to"),
    (r"\btryna\b", "trying to"),
    (r"\bkinda\b", "kind of"),
    (r"'", ""),
    (r"-", " "),
))
_CLAUSES = re.compile(r"[.!?;:,\"()\[\]]+|(?<!nothing)(?<!anything)(?<! all)\s(?:but|though|although|however|except|whereas)\s")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    text = text.lower()
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    return text


def clauses(text: str) -> list[str]:
    out = []
    for part in _CLAUSES.split(f" {normalise(text)} "):
        part = _SPACE.sub(" ", re.sub(r"[^a-z0-9 ]", " ", part)).strip()
        if part:
            out.append(part)
    return out


# --- the rules -----------------------------------------------------------------------------------

Check = Callable[[str, str], bool]  # (text before the match, text after it) -> harmless?


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern
    harm: bool = False
    unless_before: re.Pattern | None = None  # searched in the clause before the match
    unless_after: re.Pattern | None = None  # matched at the start of the clause after the match
    unless: Check | None = None
    harm_after: re.Pattern | None = None  # makes it harm_by_other when found after the match


def rule(pattern: str, *, harm: bool = False, before: str | None = None, after: str | None = None,
         unless: Check | None = None, harm_after: str | None = None) -> Rule:
    return Rule(_re(pattern), harm, _re(before) if before else None, _re(after) if after else None, unless,
                _re(harm_after) if harm_after else None)


# A denial just before a self-directed phrase: "I would never ...", "I'm not going to ...".
# "I don't want to kill myself" is NOT a denial here: it names the thought, and is met with care.
DENIAL = (r"\b(?:(?:would|will|could|am|is|are) never|never (?:have |had |would |will |once |ever )?(?:ever )?"
          r"(?:thought (?:about|of)|considered|tried to|attempted to|wanted to|want to|felt like|did|have)"
          r"|(?:am|is|are|was|were) not (?:going|planning|trying|about) to|not (?:really )?going to"
          r"|(?:have|has) (?:no|never had any) (?:plans?|intention|desire|urge|wish) to|(?:do|did) not (?:plan|intend|mean) to"
          r"|(?:am|is|are) not (?:thinking|thought) (?:about|of)|(?:have not|did not|do not) (?:ever )?(?:even )?"
          r"(?:thought|think) (?:about|of)|no longer (?:want to|wanting to|feel like|thinking about))\s+(?:\w+\s+)?$")

# Said about the distant past, with nothing about now: "I used to self-harm as a teenager".
_PAST = _re(r"\b(?:used to|years ago|a long time ago|long ago|as a (?:kid|child|teen|teenager|young \w+)|growing up"
            r"|when i was (?:younger|little|small|a (?:kid|child|teen|teenager)|in (?:high school|school|college|uni|my teens))"
            r"|in my (?:teens|twenties|thirties|childhood)|back in (?:high school|school|college|the day|my))\b")
_NOW = _re(r"\b(?:again|right now|tonight|today|these days|lately|this (?:week|morning|evening)|currently|at the moment"
           r"|started|starting|relapsed|anymore|still (?:do|want|wanting|feel|think|thinking|am|have|get)"
           r"|i am (?:at|on|standing|sitting|here)|been here (?:for )?(?:an|a|about|almost|over|\d+|two|three|hours))\b")

FAMILY = (r"(?:partner|boyfriend|girlfriend|bf|gf|husband|hubby|wife|spouse|fiance|fiancee|ex|ex husband|ex wife"
          r"|ex boyfriend|ex girlfriend|ex partner|dad|daddy|father|mom|mommy|mum|mummy|mother|stepdad|stepfather"
          r"|step dad|step father|stepmom|stepmum|stepmother|step mom|step mum|step mother|brother|sister|son|daughter|uncle"
          r"|aunt|auntie|grandfather|grandpa|grandmother|grandma|nan|cousin|parents|parent|family|roommate|flatmate"
          r"|housemate|carer|caregiver|guardian|foster (?:mom|mum|dad|parent|parents|father|mother)|in laws"
          r"|mother in law|father in law|sister in law|brother in law|boss"
          # said in the other English locales: en-GB, en-AU, en-IN
          r"|bloke|fella|fellow|missus|misses|other half|de facto|pop|gran|grandad|granddad|mam|landlord|landlady|lodger"
          r"|common law partner|would be|bhaiya|bhai|chacha|chachi|mama|mami|papa|saas|sasur|driver|maid)")
PERSON = rf"(?:\b(?:he|she|they)\b|\bmy (?:\w+ )?{FAMILY}\b|\b(?:someone|somebody|a man|a guy|a woman)\b)"

# "my mum will murder me", said with nothing after it: the everyday threat of a mum, a boss, a sister
_MUM_WILL = _re(r"^(?:\w+ ){0,3}my (?:mum|mom|mam|mother|nan|gran|grandma|sister|boss|teacher|coach|friends?|flatmate|roommate"
                r"|manager) (?:is going to|will|would|is gonna) (?:\w+ )?(?:kill|murder|strangle|throttle|skin) me\s*$")
# a happy secret: "he'd kill me if he knew I told you about the surprise party"
_SECRET_KEPT = _re(r"^\s*if (?:he|she|they) (?:knew|knows|found out|finds out)\b.*\b(?:surprise|party|present|presents|gift|gifts|birthday"
                   r"|proposal|propose|engagement|spoiler|spoiled|spoilt|the ending|secret santa|recipe|plans for)\b")
# "my mum will kill me if I'm late" is an idiom; "he'll kill me if I leave" is not.
_KILL_IDIOM = _re(r"^\s*(?:when|if|once|after|for|over|about|because)\b(?!.*\b(?:leave|leaving|left|tell|told|telling|police|cops"
                  r"|report (?:him|her|them|it to)|reported (?:him|her|them)|escape|run away|get away|call|called|help|divorce|go to)\b)")

_ACCIDENT = (r"^\s*(?:at (?:the|work|school|practice|football|rugby|soccer|training)|during|while|playing|lifting|running"
             r"|on (?!purpose)|in the (?!head on purpose)|in (?:a|my) (?:fall|game|match)|skiing|snowboarding|skating"
             r"|shaving|cooking|chopping|slicing|baking|ironing|gardening|opening|with (?:a|the|my) (?:kitchen|knife while"
             r"|razor while|tool|tools|saw|scissors|hammer|iron|pan|oven|stove|kettle|door|curling)|by accident"
             r"|accidentally|falling|tripping|slipping|when i (?:fell|tripped|slipped|was (?:running|playing|cooking"
             r"|skiing|lifting|moving))|moving (?:house|boxes|furniture)|working out|doing (?:yoga|sport|sports|chores))")

_SELF = [
    # suicide, named
    rule(r"\bsuicid(?:e|al|ality)\b",
         before=(r"\b(?:(?:am|is|are|was|were|have|has|had|do|does|did) not|never|no longer|no|nor|without)\s+(?:\w+\s+){0,2}$"
                 r"|\b(?:career|political|social|financial|commercial|electoral|fashion|professional|academic"
                 r"|tactical|romantic|dating|corporate|brand) $"
                 r"|\b(?:it|that|this|which)(?: \w+)? (?:would be|will be|is|was|would have been) (?:pure |total |absolute "
                 r"|basically |just |like )?$|\bi (?:did|do|ran|run) $"),
         after=(r"^\s*(?:squad|missions?|doors?|squeeze|runs?|sprints?|drills?|wings?|bomb\w*|rates?|statistics|stats"
                r"|awareness|research|prevention(?! (?:hotline|line|lifeline|number|helpline|text))|training)\b")),
    rule(r"\bsewer slide\b|\bunalive\b|\bun alive\b"),
    # killing / ending / taking my life
    rule(r"\b(?:kill|kills|killed|off|offing|offed|unalived) (?:myself|himself|herself|themselves|themself)\b",
         before=DENIAL,
         unless=lambda b, a: bool(re.search(r"\b(?:almost|nearly) $", b)) and bool(re.match(_ACCIDENT, a))),
    rule(r"\bkilling (?:myself|himself|herself|themselves|themself)\b", before=DENIAL,
         unless=lambda b, a: (bool(re.search(r"\b(?:been|am|is|are|was|were|keep|kept|i|he|she|they) $", b)) and bool(
             re.match(r"^\s*(?:laughing|trying to|to (?:finish|get|meet|make|please|keep|pay|prove|impress|hit|save)"
                      r"|at (?:work|the gym|the office|uni|school|college)|over (?:this|that|a|the|my|these|those) \w+"
                      r"|for (?:this|that|a|the|my|nothing|them|him|her|work|money)\b|working|studying|in the gym"
                      r"|with (?:work|overtime|this workout|studying|training))", a)))),
    rule(r"\b(?:end|ends|ending|ended|take|takes|taking|took|end to) (?:my|his|her|their) (?:own )?life\b", before=DENIAL,
         after=r"^\s*(?:back|in (?:a|another|a new) direction|into (?:my|his|her|their) own hands|to the next|seriously"
               r"|one day at a time|for granted|more seriously)\b"),
    rule(r"\bend(?:s|ing|ed)? (?:it all|everything|my suffering|the pain forever|(?:it|things) (?:tonight|today|right now|now"
         r"|for good|forever|once and for all|soon|permanently|this (?:week|weekend)))\b",
         before=DENIAL + r"|\b(?:series|show|finale|film|movie|book|season|episode|game|match|war|storm|story|album|song|plot|twist)\b",
         after=r"^\s*(?:with|between)\b"),
    # "I want to end it" with nothing after: a relationship would usually be named ("end it with him")
    rule(r"\b(?:want|going|ready|planning|plan|decided|need|thinking about|thinking of|about|feel like) (?:to )?end(?:ing)? it\s*$",
         before=DENIAL),
    rule(r"\b(?:want|wants|wanted|wanting|wish|wished|wishing|ready|deserve|deserves|hoping|hope|need|needs|plan|planning"
         r"|try|trying|tried|would like|would love|like|prefer|longing|long) to die\b", before=DENIAL,
         after=r"^\s*(?:of|from|laughing|alone|happy|old|an old|a happy|peacefully|doing what|knowing|with dignity"
               r"|at (?:home|ninety|a hundred|an old)|surrounded|rich|famous|in peace|(?:my|his|her|their) (?:hair|clothes"
               r"|shirt|jeans|beard|eyebrows))\b"),
    rule(r"\bi (?:am|was) going to die\b",
         after=r"^\s*(?:of|from|laughing|if|when|someday|one day|eventually|anyway|in (?:this|the) (?:heat|cold)|here"
               r"|at (?:this|the) (?:rate|gym|party)|before)\b"),
    rule(r"\b(?:would|had) (?:much )?rather (?:just )?(?:die|be dead)\b", after=r"^\s*than\b"),
    rule(r"\bi (?:should|might as well|may as well|deserve to) (?:just )?(?:die|be dead)\b",
         after=r"^\s*(?:of|from|laughing|now from|here of)\b"),
    rule(r"\bbetter off dead\b|\b(?:wish|wished|wishing) (?:that )?i (?:was|were|could be|would be|am) dead\b"
         r"|\b(?:want|wanted|wanting|need|needs|hope|hoping) to be dead\b"),
    rule(r"\bi (?:think|feel like|feel as if|feel as though|am afraid|am scared|believe) i am dying\b",
         after=r"^\s*(?:of|to|for|laughing|from|inside|here|a little)\b"),
    rule(r"\b(?:ways?|how|methods?|the best way|easiest way|painless way) to (?:die|kill myself|end it|end my life)\b",
         after=r"^\s*(?:in|of|from|hard)\b"),
    # not wanting to be alive
    rule(r"\b(?:do not|does not|did not|no longer|never|can not) (?:really |even |actually )?(?:want|wish|feel like|care) "
         r"to (?:live|go on living|keep living|continue living|carry on living)\b",
         after=r"^\s*(?:in|with|near|at|on|there|here|alone|together|abroad|downtown|by|under|next|somewhere|like (?:a|an|that"
               r"|them|him|her)|without (?:coffee|chocolate|music|my phone|wifi|internet)|paycheck|out of|far|close|so far)\b"),
    rule(r"\b(?:do not|does not|did not|no longer|never) (?:really |even |actually )?(?:want|wish|feel like|care) "
         r"to (?:be alive|exist|stay alive|survive|be in this world|be on this earth)\b",
         after=r"^\s*(?:on|in (?:the|a) (?:city|town|house|office))\b"),
    rule(r"\b(?:do not|does not|did not|no longer|never) (?:really |even |actually )?(?:want|wish|feel like) to be here\b",
         after=r"^\s*(?:at|in (?!(?:this|the) (?:world|life))|with|for|when|during|on (?!(?:this|the) (?:earth|planet))|today"
               r"|tomorrow|tonight|this (?:week|weekend|morning|evening|afternoon)|all (?:day|night|weekend)|either|early|late"
               r"|alone with)\b"),
    rule(r"\b(?:do not|does not|no longer|never) (?:really |even |actually )?(?:want|wish|feel like) to be around\b",
         after=r"^\s*(?!anymore|any more|any longer|much longer|now|right now)\w"),
    rule(r"\b(?:do not|does not|no longer|never) (?:really |even |actually )?(?:want|wish) to (?:ever )?wake up\b",
         after=r"^\s*(?:early|at|before|in time|on time|for|the|him|her|them|you|my|until|till|so|this early|to (?:an|a"
               r"|another|the|his|her|more|that))\b"),
    rule(r"\b(?:want|wanted|wish|wishing|need|hope|hoping|pray|praying|like) (?:to |i could |i would |i will |that i "
         r"(?:would|will|could) )?(?:just )?(?:stop (?:living|existing)|not (?:exist|be alive|be here anymore|wake up)"
         r"|never wake up|go to sleep (?:and never wake up|and not wake up)|sleep and (?:never|not) wake up"
         r"|fall asleep and (?:never|not) wake up|disappear (?:forever|for good|permanently|from (?:this|the) (?:world|earth|planet)|and never come back)"
         r"|cease to exist|vanish forever|be gone forever|stop being alive)\b", before=DENIAL),
    rule(r"\b(?:want|wanted|wish|wishing|need|hope|hoping|like) to (?:go to )?sleep forever\b", before=DENIAL,
         after=r"^\s*(?:after|this|on|tomorrow|when|once|until|till|in|at)\b"),
    rule(r"\b(?:hope|hoping|wish|wishing|pray|praying)(?: that)? i (?:do not|will not|would not|never|would never"
         r"|will never|did not|could just not|just do not) wake up\b",
         after=r"^\s*(?:early|at|before|in time|on time|for|the|him|her|them|you|my|until|till|so|this early|to (?:an|a"
               r"|another|the|his|her|more|that)|with a)\b"),
    rule(r"\b(?:want|wanted|wish|wishing|need) (?:to|i could|i would|i was able to) (?:just )?(?:disappear|vanish)\b",
         after=r"^\s*(?:to|for|on|into (?:a|my|the|his|her) (?:\w+ )?(?:book|game|blanket|bed|show|hole|hoodie|duvet|crowd|background"
               r"|woods|forest|mountains|garden|music)|under (?:a|the|my) (?:\w+ )?(?:covers|blanket|duvet|quilt|throw)"
               r"|off (?:social media|the grid|the internet|instagram|facebook|tiktok|the radar|the map)|with (?:a|the|my) (?:film|book|show|movie)"
               r"|from (?:this|the) (?:party"
               r"|meeting|room|office|conversation|group chat|class|table|date|event|call))\b"),
    rule(r"\bwish(?:ed)? (?:that )?i (?:had |would )?(?:never been born|was never born|were never born|was not born|had not been born"
         r"|did not exist|never existed|could stop existing|could not exist|was not alive|were not alive)\b"),
    rule(r"\b(?:better|happier|easier) (?:off )?without me\b",
         after=r"^\s*(?:there|at|on|in|driving|around|slowing|for the|this (?:weekend|week|time)|tagging)\b"),
    rule(r"\bbetter (?:off )?if i (?:was |were |just |am )?(?:dead|gone|died|disappeared|not here|not around|never "
         r"(?:existed|been born)|did not exist)\b"),
    rule(r"\b(?:nobody|no one|noone|not one person|none of them) (?:would|will|is going to|even) (?:even )?(?:miss me"
         r"|care|notice|come to my funeral)\b",
         unless=lambda b, a: not re.search(r"\b(?:if|when) i (?:was|were|died|die|disappeared|killed|did not wake|am gone"
                                           r"|was gone|were gone|am dead|was dead|left this world|was not here|were not here)"
                                           r"|\bmy funeral\b|^\s*$|^\s*(?:anyway|anymore|at all)\s*$", a)
         and not re.search(r"funeral", b + " " + a)),
    rule(r"\b(?:no|any|the|a|lost (?:any|all|my)|find (?:a|the|any)) (?:reason|point|purpose|will) (?:to|in|of|for) "
         r"(?:live|living|life|being alive|stay(?:ing)? alive|keep(?:ing)? on living|exist(?:ing)?|wak(?:e|ing) up)\b",
         after=r"^\s*(?:in|with|near|here|there|downtown|abroad|alone|on|early|at)\b"),
    rule(r"\b(?:no|any|the|a) (?:reason|point|purpose) (?:to|in|of) (?:go(?:ing)? on|carry(?:ing)? on)\b",
         after=r"^\s*(?:a|this|the|that|another|with|vacation|holiday|dates?|tour|trips?|stage|tv|air|holidays|about)\b"),
    rule(r"\bnothing (?:left )?(?:to live for|worth living for)\b"),
    rule(r"\b(?:life|living|my life|being alive|existing) (?:is|feels|seems|is just) (?:not|no longer|never|just not) "
         r"worth (?:it|living)\b"),
    rule(r"\b(?:tired|sick|weary) of (?:living|being alive|life|existing|being here)\b",
         after=r"^\s*(?:with|in|at|alone|here|there|near|like|paycheck|on|out of|under|so far|far|in this)\b"),
    rule(r"\bg(?:ive|ives|iving|ave|iven) up on (?:life|living|being alive|staying alive)\b"),
    rule(r"\b(?:can not|can no longer|am not able to|unable to|do not think i can|not sure i can|do not know if i can"
         r"|do not know how to|could not) (?:go on|carry on|keep living|live like this|live with myself|survive this"
         r"|do life|keep myself alive|stay alive|go on living|live this way|keep on living)\b",
         after=r"^\s*(?:a|an|the|this|that|another|with (?:the|this|that|our|my|a) (?:trip|date|plan|tour|holiday|vacation"
               r"|exercise|game|show|call|meeting|job|project|conversation|work)|vacation|holidays?|dates?|tour|trips?"
               r"|stage|tv|air|social media|the internet|camera|leave|break|strike|record|working|talking)\b"
               r"|^\s*(?!living|being|existing|breathing)\w+ing\b"
               r"|^\s*like this with (?:my|the|this|these|our|all (?:the|this|these)) (?!(?:life|pain|thoughts|head|mind|feelings"
               r"|depression|anxiety|marriage|relationship|husband|wife|partner|boyfriend|girlfriend|family)\b)"),
    rule(r"\b(?:want|need|wish) (?:it all|everything|all of it|life|my life) to (?:stop|end|be over)\b",
         after=r"^\s*(?:so|and|for a|for just|for one|just for|until|till)\b"),
    rule(r"\bwant (?:the|this|all the|my) pain to (?:stop|end|go away) (?:forever|for good|permanently)\b"),
    rule(r"\b(?:my )?last (?:night|day|week) (?:alive|on (?:this )?earth|on this planet)\b|\bgoodbye (?:forever|cruel world)\b"),
    # "I should just end it", "might as well end it all"
    rule(r"\b(?:should|might as well|may as well|could just|will just|am just going to) (?:just )?end (?:it|it all|everything"
         r"|my life)\s*$", before=DENIAL),
    # no way out, no point: hopelessness about living, not about a meeting
    rule(r"\b(?:there is|there's|i see|i can see|i have|i can find|there seems to be) no (?:other )?(?:way out|escape"
         r"|way forward|future for me|hope (?:left )?for me)\b",
         after=r"^\s*(?:of|from|for (?:the|this|that|our|my|a) (?!me)|at|in|on|with|to (?!this|it))\b"),
    rule(r"\bgoing to do something (?:stupid|drastic|dangerous|i will regret)(?: (?:to myself|tonight|now))?\s*$", before=DENIAL),
    # wanting to hurt someone else: an emergency too
    rule(r"\b(?:going to|gonna|want to|wanna|about to|might|need to|feel like i (?:will|might|could)) (?:really )?(?:hurt|attack"
         r"|harm) (?:someone|somebody|people|him|her|them|my (?:\w+ )?(?:kids|children|baby|son|daughter|partner|wife"
         r"|husband|boyfriend|girlfriend))\b",
         before=DENIAL, after=r"^\s*(?:s )?(?:feelings|feeling|pride|ego|chances|career|reputation|business|sales|image"
                              r"|by (?:saying|telling|leaving|not|breaking)|if i (?:say|tell|leave|break))\b"),
    # methods
    rule(r"\b(?:overdose|overdosed|overdosing|od on|take an od)\b", before=DENIAL,
         after=r"^\s*on (?!(?:my|the|some|all|a (?:bunch|lot) of|pills|meds|medication|tablets|drugs|heroin|painkillers|sleeping"
               r"|insulin|paracetamol|tylenol|advil|xanax|opioids|fentanyl|her|his|their))"),
    rule(r"\b(?:take|taking|took|taken|swallow|swallowed|swallowing|down|downed) (?:all|a (?:bunch|lot|handful|whole bottle"
         r"|whole box)|the (?:whole|entire) (?:bottle|box|packet|pack)|too many|every one|every single one) (?:of )?(?:my |the "
         r"|these |those |her |his |their )?(?:pills|meds|medication|medicine|tablets|sleeping pills|painkillers"
         r"|antidepressants|paracetamol|tylenol|xanax)\b", before=DENIAL),
    rule(r"\b(?:jump|jumping|jumped|throw myself|throwing myself|threw myself) (?:off|from) (?:a|the|this|that|my|our) "
         r"(?:bridge|roof|rooftop|building|balcony|cliff|ledge|tower|window|overpass|car park|parking garage|top floor)\b",
         before=DENIAL + r"|\bif (?:all )?(?:your|my|his|her|their|all|everyone|everybody)\b|\bwould you\b"
                         r"|\b(?:bungee|bungy|base|paraglid\w*|zip ?lin\w*|cliff div\w*|tombston\w*)\b",
         after=r"^\s*(?:\w+ ){0,3}(?:into the (?:water|river|lake|sea|pool)|was (?:the )?(?:best|wildest|scariest|most fun)|for fun|on holiday)\b"),
    rule(r"\b(?:jump|jumping|jumped|throw myself|throwing myself|threw myself|step|stepping|stepped|walk|walking|walked|run"
         r"|running|ran|lie down|lying down|lay down) (?:out )?in front of (?:a|the|an|some) (?:train|bus|car|truck|lorry"
         r"|tram|subway|tube)\b", before=DENIAL),
    rule(r"\b(?:walk|walking|walked|step|stepping|stepped|run|running|ran|jump|jumping|jumped|drive|driving|drove) "
         r"(?:out )?into (?:oncoming )?traffic\b", before=DENIAL),
    rule(r"\b(?:drive|driving|drove|crash|crashing|crashed) (?:my car |the car )?(?:off (?:a|the) (?:bridge|cliff)"
         r"|into (?:a|the) (?:wall|tree|river|lake) on purpose)\b", before=DENIAL),
    rule(r"\b(?:hang|hanging|hanged) (?:myself|himself|herself|themselves)\b|\b(?:a|the|make a|tie a|tied a|tying a) noose\b",
         before=DENIAL),
    rule(r"\b(?:shoot|shooting|shot) (?:myself|himself|herself)\b", before=DENIAL, after=r"^\s*in the foot\b"),
    rule(r"\b(?:gun|pistol) (?:to|against) my (?:head|temple)\b|\bblow my (?:brains|head) (?:out|off)\b"),
    rule(r"\b(?:have|got|holding|hold) (?:the|my|all the|all my|a bottle of) (?:pills|tablets|rope|gun|knife|razor|blade|blades)"
         r" (?:ready|here|right here|in my hand|next to me|lined up|counted out|in front of me|beside me|laid out|spread out)\b"
         r"|\buse (?:it|them|the \w+) on myself\b"
         r"|\b(?:standing|sitting|stood) on (?:the|a) (?:bridge|ledge|railing|edge of (?:the|a) (?:bridge|roof|building|cliff))\b",
         after=r"^\s*(?:taking (?:photos|pictures|a photo|a picture|a selfie|selfies)|waiting for|watching|looking at (?:the|a)"
               r" (?:view|sunset|sunrise|river|boats|fireworks|city|lights)|with (?:my|the|a) (?:friends?|camera|dog|kids|family"
               r"|wife|husband|partner)|of (?:the|a|our|my) (?:ship|boat|ferry|liner|vessel|enterprise)|fishing|for (?:the|a)"
               r" (?:photo|picture|parade|view|fireworks))\b"),
    rule(r"\b(?:scared|afraid|terrified|frightened|fear|fearing|fearful) for my (?:life|safety)\b"),
    rule(r"\b(?:slit|slitting|slash|slashing) my (?:wrists?|throat)\b"),
    rule(r"\b(?:cut|cutting|cuts|slice|slicing) (?:open )?my (?:wrists?|throat|arms?|legs?|thighs?|skin|stomach)\b",
         before=DENIAL + r"|\b(?:accidentally|by accident)\s+$", after=_ACCIDENT),
    # self-harm
    rule(r"\bself (?:harm|harms|harming|harmed|injury|injuring|injure|injured|mutilation|mutilate|mutilating)\b",
         before=DENIAL + r"|\b(?:(?:am|is|are|was|were|have|has|had|do|does|did) not|never|no longer|stopped|quit|quitting|used to|clean from|recovered"
                         r"|recovering|recovery from|free of|free from) (?:\w+ )?$",
         after=r"^\s*(?:awareness|prevention|research|training|policy|policies|statistics|rates?|charity)\b"),
    rule(r"\b(?:hurt|hurts|hurting|harm|harms|harming|harmed|cut|cuts|cutting|burn|burns|burning|burned|burnt|starve|starves"
         r"|starving|starved|scratch|scratches|scratching|scratched|hit|hits|hitting|punch|punched|punching|slap|slapped"
         r"|slapping|bite|bit|biting|bruise|bruised|bruising|bang my head|banging my head) "
         r"(?:myself|himself|herself|themselves|themself)\b",
         before=DENIAL + r"|\b(?:fell|fell over|fell down|tripped|slipped|crashed) and $|\b(?:accidentally|by accident|(?:am|is|are|was|were) not|stop myself from|stopped myself from|managed not to|trying not to"
                         r"|try not to|tried not to) (?:\w+ )?$",
         after=_ACCIDENT),
    rule(r"\b(?:urge|urges|craving|cravings|need|want|wanted|wanting|tempted|temptation|itching) to (?:cut|self harm|hurt myself"
         r"|harm myself|burn myself|bleed|relapse)\b", before=DENIAL,
         after=r"^\s*(?:my (?:hair|fringe|bangs|nails|losses|hours|spending|costs|sugar|screen time)|the|a|an|back|down|out|off"
               r"|it|them|this|that|some|ties|carbs|sugar|class|school|corners|costs|loose|in|up|through|him|her|you|short"
               r"|ahead|across)\b"),
    rule(r"\bi (?:\w+ ){0,2}(?:cut|cutting|self harmed|self harming|burned myself|burnt myself|hurt myself|harmed myself"
         r"|relapsed) again\b"),
    rule(r"\b(?:relapsed|relapse) (?:and|on|with|into) (?:cut|cutting|self harm|self harming|hurting myself)\b"),
    rule(r"\b(?:keep|kept|been|started|starting|can not stop|still|went back to) cutting(?= *$| again| lately| every| at night"
         r"| when| myself)"),
    # cannot keep safe
    rule(r"\b(?:can not|can no longer|do not think i can|not sure i can|unable to|do not know if i can|do not know how to"
         r"|am not able to|could not|struggling to) (?:keep|stay) (?:myself )?safe\b"),
    rule(r"\b(?:not|never|do not feel|no longer feel|not feeling) safe (?:with|around|from) myself\b"
         r"|\bnot safe (?:alone|by myself|on my own)\b"),
    rule(r"\bi (?:do not|can not|no longer|can no longer) trust myself\b",
         after=r"^\s*(?:to (?!not)|with (?:money|men|women|dating|relationships|choosing|making|my (?:choices|judgment|judgement"
               r"|instincts|taste|feelings|money|heart))|around (?:cake|sweets|chocolate|food|dessert|him|her|them|sugar)"
               r"|in (?:relationships|love|the kitchen|a relationship)|not to (?:text|call|eat|buy|message|spend|order))"),
    rule(r"\b(?:afraid|scared|terrified|frightened|worried) (?:of )?what i (?:might|will|could|would|am going to) do\b",
         unless=lambda b, a: bool(re.match(r"^\s*(?:if|when|with|about|at|in|on)\b", a))
         and not re.search(r"\b(?:alone|myself|tonight|hurt|end|die)\b", a)),
]

# --- carried sentences: a SearchQuery slot after a carrier phrase, or the bare words it held -------------
# "i feel hopeless", "like a burden", "easier if i wasn't here": whole first-person sentences, and the same
# disclosures as the fragment a slot caught. _LEAD is what may sit before a fragment that is the whole clause.
_LEAD = (r"^(?:(?:um+|uh+|er+|erm|hmm|oh|like|so|just|honestly|i guess|i think|i mean|you know|well|and|yeah|ok|okay"
         r"|really|kind of|sort of|basically|literally|feeling|feel|i feel|always|still|totally|completely|very|pretty"
         r"|quite|too|such|only|a bit|all|nothing but|being|there is|there is just|its|it is) )*")
_NEGATED = r"\b(?:not|never|no longer|nor|less|stopped|without)\s+(?:\w+\s+){0,2}$"
_HOME_WORDS = re.compile(r"\b(?:declutter\w*|moving (?:house|out|abroad|away|flat|home)|we are moving|i am moving|move house"
                         r"|move (?:out|house|abroad|away|flat|home)|charity|charities|charity shop|goodwill|oxfam|downsiz\w*|spring clean\w*|car boot|garage sale"
                         r"|yard sale|jumble sale|ebay|vinted|gumtree|freecycle|craigslist|marketplace|emigrat\w*"
                         r"|kondo|minimalis\w*)\b")


def _burden_harmless(before: str, after: str) -> bool:
    """'a burden' is a crisis sign said of oneself or to people; not said of a project or a trip."""
    if re.search(_NEGATED, before):
        return True
    if re.match(r"^\s*(?:to|on|for) (?:everyone|everybody|every one|all of (?:you|them|us)|you all|them|him|her|people|others"
                r"|anyone|anybody|the (?:family|world|people)|my (?:\w+ )?(?:family|kids|children|friends|parents|partner|wife"
                r"|husband|mum|mom|dad|sister|brother|son|daughter|carers?|team|boyfriend|girlfriend|loved ones))\b", after):
        return False
    if re.fullmatch(_LEAD + r"(?:like |as if |feel like |feeling like )?(?:(?:such|just|only|nothing but|a|an|huge|big|massive"
                    r"|total|constant|real) )*$", before):
        return False  # the fragment on its own: "a burden", "like a burden"
    if re.match(r"^\s*(?:to|on|for) (?:the|this|that|our|my|your|his|her|their|a|an|its) ", after):
        return True  # a burden on the budget, to the project: a thing, not a person
    return not re.search(r"\b(?:i|me)(?: (?:am|feel|felt|feeling|have|had|been|become|became|was|just|so|really|always|only"
                         r"|such|like|as if|as though|think|know|guess|must be|would be|will be|will always be|will only be"
                         r"|seem|seem to be|nothing but|nothing more than|kind of|sort of|a bit of|starting to|start to|being"
                         r"|to be|is|are|of|also|simply|clearly|obviously|becoming|turned into|turning into|ever|basically))* $",
                         before)


_CARRIED = [
    # hopelessness about living ("i feel hopeless", "everything feels hopeless"), not at maths or about dating
    rule(r"\b(?:i(?: (?:am|feel|felt|feeling|have|been|was|just|so|really|very|completely|totally|utterly|kind of|sort of"
         r"|pretty|quite|always|still|getting|becoming|such|deeply|incredibly|extremely|too|increasingly|starting to|start to"
         r"|began to|begin to|do|honestly|literally|all|a bit|more|and))+ |(?:everything|it all|all of (?:it|this)|life|my life"
         r"|things|the future|my future|my situation|living|being alive|the world)(?: \w+)?? (?:is|are|feels|feel|seems|seem"
         r"|looks|look|has become|became|just feels|just seems|all feels|all seems)(?: (?:so|really|very|completely|totally"
         r"|utterly|just|pretty|quite|all|kind of|sort of|absolutely))* )hopeless\b|" + _LEAD + r"hopeless\b"
         r"|\b(?:feelings?|sense|feeling|overwhelming|full) of hopelessness\b",
         before=_NEGATED,
         after=r"^\s*(?:at|with|romantic|romantics|case|cases|cause|causes|task|when it comes to|trying|to (?:find|get|try|fix"
               r"|reach|explain|argue)|about (?!(?:everything|it all|life|my life|the future|myself|the world|anything|ever"
               r"|things|getting better|living|my future|all of (?:it|this))\b)|in (?:the kitchen|maths|math|school|class|bed"
               r"|the garden|sport|sports|games)|on (?:the|a) (?:pitch|field|court|computer|phone)|cook|driver|singer|student"
               r"|player|cook|team|person at|for (?:the|this|our) (?:match|game|team|season)"
               r"|without (?!(?:her|him|them|you|my (?:wife|husband|partner|mum|mom|dad|kids|children|family|boyfriend"
               r"|girlfriend))\b))\b"),
    # feeling a burden, a known warning sign: said of oneself, or to people; as a fragment too
    rule(r"\b(?:a|an) (?:(?:huge|big|massive|total|constant|real|giant|heavy|terrible|such a|complete|useless) )*burden\b"
         r"|\bburden (?:to|on) (?:everyone|everybody|my family|them|people|others)\b|^(?:(?:um|uh|like|so|just|honestly|such"
         r"|feeling|feel) )*burden\s*$",
         unless=_burden_harmless),
    # no future, no hope: about living, not a job, a shop or a table tonight
    rule(r"\b(?:(?:do not|can not|could not|no longer|never|not) (?:really |even |actually )?see (?:a|any|much of a|my|the|me having"
         r" a) future|(?:i|we) (?:have|have got|got|see) no future|no future for me|(?:my|the) future (?:is|feels|looks|seems)"
         r" (?:so |just |completely |totally )?(?:empty|pointless|hopeless|black|dark|bleak|blank))\b|" + _LEAD + r"no future\b",
         after=r"^\s*(?:in|with|for (?!(?:me|myself|us)\b)|at|on|between|together|as|where|if (?:we|you|they|he|she))\b"),
    rule(r"\b(?:(?:there is|i have|i have got|i see|i feel|i can see|there is just|there is really) no hope(?: left)?"
         r"|(?:i have |i |have |i am )?(?:lost|losing|run out of|given up) (?:all |any |my |every )?hope)\b|" + _LEAD
         + r"no hope(?: left)?\b",
         before=_NEGATED,
         after=r"^\s*(?:of|for (?!(?:me|myself|us|my future|the future|anything|anyone|life|living)\b)|that|in (?!(?:myself|life"
               r"|living|everything|the future|anything|ever|getting better)\b)|we|they|the|you|he|she|it|with|at|on)\b"),
    rule(r"\b(?:nothing|none of (?:this|it)) (?:will|is going to|is|is ever going to|will ever|ever) (?:ever )?(?:going to )?"
         r"(?:get|gets|be|become|turn|change|improve)(?: (?:any )?(?:better|easier|ok|okay|good again|right|different))?\b"
         r"|\b(?:things|it|it all|life|my life|everything|this|i) (?:will never|will not ever|will not|are never|is never|are not"
         r"|is not|am never|am not|never|do not ever|does not ever|is not ever|are not ever) (?:ever )?(?:going to )?(?:get|gets"
         r"|be|become|turn|feel|going to feel) (?:any )?(?:better|easier|okay|ok|good again)\b",
         before=_NEGATED + r"|\b(?:if|unless|until|when|hope|hoping|worried|worry|afraid|scared)\b(?: \w+){0,3} $",
         after=r"^\s*(?:than|unless|until|if|without|by|with|overnight|on its own|today|tonight|this (?:week|year|season|month)"
               r"|for|at|in (?:the|this|a|time)|soon|quickly|from|after)\b"),
    rule(r"\b(?:do not|can not|no longer|never) (?:really |honestly |actually )?(?:think|believe|see how|feel like|imagine)"
         r" (?:that )?(?:things|it|life|anything|my life|i|everything|it all) (?:will|is going to|are going to|can|could|am going"
         r" to|would) (?:ever )?(?:get|be|feel|become) (?:any )?(?:better|easier|okay|ok|good again)\b",
         after=r"^\s*(?:than|unless|until|if|without|by|with|overnight|on its own|today|tonight|this (?:week|year|season|month)"
               r"|for|at|in (?:the|this|a|time)|soon|quickly|from|after)\b"),
    # no point: in anything, in living, anymore; not in ironing or a date
    rule(r"\b(?:no|the|any|a) (?:real |actual |single )?(?:point|reason|purpose) (?:(?:in|of) (?:anything|it all|any of"
         r" (?:it|this)|everything|life|living|existing|me|me being (?:here|alive|around)|being (?:here|alive|around|me)|going on"
         r"|carrying on|keep(?:ing)? going|continuing|waking up|trying anymore|me trying|even trying anymore)(?: (?:anymore|any"
         r" more|any longer|at all))?|anymore|any more|any longer|at all anymore)\s*$"),
    rule(r"\b(?:no|any) (?:real )?reason for me to (?:be here|be alive|live|go on|keep going|exist|carry on|wake up|stay alive)\b",
         after=r"^\s*(?:at|in|on|for|with|when|today|tomorrow|tonight|now that)\b"),
    rule(r"\bwhy (?:am i|do i|should i|would i|is it that i|bother)(?: (?:even|still|just|keep|really|bother))* (?:alive|living"
         r"|exist|existing|be alive|stay alive|staying alive|go on|going on|keep going|keep living|bother (?:living|staying alive"
         r"|going on|waking up|existing|trying))\b|\b(?:do not|does not|no longer) know why i am (?:still )?(?:alive|living"
         r"|still here)\b|\bi (?:should not|do not deserve to|should never have been|should not even) (?:be )?(?:alive|born|live"
         r"|exist|be alive|existed)\b", before=_NEGATED,
         after=r"^\s*(?:in|at|on|with|like|for)\b"),
    rule(r"\b(?:done|finished|through) (?:with (?:life|living|being alive|existing|this life|this world|being here)|living"
         r"|being alive|existing|trying to stay alive)\b",
         before=r"\b(?:not|never|almost|nearly) (?:\w+ )?$",
         after=r"^\s*(?:admin|insurance|drawing|class|classes|coaching|drawings|lessons?|savings?|jackets?|hacks?|style|styles"
               r"|goals?|skills?|cycle|in|with|at|here|there|like|near|on|abroad|out of|paycheck|under|together|apart|off)\b"),
    # cannot go on, cannot do this anymore: said of it all, not of a crossword or the traffic
    rule(r"\b(?:can not|can no longer|could not|do not think i can|am not able to|no longer able to|unable to)(?: \w+)?? "
         r"(?:do|take|cope with|handle|bear|stand|deal with|keep doing|face|live with|carry|go through|manage) (?:this|it|any of"
         r" (?:this|it)|life|my life|this life|it all|all of (?:this|it)|everything|the pain|this pain|the thoughts|my thoughts"
         r"|this feeling|these feelings|the way i feel|living like this|being (?:me|alive|like this|here)|myself|feeling like"
         r" this|the loneliness|the darkness|another day)(?: all)? (?:anymore|any more|any longer|much longer)\b"
         r"|\b(?:can not|can no longer|could not|do not think i can|am not able to|unable to)(?: \w+)?? (?:handle|cope with|deal"
         r" with|face|bear|take|do) (?:life|my life|living|being alive|existing|another day)\b",
         before=_NEGATED,
         after=r"^\s*(?:admin|insurance|like|with (?:the|this|that|my|our) (?!(?:pain|thoughts|feelings|loneliness)\b)"
               r"|in (?:the|this) (?:city|town|house|flat|heat))"),
    rule(r"\b(?:can not|can no longer|could not|do not think i can|am not able to|no longer able to|unable to|can not even)"
         r"(?: \w+)?? (?:cope|take any more|go on|keep going|keep doing this|carry on|hold on|hang on|keep it together"
         r"|keep fighting)(?: (?:anymore|any more|any longer|much longer|now|right now|tonight))?\s*$"
         # "i can't do this" alone is often a no to an exercise (it pauses it); "...anymore" is met with care
         r"|\b(?:can not|can no longer|could not|do not think i can|am not able to|no longer able to|unable to|can not even)"
         r"(?: \w+)?? (?:do this|do it|take it|take this|handle it|handle this|bear it|fight it|fight this|stand it)"
         r" (?:anymore|any more|any longer|much longer)\s*$",
         before=_NEGATED),
    rule(r"\b(?:do not|does not|no longer) (?:really |even )?(?:want|wish|feel like|have the strength) to (?:keep going|go on"
         r"|carry on|keep living|continue|keep fighting|keep trying|try anymore)(?: (?:anymore|any more|any longer|now))?\s*$"),
    # easier if i wasn't here; better for everyone if i disappeared
    rule(r"\b(?:easier|better|simpler|happier|best|lighter|calmer|more peaceful|a relief)(?: (?:for|to) \w+(?: \w+)??)?(?: off)?"
         r"(?: for \w+(?: \w+)??)? (?:if|when|once) i (?:just |simply |finally )?(?:(?:was|were|am|was just|were just) (?:not|no"
         r" longer|never) (?:here|around|alive|in the picture|in (?:this|the) world|on this earth|born|in (?:their|your|his|her)"
         r" lives?)|(?:did not|never|would not|could not) (?:exist|existed|wake up|woke up|come back|been born)|(?:was|were|am)"
         r" (?:gone|dead|out of the picture|out of the way)|died|disappeared|vanished|left this world|never existed"
         r"|just went away|ended it|ended my life|killed myself|did not wake up|never woke up|stopped existing)\b",
         before=_NEGATED,
         after=r"^\s*(?:when|on|for|at|by|until|till|during|tomorrow|today|tonight|this (?:week|weekend|morning|afternoon|evening)"
               r"|next|in the (?:morning|afternoon|evening|office|kitchen|room|meeting)|while|to (?:see|hear|watch)|from|with)\b"),
    rule(r"\b(?:would|had) (?:much )?rather (?:just )?(?:not (?:be here|be alive|exist|wake up|be around|live)|be gone|not be)"
         r"(?: (?:anymore|any more|any longer))?\s*(?:$|anymore)",
         after=r"^\s*(?:at|in|on|for|with|when|today|tonight|right now|tomorrow|than)\b"),
    rule(r"\b(?:think|thinking|thought|thoughts|dream|dreaming|fantasi[sz]e|fantasi[sz]ing|obsessing)(?: (?:a lot|about it|so"
         r" much|constantly|all the time|every day|again))? (?:about|of) (?:dying|being dead|not being (?:here|alive|around)"
         r"|not existing|not waking up|ending (?:it all|my life|things|it)|killing myself|my own death|taking my (?:own )?life"
         r"|disappearing forever)\b", before=DENIAL,
         after=r"^\s*(?:my|his|her|their|the|it|hair|of old age|in (?:a|the|an|my sleep)|on (?:a|the)|from|of|alone|young|before"
               r"|with|between|at|there|next|tomorrow|on|for|this|when|while|blue|red|pink|green|purple|black|blonde|brown)\b"),
    rule(r"\b(?:go to sleep|sleep|fall asleep|close my eyes|drift off) and (?:never|not|just not|not ever) (?:wake up|open them"
         r" again|come back)\b", before=DENIAL,
         after=r"^\s*(?:for|until|till|if|on|at|in|before|after|early)\b"),
    rule(r"\b(?:want|need|wish|wishing|wanting)(?: (?:for|that))? (?:the|this|my|all (?:the|this|my)) pain to (?:stop|end|be over"
         r"|finish)\b",
         after=r"^\s*(?:in my (?:back|head|knee|leg|tooth|teeth|neck|stomach|feet|foot|arm|shoulder)|so i can (?:sleep|walk"
               r"|work|run|eat))\b"),
    rule(r"\b(?:want|wanted|need|wish|wishing|hope|hoping|pray|praying)(?: that)? (?:(?:it all|everything|life|my life|all of"
         r" (?:it|this)) (?:to be|was|were|is|would be|will be) (?:just )?(?:over|finished|done)|(?:it|this) (?:was|were|is|would"
         r" be) (?:all|just all) (?:over|finished))\b",
         after=r"^\s*(?:already|by|so (?:i|we) can|before|after|and (?:done|dusted)|for (?:the|this|today)|with)\b"),
    # self-harm: a relapse, cutting again, fresh cuts
    rule(r"(?:" + _LEAD + r"|\bi (?:(?!(?:he|she|they|my|his|her|their|it|the|we|you)\b)\w+ ){0,2}?)relapsed\b"
         r"|\b(?:i|i have|i just|i think i) (?:had|have had) a relapse\s*$",
         after=r"^\s*(?:on|into (?!(?:cutting|self harm|self harming|hurting))|with (?!(?:cutting|self harm|the (?:cutting"
               r"|self harm)|my self harm))|and (?:had|ate|smoked|drank|bought|went|got|took|did|watched|played|vaped|bit|picked"
               r"|binged|texted|called|messaged)|in my (?:diet|recovery from (?:smoking|drinking))|from|of|after (?:\w+ )?(?:months|"
               r"weeks|years|days) (?:off|without) (?:sugar|chocolate|caffeine|coffee|smoking|cigarettes|vaping|carbs))\b"),
    rule(_LEAD + r"cutting again\b|\b(?:fresh|new|deep|more|open) (?:cuts|scars|burns|wounds) (?:on|all over) (?:my|his|her)"
         r" (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|stomach|skin|body|hip|hips)\b",
         after=r"^\s*(?:from (?:the|a|my|gardening|work|cooking|climbing|brambles|the cat|the dog)|after (?:gardening|climbing"
               r"|cooking|work)|because of)\b"),
    # plans and means: saved-up pills, how many it would take, a rope, a goodbye note, things given away
    rule(r"\b(?:saved|saving|save|stockpiled|stockpiling|stockpile|hoarded|hoarding|hoard|stashed|stashing|stash|squirrelled"
         r"|squirreled|hid|hiding|hidden|built up|building up|been collecting|keep collecting) (?:up |away )?(?:all |some |a lot"
         r" of |loads of |a bunch of |enough |a stash of )?(?:of )?(?:my |the |her |his |these |those |a few )?(?:pills|tablets"
         r"|meds|medication|medicine|medicines|painkillers|sleeping pills|sleeping tablets|antidepressants|insulin|paracetamol"
         r"|tylenol|xanax|oxy|opioids|prescriptions?)\b", before=DENIAL,
         after=r"^\s*(?:for (?:the|my|our) (?:trip|holiday|vacation|travels?|flight|journey)|in (?:a|the|my) (?:pill box|organiser"
               r"|organizer|cupboard from the kids)|from (?:the|my) (?:kids|children|dog|cat))"),
    rule(r"\bhow (?:many|much)(?: of)?(?: (?:my|the|these|those))? (?:pills|tablets|paracetamol|painkillers|sleeping pills|meds"
         r"|medication|tylenol|insulin|xanax|antidepressants)(?: \w+){0,3}? (?:it would take|it will take|it takes|would it take"
         r"|does it take|would (?:kill|do it|be enough)|will (?:kill|do it)|to (?:die|kill|overdose|od|end it|not wake up)|(?:is|are)"
         r" (?:a )?(?:lethal|fatal|deadly|an overdose|too many to survive))\b"
         r"|\b(?:lethal|fatal|deadly) (?:dose|amount|overdose)\b",
         after=r"^\s*of (?:caffeine|coffee|vitamin|sugar|chocolate|water|salt|nutmeg|radiation|energy drinks?)\b"),
    rule(r"\b(?:bought|buy|buying|got|get|getting|have|found|ordered|order|hid|hidden|hide|put|tied|tying|tie|bring|brought)"
         r" (?:a |some |the |myself a |myself some |a length of |a piece of |a bit of )?(?:strong |thick |long |new )?rope\b",
         before=r"\b(?:we|you|they|he|she|kids|children)(?: \w+)? $|\b(?:a|the) \w+ $",
         after=r"^\s*(?:for (?!(?:it|this|that|myself|me|tonight|later|when|the end)\b)|swing|ladder|lights?|bridge|course|access"
               r"|burn|burns|toy|to (?:tie (?:up )?(?:the|a|my|our|down|it|them|some)|secure|climb|hang (?:the|a|my|some|up (?:the|a|my)"
               r"|our|washing|clothes|lights|bunting|laundry)|hold|tow|drag|pull|play|practice|practise|skip|lift|anchor|moor)|and"
               r" (?:a |some )?(?:pegs|tent|carabiners?|harness|chalk|pulleys?))\b"),
    rule(r"\b(?:goodbye|farewell) (?:notes?|letters?|messages? to (?:everyone|my (?:family|kids|children|friends|loved ones)))\b"
         r"|\b(?:wrote|writing|write|written|left|leave) (?:a |my |the |some )?(?:last|final) (?:notes?|letters?|messages?)"
         r"(?= to (?:everyone|everybody|my (?:family|kids|children|friends|loved ones|mum|mom|dad|parents|wife|husband|partner))"
         r"|\s*$| for (?:my (?:family|kids|children|friends|loved ones)|everyone|when i am gone))"
         r"|\bsuicide (?:notes?|letters?)\b",
         after=r"^\s*(?:to (?:my )?(?:old|younger|inner|past|former|future|teenage|child) |to (?:my )?(?:anxiety|depression|ex"
               r"|eating disorder|inner critic|addiction|grief|fear|fears|pain|shame|old self|younger self|job|old job|house|flat"
               r"|home|school|colleague|colleagues|coworkers?|co workers?|boss|team|class|teacher|students|office|neighbours?"
               r"|neighbors?|smoking|drinking|cigarettes|alcohol|the office|the team|work|habit|habits)|for (?:my |a |the |our )?"
               r"(?:colleague|coworker|co worker|boss|team|class|teacher|students|office|neighbour|neighbor|leaving|retirement"
               r"|card)|card|cards|on (?:the|my) (?:exam|test|essay|piano|guitar|violin|song))"),
    rule(r"\b(?:giving|given|gave|give|gifting|handing) (?:away )?(?:all |most |some |the rest )?(?:of )?my (?:things|stuff"
         r"|belongings|possessions|prized possessions|favourite things|favorite things|valuables|treasures|jewellery|jewelry"
         r"|savings|money|stuff and)(?: away)?\b|\bgiving (?:everything|it all) away\b",
         before=DENIAL,
         unless=lambda b, a: bool(_HOME_WORDS.search(b + " " + a))
         or bool(re.match(r"^\s*(?:away )?(?:to (?:the|a) \w+ shop|on (?:the|a) \w+ (?:app|site|group))", a))),
    rule(r"\b(?:saying|said|say|to say|made|making) (?:my |all my )?(?:goodbyes|last goodbyes|final goodbyes)\b"
         r"|\b(?:said|saying|say) goodbye to (?:everyone|everybody|every one|my (?:family|kids|children|friends|loved ones)"
         r"|the world|you all|all of you|everything)\b(?=.*\bfor (?:the )?(?:very )?(?:last time|last|good|ever|forever)\b)",
         unless=lambda b, a: bool(re.match(r"^\s*(?:at|to (?:my )?(?:colleagues|coworkers|the team|the office|the house|the flat"
                                           r"|the school)|before (?:the|my|our|i|we) (?:move|flight|trip|holiday|leave|left)"
                                           r"|and (?:left|went|headed|got))\b", a)
                                  or re.search(r"\b(?:leaving do|farewell party|moving|last day (?:at|of)|emigrat\w*|retir\w*"
                                               r"|graduat\w*|airport|flight)\b", b + " " + a))),
    rule(r"\b(?:on|at) (?:the|a) (?:edge of (?:the|a) )?(?:bridge|ledge|railing|roof|rooftop|cliff edge|platform edge|top"
         r" of (?:the|a) (?:bridge|building|car park|multi storey|cliff|tower))\b(?=.*\b(?:jump|jumping|end it|end my life"
         r"|kill myself|let go|fall|step off)\b)"
         r"|\b(?:standing|sitting|stood|i am) (?:at|on) the edge of (?:the|a) (?:bridge|roof|building|cliff|platform|tracks)\b",
         before=DENIAL),
    rule(r"\b(?:want|wanted|going|about|ready|planning|thinking (?:of|about)|tempted|urge|feel like|want to|need to)(?: to)?"
         r" (?:drive|driving|crash|crashing|steer|steering|swerve|swerving) (?:my car |the car |my bike )?(?:into|off) (?:a|the)"
         r" (?:wall|tree|river|lake|bridge|cliff|truck|lorry|barrier|bus|oncoming traffic|canal|sea)\b", before=DENIAL),
    rule(_LEAD + r"no (?:other )?(?:way out|escape|way forward)\s*$"),
    # not safe here, as the fragment a slot caught
    rule(_LEAD + r"(?:not|never|no longer) (?:feeling |feel )?safe (?:here|right now|where i am|tonight|now)\b"
         r"|\bi am not safe where i am\b"),
]
_SELF += _CARRIED

_ABUSE_AFTER = (r"^\s*(?:up|at|in (?:a |the )?(?:game|chess|cards|race|match|tennis|golf|argument|debate|mario|fifa|scrabble"
                r"|monopoly|poker)|to (?:it|the|do|be|try|work|study|grow|improve|get|finish|reach|go|keep|take|apply|speak"
                r"|open|start|see|join|sign|stop|change|look|find|make|believe|leave him|leave her|write)|on (?:the |a )?(?:swing|swings"
                r"|roundabout|sledge|sled)|into (?:trying|doing"
                r"|therapy|going|signing|applying|joining|taking|it)|with (?:a |the |an |some |this |that |his |her |their )?"
                r"(?:question|questions|joke|jokes|news|truth|idea|reality|line|story|compliment|compliments|surprise|pillow"
                r"|pillows|snowball|snowballs|water balloon|nerf|guilt|facts|fact|deal|offer|request|proposal|hug|kiss|cuteness"
                r"|flowers)|by (?:a |one |two |three )?(?:point|points|second|seconds|minute|minutes|mile|miles|goal|goals"
                r"|vote|votes)|in (?:\w+ )?(?:moves|rounds|sets|points|goals|seconds|minutes|laps|games|straight sets|a row)"
                r"|in the back (?:at work|by|over|when|again|like|with (?:a |that |the |her |his )?(?:comment|comments|lie|lies|rumou?rs?|email|post|message|gossip))"
                r"|hard(?! with)|out of (?:nowhere|the blue)|so much|deeply|emotionally|a lot|when (?:he|she|they)"
                r" (?:ignore|ignores|ignored|leave|leaves|left|say|says|said|forget|forgets|forgot|do not|does not|did not"
                r"|cancel|cancels|cancelled|lie|lies|lied|cheat|cheats|cheated|pull|pulls|pulled|withdraw|withdraws|go|goes"
                r"|went|flirt|flirts|text|texts|talk|talks))\b")

_HARM = [
    rule(rf"{PERSON}(?: \w+){{0,4}}? (?:hits|hit|hitting|beats|beat|beating|beaten|punches|punched|punching|kicks|kicked"
         r"|kicking|slaps|slapped|slapping|chokes|choked|choking|strangles|strangled|strangling|shoves|shoved|shoving"
         r"|pushes|pushed|pushing|rapes|raped|raping|molests|molested|attacks|attacked|attacking|burns|burned|burnt|bites"
         r"|stabbed|stabs|whips|whipped|drags|dragged|grabs|grabbed|smacks|smacked|batters|battered|abuses|abused|abusing"
         r"|hurts|hurting|assaulted|assaults|threw (?:something|things|a \w+) at|throws (?:things|stuff) at|spits on|spat on"
         r"|tortures|tortured|torturing|is torturing|are torturing)"
         r" (?:me|us|(?:my )?\w+ and me)\b",
         harm=True, after=_ABUSE_AFTER,
         unless=lambda b, a: bool(re.match(r"^\s*(?:a|an|some|the|lunch|coffee|food|dinner|drinks?|tickets?)\b", a))),
    rule(rf"{PERSON}(?: \w+){{0,4}}? (?:hurt|hit|beat) me (?:again|physically|badly|bad|every (?:day|night|time|week)|when (?:he|she|they) "
         r"(?:drinks|drank|is drunk|gets drunk|gets angry|got angry|is angry)|until)\b", harm=True),
    rule(rf"{PERSON}(?: \w+){{0,5}}? (?:to|will|would|might|could|may) (?:\w+ )?(?:hurt|kill|hit|beat|rape|stab|shoot"
         r"|strangle|choke|attack|murder|hurt) (?:me|my (?:kids|children|son|daughter|baby|dog|cat|family))\b",
         harm=True,
         unless=lambda b, a: bool(_KILL_IDIOM.match(a) or re.match(r"^\s*(?:laughing|with (?:kindness|love|jokes))\b", a)
                                  or _SECRET_KEPT.search(a))),
    rule(r"\bthreat(?:ens|ened|ening) (?:to )?(?:kill|hurt|hit|beat|stab|shoot|take (?:the|my) (?:kids|children)|kill (?:himself"
         r"|herself|themselves)|end (?:his|her) life)\b", harm=True),
    rule(r"\b(?:abusive|abusing me|abuses me|abused me|being abused|been abused|getting abused|domestic (?:violence|abuse)"
         r"|intimate partner violence|coercive control|controlling and violent)\b", harm=True,
         before=r"\b(?:essay|paper|article|report|documentary|podcast|book|class|course|training|research|study|statistics"
                r"|awareness|month|charity|volunteer|volunteering|about|on) (?:\w+ ){0,2}$",
         after=r"^\s*(?:comments?|language|messages?|texts?|tweets?|posts?|reviews?|customers?|training|awareness"
               r"|prevention|charity|shelter (?:volunteer|fundraiser))\b"),
    rule(r"\b(?:raped|rape me|rapes me|raping me|sexually assaulted|sexually abused|molested|molesting me|molests me"
         r"|touches me (?:when|where|at night|inappropriately|and|in my)|touched me (?:inappropriately|where|without|at night)"
         r"|(?:forced|forces|made|makes) me (?:to )?(?:have sex|do sexual|sleep with)|forces himself on me|forced himself on me)\b",
         harm=True),
    rule(r"\b(?:will not|does not|would not|did not|never) let me (?:leave(?: the (?:house|room|flat|apartment)| home| him| her)?"
         r"(?! (?:early|work|class|school|the party|until|before|without|the table))|out of (?:the house|his sight|her sight)"
         r"|go (?:out|anywhere|outside)(?: on my own)? (?:without (?:him|her|them)|alone|at all|ever|anymore|by myself)"
         r"|have (?:my own )?(?:money|phone|keys|car keys|bank card|bank account|cards?|passport|friends|a job)"
         r"|(?:talk|speak) to (?:anyone|anybody|my (?:friends|family|mum|mom|dad|parents|sister|brother))"
         r"|(?:call|see) (?:a doctor|anyone|anybody|my (?:mum|mom|dad|parents|sister|brother)\s*$)"
         r"|get a job|work|use (?:my|the) phone)\b", harm=True),
    rule(r"\b(?:will not|does not|would not|did not|never) let me (?:leave(?: the (?:house|room|flat|apartment)| home| him| her)?"
         r"(?! (?:early|work|class|school|the party|until|before|without|the table))|out of (?:the house|his sight|her sight)"
         r"|have (?:my own )?(?:money|phone|keys|car keys)|see (?:my )?(?:friends|family)(?: (?:at all|anymore|ever))?\s*$)",
         harm=True),
    rule(r"\b(?:locks|locked|locking) me (?:in|inside|up)\b", harm=True),
    rule(rf"\b(?:afraid|scared|terrified|frightened) (?:of|to go home to|to be alone with|to be around) (?:him|her|them|my (?:\w+ )?{FAMILY})\b",
         harm=True,
         after=r"^\s*(?:leaving|breaking|cheating|losing|getting|finding|being|judging|rejecting|thinking|seeing|noticing"
               r"|reaction|reactions|opinion|opinions|feelings|not|going|moving|meeting|saying|telling|asking|knowing|ignoring"
               r"|and (?:my|his|her))\b"),
    rule(r"\b(?:afraid|scared|terrified|frightened) to go (?:back )?home\b", harm=True,
         after=r"^\s*(?:because (?:of )?(?:the|my) (?:mess|exam|exams|grades|report|homework|dishes|results))"),
    rule(r"\b(?:is|are|keeps|kept|has been|have been|was|were|been|keep) (?:stalking|following|harassing|threatening) me\b"
         r"|\b(?:stalks|stalked|harasses|harassed|threatens|threatened) me\b|\bi am being (?:stalked|followed|harassed|threatened"
         r"|abused|hurt|hit|beaten|attacked)\b|\b(?:my|a|have a) stalker\b", harm=True,
         after=r"^\s*(?:on|around on|online|with (?:a|an) (?:lawsuit|fine|ticket|email|bill|letter))\b|^\s*\w* ?(?:instagram|insta"
               r"|facebook|twitter|tiktok|snapchat|socials|social media|youtube|linkedin|spotify)\b"),
    rule(r"\b(?:has|have|had|got|pulled|pointed|held|holds|waved) (?:a )?(?:gun|knife) (?:at|on|to|against) (?:me|my)\b"
         r"|\buse (?:it|the gun|the knife|a gun|a knife) on me\b", harm=True),
    rule(r"\b(?:i|we|my (?:kids|children|son|daughter|baby|life)|our (?:lives|kids|children))(?: \w+){0,3}? (?:not safe|in danger"
         r"|unsafe)\b",
         after=r"^\s*(?:of|from (?:the|a) (?:sun|rain|storm|virus|flu)|to (?:drive|eat|swim|use)|driving|(?:on|at) (?:the|this)"
               r" (?:road|ice|job)|in (?:relationships|love)|emotionally|opening up|being vulnerable|to (?:share|open up|be myself"
               r"|trust|say|speak|cry)|sharing|talking about|online)\b",
         unless=lambda b, a: bool(re.search(r"\bemotionally $", b)),
         harm_after=r"^\s*(?:at home|in my (?:own )?(?:home|house|flat|apartment|room)|with (?:him|her|them|my)|around (?:him|her"
                    r"|them|my)|because of (?:him|her|them|my)|here with)\b"),
    rule(r"\b(?:do not|no longer|never|can not|can never) feel safe\b",
         after=r"^\s*(?:in (?:relationships|a relationship|love|my relationship|crowds|the dark|cars|planes|elevators|lifts"
               r"|public)|emotionally|opening up|being (?:vulnerable|myself|open|close|seen)|to (?:share|open up|be (?:myself"
               r"|vulnerable|honest|open)|trust|say|speak|cry|ask|talk|tell|express|show|love)|sharing|talking|expressing|asking"
               r"|showing|when (?:i|we) (?:argue|fight|disagree|talk)|with (?:my )?(?:feelings|emotions|people|anyone|strangers"
               r"|friends|men|women|intimacy|closeness)|around (?:people|strangers|crowds|new people|dogs)|driving|flying|on "
               r"(?:planes|the road|the roads|bridges))\b",
         harm_after=r"^\s*(?:at home|in my (?:own )?(?:home|house|flat|apartment|room)|with (?:him|her|them|my)|around (?:him"
                    r"|her|them|my)|because of (?:him|her|them|my)|going home)\b"),
    rule(r"\b(?:unsafe|in danger|not safe) (?:at home|in my (?:own )?(?:home|house|flat|apartment))\b", harm=True),
    rule(r"\bmy life is in danger\b|\b(?:someone|somebody|a man|a guy) (?:is |keeps )?following me home\b", harm=True),
    rule(r"\b(?:someone|somebody|some one|a man|a guy|a woman|a stranger|strangers|people|burglars?|intruders?|my ex|he|she|they)"
         r"(?: is| are| keeps| kept| has been| have been| was| were| just)? (?:trying to )?(?:break|breaking|broke|get|getting"
         r"|force (?:his|her|their|the) way|forcing (?:his|her|their|the) way) (?:in|into (?:my|the|our) (?:house|home|flat"
         r"|apartment|room|bedroom|place|building|car))\b", harm=True,
         unless=lambda b, a: bool(re.match(r"^\s*(?:touch|line|the queue|shape|trouble|the way|my way|contact|first|free|for free"
                                           r"|on (?:the|this|it|a)|to (?:the|see|a|an|my|our|his|her)|with|new|his|her|their"
                                           r"|my|the|a|some|your|early|late|at|bed|before|after|trouble)\b", a))
         or (bool(re.search(r"\b(?:he|she|they)(?: \w+)? $", b + " ")) and not re.search(
             r"\b(?:trying|keeps|kept|scared|afraid|terrified|frightened|help|police|now|right now|tonight|window|door)\b",
             b + " " + a))),
]


# Coercive control, threats over the children, a person to be afraid of at home.
PARTNER = rf"(?:\b(?:he|she)\b|\bmy (?:\w+ )?{FAMILY}\b)"
_CONTROL = [
    rule(rf"{PERSON}(?: \w+){{0,3}}? (?:takes|took|taking|keeps|kept|keeping|has|holds|held|hides|hid|hiding|confiscates"
         r"|confiscated|smashes|smashed|smashing|breaks|broke|destroys|destroyed|checks|checked|checking|reads|read|reading"
         r"|goes through|went through|going through|monitors|monitored|monitoring|tracks|tracked|tracking|spies on|spied on"
         r"|locks|locked|steals|stole|stealing|takes away|took away|cuts off|cut off|cancelled|cancels|withholds|withheld)"
         r" (?:all (?:of )?|away )?(?:my|our) (?:phone|mobile|cell|money|wages|salary|pay|paycheck|paycheque|bank card|bank"
         r" cards|cards|credit cards?|debit cards?|keys|car keys|passport|documents|papers|id|messages|texts|emails|location"
         r"|calls|bank account|benefits|finances|whatsapp|dms|every move|internet|medication|meds)\b",
         harm=True,
         after=r"^\s*(?:charger|chargers|case|cover|cable|number|bill|contract|screen|screens|protector|plan|tariff|for (?:repair|a"
               r" repair|me)|to (?:play|watch|charge|fix|the (?:shop|repair|bank))|off (?:the|charge)|out (?:for|of)|ring|ringtone"
               r"|at (?:the door|security|the airport|school|the gate|the entrance|the start|the beginning|the cinema)|when i forget"
               r"|so i (?:do|can) (?:not )?(?:lose|forget)|safe for me|in (?:her|his|their) (?:bag|pocket) for me)\b"),
    rule(rf"{PERSON}(?: \w+){{0,3}}? (?:tracks|tracked|tracking|monitors|monitored|monitoring|watches|watched|checks|checked"
         r"|checking|spies on) (?:where i (?:go|am|have been|was)|everywhere i go|my every move|every move i make"
         r"|who i (?:talk|text|see|speak|message|call)|me (?:everywhere|on (?:his|her|their|my) phone|with (?:an|a) app|all the"
         r" time|24 7))\b", harm=True),
    rule(rf"{PERSON}(?: \w+){{0,3}}? (?:controls|controlled|controlling|has control (?:of|over)|takes control of|took control"
         r" of|decides|decided) (?:all |every )?(?:(?:of )?(?:my|our|the) )?(?:money|finances|bank account|accounts|wages|salary"
         r"|benefits|everything i (?:do|say|wear|eat|spend|buy)|what i (?:do|wear|eat|say|spend|buy)|who i (?:see|talk to"
         r"|speak to|text|am friends with)|where i go|my life|me)\b",
         harm=True),
    rule(rf"{PERSON}(?: \w+){{0,3}}? (?:put|puts|putting|installed|installs|installing|hid|hides|hidden|placed) (?:a |an |some )?"
         r"(?:tracker|tracking device|tracking app|gps tracker|spyware|airtag|air tag|spy app|hidden camera|cameras?) (?:on|in)"
         r" (?:my|our)\b", harm=True,
         after=r"^\s*(?:\w+ )?(?:so (?:i|we) (?:stop|do not|can not) (?:lose|losing|forget)|for (?:the|a) (?:insurance|dog|cat))"),
    rule(rf"{PERSON}(?: \w+){{0,3}}? (?:isolates|isolated|isolating|cuts|cut|cutting|has cut|keeps|kept|keeping|stops|stopped"
         r"|stopping) me (?:off |away )?from (?:seeing |talking to |speaking to )?(?:all |everyone |any )?(?:of )?(?:my |our )?"
         r"(?:friends|family|everyone|everybody|people|mum|mom|dad|parents|sister|brother|the outside world|the world|work)\b",
         harm=True),
    rule(rf"{PERSON}(?: \w+){{0,6}}? (?:will|would|is going to|going to|to|might|could|can) (?:take|get|keep|have|take away)"
         r" (?:the|my|our) (?:kids|children|baby|babies|son|daughter|boys|girls)(?: away)?(?: from me)? (?:if|when|unless|once"
         r"|should)\b|\b(?:never|not) (?:see|get to see) (?:the|my|our) (?:kids|children|baby|son|daughter) again (?:if|unless"
         r"|once|when)\b", harm=True),
    rule(rf"{PERSON}(?: \w+){{0,2}}? (?:comes|came|coming|sneaks|sneaked|snuck|gets|got|climbs|climbed) (?:into|in) (?:my|our)"
         r" (?:room|bed|bedroom)(?= at night| when i am (?:asleep|sleeping)| while i (?:sleep|am asleep)| and (?:touches|gets"
         r" into|lies|lays|gets in)| in the night)|{PERSON}(?: \w+){{0,2}}? (?:comes|came|gets|got|climbs|climbed) into my bed\b",
         harm=True),
    rule(rf"{PARTNER}(?: (?:really|honestly|sometimes|always|actually|just|still|kind of|seriously))* (?:scares|frightens"
         r"|terrifies|intimidates|is scaring|is frightening|is terrifying) me\b", harm=True,
         after=r"^\s*(?:with (?:his|her|their|the|a|an|those|these|some|scary|horror) (?!(?:fists?|hands?|knife|knives|gun|guns"
               r"|threats?|temper|anger|rage|violence|belt|drinking|words|silence|moods?)\b)|when (?:he|she|they) (?:drive|drives"
               r"|jumps|jump|sneaks|creeps|hides|wears|plays|tells)|half to death|to death (?:with|when)|in (?:the|a) (?:good|fun)"
               r"|at (?:halloween|parties))"),
    rule(rf"{PARTNER}(?: \w+)?? (?:is|gets|has been|was|can be|becomes|became|got|is getting)(?: (?:really|so|very|quite|more"
         r"|sometimes|always|often|pretty|extremely|physically))* (?:violent|abusive|dangerous)\b|"
         rf"{PARTNER}(?: \w+)?? (?:is|gets|has been|can be|becomes|got)(?: (?:really|so|very|quite|more|sometimes|always|often))*"
         r" (?:aggressive|rough|physical) (?:with|towards|to|at) (?:me|us)\b", harm=True,
         after=r"^\s*(?:at|on the|in (?:games|sports?|traffic|business|negotiations|the game|the match|his sleep|her sleep)"
               r"|when (?:he|she) (?:drives|plays)|video|films|movies|games|driver|player)\b"),
    rule(rf"{PARTNER}(?: \w+){{0,2}}? (?:is|are|keeps|kept|was|has been|started)(?: (?:just|now|still|again))? (?:banging|pounding"
         r"|hammering|kicking|bashing|smashing) (?:on |at |in |down )?(?:my|the|our) (?:door|doors|window|windows|bedroom door)\b",
         harm=True,
         unless=lambda b, a: not re.search(r"\b(?:scared|terrified|afraid|frightened|shouting|screaming|yelling|threat\w*|drunk"
                                           r"|angry|furious|will not stop|hiding|help|police|kill|hurt|let (?:him|her|them) in"
                                           r"|break|get in|locked)\b", b + " " + a)),
]
_HARM += _CONTROL


def _hits(rules: list[Rule], clause: str) -> Screen:
    crisis = harm = False
    for item in rules:
        for match in item.pattern.finditer(clause):
            before, after = clause[:match.start()], clause[match.end():]
            if item.unless_before is not None and item.unless_before.search(before):
                continue
            if item.unless_after is not None and item.unless_after.match(after):
                continue
            if item.unless is not None and item.unless(before, after):
                continue
            crisis = True
            harm = harm or item.harm or bool(item.harm_after and item.harm_after.match(after))
    return Screen(crisis, harm)


def screen(text: object, *, third: bool = True) -> Screen:
    """Does this free text carry crisis language? Pure; the text goes nowhere.

    ``third``: also ask the third reader (skill/likeness.py). It reads whole sentences; a caller
    screening many fragments of one sentence asks it once, of the whole (skill/hearing.py)."""
    if not isinstance(text, str) or not text.strip():
        return CLEAR
    found = _rules(clauses(text[:MAX_CHARS]))
    if found.crisis or not third:
        return found
    return _likeness(clauses(text[:MAX_CHARS]))


def rules_say(text: str) -> bool:
    """The phrase rules and the concept reader, without the third reader (for its training)."""
    return _rules(clauses(text[:MAX_CHARS])).crisis


# the third reader is not asked about a clause that carries an everyday idiom or hyperbole: it
# has seen too few of them to know "my partner would kill me if I bought another plant"
_HYPERBOLE = _re(r"\b(?:kill|murder|throttle|strangle|skin|slaughter|shoot)\w* me (?:if|when|for|once|after)\b"
                 r"|\b(?:crash(?:ing|ed)? and burn\w*|burn(?:ing|t|ed)? out|burnt out)\b"
                 # the harmless twins the concept reader knows: a burden on the budget, hopeless at maths
                 r"|\b(?:burden|drain|strain) on (?:the|a|this|that|our|my) (?!world|planet|earth|family|everyone|people|them)\w+"
                 r"|\bhopeless (?:at|with) (?!life|living)\w+|\bwak(?:e|ing) (?:up )?(?:the|my|him|her|them|you|everyone|everybody|anyone)\b")
_PARTNER_HARM = _re(rf"{PERSON}")
# "I'd never top myself": a clear denial is the rules' to weigh; the third reader does not read "never"
_DENIED = _re(r"\b(?:would|will|could|shall) never\b|\bnever (?:would|will)\b|\b(?:am|is|are) not (?:going|planning) to\b")


def _likeness(parts: list[str]) -> Screen:
    kept = [c for c in parts if not _HYPERBOLE.search(c) and not concepts.idiomatic(c) and not _DENIED.search(c)
            and not (_PAST.search(c) and not _NOW.search(c))]
    text = " ".join(kept)
    level = likeness.level(text) if kept else 0
    if not level:
        return CLEAR
    return Screen(True, bool(_PARTNER_HARM.search(text)) and not _SELF_WORDS.search(text), sure=level > 1)


_SELF_WORDS = _re(r"\b(?:myself|suicid\w*|die|dying|dead|end it|not wake up|not be here|overdos\w*|pills|tablets)\b")


def _rules(parts: list[str]) -> Screen:
    crisis = harm = False
    for clause in parts:
        if _PAST.search(clause) and not _NOW.search(clause):
            continue  # said about the distant past, with nothing about now
        found = _hits(_SELF, clause)
        other = CLEAR if _MUM_WILL.match(clause) else _hits(_HARM, clause)
        crisis = crisis or found.crisis or other.crisis
        harm = harm or other.harm_by_other or found.harm_by_other
        if not (found.crisis or other.crisis):  # the shapes the phrase rules do not know: meaning, by concept
            meant, by_other = concepts.concern(clause)
            crisis, harm = crisis or meant, harm or by_other
    return Screen(crisis, harm)


def screen_all(texts, *, third: bool = True) -> Screen:
    crisis = harm = sure = False
    for text in texts:
        found = screen(text, third=third)
        crisis, harm = crisis or found.crisis, harm or found.harm_by_other
        sure = sure or (found.crisis and found.sure)
    return Screen(crisis, harm, sure=sure or not crisis)


# --- where to turn, by locale -------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """A line to call or text. ``groups`` is how the number is read: a group at a time, digit by digit."""

    name: str  # as spoken and on the card: "the 988 Suicide and Crisis Lifeline"
    number: str  # as written on the card: "988", "1-800-799-7233"
    groups: tuple[str, ...]  # ("9", "8", "8") -> "nine, eight, eight"; ("1", "800", ...) -> "one, eight zero zero, ..."
    how: str = "call"  # "call", "call or text", "text" (text ``keyword`` to the number)
    keyword: str = ""  # the word to text ("HOME")
    where: str = ""  # a region the line serves, when it is not the whole locale ("England")
    spoken: bool = True  # False: on the card only
    said: str = ""  # the name as spoken, when the written one has digits in it
    say_number: str = ""  # the number in words, where people say it that way ("triple zero")

    @property
    def digits(self) -> str:
        return "".join(self.groups)


@dataclass(frozen=True)
class Website:
    address: str  # as written: "findahelpline.com"
    said: str  # as spoken: "find a helpline dot com"


@dataclass(frozen=True)
class Resources:
    locale: str
    country: str  # "the US"; "" when we do not know where the person is
    crisis: tuple[Line, ...]  # for thoughts of suicide or self-harm, or feeling unable to cope
    abuse: tuple[Line, ...]  # for a partner or family member hurting them
    emergency: Line | None  # None: "your local emergency number"
    website: Website | None = None  # where to find a line when we have none to give
    abuse_national: bool = True  # False: no single national line (we say so, and give what exists)
    abuse_website: Website | None = None

    def spoken(self, lines: tuple[Line, ...]) -> tuple[Line, ...]:
        return tuple(line for line in lines if line.spoken)


FIND_A_HELPLINE = Website("findahelpline.com", "find a helpline dot com")

_US = Resources(
    locale="en-US", country="the US",
    crisis=(Line("the 988 Suicide and Crisis Lifeline", "988", ("988",), "call or text",
                 said="the Suicide and Crisis Lifeline"),
            Line("the Crisis Text Line", "741741", ("741", "741"), "text", keyword="HOME")),
    abuse=(Line("the National Domestic Violence Hotline", "1-800-799-7233", ("1", "800", "799", "7233")),),
    emergency=Line("emergency services", "911", ("911",)),
    website=FIND_A_HELPLINE,
)
_CA = Resources(
    locale="en-CA", country="Canada",
    crisis=(Line("the 9-8-8 Suicide Crisis Helpline", "9-8-8", ("988",), "call or text",
                 said="the Suicide Crisis Helpline"),
            Line("Kids Help Phone, for young people", "1-800-668-6868", ("1", "800", "668", "6868"), spoken=False),
            Line("Kids Help Phone by text", "686868", ("686", "868"), "text", keyword="CONNECT", spoken=False)),
    # Canada has no single national line for abuse at home (provinces run their own, e.g. Ontario's
    # Assaulted Women's Helpline). 9-8-8 and 9-1-1 answer everywhere; ShelterSafe maps the local lines.
    abuse=(),
    emergency=Line("emergency services", "9-1-1", ("911",)),
    website=FIND_A_HELPLINE,
    abuse_national=False,
    abuse_website=Website("sheltersafe.ca", "shelter safe dot C A"),
)
_GB = Resources(
    locale="en-GB", country="the UK",
    crisis=(Line("Samaritans", "116 123", ("116", "123"), "call"),
            Line("Shout", "85258", ("85258",), "text", keyword="SHOUT", spoken=False)),
    abuse=(Line("the National Domestic Abuse Helpline", "0808 2000 247", ("0808", "2000", "247"), where="England"),
           Line("Scotland's Domestic Abuse and Forced Marriage Helpline", "0800 027 1234", ("0800", "027", "1234"),
                where="Scotland", spoken=False),
           Line("Live Fear Free", "0808 80 10 800", ("0808", "80", "10", "800"), where="Wales", spoken=False),
           Line("the Domestic and Sexual Abuse Helpline", "0808 802 1414", ("0808", "802", "1414"),
                where="Northern Ireland", spoken=False),
           Line("Women's Aid", "1800 341 900", ("1800", "341", "900"), where="Ireland", spoken=False)),
    emergency=Line("emergency services", "999", ("999",)),
    website=FIND_A_HELPLINE,
)
_IE = Resources(
    locale="en-IE", country="Ireland",
    crisis=(Line("Samaritans", "116 123", ("116", "123"), "call"),),
    abuse=(Line("Women's Aid", "1800 341 900", ("1800", "341", "900")),),
    emergency=Line("emergency services", "112", ("112",)),
    website=FIND_A_HELPLINE,
)
_AU = Resources(
    locale="en-AU", country="Australia",
    crisis=(Line("Lifeline", "13 11 14", ("13", "11", "14"), "call"),),
    abuse=(Line("1800RESPECT", "1800 737 732", ("1800", "737", "732"), said="one eight hundred respect"),),
    emergency=Line("emergency services", "000", ("000",), say_number="triple zero"),
    website=FIND_A_HELPLINE,
)
_IN = Resources(
    locale="en-IN", country="India",
    crisis=(Line("Tele-MANAS", "14416", ("14416",), "call", said="Tele MANAS"),
            Line("Tele-MANAS", "1-800-891-4416", ("1", "800", "891", "4416"), spoken=False)),
    abuse=(Line("the Women Helpline", "181", ("181",)),),
    emergency=Line("emergency services", "112", ("112",)),
    website=FIND_A_HELPLINE,
)
_ELSEWHERE = Resources(locale="", country="", crisis=(), abuse=(), emergency=None, website=FIND_A_HELPLINE,
                       abuse_national=False)

_BY_LOCALE = {r.locale: r for r in (_US, _CA, _GB, _IE, _AU, _IN)}


def resources(locale: object) -> Resources:
    """The lines for the request's own locale; anywhere else: the emergency number and findahelpline.com.

    Deliberately not the template fallback (en-US words for en-IE): a US number is no help in Dublin.
    """
    return _BY_LOCALE.get(locale if isinstance(locale, str) else "", _ELSEWHERE)


def locales() -> tuple[str, ...]:
    return tuple(_BY_LOCALE)
