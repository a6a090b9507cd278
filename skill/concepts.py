"""The crisis screen's second reader: meaning from words that go together in a clause.

skill/safety.py's phrase rules read exact shapes ("i want to die", "my husband hits me") with
their harmless twins. People say the same things in endless other shapes ("part of me really
wants to die", "they'd all be happier without me dragging them down", "i've got the razor out
again"). This reader looks for concepts that mean danger together, within one clause:
  - ending one's life (die, not be here, disappear forever, never wake up...) with a wish or a
    plan (want, wish, rather, thinking about, going to...), said of oneself;
  - being a burden; hopelessness about living; harm done to oneself; the means or a plan for it;
  - someone hurting, threatening or controlling them; not being safe where they are.
Idioms are taken out first ("dying to", "to die for", "dead tired", "kill the lights"), and a
clause with an everyday frame ("for the wedding", "in this job") is left to the phrase rules.
Negation just before a concept ("i would never hurt myself") cancels it. Pure; keeps nothing.
"""
from __future__ import annotations

import re


def W(*alternatives: str) -> str:
    return r"(?:" + "|".join(alternatives) + r")"

SELF = r"\b(?:i|me|my|myself|mine)\b"
WISH = W(r"\bwant(?:s|ed|ing)?\b", r"\bwish(?:es|ed|ing)?\b", r"\bwould\b", r"\brather\b", r"\bhop(?:e|es|ed|ing)\b",
         r"\bready\b", r"\bgoing to\b", r"\bplan(?:s|ned|ning)?\b", r"\bdecided\b", r"\bthink(?:ing)? (?:about|of)\b",
         r"\bthought (?:about|of)\b", r"\bshould\b", r"\bneed to\b", r"\bmight as well\b", r"\btempted\b", r"\burges?\b",
         r"\btr(?:y|ied|ying) to\b", r"\bpray(?:ing)?\b", r"\blong(?:ing)? to\b", r"\bcould just\b", r"\bcan not wait to\b",
         r"\bfantasi[sz]e\w*\b", r"\bdream(?:s|ing)? (?:about|of)\b", r"\bimagin\w* (?:myself )?\b", r"\bkeep thinking\b",
         r"\bwould not mind\b", r"\bwould be fine\b", r"\brelief\b", r"\bpictur\w*\b", r"\bimagin\w*\b", r"\bwould be okay\b", r"\bdo not care if\b", r"\bwould not care\b")
DEATH = W(r"\bdie\b(?! (?:my|your|her|his|it|them|for|than|laughing|of|from|happy|old|alone|in peace|peacefully|rich))", r"\bdying\b(?! (?:to|for|of laughter|laughing|inside from embarrassment|(?:my|your|her|his|their) hair|it|them))", r"\bbe dead\b",
          r"\bdead\b(?! (?:tired|serious|on|set|end|battery|phone|inside))", r"\bdeath\b",
          r"\bend (?:my life|it all|it|things|everything|my own life)\b(?! with| between| for (?:today|tonight|now))",
          r"\bnot (?:be|being) (?:here|around|alive|in this world)\b(?! (?:when|at|for|on|tomorrow|tonight|this|next|until))", r"\bnot exist\w*\b", r"\bstop existing\b",
          r"\bdisappear\w*\b(?! (?:into|under|in|off|with|for a (?:bit|while|few|week|day|weekend)|on holiday|to|from the (?:party|room|office)))",
          r"\bvanish\w*\b(?! (?:into|for a))", r"\bgone for good\b", r"\bgone forever\b",
          r"\bfade\w* away\b", r"\b(?:never|not) wak(?:e|ing) up\b(?! (?:the|my|him|her|them|you|early|before|at|in time|on time))", r"\bsleep forever\b(?! (?:after|this|on|tomorrow|when|once|until|till|in|at))", r"\bsleep and not\b",
          r"\bcease to\b", r"\bjump(?:ing)? (?:off|in front|from)\b", r"\boverdos(?:e|es|ed|ing)?\b(?! on (?:sugar|caffeine|coffee|chocolate|candy|sweets|tv|netflix|cake|carbs))", r"\bhang myself\b",
          r"\bdrown myself\b", r"\bnot (?:be|being) alive\b", r"\b(?:was|were) not (?:here|around|alive)\b(?! (?:when|at|for|on|yesterday|last|then|to see))",
          r"\b(?:never|not) (?:been |be )?born\b", r"\bnot (?:be )?here (?:anymore|any more|at all|any longer)\b",
          r"\basleep (?:forever|for good|and never)\b", r"\bnot (?:have )?to (?:wake up|exist|be here|be alive)\b",
          r"\bgo to sleep and\b", r"\bstop breathing\b", r"\bstop my heart\b", r"\bmy (?:own )?funeral\b",
 r"\bno longer (?:be )?(?:here|alive|around)\b",
          r"\b(?:car|bus|train|truck|lorry) (?:hit|killed|ran over|struck|hits) me\b", r"\bif i (?:died|was dead|were dead|was gone|were gone|did not wake up)\b",
          r"\bwould not (?:wake|be here)\b", r"\bleave this world\b", r"\bbe with (?:my )?(?:grandma|grandad|mum|mom|dad|nan) in heaven\b")
BURDEN = W(r"\bburden\w*\b(?! on (?:the|a|this|that|our) (?!world|planet|earth)\w+)(?! (?:of proof|of care))", r"\b(?:a )?weight (?:on|around)\b.*\b(?:everyone|them|family|kids|necks?|shoulders)\b",
           r"\bdrain on\b", r"\bdragging (?:them|everyone|everybody|people|her|him) down\b",
           r"\b(?:better|happier|easier|fine|relieved) (?:off )?(?:without me|if i (?:was|were|wasn t|was not|were not|died|disappeared|was gone|were gone))\b(?! (?:when|at|for|on|tomorrow|tonight|this|next|until|to))",
           r"\bwithout me\b.*\b(?:better|happier|easier|relieved)\b", r"\b(?:better|happier|easier)\b.*\bwithout me\b",
           r"\b(?:nobody|no one|noone|none of them) would (?:miss|care|notice|even notice)\b(?!.*\b(?:at|from) the (?:party|reunion|meeting|office|event|class|game|wedding|dinner)\b)(?!.*\bif i (?:left|skipped|missed|went home))",
           r"\brelieved\b.*\b(?:gone|without me|if i)\b", r"\bwould (?:all )?be relieved\b",
            r"\bwaste of (?:space|air|oxygen)\b", r"\bruin(?:ing)? everyone s life\b")
HOPELESS = W(r"\bno (?:point|reason|use) (?:in |to )?(?:living|going on|go on|keep(?:ing)? (?:going|living|on)|being (?:here|alive)|to (?:live|be here)|anymore|in anything|to any of it|in life|to life|trying anymore|carrying on)\b",
             r"\bno reason (?:for me )?to (?:live|go on|keep|be here|stay|carry on|wake up|get up)\b(?! (?:in|with|at|near|there|abroad|late|up|the|a|going to|at home|around|until))",
             r"\b(?:no|any) future\b(?! (?:in|with|for) )", r"\bno way out\b(?! of (?:this|the) (?:contract|car park|parking|meeting|job))", r"\bno hope\b(?! (?:of|for (?:the|my|our) (?:team|train|flight|exam)))",
             r"(?:^ *|\bi (?:am|feel|felt)(?: \w+)? |\bfeel(?:ing)?(?: so| really| completely| totally)? |\b(?:everything|it all|life|my life|the future) (?:is|feels|seems)(?: so)? )hopeless\b(?! (?:at|with|romantic|case at|about (?!(?:life|everything|the future|my future|living|it all)\b)))",
             r"\bcan not (?:go on|keep going|keep doing this|carry on|do this anymore|take (?:it|this) anymore|live like this|cope anymore|bear it)\b(?! (?:the|a|an|this|that|my|our|holiday|vacation|stage|tour|trips?|dates?|with (?:the|my|this|work)|working|at work|like this with (?:my|the) (?:sleep|job|schedule|commute)|without (?:coffee|sleep))| (?!(?:living|being|existing|breathing)\b)\w+ing\b)",
             r"\bgive up on (?:life|everything|living)\b", r"\bgiving up on (?:life|everything|living)\b",
             r"\bdone with (?:life|living|everything|it all|being alive)\b(?! (?:admin|stuff|chores|for today|for the day|at work|on my list))", r"\bnothing (?:left )?to live for\b",
             r"\bnothing left\b(?! (?:in|of|on|to (?:eat|do|watch|read|say)|for (?:dinner|lunch)))", r"\bwhy (?:bother|should i|even) (?:living|go on|going on|being alive|be alive|keep going|try anymore|wake up)\b",
             r"\bwhat is the point (?:of|in) (?:living|life|going on(?! (?:this|a|the|that|holiday))|being (?:here|alive)|anything|any of it|it all|me|waking up)\b",
             r"\btired of (?:living|being alive|life|existing|being here)\b(?! (?:with|in|at|like|off|on|paycheck|near|here|there|in this))",
             r"\bsick of (?:living|being alive|life|existing)\b(?! (?:with|in|at|like|off|on|paycheck|near))",
             r"\bend of my rope\b", r"\bnever (?:get|be) (?:any )?better\b", r"\bwill never (?:get|be) (?:any )?better\b",
             r"\b(?:can not|do not) see (?:a |any )?(?:future|way forward|point|way out|light)\b(?! (?:with|in|for|at) )", r"\bwhat is the point anymore\b",
             r"\bdo not (?:want|wanna) to (?:do this|be here|go on|keep going|wake up|carry on) anymore\b",
             r"\b(?:life|living|everything) (?:is|feels) (?:pointless|meaningless|hopeless|not worth it)\b",
             r"\bnot worth (?:living|it anymore|being alive)\b", r"(?<!without coffee )(?<!without music )\blife is not worth\b",
             r"\b(?:if|whether) i (?:live|lived) or (?:die|died)\b", r"\b(?:ever|never) (?:getting|get|going to get) (?:any )?better\b",
             r"\bwant (?:it|this|everything) (?:all )?to (?:be over|end|stop)\b(?! (?:soon|already|so i can|for (?:a|the) (?:bit|day|night)))",
             r"\bnothing (?:left )?to look forward to\b", r"\bgiv(?:en|e|ing) up on (?:everything|life|living|myself)\b",
             r"\bi have given up\s*$",
             r"\bno (?:point|reason) (?:going on|to go on|living|to live)\b(?! (?:in|with|at|near|there|abroad|like|the|a|this|that))")
