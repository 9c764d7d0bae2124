"""The words and phrases the upset signals look for (`coach.upset`): repeat contact,
threats and demands, broken promises, "still not fixed", long waits, strong words,
sarcasm, calm markers, and what shouting is made of. Each is an IGNORECASE pattern
written in lower case (`coach.folded_text` searches them on a lower-case copy).
"""

import re


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


NUMBER = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twelve|several|(?<!too )many|a few|multiple|numerous|countless)"
ORDINAL = r"(?:second|third|fourth|fifth|sixth|seventh|tenth|umpteenth|nth|hundredth|2nd|3rd|4th|5th|6th|\d+th)"
SARCASTIC_OPENING = (
    r"^(?:oh )?(?:great|brilliant|lovely|fab|wow|oh good|fantastic|perfect|super|wonderful|"
    r"excellent|marvellous|amazing|very nice|nice one|splendid|superb|terrific)[,!.]"
)
OPENING = _rx(SARCASTIC_OPENING)

REPEAT = [
    _rx(
        rf"\b(?:the\s+)?{ORDINAL}\s+(?:time|email|e-mail|message|request|ticket|call|attempt|week|month|day|visit|deadline|appointment|chaser|reminder|nudge|follow-up|follow up|voicemail)"
    ),
    _rx(rf"\b{NUMBER}\s+(?:visits|engineers|different people|tickets|appointments)\b"),
    _rx(r"\bstill\s+(?:happening|here|there|the same|broken|down|off|dead)\b|\bstill!"),
    _rx(r"\bsame (?:issue|problem|fault) as (?:last|before)\b"),
    _rx(
        rf"\b(?:{NUMBER}|twice|three\s+times)\s+(?:times|emails|e-mails|messages|calls|voicemails)"
    ),
    _rx(
        rf"\b(?:sent|written|rung|called|emailed|asked|requested|raised|logged|explained|reported)\b[^.!?]{{0,40}}\b(?:{NUMBER}\s+times|twice|before|already|again)\b"
    ),
    _rx(
        r"\bstill\s+(?:no|not|nothing|waiting|without|haven'?t|hasn'?t|isn'?t|doesn'?t|don'?t|can'?t|cannot|says)\b"
    ),
    _rx(
        r"\b(?:no|nobody|no one|noone)\b(?! rush| hurry| need| urgency)[^.!?]{0,30}\b(?:answer|reply|replied|answered|respon\w*|call(?:ed)? (?:me )?back|picks? up)\b"
    ),
    _rx(
        r"\b(?:chasing|chase)\s+(?:again|you|this)\b|\bfor the last time\b|\bhello\?\s*anyone\b|\banyone\?"
    ),
    _rx(r"\b(?:why|keep)\b[^.!?]{0,30}\b(?:chase|repeat|repeating|ignored|ignoring|closing)\b"),
    _rx(r"\bis anyone reading\b|\bwas ignored\b|\bagain:|\bi am writing again\b|\bwriting again\b"),
    # the n-th message in other words: "my fourth email", "nudge number three",
    # "my previous two emails", "emailed, phoned and left a voicemail", "on Monday and Wednesday"
    _rx(
        rf"\b(?:my|this is my)\s+{ORDINAL}\s+(?:email|e-mail|message|follow[- ]?up|chaser|reminder|"
        r"request|call|attempt|nudge|letter|complaint)"
    ),
    _rx(
        r"\b(?:nudge|reminder|chaser|email|message|request|attempt|follow[- ]up)\s+(?:number|no\.?|#)\s*(?:two|three|four|five|\d)\b"
    ),
    _rx(
        rf"\b(?:previous|last|earlier|other)\s+{NUMBER}\s+(?:emails|e-mails|messages|calls|requests|tickets|reminders|chasers)\b"
    ),
    _rx(
        r"\b(?:emailed|phoned|rang|called|written|messaged|texted)\b[^.!?]{0,30}(?:,|\band\b)\s*(?:i'?ve\s+)?(?:emailed|phoned|rang|called|left (?:a )?(?:voicemail|message)s?|messaged|written|texted)\b"
    ),
    _rx(
        r"\b(?:on|since)\s+(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\s+and\s+(?:again\s+)?(?:on\s+)?(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b"
    ),
    _rx(r"\blast week and the week before\b|\blast week as well\b|\bas well as last week\b"),
    _rx(
        r"\byet another (?:email|e-mail|message|chaser|call|reminder|follow[- ]up)\b|\bme again\b|^again\b|\bagain asking\b"
    ),
    _rx(
        r"\b(?:heard nothing|not heard (?:back|anything)|haven'?t heard (?:back|anything)|have not heard (?:back|anything)|without (?:a |any )?(?:response|reply|answer)|no (?:response|reply) (?:yet|at all|so far))\b"
    ),
    _rx(r"\b(?:every|each) time (?:i|we) (?:ask|call|ring|email|chase|phone|write)\b"),
    _rx(r"\b(?:being|been) ignored\b|\bignor(?:e|ing) (?:me|my|us|our)\b"),
    _rx(
        r"\bis (?:any(?:one|body)|some(?:one|body)) (?:there|reading|picking|looking|dealing|working|actually)\b"
    ),
    _rx(r"\b(?:reply|answer|response) this time\b"),
    _rx(
        r"\b(?:emailed|rang|called|phoned|written|chased|left (?:voicemails|messages|a voicemail|a message))\b"
        r"[^.!?]{0,30}\bevery (?:single )?(?:day|morning|week)\b|^once more\b|\bonce more:|"
        r"\b(?:seen|received|had) nothing\b|\bno acknowledg(?:e)?ment\b|^hello\?|"
        rf"\bthe last {NUMBER}\b|\bis (?:this|it|anyone|my \w+) (?:being|even being) (?:looked at|dealt with|read)\b|"
        r"\bnot (?:even )?(?:been )?acknowledged\b"
    ),
    _rx(
        r"\b(?:at least|even) (?:acknowledge|answer|reply|respond|read)\b|\bchasing (?:once more|yet again|up again)\b|"
        r"\bhow many more (?:emails|messages|calls|times|reminders)\b|\bfor the \w+ (?:week|day|month) running\b"
    ),
]
AGAIN = _rx(r"\b(?:again|yet again|once more|every (?:single )?(?:time|week))\b")

LEGAL = _rx(
    r"\b(?:solicitors?|lawyers?|legal action|court|small claims|trading standards|ombudsman|"
    r"chargeback|charge ?back|escalat\w* (?:this |it )?to|my director|(?:the|a|your) manager|take this further|"
    r"dispute (?:the|this) (?:payment|charge)|disputing the payment|"
    r"credit card company|my bank|police|formal complaint|icaew|report(?:ing)? (?:you|this)|"
    r"citizens advice|watchdog|tak(?:e|ing) (?:this|it|the matter|things) further|"
    r"complaints? (?:procedure|process|policy|department)|will hear from (?:me|us|my)|"
    r"(?:legal team|credit card provider|card provider|consumer forum|ombudsman scheme)|"
    r"lodged a complaint|formal notice|on record|withhold\w*|dispute the (?:payment|charge|invoice)|"
    r"no (?:option|choice|alternative) but|seek(?:ing)? (?:advice|legal advice|help) elsewhere|"
    r"consider(?:ing)? our options|procurement team|service credits|(?:go|going) out to tender|retender\w*|"
    r"keeping (?:a )?records?|regulator|trade (?:body|association)|federation of|"
    r"disput(?:e|ing) (?:this|the|that) (?:charge|payment|invoice|transaction)|visa|mastercard|amex|"
    r"take (?:the|this) (?:project|work|contract|account) (?:in-house|elsewhere)|"
    r"(?:posting|post|share|sharing) (?:this |it |about this )?(?:on|with) (?:the |our |my )?(?:local|community|neighbourhood|village|social))\b"
)
REVIEW = _rx(
    r"\b(?:(?:one|1)[- ]star|trustpilot|google reviews?|checkatrade|facebook|honest review|"
    r"(?:leav|post|writ|putt)\w* (?:a |an |this |all of this |it |photos )?\w*\s?(?:on|review)|"
    r"tell(?:ing)? (?:the |all the |my )?other (?:tenants|customers|people|neighbours|parents|businesses)|"
    r"(?:others|other customers|people) (?:deserve|should|need) to know|make sure (?:they|everyone) (?:do|know)|"
    r"(?:go(?:ing)? to|contact(?:ing)?|tell(?:ing)?) the (?:press|papers|local paper|newspaper|media))"
)
MONEY = _rx(
    r"\b(?:refund(?:ed)?|money back|full refund|compensation|credit for|fee back|not paying|"
    r"won'?t (?:be )?pay\w*|will not (?:be )?pay\w*|half my money|pay (?:for )?the (?:\w+ )?penalty|"
    r"not paying full|invoic\w+ you for|send you the bill|bill you for|deduct\w*|"
    r"(?:deposit|money|payment|fee)s? (?:returned|back|refunded)(?: in full)?|credit note|"
    r"(?:stop|cancel) (?:the|my|our) (?:direct debit|payment|payments|standing order))\b"
)
CANCEL = _rx(
    r"\b(?:cancel(?:l?ing)? (?:my|the|our) (?:\w+ )?(?:plan|contract|order|service|account|retainer|"
    r"subscription|membership|agreement|direct debit)|cancel and|cancellation form)\b"
)
LEAVING = _rx(
    r"\b(?:end(?:ing)? the contract|stop the contract|moving to another|"
    r"(?:i'?m|we'?re|i am|we are) done with|had enough|"
    r"(?:go|going|move|moving) (?:to|with) (?:another|a different)|leaving you|or i'?m leaving|"
    r"\bconsider this our notice|review(?:ing)? (?:our|the) contract|(?:may|might|will) not renew|"
    r"(?:look|looking|find|get) (?:for )?(?:another|a new|a different) (?:agency|company|supplier|"
    r"provider|firm|plumber|electrician|garage|cleaner|contractor)|"
    r"get another (?:company|firm|plumber|electrician) in|we'?re done\b|whether to continue|"
    r"continue (?:working|to work) with you)\b"
)
DEMAND = _rx(
    r"\b(?:i want|i expect|i demand|we want|we expect|give me|refund me|unless|otherwise|"
    r"or (?:i|we)(?:'ll| will| am| are|'m)?|if (?:i|we) (?:don'?t|do not)|"
    r"if (?:this|it|the \w+) (?:isn'?t|is not)|either|by (?:tomorrow|today|friday|monday)|"
    r"escalat\w+|if you don'?t|if you do not|final attempt|"
    r"seriously considering|effective immediately|with immediate effect|within \d+ days|"
    r"if (?:i|we) (?:don'?t|do not) hear|if this keeps happening|unless)\b"
)