HARM_VERB = W(r"\bcut(?:s|ting)?\b", r"\bburn(?:s|ed|t|ing)?\b", r"\bhurt(?:s|ing)?\b", r"\bhit(?:s|ting)?\b",
              r"\bpunch(?:es|ed|ing)?\b", r"\bscratch(?:es|ed|ing)?\b", r"\bbang(?:s|ed|ing)?\b", r"\bstarv\w*",
              r"\bbit(?:e|es|ing)?\b", r"\bslap(?:s|ped|ping)?\b", r"\bharm(?:s|ed|ing)?\b", r"\bbruis\w*", r"\bpick(?:ing)? at\b")
HARM_TARGET = W(r"\bmyself\b", r"\bmy (?:arm|arms|leg|legs|wrist|wrists|skin|thigh|thighs|head|body|stomach|hands?|face|hips?)\b",
                r"\bon purpose\b", r"\bagain\b", r"\buntil (?:it|i) (?:bled|bleed|hurt)\b", r"\btill (?:it|i) (?:bled|bleed|hurt)\b")
HARM_SIGN = W(r"\brazor\b(?! (?:burn|bumps))", r"\bblades?\b(?! (?:of grass|runner))", r"\bself ?harm\w*", r"\bbleed(?:s|ing|ed)?\b(?! (?:money|cash|the (?:radiators?|brakes?|system|lines?|pipes?))| (?:us |me |them |you )?dry)",
              r"\bwhere i cut\b", r"\bburns i made\b", r"\bfresh (?:cuts|scars|burns)\b", r"\bcutting again\b",
              r"\bcut (?:them|it|myself|again|deeper)\b", r"\bi cut\b(?! (?:my hair|the|a|some|it out|back|down|ties|my finger on))")
MEANS = W(r"\bhow (?:much|many)\b.*\b(?:take|kill|enough|lethal)\b", r"\bthe (?:spot|place|edge)\b", r"\bedge\b", r"\bpills?\b", r"\btablets?\b", r"\bmeds\b", r"\bmedication\b", r"\boverdos(?:e|es|ed|ing)?\b(?! on (?:sugar|caffeine|coffee|chocolate|candy|sweets|tv|netflix|cake|carbs))", r"\brope\b(?! (?:course|swing))",
          r"\bnoose\b", r"\bguns?\b", r"\bbridge\b", r"\bledge\b", r"\broof\b", r"\btrain tracks\b", r"\btracks\b", r"\bknife\b",
          r"\bnotes?\b", r"\bletters?\b", r"\bgoodbye\b", r"\ba date\b", r"\bthe date\b", r"\bmethod\w*\b",
          r"\bhow (?:i would|i d|to|i will|i am going to) do it\b", r"\bways? to do it\b", r"\bthe night\b", r"\bthe day\b",
          r"\bmy (?:things|stuff|belongings) away\b", r"\bwill\b(?= (?:is|written|sorted|ready))", r"\bcliff\b", r"\bcar exhaust\b")
MEANS_ACT = W(r"\bsav(?:e|ed|ing)\b(?! (?:for|up for) (?:a|the|my) (?:holiday|car|trip|house))", r"\bstockpil\w*", r"\bhoard\w*", r"\bcollect\w*", r"\bcount(?:ed|ing)\b", r"\bbought\b",
              r"\bpicked\b", r"\bchose(?:n)?\b", r"\bset\b", r"\bwr(?:ote|itten|iting)\b", r"\bresearch\w*",
              r"\blooked up\b", r"\bworked out\b", r"\bfigured out\b", r"\bdecided\b", r"\bplann?\w*",
              r"\bgiving\b", r"\bgave\b", r"\bkeep (?:driving|going|walking|looking|thinking)\b", r"\blooking down\b",
              r"\bstanding (?:on|at)\b", r"\bhave (?:the|a)\b", r"\bgot (?:the|a)\b", r"\bin the house\b", r"\busing it\b",
              r"\buse it\b", r"\bto do it\b", r"\bdo it\b", r"\bsaying goodbye\b", r"\bto everyone\b", r"\btonight is\b",
              r"\bhow many\b", r"\benough\b", r"\blethal\b", r"\bcloset\b")
PERSON = r"\b(?:he|she|they|him|her|them|my (?:\w+ )?(?:partner|boyfriend|girlfriend|husband|wife|ex|dad|father|mom|mum|mother|stepdad|stepmom|stepmum|brother|sister|uncle|aunt|son|daughter|grandfather|grandpa|family|parents|roommate|flatmate|carer|boss|fiance|fiancee)|someone|somebody|a man|a guy|a woman)\b"
ABUSE_VERB = W(r"\bhits? me\b(?! up)", r"\bhurts? me\b(?! (?:when|that|by|with|so much|emotionally|feelings|to (?:see|hear|think|know)|every time (?:he|she|they) (?:ignore|forget|leave|say|lie)))", r"\bpush(?:es|ed)? me\b(?! (?:to|into|on the swing|in the pram|forward|harder))", r"\bshov(?:es|ed) me\b",
               r"\bslap(?:s|ped)? me\b", r"\bchok(?:es|ed) me\b", r"\bbeats? me\b(?! (?:at|to|in|by|home|up the hill|every time at))", r"\bkick(?:s|ed) me\b",
               r"\bthr(?:ew|ows) (?:things|stuff|something|a \w+) at me\b", r"\bgrab(?:s|bed) me\b(?! (?:a|an|some|lunch|coffee|food|dinner|drinks?|tickets?))", r"\bstrangl\w* me\b",
               r"\bpunch(?:es|ed) me\b", r"\bthreat\w* (?:me|to|my)\b", r"\bcontrol\w* (?:me|my|everything|all my|who i)\b", r"\blocks? me\b", r"\blocked me\b",
               r"\b(?:will not|does not|won t|never|would not) let me (?:leave|go (?:out|anywhere|home)|see (?:my|anyone)|talk to|have (?:my own|money|a phone)|use (?:my|the) phone|speak to|call|visit|out of|get a job|work|drive|sleep|eat)\b(?! (?:late|up late|early|sweets|dessert))", r"\btakes? my (?:phone|money|keys|card|passport)\b(?! (?:charger|to play|case|for a|back))",
               r"\btook my (?:phone|money|keys|card|passport)\b", r"\btracks? me\b", r"\bmonitors? (?:me|my)\b", r"\bchecks? my phone\b",
               r"\bforc(?:es|ed) me\b", r"\brap(?:e|ed|es|ing)\b", r"\babus(?:e|es|ed|ing|ive)\b(?! (?:of power|of the system|language|comments))", r"\bmolest\w*", r"\btouch(?:es|ed) me\b",
               r"\bscares? me\b(?! (?:with|when (?:he|she|they) (?:jump|hide)))", r"\bterrif\w* me\b", r"\bhurt (?:the kids|my kids|the children)\b", r"\bkill me\b(?! (?:when|if|for|once|after|laughing|over|about|because))",
               r"\bhurting me\b", r"\bhitting me\b", r"\bbeating me\b", r"\bstill (?:comes|lives|visits)\b")