BROKEN = [
    _rx(r"\byou (?:said|told (?:me|us)|promised|guaranteed|assured|agreed|confirmed)\b"),
    _rx(r"\b(?:was|were) (?:promised|told|supposed to|meant to|due to|booked for)\b"),
    _rx(r"\b(?:promised|like you promised|as promised)\b"),
    _rx(
        r"\b(?:nobody|no one|no-one|noone|nothing|engineer|technician|cleaner|driver|he|she|they)\b[^.!?]{0,20}\b(?:came|(?:has|have|had)(?:n'?t| not)? come|turned up|showed(?: up)?|arrived|rang|called)\b"
    ),
    _rx(
        r"\b(?:never|didn'?t|did not|not) (?:came|come|turned up|turn up|show(?:ed)? up|rang|ring|call(?:ed)?|arrive[ds]?)\b"
    ),
    _rx(
        r"\b(?:missed|another missed|no-show)\b[^.!?]{0,20}\b(?:appointment|visit|deadline|slot)s?\b"
    ),
    _rx(
        r"\bwaited (?:in )?all (?:day|morning|afternoon)\b|\bwe waited in\b|\btook (?:the|a) (?:morning|day) off\b|\btake day off\b"
    ),
    _rx(r"\b(?:you say|you promise)\b|\byou were (?:going|meant|supposed) to\b"),
    _rx(
        r"\b(?:was|were) due (?:last|yesterday|on|by|this|at)\b|\blike you said\b|\b(?:i|we) (?:was|were) assured\b"
    ),
    _rx(
        r"\byour (?:guy|colleague|receptionist|engineer|technician|man|team|email|website|"
        r"quote|office|manager|driver|fitter|plumber|electrician|letter|text)\b[^.!?]{0,15}\b"
        r"(?:said|told|assured|promised|confirmed|gave)\b"
    ),
    _rx(
        r"\bassured (?:me|us)\b|\b(?:the|your) (?:date|time|price) you gave\b|\bcome and gone\b|"
        r"\baccording to (?:your|the) (?:email|message|website|quote|text|letter)\b|"
        r"\b(?:we|you) agreed (?:a|the|that|on)?\b|\bno[- ]shows?\b|"
        r"\bsaid (?:he|she|they|you)(?:'?d| would| will)\b"
    ),
    _rx(
        r"\bit'?s (?:now )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
        r"\bit is now \d|\b(?:we'?re|it'?s) now (?:on )?the \d+"
    ),
    _rx(
        r"\b(?:now|it'?s now|today is|that was)\b[^.!?]{0,25}\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|hours? ago)\b"
    ),
]
STILL = _rx(
    r"\bstill\s+(?!works|fits|looks|needs|has|is|does|seems|feels|goes|suits|stands)[a-z]+s\b|\bstill\s+(?:\w+ing\b|visible|cold|wet|damp|blocked|dirty|smeared|broken|faulty|missing|"
    r"wrong|slow|loose|up|on|off|there|leaking|the same)|"
    r"\b(?:leak|fault|problem|issue|noise|rattle|damp|stain|error|smell|crack)s? (?:has |have |had )?"
    r"(?:came) back (?:again|worse)\b|\bexactly the same\b|\bsame (?:as before|as when|result)\b|"
    r"\b(?:even )?after (?:your|two|three|four|\d+|the new) (?:fix|update|repairs?|visits?|deep cleans?|"
    r"plumbers|engineers|attempts|new \w+)\b|\b(?:two|three|four|\d+) (?:visits|repairs|plumbers|"
    r"engineers|attempts) in\b|\breported (?:this|it) (?:in|on|last|back in)\b|"
    r"\b(?:didn'?t|did not|hasn'?t|has not|haven'?t) (?:fix|fixed|solve|solved|sort|sorted|change|changed) (?:anything|a thing|it|the problem|the issue)\b|"
    r"\b(?:just )?(?:like|same as) (?:before|last time)\b|\bagain after (?:your|the|\w+'s) (?:visit|fix|repair|update)\b|"
    r"\bsame \w+,? different (?:week|day|month|engineer|excuse)\b|"
    r"\bsince (?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|last (?:week|month|year))\b"
)
WAIT = _rx(
    rf"\b(?:{NUMBER}|a|one|over a|nearly a|almost a|day {NUMBER})\s+(?:days?|weeks?|months?|fortnight)\b"
    r"|\bfortnight\b|\bsince \d+ weeks\b|\bweeks? in a row\b|\bday (?:five|six|seven|\d+)\b"
)
WAITING_CONTEXT = _rx(
    r"\b(?:still|without|waiting|been|now|later|no (?:date|sofa|engineer|heating|water)|"
    r"open for|since|in a row)\b"
)
STRONG = _rx(
    r"\b(?:appalling|appalled|disgusting|disgraceful|disgrace|useless|worst|ridiculous|"
    r"unacceptable|not acceptable|shocking|incompetent|rip-?off|nightmare|fed up|let down|"
    r"disappointed|regret|angry|furious|not happy|shoddy|careless|rude|"
    r"joke|pathetic|outrageous|sick of|enough is enough|(?:cannot|can'?t) do my job|"
    r"not what we signed up|how we'?re treated|telling everyone|for nothing|are not getting|"
    r"not another apology|stop sending|unhappy|livid|shambles|annoyed|cheated|sloppy|fuming|gutted|"
    r"horrified|insulting|unprofessional|diabolical|not good enough|disgusted|embarrassing|quite frankly|"
    r"(?:terrible|awful|dreadful|poor) (?:service|job|work|experience|communication|workmanship))\b"
)
PRAISE = _rx(
    r"\b(?:thanks|thank you|thanks a lot|cheers|great|brilliant|fantastic|lovely|wow|oh good|"
    r"oh great|perfect|nice one|fab|love how|appreciate|impressed|amazing|super|well done|"
    r"really useful|very helpful|just what|really adds)\b"
)
SARCASM_CUES = _rx(
    r"\b(?:thanks for nothing|thanks a lot|cheers for that|really impressed|just perfect|"
    r"just what i (?:paid|wanted|needed)|nice one|love how|oh good|oh great|wow|very helpful|"
    r"really useful|really appreciate it|really adds|thanks,? it|amazing service|great service|"
    r"great job|great work|fantastic work|appreciate you sending|money well spent|good job|"
    r"very kind of you|top notch|very original|brilliant timing|nice to know|glad to see|"
    r"great to see|love the way|thanks for that|really impressive|so glad (?:we|i) pay|love that|"
    r"exactly what (?:we|i) (?:wanted|needed|asked for|paid for)|shame about|pity about|"
    r"what a surprise|surprise,? surprise|courtesy of|(?:really |totally )?made my day|"
    r"use of (?:my|a|our) (?:day|time|morning|afternoon|money|day off))\b|"
    # scare quotes: the "fix", the "engineer"
    r"[\"“'‘](?:fix|fixed|repair|repaired|cleaned|clean|service|professional|expert|engineer|"
    r"technician|urgent|priority|help|support|update|upgrade|sorted|finished|done|complete|"
    r"completed|checked|tested|working|quick|deep clean)[\"”'’]"
)
# "Thanks so much for closing my ticket without fixing anything": the thanks are for the fault.
THANKS_FOR = _rx(
    r"\b(?:thanks|thank you|cheers|(?:really |much )?appreciate)(?: so much| ever so much| very much| a lot)?"
    r" (?:for )?(?:the |my |your |taking |closing |returning |leaving |making |all |another )[^.!?]{0,60}"
)
BAD_FACT = _rx(
    r"\b(?:no|not|nothing|never|nobody|without|again|still|missed|broke|broken|damaged|"
    r"filthy|scratched|leak|down|deleted|isn'?t|didn'?t|doesn'?t|won'?t|wasn'?t|sparks|"
    r"mess|dent|penalty|redone|snapped|same (?:fault|noise)|engine light|weeks?|scratch\w*|"
    r"mud\w*|footprints|wiped|cold|typo|crumbs|flicker\w*|stopped|smeared|unlocked|wrong|"
    r"late|overheating|decorative|only (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten) "
    r"(?:days|weeks|hours|months)|a whole day|closing|taking (?:the|it) down|flood\w*|"
    r"another|without fixing|lasted|open|got out|left behind|running|doesn'?t|don'?t|trip\w*|spells?|"
    r"misspel\w*|empty|bins)\b"
)
NEGATION = _rx(
    r"\b(?:no|not|nothing|never|nobody|isn'?t|didn'?t|doesn'?t|wasn'?t|won'?t|without)\b"
)
CALM = _rx(
    r"\b(?:no rush|no urgency|not urgent|no hurry|when convenient|whenever (?:you|it)|"
    r"when you (?:can|have a (?:minute|moment))|just checking|just wondering|just a gentle|"
    r"gentle reminder|happy to wait|no harm done|not a big deal|just mentioning|"
    r"just (?:wanted|to let you know)|i thought you'?d want|if possible|"
    r"could (?:you|someone|somebody)|can (?:you|someone|somebody)|would you|please could|"
    r"any chance|is there any chance|should i be worried|i understand|see you then|"
    r"that'?s perfect|works for us|suits us)\b"
)
SOFT = _rx(r"\b(?:a little|a bit|slightly|tiny|small|only a few|it works but)\b")
ACRONYMS = {
    "MOT", "VPN", "SSL", "CMS", "PHP", "DNS", "VAT", "HMRC", "RCD", "NICEIC", "EV", "PDF",
    "IT", "UK", "OK", "SEO", "SVG", "PC", "TV", "LED", "USB", "ICAEW", "PAYE", "ID", "AM", "PM",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z']*")
EXCLAIM = re.compile(r"[!?]*![!?]*![!?]*|\?\?+|\?!")