UNSAFE = W(r"\bnot safe\b(?! (?:to (?:eat|drive|swim|use|share|open|say|talk)|for (?:the|my) (?:dog|cat|kids to)|for work|emotionally|in (?:relationships|love)))",
           r"\bunsafe\b(?! (?:to (?:eat|drive|swim|use)|for|emotionally|in relationships|sharing))", r"\bin danger\b(?! of)",
           r"\btrying to (?:get in|break in|get into (?:my|the) (?:house|flat|room|home|apartment|car))\b", r"\bbreaking in\b", r"\bbanging on\b", r"\boutside my (?:door|window|house|flat|room)\b",
           r"\b(?:following|waiting for|watching) me\b(?! (?:on|online|around the (?:office|shop))|.*\b(?:instagram|tiktok|twitter|online)\b)", r"\bwill not (?:go away|leave)\b", r"\bhiding (?:in|from)\b",
           r"\bcan not go (?:home|back)\b", r"\bscared to (?:go home|leave|go back|be home)\b", r"\bafraid to (?:go home|leave|go back)\b",
           r"\bopen my (?:front )?door\b", r"\bget into my (?:house|flat|room|home|apartment)\b(?! account)", r"\bscared of what (?:he|she|they)\b",
           r"\bafraid of what (?:he|she|they)\b", r"\bstill in the house\b", r"\bnot safe here\b")
NEGATED = r"\b(?:not|never|no longer|do not|does not|did not|would never|will never)\s+(?:\w+\s+){0,4}$"
IDIOM = W(r"\bwithout (?:coffee|tea|chocolate|wifi|internet|music|my phone|sleep|sunshine|pizza)\b.*", r"\bdying to\b", r"\bdying for\b", r"\bto die for\b", r"\bdie laughing\b", r"\bdied laughing\b", r"\bbored to death\b",
          r"\bscared to death\b", r"\bsick to death\b", r"\bdeath metal\b", r"\b(?:battery|phone|laptop|car|plant|plants|fish|wifi|internet|signal|router|tv|remote|printer|computer|pc|console|controller|torch|bulb|app|server|speaker|headphones|earbuds) (?:is )?(?:\w+ )?(?:dead|died|dying)\b", r"\bgoing to lose it\b",
          r"\bdead tired\b", r"\bdead on my feet\b", r"\bkilling it\b", r"\bkill it\b", r"\bkill the\b", r"\bkill for\b",
          r"\bmurder a\b", r"\bwill be the death of me\b", r"\bdeath of me\b", r"\bover my dead body\b", r"\bdead serious\b",
          r"\bdrop dead gorgeous\b", r"\bdeadline\w*\b", r"\bcut (?:\w+ )?some slack\b", r"\bcut (?:my|the|his|her) (?:own )?(?:hair|fringe|nails|grass|cake|bread|onions?)\b",
          r"\bcut myself (?:shaving|cooking|on)\b", r"\bburn(?:ed|t)? (?:my|the) (?:toast|dinner|tongue|hand on)\b",
          r"\bhit (?:the|a) (?:gym|road|books|hay|sack|spot|wall at work)\b", r"\bno point (?:in )?(?:arguing|asking|explaining|going to|trying to explain|worrying)\b",
          r"\bnot safe for work\b", r"\bbridge (?:the gap|club|game)\b", r"\brather be dead than\b",
          r"\b(?:skipping|jump) rope\b", r"\brope for\b", r"\bthank you (?:note|card|letter)\b", r"\bgoodbye (?:card|speech|party|present|gift)\b",
          r"\b(?:note|letter|card|speech) for (?:my|the|a) (?:colleague|friend|boss|teacher|neighbour|neighbor|team|class)\b",
          r"\bcut (?:it|things) (?:fine|close)\b", r"\bend of (?:my|the) (?:rope|tether) (?:with|about|over) (?!(?:life|living|everything|it all|all of it|myself|me|being alive|this life|existing)\b)",
          r"\bletter writing\b", r"\bwriting a letter\b(?= *$| to (?:my|the|your) (?:inner|younger|little|child|past|old)\b)",
          r"\bleaving (?:do|party|card)\b", r"\b(?:moving|move) (?:house|flat|out)\b.*", r"\bfor (?:a|my|the) (?:headache|cold|migraine|period pain|back|toothache)\b.*",
          r"\bget in touch\b", r"\bgo(?:ing)? on (?:the|a|this|that|about|holiday|at)\b", r"\blife admin\b",
          r"\bwhen the (?:builders|plumber|kids|guests)\b.*", r"\blike this with (?:the|my) \w+\b.*")
IDIOM = IDIOM.replace(r"\brather be dead than\b", r"\brather be dead than (?:be seen|wear|go|eat|sing|dance|watch|listen|work|do|miss)\b")

_C = {name: re.compile(p) for name, p in dict(SELF=SELF, WISH=WISH, DEATH=DEATH, BURDEN=BURDEN, HOPELESS=HOPELESS,
                                              HARM_VERB=HARM_VERB, HARM_TARGET=HARM_TARGET, HARM_SIGN=HARM_SIGN,
                                              MEANS=MEANS, MEANS_ACT=MEANS_ACT, PERSON=PERSON, ABUSE_VERB=ABUSE_VERB,
                                              UNSAFE=UNSAFE, IDIOM=IDIOM).items()}
_NEG = re.compile(NEGATED)


def _said(pattern: re.Pattern, text: str) -> bool:
    """Found, and not just after a "not" or "never" ("i would never top myself")."""
    return any(not _NEG.search(text[:m.start()]) for m in pattern.finditer(text))


def _found(name, text):
    for m in _C[name].finditer(text):
        if not _NEG.search(text[:m.start()]):
            return True
    return False


_SELF_HARM = re.compile(r"\bi (?:\w+ ){0,3}?(?:cut|cuts|cutting|burn\w*|hurt|hurting|hit|hitting|punch\w*|scratch\w*|bang\w*|bit|bite|biting|harm\w*|slap\w*)"
                        r" (?:myself|my (?:arm|arms|leg|legs|wrist|wrists|skin|thigh|thighs|head|body|stomach|hands?|face|hips?)\b(?! (?:on|at|in|while|when|during|playing|cooking))|\w+ on purpose)"
                        r"|\b(?:cut|cutting|burn\w*|hurt|hurting|hit|hitting|punch\w*|scratch\w*|bang\w*|harm\w*) myself\b(?! (?:shaving|cooking|on|at|in|while|when|during|playing|trying to finish|at work|laughing))")
_ACCIDENT = re.compile(r"\b(?:at the gym|cooking|shaving|chopping|slicing|peeling|baking|ironing|opening|by accident|accidentally|playing|on (?:the|a) (?:stove|oven|iron|kettle|door|cupboard|rose|bush|table|corner)|in the kitchen|gardening|at work|while|rose bush)\b")
_HYPERBOLE = re.compile(r"\b(?:printer|computer|laptop|phone|car|job|commute|traffic|game|weather|heat|class|exam|homework|week|project|universe|wifi|boss|cat|dog)\w* (?:\w+ )?(?:wants|want|is trying|tries|is going) (?:me dead|to kill me)\b|\bgoing to die (?:if|when|of|from)\b|\brather die than\b|\bthought i would die\b|\bwould die (?:of|for|if)\b|\bi could die\b(?! (?:tonight|now))")


_KITCHEN = re.compile(r"\b(?:carv\w*|chop\w*|slic\w*|dic(?:e|ing)|cooking|turkey|roast|bread|vegetables|veg|onions?|recipe|butter|cake|sharpen\w* (?:it|the knife)|whittl\w*)\b")
_VETO = re.compile(r"\b(?:kill|murder|strangle|throttle) me for (?!leaving|telling|talking to|going to the police|reporting|calling)\w+|\blike this with (?:the|my) \w+|\bwhen the (?:builders|plumber|kids|guests)\b|\bfor (?:a|my|the) (?:headache|cold|migraine|period pain|back|toothache)\b"
                   r"|\bmoving (?:house|flat|out)\b|\bfor (?:the|my|our) (?:wedding|presentation|party|trip|holiday|exam|interview|meeting|talk|speech|birthday)\b"
                   r"|\bletter to (?:my|the) (?:anxiety|old|past|younger|fear|depression|inner|ex job)\b|\bgoodbye to everyone at (?:work|school|the)\b"
                   r"|\bin this (?:job|company|town|relationship)\b|\b(?:spiders|snakes|dogs|clowns|films|movies|heights|storms|horror)\b.*\bscare"
                   r"|\bto live in (?:the|a|this|that)\b|\b(?:taking|take|took) (?:photos|pictures|a picture|selfies|a photo)\b"
                   r"|\b(?:the|a) (?:view|sunset|sunrise)\b|\b(?:worming|flea|vet|for the (?:puppy|dog|cat|kitten))\b"
                   r"|\bvitamin\w*\b|\btook my (?:pills|meds|medication|tablets)\b(?! all)|\bknife block\b")


# said of oneself, these mean it with no wish word, and their "not" is part of the meaning
_LEAVING = re.compile(r"\bnot (?:going to be|be) (?:around|here) (?:much longer|for (?:much )?longer|for long|anymore|next \w+)\b"
                      r"|\bplan on (?:not )?being (?:here|around)\b|\blast (?:night|day) (?:alive|on (?:this )?earth)\b"
                      r"|\bthis is (?:it|the end) for me\b|\bthis is my last (?:night|day|goodbye)\s*$|\bmy (?:own )?funeral\b(?! (?:plan|wishes|songs))")
# Said in many other ways, each of these means a life is in danger; read as concepts, not sentences.
_MEANT = re.compile("|".join([
    # ending it, indirectly
    r"\bgo(?:ing)? through with it\b", r"\bchecking out (?:permanently|for good)\b", r"\bout of this life\b",
    r"\bworking up the (?:nerve|courage) to\b", r"\bturn(?:ing)? the wheel\b", r"\blast conversation\b",
    r"\b(?:not|never) see (?:the )?(?:morning|tomorrow|another day)\b", r"\bstop(?:ped)? existing\b", r"\bkeep existing\b",
    r"\bdisappointed (?:that )?i woke up\b", r"\bwelcome (?:a|the|an) (?:heart attack|accident|crash|car crash)\b",
    r"\bhop(?:e|ed|ing) (?:it|the plane|the car|the bus|the train) (?:would|will)? ?(?:go down|crash|would not stop|will not stop|hit me)\b",
    r"\bhop(?:e|ed) the (?:car|bus|train|truck) would not stop\b", r"\bturn myself off\b", r"\bnot (?:be|exist) anywhere\b",
    r"\bstay asleep\b(?! (?:until|till|past|through))", r"\bout of the picture\b", r"\bfade out\b",
    r"\b(?:be|feel) relieved\b.*\b(?:bad news|diagnosis|died|dead|over|gone)\b", r"\b(?:bad news|diagnosis)\b.*\bbe relieved\b", r"\bthere (?:will not|won t) be a next\b",
    r"\bhow much longer i can (?:keep going|do this|go on|hold on|take (?:this|it)|keep doing this)\b",
    r"\bnever going to (?:stop|end|get better)\b", r"\b(?:point|reason) (?:of|in) (?:even )?(?:waking|getting) up\b",
    r"\bnothing (?:helps|works)\b.*\bwhy bother\b", r"\bwhy bother\b.*\bnothing (?:helps|works)\b",
    r"\b(?:out of|running out of) (?:reasons|options|fight|hope|strength)\b", r"\bcan not keep fighting\b",
    r"\bcounting down the days\b(?! (?:until|till|to) (?:my|the|our|christmas|holiday|vacation))", r"\bnothing to (?:get up|live|wake up|stay) for\b",
    r"\bthread (?:just )?snapped\b", r"\bcan not see past\b", r"\btired of (?:all of it|it all)\b", r"\bdone waiting\b",
    r"\buntil it (?:finally )?(?:stops|ends)\b.*\blife\b|\blife\b.*\buntil it (?:finally )?(?:stops|ends)\b",
    r"\breasons to stay\b", r"\bdo not (?:really )?care if i (?:die|live|died|wake up|make it)\b",
    r"\bwish\w* i (?:would|could) (?:get|be) (?:hit|run over|killed)\b", r"\bsomething (?:bad )?happens? to me\b",
    r"\bso it (?:is )?(?:all )?over\b", r"\bnever woke up\b", r"\b(?:can not|do not think i can|not going to|will not) make it through\b",
    r"\b(?:tired of|sick of|can not keep|can not go on) fighting\b", r"\bfighting to stay alive\b", r"\bworth living for\b",
    r"\bend of the road\b(?! (?:for (?:this|that|the) (?:car|phone|project|show|team)))",
    r"\bwill not make it past (?:this|next)\b", r"\bnot going to last\b", r"\bnot be around long enough\b",
    r"\bstep(?:ping)? (?:out )?in front of (?:it|a|the|traffic)\b", r"\blast (?:one|night|time|day|breath) i (?:ever|will ever)\b",
    r"\blet me die\b", r"\b(?:okay|ok|time|alright) (?:for me )?to go now\b", r"\b(?:will not|would not) wake up\b",
    r"\bwish i (?:was|were) not (?:here|one of|in this|alive|around|in the)\b", r"\bno me at all\b",
    r"\bget (?:sick|ill) and\b.*\btake me\b", r"\bbe my last\b", r"\b(?:a|my) grave\b",
    r"\bit never will\b", r"\bnever (?:will|going to) (?:get )?better\b",
    r"\b(?:no|any|one|a single) reason to (?:keep )?(?:living|go(?:ing)? on|live|keep going|stay|be here)\b",
    r"\bget through another (?:day|night|week|month|year)\b", r"\brun out of (?:hope|reasons|strength|it completely)\b",
    r"\bwhat i am (?:breathing|living|here|doing this|even here) for\b", r"\bmy life is (?:already )?over\b",
    r"\bno life i want\b", r"\bdone (?:trying|with trying) to (?:live|go on|stay)\b",
    r"\bdo not trust myself (?:right now|tonight|anymore|alone|to be alone|around|with (?:the|my|a) (?:pills|knife|tablets|car))\b", r"\b(?:do|doing) something to myself\b", r"\bstill being here next\b", r"\bbeing here next (?:year|month|week)\b",
    r"\bnot planning on being (?:here|around)\b", r"\bnot (?:be|being) around tomorrow\b",
    # a burden, in other words
    r"\b(?:better|easier|lighter|happier|freer) (?:off )?(?:without me|not having (?:me|to deal with me)|if i (?:was|were) (?:gone|out of it)|if i stopped)\b",
    r"\b(?:better|easier|lighter|happier) (?:life|lives) if i\b", r"\bruin(?:s|ed)? everything and everyone\b",
    r"\bi am the reason (?:my|our|the) \w+ (?:is|are) (?:falling apart|miserable|suffering|unhappy)\b",
    r"\bcost(?:ing)? (?:my )?(?:family|them|everyone) (?:too much|so much)\b", r"\ban expense\b",
    r"\b(?:lives?|life) worse by (?:being here|existing|being alive)\b", r"\bjust by existing\b", r"\bby being here\b",
    r"\btoo much for everyone\b", r"\btaking up (?:room|space|air)\b(?! (?:in|on) (?:the|my) (?:drive|garage|car|fridge|phone))",
    r"\bno one should have to put up with me\b", r"\bdeserves? better than (?:being stuck|having to|me)\b", r"\bdead weight\b",
    r"\bset (?:him|her|them) free\b", r"\bweight (?:everyone|they|people)(?: is| are)? carrying\b",
    r"\bthe problem in (?:everyone|everybody)\w* li", r"\bleaving for good\b", r"\b(?:apologi[sz]e|sorry) for existing\b",
    r"\b(?:their|everyone s|everyones|his|her) li(?:fe|ves) would be (?:easier|better)\b",
    r"\bin the way of (?:everyone|everybody)\b", r"\bin everyone s way\b", r"\bi am draining\b", r"\bdraining (?:them|everyone|people)\b", r"\bkeep being a burden\b", r"\b(?:just|only|always) ruin (?:her|his|their|everyone s|everyones) li(?:fe|ves)\b", r"\bmake (?:things|life|everything) harder for everyone\b", r"\btake up space\b",
    r"\bcost(?:ing)? everyone\b", r"\bby existing\b", r"\bholding (?:my |the )?(?:whole )?(?:family|everyone|them|everybody|friends) back\b", r"\blife insurance\b.*\b(?:help|pay|them|they)\b",
    # harming oneself, in other words
    r"\b(?:fresh|new) (?:marks|cuts|lines|scars|burns|wounds)\b", r"\bhiding (?:my|the|fresh) (?:marks|cuts|scars|arms|wrists|burns)\b",
    r"\b(?:sleeves|long sleeves)\b.*\b(?:hide|hiding|back in|again)\b|\bback in long sleeves\b",
    r"\b(?:clean|free) (?:for )?\w+ (?:months?|weeks?|days?|years?) (?:and|but) (?:i )?(?:just )?(?:broke it|slipped|relapsed)\b",
    r"\b\w+ (?:months?|weeks?|days?|years?) clean (?:and|but) (?:i )?(?:just )?(?:broke it|slipped|relapsed)\b", r"\bpunish(?:ing|ed)? myself\b", r"\b(?:punch\w*|hit|burn\w*|cut|scratch\w*|bang\w*|bit) \w+(?: \w+)? on purpose\b",
    r"\b(?:iron|lighter|cigarette|blade|sharpener|razor|glass|scissors) (?:against|on|into) my (?:leg|arm|skin|wrist|thigh)\b",
    r"\bpencil sharpener\b", r"\b(?:plasters|bandages)\b.*\b(?:my (?:arms|thighs|legs|wrists)|because of)\b",
    r"\bcuts?\b.*\b(?:bleed\w*|deep)\b", r"\bscratch\w* until it bleed\w*", r"\bwhat i did to my (?:legs|arms|wrists|skin|body|thighs)\b",
    r"\bcutting but i already\b", r"\b(?:over|on) (?:the|my) cuts\b", r"\badded more lines\b", r"\bnot eating for days\b",
    # a plan, in other words
    r"\bwhich (?:bridge|building|train|cliff|place|spot) i am going to\b", r"\bhold my weight\b",
    r"\b(?:changed|updated|wrote|written|made|sorted) my will\b", r"\bsorted (?:my )?(?:passwords|affairs) out\b",
    r"\bwill not need (?:them|it|anything)\b", r"\b(?:looked|be looked|taken) (?:after|care of) afterwards\b",
    r"\btimetable for the express\b", r"\b(?:gun|pills|tablets|knife|rope)(?: is)? (?:out|ready|on the table|in my hand)\b",
    r"\bguns? (?:is )?out of the safe\b", r"\balready decided\s*$", r"\brope\b.*\b(?:stool|hook|beam|knot)\b",
    r"\bhow high it is\b", r"\bhose\b.*\b(?:car|garage|exhaust)\b|\b(?:car|garage)\b.*\bhose\b",
    r"\bwhere (?:my )?\w+ keeps the (?:gun|pills)\b", r"\bkey to the (?:gun )?cabinet\b",
    r"\bsaid goodbye\b.*\bwithout (?:her|him|them|anyone) knowing\b", r"\bhow long it takes\b.*\b(?:tonight|going|do it)\b",
    r"\bplanning to walk in(?:to)?\b", r"\bwalk into the (?:sea|lake|river|water)\b", r"\benough to not wake up\b", r"\b(?:holding|have|got) (?:all )?(?:my |the )?(?:pills|tablets|meds)\b(?: \w+)? (?:in my hand|right now|here|ready|now)\b",
    r"\bengine running\b.*\bgarage\b|\bgarage\b.*\bengine running\b", r"\b(?:looked after|taken care of|care of)\b.*\bwhen i am gone\b", r"\bpracti[cs]ing the knot\b", r"\bso nobody (?:finds|will find|can find) me\b",
    r"\b(?:envelope|letter|note|letters)\b.*\bto find\b", r"\ball planned for\b", r"\bplanned (?:it )?for after\b",
]))
_MEANT_BY_OTHER = re.compile("|".join([
    r"\b(?:he|she|they|my (?:\w+ )?(?:partner|husband|wife|boyfriend|girlfriend|ex|dad|father|stepdad|brother|son))\b(?: \w+){0,4} (?:got|has|is holding|swinging|waving|with) (?:a|the|his|her) (?:knife|gun|bat|weapon|hammer)\b",
    r"\b(?:knife|gun|bat|weapon)\b.*\b(?:he is|she is|they are|he has|in the kitchen|saying)\b",
    r"\b(?:swinging|waving|pointing|brandishing) (?:a|the|his|her) (?:knife|gun|bat|weapon|hammer|bottle)\b",
    r"\b(?:smash\w*|kick\w*|break\w*|bang\w*) (?:the |my )?(?:bedroom |front |back )?(?:door|things|everything)\b(?: in| down)?",
    r"\btried the (?:handle|door)\b", r"\bcoming up the stairs\b", r"\bin the next room\b.*\b(?:can not|quiet|talk)\b|\bcan not talk (?:loud|now)\b",
    r"\b(?:he|she|they) (?:is|are) (?:on (?:his|her|their) way|outside)\b.*\b(?:knows?|shouting|angry|drunk|scared|banging|screaming|yelling|kicking)\b",
    r"\bcoming back to (?:finish|end) (?:it|me|this)\b", r"\b(?:break|snap) my (?:arm|neck|legs?|jaw|fingers|wrist)\b",
    r"\b(?:he|she) (?:squeezed|grabbed|choked|strangled|pinned)\b(?! (?:me )?(?:a|an|some|the|my|lunch|coffee|food|dinner|drinks?|tickets?|hand|arm to))", r"\bpinned me\b", r"\bbruises (?:he|she|they)\b",
    r"\b(?:he|she|they) (?:listens to|reads|checks|monitors) my (?:calls|messages|texts|emails|phone)\b",
    r"\bother side (?:of the door)?\b.*\b(?:him|her|he|she)\b|\b(?:him|her) pacing\b", r"\b(?:got|came|comes) home drunk\b",
    r"\btrying the (?:handle|door)\b", r"\bfound (?:my|where i) (?:new )?(?:address|live|flat|house|place)\b",
    r"\b(?:when|if|once) (?:he|she|they)\b.*\bi am dead\b", r"\bkeeps? turning up\b", r"\bturning up behind me\b", r"\bfinish me (?:off)?\b",
    r"\bknows? where i am (?:staying|living|hiding)\b", r"\bnot supposed to (?:come|be) (?:anywhere )?near me\b",
    r"\bturned up\b.*\bnot supposed to\b", r"\bwill not stop following me\b(?! on| online| around)", r"\b(?:keeps|kept) following me\b(?! on| online| around| everywhere on)",
    r"\bhiding (?:upstairs|downstairs|in the \w+)\b", r"\bnot allowed (?:out|to (?:eat|see|go|have|talk|leave|work|drive|call))\b",
    r"\btracker\b", r"\bspyware\b", r"\btracking my (?:phone|car|location)\b",
    r"\b(?:takes|took|has got|got|keeps) my (?:pension|bank card|card|money|benefits|wages|wage|salary|passport)\b(?! (?:by mistake|to the bank for me))",
    r"\b(?:cover|hide|covering|hiding) (?:the |my )?bruises\b", r"\bshove\w* me\b", r"\b(?:throw|kick) me out if i tell\b",
    r"\btake the kids\b.*\bif i leave\b|\bif i leave\b.*\btake the kids\b", r"\bhits? my (?:mum|mom|mother|sister|brother)\b.*\bme\b",
    r"\bnobody would (?:ever )?believe me\b", r"\bchecks my weight\b", r"\bscreams? if i say no\b",
]))
# More families, each a way of saying it that the lists above did not know (grown from a sixth
# fresh set): killing oneself in slang, joining the dead, one's absence as others' relief, hiding
# marks, harm with its intent said, preparations, an overdose already taken, danger on the way.
_SELF_ACTS = re.compile("|".join([
    r"\b(?:do(?:ing)? myself in|top(?:ping)? myself|neck(?:ing)? myself|finish(?:ing)? myself(?: off)?|end(?:ing)? myself|off(?:ing)? myself|unaliv(?:e|ing) myself)\b",
    r"\b(?:consume|consuming|drink|drinking|take|taking|swallow|swallowing|have|having) (?:some |the )?poison\b",
    r"\bend(?:ing)? (?:it|things|everything|it all|my life) (?:for real|for good|tonight|soon|now)\b", r"\bso close to ending\b",
    r"\bminds? (?:is )?made up about (?:dying|it|ending)\b", r"\btake my (?:own )?life\b", r"\btaking my (?:own )?life\b",
    r"\b(?:join|be with) (?:him|her|them|my (?:\w+ )?(?:mum|mom|dad|mother|father|brother|sister|son|daughter|nan|gran|grandma|grandad|grandpa|husband|wife|partner|friend))\b"
    r"(?: \w+){0,2}? (?:again )?(?:wherever (?:he|she|they) (?:is|are)|in heaven|on the other side|up there)\b",
    r"\b(?:died|passed away|passed|dead|killed himself|killed herself|gone)\b.*\b(?:want|wish|need|going) to (?:go and )?join (?:him|her|them)\b",
    r"\b(?:want|wish|need) to (?:go|be) (?:to )?where (?:he|she|they) (?:is|are|went)\b",
    r"\b(?:if|when) i (?:do not|did not|never) wake up\b.*\b(?:relieved|grateful|glad|fine|okay|ok|happy|peace|relief)\b",
    r"\b(?:relieved|grateful|glad)\b.*\bif i (?:do not|did not|never) wake up\b",
    r"\b(?:sick|ill|hit) and died\b.*\b(?:would not|will not) fight\b", r"\bwould not fight it\b.*\b(?:died|die|dying)\b",
    r"\bhop(?:e|ed|ing) (?:the|my|our) (?:plane|car|bus|train|flight|ship) (?:\w+ )?crash\w*\b",
    r"\b(?:stopped|stop|do not|not) car(?:e|ing) (?:whether|if) i (?:live|die|wake up|make it|am alive|survive)\b",
    r"\b(?:want|wish|like|need)\w*(?: i could| to)? (?:just )?(?:be )?(?:erased|evaporate|deleted from existence|wiped out of existence|cease)\b",
    r"\bevaporat\w* (?:forever|for good|and never)\b", r"\bnothingness\b", r"\bbe gone\s*$", r"\bnice to (?:just )?be gone\b",
    r"\bif i could (?:press|push) a button and (?:not exist|disappear|be gone|die|vanish)\b", r"\bhop(?:e|ing) i (?:do not|will not) make it\b",
    r"\bdo not (?:really )?care if (?:something|a car|a bus|a truck|a lorry|anything|a train) (?:hits|hit|kills|happens to) me\b",
    r"\b(?:god|the universe|death|something) (?:took|take|takes|would take|could take) me\b(?! (?:to|back|home|out|in|by|for|a while|years|ages|so long)\b)",
    r"\bdeath (?:sounds|seems|feels|looks) (?:so |really |quite )?(?:peaceful|nice|good|easier|better|like (?:a )?relief|appealing|inviting|restful)\b",
    r"\b(?:envy|jealous of) (?:people|those|anyone|the ones|the people) who (?:have )?(?:died|passed|are dead)\b", r"\benvy the dead\b",
    r"\bhop(?:e|ing) my heart (?:just )?(?:stops|gives out|would stop|will stop)\b", r"\bmy heart (?:to )?(?:just )?stop\b",
    r"\b(?:life|it all|all of this|this life)\b.*\bwaiting (?:for it )?to (?:be over|end)\b",
    r"\bso i can (?:go|die|finally go|be done|leave this world)\s*$",
    r"\b(?:do not|can not|could not) (?:see|picture|imagine) myself (?:being |still |getting )?(?:alive|here|around|older|old|in (?:a|five|ten) years?)\b(?!.*\b(?:job|house|city|country|married|wedding|kids|children|career|town|company|team)\b)",
    r"\b(?:being alive|living|life|staying alive) (?:feels|is|seems) optional\b",
    r"\b(?:lie|lay) down\b.*\bnot (?:get|wake|come) (?:back )?up\b", r"\bnever (?:get|wake) (?:back )?up again\b",
    r"\bdo not want to (?:be here|be around|stick around|be alive) (?:for (?:it|any of it|that|this)|to see (?:it|that|this))\b",
    r"\bwhy (?:keep|even keep|would i keep|should i keep|bother) (?:living|existing|being alive|staying alive|breathing)\b",
    r"\bwhy (?:stay|stick around|carry on|keep going|go on)\s*$",
    r"\b(?:no|any|one) (?:reason|point) (?:for me )?(?:to|in) (?:stick(?:ing)? around|stay(?:ing)? alive|exist(?:ing)?|surviv(?:e|ing)|breath(?:e|ing))\b",
    r"\bif i (?:was|were) (?:not (?:breathing|alive|here|around|in the picture)|gone|dead|out of the (?:way|picture)|not in the picture)\b"
    r".*\b(?:move on|start over|start again|be free|happier|better|easier|relieved|lighter|would not have to|will not have to|not have to deal)\b",
    r"\b(?:move on|start over|start again|be free|happier|easier|relieved)\b.*\bif i (?:was|were) (?:not (?:breathing|alive|here|around|in the picture)|gone|dead|out of the (?:way|picture))\b",
    r"\bif i am gone\b.*\b(?:will not|would not|do not|not) have to (?:deal with|put up with|worry about|look after) me\b",
    r"\bstill alive (?:out of|only because|just because|only for|just for)\b", r"\bonly (?:still )?(?:alive|here) (?:because|out of|for)\b",
    r"\bfuture\b.*\b(?:me not (?:being )?(?:in it|here|alive|there)|where i am (?:still )?(?:here|alive|in it))\b",
    r"\b(?:world|anyone|nobody|no one) (?:does not|would not|do not) need (?:me|another (?:person|one|girl|guy|man|woman) like me|someone like me)(?: in it)?\b",
    r"\b(?:do not|does not|have not) (?:have|got) (?:anything|anyone|anybody|a thing) (?:left )?to live for\b",
    r"\bstop (?:living|being alive)\b(?! (?:in|for|like|with|at|on|my|your|under|off|through|as|a lie|out of|paycheck))",
    r"\bby (?:being (?:here|alive|around)|living|breathing)\s*$", r"\bruin\w* (?:everyone s|everyones|their|his|her|my family s) li(?:fe|ves) by\b",
    r"\bsurvive another (?:day|night|week)\b.*\bdo not want to\b", r"\bno light at the end\b.*\bdone\b",
]))
_MARKS = r"(?:marks|scars|cuts|burns|lines|wounds)"
_HARM_SAID = re.compile("|".join([
    rf"\b(?:sleeves|hoodie|jumper|sweater|plasters|bandages|make up|makeup)\b.*\bso (?:nobody|no one|they|she|he|mum|mom|dad) (?:sees|can see|will see|notices|asks)\b",
    rf"\b(?:nobody|no one|anyone|anybody|she|he|they|mum|mom|dad|my \w+) (?:\w+ ){{0,2}}(?:sees?|saw|knows? about|noticed?|notices|found|asks? about|asked about) (?:the|my) (?:fresh |new |old )?{_MARKS}\b(?!.*\b(?:surgery|operation|c section|acne|chicken ?pox|accident|tattoo|piercing)\b)",
    rf"\b(?:the|my) {_MARKS} on my (?:arms?|wrists?|legs?|thighs?|stomach|hips?|skin)\b(?!.*\b(?:surgery|operation|acne|accident|tattoo)\b)",
    r"\b(?:calmer|better|relief|relieved|release|calm)\b.*\b(?:after|when) (?:i )?(?:hurt\w*|cut\w*|burn\w*|harm\w*) (?:yourself|myself)\b",
    r"\b(?:normal|okay|ok|bad|weird|wrong) to (?:want to )?(?:hurt|cut|burn|harm) (?:yourself|myself)\b",
    r"\b(?:pick\w*|peel\w*|scratch\w*) (?:at )?(?:my |the )?(?:old )?(?:scars|scabs|wounds|cuts)\b", r"\b(?:open|reopen)\w* (?:them|it|the (?:scars|cuts|wounds)) (?:up )?again\b",
    r"\b(?:razor|blade)\b.*\bnot for shaving\b",
    r"\b(?:slam\w*|bang\w*|smash\w*|hit\w*|punch\w*|dig\w*|dug|press\w*|pull\w*|scrub\w*|carv\w*|burn\w*|scratch\w*|bit|bite|biting|pinch\w*|cut\w*|hold\w*|held) (?:\w+ )?(?:my|myself|into my)\b"
    r"(?: \w+){0,3}? (?:hand|hands|head|fist|fists|knuckles|arm|arms|leg|legs|skin|wrist|wrists|thigh|thighs|nails|hair|stomach|face|body|myself)\b"
    r"(?=.*\b(?:on purpose|until (?:it|they|i|my \w+) (?:bled|bleed|bruised|split|hurt|broke|went numb)|till (?:it|they|i) (?:bled|bleed|bruised)|because i (?:hate|deserve|am angry|was angry)|angry at myself|hate myself|to punish|punish myself|to feel (?:something|pain|it|real)|bald|raw|over and over|again and again|where (?:no one|nobody) (?:can )?(?:see|sees|will see)|so (?:no one|nobody) (?:can )?(?:see|sees))\b)",
    r"\b(?:cigarettes?|lighter|iron|hot (?:metal|spoon|water)|bleach|blades?|razors?|glass|scissors|compass)\b.*\b(?:into|on|against|onto) my (?:skin|arms?|wrists?|legs?|thighs?|stomach|hands?)\b(?!.*\b(?:by accident|accidentally|burn cream|sunburn)\b)",
    r"\b(?:clean|free|stopped)\b.*\b(?:want to|going to|about to|might|so close to|really want to|tempted to) (?:break it|relapse|slip|cut again|start again|use again)\b",
    r"\bpain i (?:cause|give|inflict on|do to) myself\b", r"\bthe thing (?:with|on|to) my (?:arms?|wrists?|legs?|thighs?|skin)\b",
    r"\b(?:if|when) (?:she|he|they|anyone|somebody|someone|mum|mom|dad|my \w+) (?:saw|sees|noticed|notices|looked at|finds out about) my (?:wrists|arms|thighs|legs)\b",
    r"\b(?:scissors|blade|razor|knife|glass|lighter|sharpener)\b.*\bthinking about (?:my )?(?:arm|arms|wrist|wrists|legs?|thighs?|skin|it|using it|doing it)\b",
    r"\b(?:scrub\w*|scratch\w*|rub\w*|scrap\w*) (?:my )?skin (?:raw|until|off|till)\b", r"\bcarv\w* (?:\w+ )?(?:into|on) my\b",
    r"\b(?:want|need|crave|craving|wanna)\w* (?:to )?(?:see (?:blood|it bleed)|feel (?:the )?pain|bleed\b(?! (?:the|a|my|our|your|it|them|radiators?|brakes?|lines?))|make myself bleed)\b",
    r"\blied and said it was the (?:cat|dog|bike|fall|door)\b",
]))
_PREPARED = re.compile("|".join([
    r"\b(?:know|knew|decided|figured out|worked out|picked) (?:exactly )?(?:where|how|when) i (?:would|will|am going to|could) do it\b",
    r"\blook(?:ing|ed)? (?:down|over the edge)\b.*\b(?:bridge|edge|ledge|roof|balcony|cliff|drop|water|tracks|car park)\b",
    r"\b(?:bridge|edge|ledge|roof|balcony|cliff|drop|car park)\b.*\blook(?:ing|ed)? (?:down|over)\b",
    r"\b(?:everything|everythings|it all) (?:is )?(?:ready|in place|set up|planned|prepared|sorted)\b.*\b(?:be alone|choose|pick|find the (?:courage|nerve)|do it|the night|the day|the moment)\b",
    r"\b(?:car|engine) (?:is )?(?:running|on)\b.*\b(?:garage|closed|shut)\b|\b(?:garage|closed|shut)\b.*\b(?:car|engine) (?:is )?(?:running|on)\b",
    r"\b(?:sorted|sorting|written|wrote|made|making|finished|updated|changed) (?:out )?my will\b", r"\bwho gets (?:the|my) \w+ (?:when|after) i\b",
    r"\b(?:deleted|deactivated|deleting) (?:all )?(?:of )?my (?:social media|accounts|instagram|facebook|tiktok)\b.*\bgoodbye\b",
    r"\bsaid goodbye to (?:people|everyone|everybody|my friends|them all|all of them|the people i love)\b(?!.*\b(?:party|work|school|holiday|trip|move|moving|leaving do|airport|station|new job)\b)",
    r"\b(?:messaged|texted|told|called|hugged|wrote to|thanked)\b.*\blike it (?:is|was|would be|will be) (?:the )?last (?:time|goodbye)\b",
    r"\b(?:thinking about|staring at|looking at|standing (?:on|at|near)|close to|closer to|stepping closer to|right at) the (?:edge|drop|ledge|tracks|platform edge)\b(?!.*\b(?:of (?:my|the) (?:seat|bed|chair|pool|table)|of glory|cliff ?hanger)\b)",
    r"\b(?:tested|testing|test|practi[cs]\w*|checked) (?:the |a |my )?(?:knot|noose)\b",
    r"\b(?:look\w* up|research\w*|search\w*|googl\w*|find\w*)\b.*\b(?:tallest|highest) (?:buildings?|bridges?|cliffs?|places?|points?|car parks?)\b",
    r"\b(?:gave|giving|give) (?:away )?(?:my|all my|all of my) \w+(?: \w+)?\b.*\b(?:will not|not going to|never) (?:be )?(?:need\w*|play\w*|us\w*|wear\w*) (?:it|them|him|her)? ?(?:again|anymore|any more)\b",
    r"\bmedicine (?:cabinet|cupboard|box|drawer)\b.*\b(?:enough|counted|count|all of it|everything)\b|\b(?:enough|counted)\b.*\bmedicine (?:cabinet|cupboard|box)\b",
    r"\bso (?:no one|nobody) (?:can stop me|stops me|will stop me|finds me in time)\b",
    r"\b(?:paid|pay|paying|sorted) (?:off )?(?:all )?my (?:debts|bills)\b.*\bso (?:nobody|no one|they|my family|my kids)\b",
    r"\b(?:stones|rocks) in my (?:pockets|coat|bag)\b", r"\b(?:asked|asking|ask) (?:the |a |my )?(?:pharmacist|doctor|chemist|nurse|google)\b.*\b(?:overdos\w*|lethal|how many|how much it takes)\b",
    r"^(?=.*\b(?:whole|bunch|too many|all|load|lot|lots|handful|twenty|thirty|forty|fifty|hundred|\d+|everything|entire|on purpose|dizzy|weird|sleepy|vodka|wine|alcohol|drunk)\b)(?!.*\bvitamin).*"
    r"\b(?:took|taken|swallowed|had|downed|necked|take|taking)\b(?: \w+){0,4}? (?:pills|tablets|painkillers|paracetamol|sleeping \w+|meds|medication|prescription|everything in the (?:cabinet|cupboard|box|drawer))\b",
    r"\b(?:too many|a load of|a bunch of|a handful of|the whole (?:box|bottle|packet|pack|strip)|all of my|all my|the rest of my) (?:pills|tablets|painkillers|paracetamol|meds|medication|sleeping \w+|prescription)\b",
    r"\bmix\w* (?:my )?(?:pills|tablets|meds|medication|painkillers|sleeping \w+)\b.*\b(?:vodka|alcohol|wine|drink|drinks|beer|whisky|whiskey|gin)\b",
    r"\boverd(?:id|o|one|oing) it with (?:the |my )?(?:pills|tablets|meds|painkillers|medication)\b",
    r"\bcan not stop (?:the )?bleeding\b", r"\b(?:been|is|was) (?:behind|following) me for\b",
    r"\bi am (?:on|at|standing on|standing at|sitting on) (?:the |a )?\w+ (?:bridge|roof|ledge|cliff|tracks)\b",
    r"\b(?:thinking (?:of|about)|going to|want to|might|about to) (?:just )?walk(?:ing)? (?:in|into|out into)\b(?=.*\b(?:river|sea|lake|water|ocean|waves|traffic|road)\b)",
    r"\b(?:river|sea|lake|water|ocean)\b.*\b(?:thinking (?:of|about)|going to|want to|might) walk(?:ing)? (?:in|into)\b",
    r"\bdriving (?:really |so |too |very )?fast\b.*\b(?:do not want to stop|not going to stop|will not stop|want to crash|could just crash)\b",
    r"\b(?:walking|standing|sitting|lying|laying) (?:along|on|by|near|next to|between) (?:the )?(?:train |railway )?(?:tracks|line|rails)\b",
]))
_DANGER_BY_OTHER = re.compile("|".join([
    r"\b(?:keeps?|kept) (?:showing|turning) up (?:at|outside|near)\b",
    r"\b(?:normal|okay|ok|acceptable|alright) (?:for (?:your|a|my) (?:\w+ )?(?:boyfriend|partner|husband|wife|girlfriend|parent|dad|mum|mom|father|mother) )?to (?:choke|hit|slap|push|shove|strangle|punch|kick|threaten|grab|force|rape|pin|spit on) (?:you|me|someone|your partner)\b",
    r"\b(?:police|cops|911|999|000|112)\b.*\b(?:he|she|they) (?:finds? out|will find out|will know|will kill|will hurt|would kill|would hurt)\b",
    r"\bwith me (?:in it|inside)\b", r"\bburn (?:the house|the flat|the place|me) down\b",
    r"\b(?:checks?|tracks?|monitors?|watches) my (?:location|every move|whereabouts|calls|messages|texts)\b", r"\bfollows? me everywhere\b(?! on| online)",
    r"\b(?:held|holds|hold|holding|pinned|pins) me down\b", r"\bwhere (?:he|she|they) (?:held|grabbed|gripped|pinned|hit|kicked)\b",
    r"\b(?:pressured|pressures|pressuring|pushed|forced|forces|made|makes|guilted) me into (?:things|sex|stuff|doing things|doing stuff)\b", r"\bsaid i owed (?:him|her|them)\b",
    r"\b(?:ruin|destroy|kill|hurt|take|make) (?:my life|me|the kids|my kids|me pay|me regret it|me sorry)\b.*\bif i (?:leave|left|tell|told|go|report|break up|ever leave)\b",
    r"\bif i (?:leave|left|tell|told|go|report|break up|ever leave)\b.*\b(?:ruin|destroy|kill|hurt|make me pay|make me regret|regret it|find me|come after)\b",
    r"\b(?:takes?|took|keeps?|kept|hides?|hid) (?:the|my) (?:keys|door keys|house keys)\b", r"\blocks? (?:the|all the) doors?\b.*\b(?:keys|can not|so i)\b",
    r"\bso i can not (?:go out|leave the house|get out|call anyone)\b",
    r"\bknows? where i (?:live|work|am|sleep|park)\b", r"\bknows? i am (?:home )?alone\b", r"\bfind my body\b", r"\bhide my body\b",
    r"\b(?:lie\w*|lied)\b.*\bto (?:the|my) (?:doctor|nurse|hospital|teacher|gp)\b.*\b(?:how i|bruises|broke|injur)\w*",
    r"\bmakes? me (?:hand over|give (?:him|her|them) (?:all )?)my\b", r"\bhand over my (?:wages|money|pay|salary|card|phone)\b",
    r"\bpillow over my face\b", r"\bhands? (?:around|round|on|over) my (?:neck|throat|mouth)\b", r"\bhis hands on me\b|\bher hands on me\b|\bhands on me right now\b",
    r"\b(?:cameras?|trackers?|spyware|an app|a tracker)\b.*\bto (?:watch|track|spy on|monitor|follow) (?:me|my)\b",
    r"\b(?:told|said to) (?:him|her|them) (?:no|to stop)\b.*\b(?:did not stop|would not stop|kept going|carried on|did it anyway)\b",
    r"\b(?:make|makes) me (?:regret|pay for) (?:it|this|that)\b(?=.*\b(?:if|tell|leave|told|said)\b)",
    r"\bfinish what (?:he|she|they) started\b", r"\btried to (?:grab|take|drag|pull|snatch) me\b", r"\bhiding (?:behind|under|in) (?:a|the) \w+\b(?=.*\b(?:from|someone|he|she|they|grab|follow|man|guy)\b)",
    r"\b(?:doors?|windows?)\b(?: \w+){0,3} (?:kicked|smashed|broken|bashed) (?:in|down|open)\b",
    r"\b(?:will not|would not|does not|did not) let me (?:out|go|leave|off)\b(?! (?:of (?:the|my) sight|early|late|with|off the hook))",
    r"\btrying (?:my|the) (?:car )?(?:door|doors|handle|handles|window|windows)\b(?=.*\b(?:night|again|back|someone|somebody|he|she|they|man|stranger)\b)",
    r"\bstranger\b.*\b(?:knocking|banging|outside|at the door|trying)\b",
]))
_PLACE_OF_DANGER = re.compile(r"\bi am (?:on|at|standing on|standing at|sitting on) (?:the |a )?(?:roof|ledge|bridge|cliff|tracks|railway|platform edge)\b"
                              r"|\bi am (?:at|standing on|standing at|sitting on) (?:the |a )?edge\b|\bi am on (?:the|a) edge\b(?! of (?:my|the) (?:seat|chair|bed))"
                              r"|\btake (?:them|it) all\b|\btake all (?:of )?(?:them|my (?:pills|tablets|meds))\b")
_DANGER_FROM = re.compile(
    r"\b(?:he|she|they|my (?:\w+ )?(?:partner|husband|wife|boyfriend|girlfriend|ex|dad|father|stepdad))\b(?: \w+){0,3} (?:is|are|gets|got|was) (?:\w+ )?(?:angry|drunk|raging|violent|furious|mad)\b.*\b(?:scared|afraid|terrified|frightened)\b"
    r"|\b(?:scared|afraid|terrified|frightened)\b.*\b(?:he|she|they) (?:is|are|gets|got|was) (?:\w+ )?(?:angry|drunk|raging|violent|furious)\b"
    r"|\b(?:a man|someone|a stranger|somebody|a guy|some guy|people) (?:is |are )?in (?:my|the) (?:garden|house|flat|yard|room|hallway|kitchen|home|apartment|building|bedroom)\b"
    r"|\blocked myself in\b|\bcoming (?:over|round|back|home) to (?:sort me out|get me|hurt me|teach me a lesson|deal with me)\b"
    r"|\b(?:took|takes|hid|hides) (?:the|my) (?:car )?keys\b|\bso i can not (?:leave|get out|escape)\b"
    r"|\b(?:he|she|they|someone) (?:has|have|got|is holding|has got|pulled) (?:a|the) (?:knife|gun|weapon|bat)\b"
    r"|\b(?:had to )?(?:run|ran) out of the house\b|\bescaped? from (?:him|her|them|the house)\b|\bran away from (?:him|her|them|home)\b")


def idiomatic(clause: str) -> bool:
    """An everyday idiom or frame in this clause ("dying to", "kill for", "for the wedding")."""
    return bool(_VETO.search(clause) or _C["IDIOM"].search(clause) or _HYPERBOLE.search(clause))


def concern(clause: str) -> tuple[bool, bool]:
    """(crisis, someone else is hurting them) for one clause, normalised as skill/safety.py does."""
    if _VETO.search(clause):
        return False, False
    t = " " + _C["IDIOM"].sub(" ", clause) + " "
    self_ = bool(_C["SELF"].search(clause))
    death = _found("DEATH", t)
    others = re.search(r"\b(?:he|she|they|you|we|him|her|them)\b", t)
    if death and (self_ or not others) and _found("WISH", t) and not _HYPERBOLE.search(t):
        return True, False
    if _LEAVING.search(t) and not others:
        return True, False
    if _found("BURDEN", t) and self_:
        return True, False
    if _C["HOPELESS"].search(t):  # its patterns carry their own "not" ("can not go on", "do not see a future")
        return True, False
    harm = _SELF_HARM.search(t)
    if (harm and not _NEG.search(t[:harm.start()]) and not re.search(r"\b(?:never|not|no longer)\b", harm.group(0))
            and not re.match(r" (?:on|at|in|while|when|during|playing|cooking|shaving|trying|by accident)\b", t[harm.end():])
            or _found("HARM_SIGN", t)) and not _ACCIDENT.search(t):
        return True, False
    if _found("MEANS", t) and _found("MEANS_ACT", t) and (self_ or death) and not _KITCHEN.search(t):
        return True, False
    person = bool(_C["PERSON"].search(t))
    if person and _found("ABUSE_VERB", t) and re.search(r"\b(?:me|my|i|us)\b", t):
        return True, True
    if _MEANT_BY_OTHER.search(t):
        return True, True
    if _MEANT.search(t) or _PLACE_OF_DANGER.search(t) or any(_said(p, t) for p in (_SELF_ACTS, _HARM_SAID, _PREPARED)):
        return True, False
    if _said(_DANGER_BY_OTHER, t):
        return True, True
    if _DANGER_FROM.search(t):
        return True, True
    fear = re.search(r"\b(?:scared|afraid|terrified|frightened|petrified)\b", t)
    if fear and re.search(r"\b(?:he|she|they|someone|somebody|a man|my (?:\w+ )?(?:partner|husband|wife|boyfriend|girlfriend|ex|dad|father|stepdad|mom|mum|mother|brother|uncle))\b"
                          r"(?: \w+){0,3} (?:(?:will|might|is going to|are going to|could|would) (?:\w+ )?(?:hurt|hit|kill|attack|find me|get me|come back|come after|do something|lose it|snap|explode|go mad|beat)"
                          r"|is coming|are coming|comes home|come back|finds? me|gets? home|is home|is drunk|gets drunk|is angry|gets angry)\b", t):
        return True, True
    if re.search(r"\b(?:he|she|they|my (?:\w+ )?(?:partner|husband|wife|boyfriend|girlfriend|ex|dad|father|stepdad))\b(?: \w+){0,2}"
                 r" (?:is|are|was|gets|got) (?:drunk|raging|violent|smashing|breaking) (?:again|and|at|things|everything)\b", t):
        return True, True
    if _found("UNSAFE", t) and (self_ or person or re.search(r"\b(?:here|home|house|flat|door|window)\b", t)) and not re.search(
            r"\b(?:traffic|road|roads|ladder|bridge|building|roof|ice|water|car|bike|wiring|neighbourhood|neighborhood|area|park) (?:is|are|was|isn t|is not|feels)\b", t):
        return True, bool(person)
    return False, False
