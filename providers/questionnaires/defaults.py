"""The built-in vetting questionnaire, as plain JSON-serialisable data firms copy and edit."""

from __future__ import annotations

import re

# Pattern conventions (see providers.questionnaires.scoring): patterns are regexes matched against the answer
# lower-cased, with curly quotes straightened and every dash turned into "-". A plain space in a
# pattern matches any run of spaces or hyphens, so "role based" also finds "role-based". A pattern
# that is not a valid regex is matched as a literal phrase, so firms can type plain phrases.
#
# Written compactly below and expanded at import, so the stored data holds plain regexes only:
# in a block, a "key: Label" line starts a rubric element; each line indented by four spaces is one
# regex; a line indented further continues the regex above it (long alternations wrap after "|");
# <NUM>, <UNIT> and <NEG> stand for the regexes in _SHORTHANDS.

_SHORTHANDS = {
    # Spelled-out numbers vendors actually write; longest first so "forty five" wins over "forty".
    "<NUM>": r"(?:\d+(?:\.\d+)?|forty five|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fourteen|fifteen|twenty|thirty|forty|sixty|ninety|a couple of|a|an)",
    "<UNIT>": r"(?:business |working |calendar )?(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)",
    "<NEG>": r"(?:never|not|no|won't|will not|don't|do not|cannot|can't|refuse to|decline to)",
}
_PATTERN_INDENT = 4
_ELEMENT_HEADER = re.compile(r"^(\w+): (.+)$", re.MULTILINE)


def _patterns(block: str) -> list[str]:
    """The regexes of a block: one per indented line, joined with any further-indented continuation."""
    patterns: list[str] = []
    for line in block.splitlines():
        text = line.strip()
        if not text:
            continue
        if patterns and len(line) - len(line.lstrip()) > _PATTERN_INDENT:
            patterns[-1] += text
        else:
            patterns.append(text)
    for token, regex in _SHORTHANDS.items():
        patterns = [p.replace(token, regex) for p in patterns]
    return patterns


def _elements(block: str) -> list[dict]:
    """Rubric elements from "key: Label" lines, each followed by the patterns that detect it."""
    parts = _ELEMENT_HEADER.split(block)  # [preamble, key, label, patterns, key, label, patterns, ...]
    return [
        {"key": key, "label": label.strip(), "patterns": _patterns(patterns)}
        for key, label, patterns in zip(parts[1::3], parts[2::3], parts[3::3], strict=True)
    ]


# Assertions without substance that vendors use whatever the question.
_COMMON_VAGUE = r"""
    very secure
    industry standard
    industry best practices
    best practices
    best in class
    top talent
    we take security seriously
    rigorous process
    state of the art
    world class
    highly qualified
    no worries
    we guarantee satisfaction
    satisfaction guaranteed
    100 ?% (?:satisfaction|secure|guaranteed)
    top priority
    cutting edge
    second to none
    peace of mind
    rest assured
    don'?t worry
    seamless(?:ly)?
    hassle free
    white glove
    unmatched
    unparalleled
    industry leading
    we've got you covered
    above and beyond
    trust us
    the best of the best
    only (?:hire|work with|accept|take|recruit) the (?:best|very best|top)
"""


def _question(key: str, text: str, help_: str, weight: float, *, elements: str, vague: str) -> dict:
    """One question dict in the shape templates are stored in."""
    return {
        "key": key,
        "text": text,
        "help": help_,
        "weight": weight,
        "elements": _elements(elements),
        "vague_markers": _patterns(_COMMON_VAGUE) + _patterns(vague),
    }


_VETTING = _question(
    "vetting_process",
    "Walk us through your vetting process, step by step. Don't skip anything.",
    "Names each step in order: resume screen, interview, a skills test relevant to the work, "
    "background check and reference checks — and who does them.",
    3,
    elements=r"""
resume_screen: Resume screen
    r[eé]sum[eé]s?|\bcvs?\b|curriculum vitae
    (?:work|employment|career) histor(?:y|ies)
    (?:review|screen|vet|check|verify|assess)\w* (?:of )?(?:their |each |every |the |all )?(?:applications?|
        credentials|qualifications|education|degrees?|certifications?|certificates)
    (?:applications?|credentials|qualifications) (?:are |is )?(?:reviewed|screened|verified)
    (?:initial|paper|application|written) (?:screen|screening|review)
    (?:education|degree|certificate|certification|credential) (?:verification|check)s?
    academic records|transcripts|linkedin
interview: Interview
    interview
    (?:video|phone|zoom|live|one on one|face to face|teams) (?:call|screen|conversation|meeting|chat)
    phone screen
    (?:meet|speak|talk)s? (?:with|to) (?:each|every) (?:candidate|applicant)
skills_test: Skills test
    skills? (?:test|assessment|evaluation|exercise|check|exam)
    (?:practical|technical|written|timed|proficiency|competency|writing|drafting|research|typing|citation|
        bluebook) (?:test|assessment|exercise|evaluation|task|exam|quiz|challenge)
    (?:cite checking|legal writing|software|hands on|live|online|accuracy) (?:test|assessment|exercise|
        evaluation|task|exam|quiz|challenge)
    (?<!drug\s)(?<!drug-)(?<!pen\s)(?<!penetration\s)\b(?:tests?|exams?|quiz|quizzes|exercises?)\b
    test(?:s|ed|ing)? (?:them |candidates |applicants )?(?:on|for) (?:their )?(?:skills|drafting|research|
        writing|citation|bluebook|knowledge|speed|accuracy)
    mock (?:document|drafting|assignment|motion|exercise|project|task|brief|file|case|review)
    (?:sample|graded|paid|test|trial) (?:assignment|task|project|exercise)
    writing sample
    (?:have|ask|make) (?:them|candidates|applicants|each \w+) (?:to )?(?:draft|prepare|summari[sz]e|complete|
        cite ?check|proofread)
    \bquiz
background_check: Background check
    background(?:s)?(?: and [a-z]+)? (?:check|screen|investigation|verification)
    check\w* (?:their |the )?backgrounds?
    (?:criminal|civil|court)(?: and \w+)? (?:record |records |history |background )?(?:check|search|screen)
    police (?:verification|clearance|check)
    address (?:check|verification)
    \b(?:checkr|sterling|hireright|goodhire|first advantage)\b
    (?:identity|id) (?:verification|check)
    verif\w* (?:their |each )?identity|fingerprint
    e verify
    (?:sanctions?|disciplinary|drug|credit) (?:screening|check|screen|test|record|history)
reference_check: Reference check
    \breferences\b
    reference (?:check|call|verification|interview)
    referees?
    (?:call|calls|contact|speak|talk|verif\w*)\w* (?:\w+ ){0,3}(?:former|previous|past|prior|last|
        most recent) (?:\w+ ){0,2}(?:employers?|supervisors?|attorneys?|managers?|clients?)
""",
    vague=r"""
    rigorous (?:vetting|screening|selection)
    multi (?:stage|step|layered|level) (?:review|process|vetting|screening)
    thorough(?:ly)? (?:vetted|vetting|screened|process)
    carefully (?:vetted|selected|screened|chosen)
    hand picked
    elite
    cream of the crop
    proven (?:process|methodology|system|approach)
    top \d+(?:\.\d+)? ?(?:%|percent)
    (?:comprehensive|extensive|stringent|robust) (?:vetting|process|screening|review)
    pre vetted
    we know talent
    only the best
    you can trust
    (?:exceptional|outstanding|amazing|great|top notch) (?:people|talent|candidates|professionals)
""",
)

_SECURITY = _question(
    "data_security",
    "How do you actually ensure data security and client confidentiality?",
    "NDAs signed before any access, role-based permissions, encryption, multi-factor authentication, "
    "revoking access when work ends, and an audit or certification (SOC 2, ISO 27001, penetration "
    "test).",
    3,
    elements=r"""
nda_before_access: NDA before access
    \bndas?\b|non disclosure
    confidentiality (?:agreements?|undertakings?|pledges?|contracts?|clauses?|obligations|terms)
    sign\w* (?:a |an |our |the )?(?:strict |binding |written )?confidentiality
    bound by (?:strict |written )?confidentiality
role_based_permissions: Role-based permissions
    role based|\brbac\b|least privilege|need to know
    minimum necessary|access controls?
    no shared (?:logins|accounts|passwords|credentials)
    (?:access|permissions?|logins?|accounts?) (?:is |are )?(?:only )?(?:limited|restricted|scoped|
        locked down|confined) (?:to|by)
    (?:permissions?|access|accounts?) (?:\w+ )?(?:you|the firm|your firm|your it) (?:choose|set|grant|assign|
        control|approve|create)
    (?:granted|assigned|given|set) (?:per|by) (?:matter|role|case|file|assignment)
    (?:has|have|assigned|given) (?:a |their |one )?roles?\b
    what (?:that|their|the|his|her) role (?:needs|requires|allows)
    (?:granular|scoped|limited|restricted|minimum|minimal|read only|per matter|matter level) (?:access|
        permissions|rights)
    (?:user|permission) (?:permissions|levels|tiers|groups|roles)
    only (?:the )?(?:\w+ )?(?:matters|files|folders|systems|clients|data|documents|records) (?:they |he |
        she |you )?(?:need|needed|required|assigned|are assigned|work on)
encryption: Encryption
    encrypt\w*|\baes ?(?:128|256)?\b|\btls\b|\bssl\b
    \bvpn\b|\bsftp\b
    \b(?:bitlocker|filevault)\b|end to end
mfa: Multi-factor authentication
    \b(?:mfa|2fa|2 fa|tfa)\b
    (?:two|2|multi|multiple|dual) (?:factor|step)
    authenticator app
    (?:hardware|security) keys?|yubi ?keys?|\bduo\b
    okta verify
    one time (?:code|passcode|password)|\btotp\b
    second factor
access_revocation: Access revocation
    revok\w*|revocation
    (?:disable|deactivate|remove|terminate|cut|shut|pull|withdraw|kill|suspend|lock|switch|
        turn)\w* (?:off )?(?:their |all |the |every |any |his |her |my |your )?(?:system |user |
        remote )?(?:access|accounts?|logins?|credentials|permissions)
    (?:access|accounts?|logins?|credentials|permissions) (?:is |are |gets |get |will be )?(?:removed|revoked|
        disabled|terminated|deactivated|withdrawn|ended)
    (?:access|accounts?|logins?|credentials|permissions) (?:is |are |gets |get |will be )?(?:cut|shut|
        switched) off
    (?:removed|revoked|disabled|deactivated|terminated|shut off|cut off|switched off) (?:the same day|
        the day|on the (?:last|final) day)
    (?:removed|revoked|disabled|deactivated|terminated|shut off|cut off|switched off) (?:within|when|
        immediately|as soon as|at the end)
    access (?:\w+ )?(?:ends|ceases|expires|stops)
    (?:removal|revocation|termination|shut ?down|deactivation) of (?:all )?(?:their )?(?:\w+ )?access
    offboard\w*
    (?:remote(?:ly)? )?wip(?:e|ed|ing)\b
    (?:delete|destroy|purge|return)\w* (?:of )?(?:all )?(?:firm |client |your )?(?:data|files|documents|
        copies|devices|equipment|laptops)
    data (?:deletion|destruction|disposal)
    certificate of destruction|lose (?:all )?access
    no longer (?:have|has) access
audit_certification: Audit or certification (SOC 2, ISO 27001, penetration test)
    \bsoc ?(?:2|ii|1|one|two)\b
    \biso(?: ?/ ?iec)? ?27001\b|\biso certifi\w*
    pen(?:etration)? ?test\w*
    (?:third party|independent|external|annual|outside) (?:security |risk |compliance )?(?:audit|assessment|
        review|pen test|auditor)
    \baudit(?:s|ed|ing|or|ors)?\b(?! (?:log|trail))
    vulnerability (?:scan|assessment|test)\w*
    \bnist\b|\bcmmc\b|\bfedramp\b|attestation
""",
    vague=r"""
    (?:bank|military|enterprise) (?:grade|level)
    security is (?:our )?(?:top|number one|#1|first|a) priority
    (?:fully|completely|totally|100 ?%|extremely|super|highly) secure
    (?:secure|safe) platform
    airtight|ironclad|fort knox|bulletproof
    (?:your|the) data is (?:safe|secure|in good hands)
    (?:all|every) (?:necessary|appropriate|reasonable) (?:measures|precautions|steps|safeguards)
    (?:appropriate|reasonable|robust|advanced|strong|top notch) (?:security|measures|safeguards|protections)
    compliant with all (?:applicable )?(?:regulations|laws|rules)
    we take (?:confidentiality|privacy|your data) (?:very )?seriously
    confidentiality is (?:paramount|key|everything|sacred)
""",
)

_GUARANTEE = _question(
    "replacement_guarantee",
    "What happens if we're not happy with the person we choose?",
    "A trial period, a replacement, a stated time limit for the guarantee, and no extra cost for the "
    "replacement.",
    2,
    elements=r"""
trial_period: Trial period
    \btrial|probation\w*
    test (?:drive|period|run|week|month)
    pilot (?:period|week|month|project|engagement)
    (?:evaluation|satisfaction|guarantee) (?:period|window)
    (?:try|trying) (?:them|the professional|the person|the paralegal|out)
replacement: Replacement
    replac\w*|swap\w*|substitut\w*
    (?:new|different|another|alternative|backup|fresh|second) (?:candidate|professional|paralegal|person|
        match|assistant|hire|one|option|shortlist|slate)
    someone else|\btake over\b
    re ?(?:match|staff|place|assign)\w*
time_limit: Time limit stated
    \b<NUM> <UNIT>\b
    (?:first|initial|opening) (?:week|month|day|fortnight|quarter)
    for the (?:life|duration|length|term) of (?:the |your |our )?(?:engagement|contract|relationship|
        placement|agreement)
    at any (?:time|point) (?:during|in) (?:the |your )?(?:engagement|contract|first)
no_extra_cost: No extra cost
    (?:\bno|zero|without(?: any)?) (?:\w+ ){0,2}(?:cost|charge|fee)s?\b
    costs? (?:you )?nothing
    owe (?:nothing|no more)
    nothing (?:extra|more|further)|waiv\w*
    (?<!feel\s)(?<!hassle[\s-])(?<!worry[\s-])(?<!risk[\s-])(?<!stress[\s-])\bfree\b
    at (?:our|the provider's) (?:own )?(?:cost|expense)
    (?:we|provider) (?:cover|absorb|eat|bear|pay)s? (?:the |all |any )?(?:cost|costs|fees?)
    \b<NEG> (?:re ?)?(?:charge|bill|invoice)|complimentary
    refund\w*
    (?:credit|credited) (?:back|for|toward|towards|against)
    (?:same|original|existing) (?:rate|price|fee|contract)
""",
    vague=r"""
    (?:that|this|it) (?:rarely|never|almost never|hardly ever) happens
    (?:our )?clients are always (?:happy|satisfied|thrilled|delighted)
    we'll make (?:it|things) right
    (?:we'll|we will|we can) (?:work|figure) (?:something|it) out
    case by case
    we'll do (?:our|everything in our) (?:best|power)
    happiness guarantee
    we stand behind
    (?:we )?always find a (?:solution|way)
    we'll take care of (?:it|you|everything)
    (?:that's|that has|it's|it has) never been (?:an issue|a problem)
    (?:you'll|you will) love
    (?:perfect|ideal) (?:match|fit) every time
""",
)

_TIMEZONE = _question(
    "timezone_communication",
    "How do you handle time zones and day-to-day communication with our team?",
    "Hours of overlap stated, the channels used (Slack, Teams, email, phone), a response time, a "
    "daily check-in or huddle, and coverage of the firm's US time zone.",
    1,
    elements=r"""
overlap_hours: Hours of overlap stated
    overlap
    \b<NUM> (?:or more )?(?:hours?|hrs?) (?:a day )?(?:of )?(?:shared|in common|real time|live|synchronous|
        core|together)
    core (?:hours|working hours|business hours)
    \b\d{1,2}(?::\d{2})? ?(?:am|pm|a\.m\.|p\.m\.)? ?(?:to|-|until|through|till) ?\d{1,2}(?::\d{2})? ?(?:am|
        pm|a\.m\.|p\.m\.)
    \b\d{1,2}(?::\d{2})? ?(?:am|pm)? ?(?:to|-|until|through|till) ?\d{1,2}(?::\d{2})? ?(?:et|ct|pt|mt|est|
        cst|pst|mst|eastern|central|pacific)
    (?:est|edt|cst|cdt|pst|pdt|et|ct|pt|eastern|central|pacific|mountain),? \d{1,2}(?::\d{2})? ?(?:am|
        pm)? ?(?:to|-|until|till|through) ?\d{1,2}
    between \d{1,2}(?::\d{2})? ?(?:am|pm)? and \d{1,2}(?::\d{2})? ?(?:am|pm)
    (?:full|entire|whole|same) (?:us |your )?(?:business|working|work|office) (?:day|hours)
    (?:your|the firm's|your firm's) (?:business|office|working|regular) hours
    (?:your|the firm's|your firm's) hours\b
named_channels: Named channels (Slack, Teams, email, phone)
    \bslack\b|(?:microsoft|ms) teams
    \bteams (?:chat|call|channel|meeting|message)s?
    (?:on|via|over|through|in|using) teams\b|\be ?mail
    \bphone\b|\bzoom\b
    google (?:meet|chat|hangouts)|\bwhatsapp\b
    \bringcentral\b
    \b(?:sms|text messages?|texting)\b
    video (?:call|calls|chat|meeting)
    \b(?:asana|trello|basecamp|clickup|jira|monday\.com)\b
response_time: Response time
    respon\w* (?:time|times|window|target|sla)
    (?:respond|reply|replies|answer|acknowledge|get back|turn around)\w*(?: to \w+)?(?: \w+)? (?:within|
        in under|in less than|in|by|inside)(?: the)? <NUM> ?<UNIT>
    within <NUM> (?:business |working )?(?:minutes?|mins|hours?|hrs?)
    same (?:business )?day|within the hour
    <NUM> ?<UNIT> (?:reply|response|turnaround|answer) (?:window|time|target|sla|commitment|guarantee)
    turnaround|\bsla\b|service level
daily_checkin: Daily check-in or huddle
    daily (?:\w+ ){0,3}(?:check ?ins?|huddles?|stand ?ups?|calls?|meetings?|syncs?|updates?|reports?|
        summar\w*|touch ?points?|status|recaps?|notes?)
    end of (?:the )?day (?:report|summary|update|email|recap|note)s?
    huddle|stand ?ups?\b
    (?:every|each) (?:morning|day|afternoon|evening)
    start of (?:each|every|the) (?:day|morning)
    end of (?:each|every|the) day|\beod\b
    (?:morning|evening) (?:huddle|check ?in|call|stand ?up|update|sync)
us_timezone: US time zone coverage
    \b(?:us|u\.s\.|american|your|the firm's|your firm's|local) (?:time ?zones?|business hours|working hours|
        office hours)\b
    \b(?:us|u\.s\.) hours\b
    \b(?:eastern|pacific|central|mountain) (?:standard |daylight )?(?:time|hours|zone)\b
    (?:night|graveyard|us) shift
    \b(?:est|edt|cst|cdt|mst|mdt|pst|pdt)\b
    \d ?(?:am|pm)? ?(?:et|ct|pt|mt|eastern|central|pacific|mountain)\b
    (?:new york|chicago|los angeles|denver|california|texas|florida) time
    (?:your|your office's) hours\b
    \b(?:eastern|pacific)\b
    nearshore|latin america|\blatam\b|mexico|colombia|costa rica|brazil|argentina|guatemala
    coast to coast
    stateside|us based|based in the (?:us|united states)
""",
    vague=r"""
    24 ?/ ?7
    24x7
    around the clock
    always (?:available|on|reachable|responsive)
    whenever you need
    \banytime\b
    (?:we're|we are) (?:very |super |extremely )?flexible
    flexible (?:hours|schedules?)
    communication is key
    (?:we'll|we will) figure it out
    (?:time zones? )?(?:is|are|has|have) never (?:been )?(?:an issue|a problem)
    we (?:adapt|make it work)
    (?:excellent|great|clear|open|constant) communication
    (?:highly|super|very|extremely) responsive
    as soon as possible|\basap\b
""",
)

_PRICING = _question(
    "pricing_billing",
    "How is your pricing structured, and how will we be billed?",
    "An hourly rate or flat fee stated, what it includes, the billing cadence and invoicing, no "
    "hidden or setup fees, and any minimum commitment or cancellation terms.",
    1,
    elements=r"""
rate_stated: Hourly rate or flat fee stated
    \$ ?\d|\d+ (?:dollars|usd)\b
    (?:flat|fixed) (?:monthly |weekly |per matter |per project )?(?:fee|rate|price|monthly)
    \d+ ?(?:an|per|/|a) ?(?:hour|hr|month|page|document|matter)\b
    (?:hourly|monthly|daily) rate (?:of|is)
    per (?:hour|page|document|matter|deposition|file)\b
included: What's included
    \binclud(?:es|ed|ing)\b
    \b(?:covers|bundled|comes with|built into)\b
    (?:passed|pass) through|(?:billed|charged|shown) separately|not included
    \b(?:payroll|benefits|payroll taxes|pto|paid time off|equipment|software|licen[cs]es|insurance)\b
    \b(?:training|supervision|account manager)\b
billing_cadence: Billing cadence and invoicing
    invoic\w*
    bill(?:ed|s)? (?:monthly|weekly|bi weekly|biweekly|twice a month|semi monthly|every|in arrears|
        in advance|at the end)
    (?:monthly|weekly|bi weekly|biweekly|semi monthly|quarterly) (?:billing|invoices?|statements?|bills?|
        retainer|in arrears|in advance)
    \bnet ?(?:7|10|14|15|30|45|60)\b
    (?:due|payable) (?:on|within|upon|at|in|by)
    \b(?:credit card|ach|wire|autopay|auto pay|direct debit)\b
    timesheets?|time sheets?
    (?:six|6|tenth|0\.1|quarter) (?:of an )?(?:minute |hour )?increments?
    \bbilling (?:cycle|period|date|is|runs|happens)
    \bbill(?:ed|s)? (?:\w+ )?(?:on|every|each)\b
no_hidden_fees: Fees disclosed (no hidden or setup fees)
    (?:\bno|zero|without(?: any)?) (?:\w+ ){0,3}(?:fees?|charges?|markups?)\b
    (?:\bno|zero|without(?: any)?) (?:hidden|surprise|additional|extra|other) costs?
    \b<NEG> (?:charge|bill|add) (?:you )?(?:a |any )?(?:setup|set up|placement|onboarding|hidden|recruiting|
        conversion|upfront|extra|additional)
    (?:setup|set up|placement|onboarding|conversion|buyout|one time) fee (?:is |of )?(?:waived|\$ ?\d|zero|
        none)
    \$ ?\d[\d,]* (?:one time |setup |set up |placement |onboarding |conversion )fee
    waive\w*
    nothing (?:else|extra|hidden|on top)
    (?:only|just) (?:pay|charge|bill) (?:you )?(?:for )?(?:the )?(?:hours|time) (?:worked|logged)
    (?:that's|that is|which is) (?:the |it)\b.{0,20}\b(?:all|everything)
commitment_terms: Minimum commitment or cancellation terms
    (?:minimum|min\.?) (?:\w+ )?(?:commitment|term|contract|hours|engagement|spend|purchase|order|size|
        volume|period|of)
    \b<NUM> (?:month|week|hour)s? minimum
    \bno (?:minimum|long term|lock in|annual|yearly)
    cancel\w*|terminat\w*
    \b<NUM> (?:days?|weeks?)'? (?:written )?notice
    notice period|month to month
    (?:annual|yearly|12 month|twelve month|long term|multi year) (?:contract|commitment|agreement|term)
    lock ?in
    (?:pause|end|stop|scale down)(?: \w+){0,2} (?:at any time|anytime|whenever)
""",
    vague=r"""
    (?:very |highly |extremely )?competitive (?:rates|pricing|prices|fees)
    (?:very|highly|extremely) competitive
    \baffordable\b
    transparent (?:pricing|billing)
    flexible (?:pricing|plans|options|packages|billing)
    (?:best|great|unbeatable|excellent) value
    cost effective
    fraction of the cost
    save you (?:money|a fortune|thousands)
    it depends
    depends on (?:your|the) (?:needs|project|scope)
    tailored (?:pricing|packages|to your needs|quote)
    custom (?:quote|pricing|proposal)
    (?:hop|jump) on a call
    reasonable (?:rates|fees|pricing|prices)
    no surprises
    unbeatable
""",
)

_REFERENCES = _question(
    "references",
    "Can you give us references from firms like ours?",
    "Named references at named firms, contact details or an introduction, a comparable practice area "
    "or firm size, and years of experience or case studies.",
    1.5,
    elements=r"""
named_references: Named references or firms
    \b(?:llp|llc|pllc|p\.c\.|p\.a\.|p\.l\.l\.c\.)(?=\W|$)
    law (?:firm|group|office|offices|partners|center)\b(?! (?:like|such as))
    (?:& |and )associates|attorneys at law|legal group
    (?:managing|senior|founding|name|named) (?:partner|attorney)
    (?:office|practice|operations|firm) (?:manager|administrator|director)s?
    \b(?:partner|attorney|paralegal manager|coo|administrator)s? at\b
contact_details: Contact details offered
    contact (?:details|info|information|numbers?)
    (?:phone|email|e mail|cell|mobile) (?:numbers? |addresses )?(?:and|&|or) (?:phone|email|e mail|direct|
        cell|mobile)
    names? and (?:phone )?numbers?
    (?:email|phone|warm) intro\w*
    (?:connect|introduce|intro) (?:you|them)
    put you (?:in touch|in contact|through)
    (?:set up|arrange|schedule|book) (?:\w+ ){0,2}(?:call|calls|introduction|intro|meeting|conversation)s?
    (?:call|email|reach out to|speak (?:with|to)|talk (?:with|to)) (?:them|any of them|our references|
        the references|directly|each|all)
    (?:call|email|reach out to|speak (?:with|to)|talk (?:with|to)) these (?:firms|clients|partners)
    [\w.+-]+@[\w-]+\.[a-z]{2,}
    \(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}
    direct (?:line|number|dial)
comparable_practice: Comparable practice area
    practice areas?
    (?:similar|same|comparable|your) (?:size|firm size|type of (?:practice|work|firm)|practice|specialty|
        area of law)
    \b(?:personal injury|family law|divorce|custody|estate planning|trusts and estates|probate|immigration)\b
    \b(?:bankruptcy|employment law|labor and employment|litigation|real estate|intellectual property)\b
    \b(?:patent|trademark|insurance defense|medical malpractice|workers'? comp\w*|criminal defense|tax law)\b
    \b(?:e ?discovery|class action|mass torts?|elder law|securities|construction law|landlord tenant)\b
    \b(?:collections|business law|civil|corporate law|transactional|m ?& ?a)\b
    \bpi (?:firm|firms|practice|practices|attorneys|lawyers|work)\b
    \b(?:employment|plaintiff|defense|litigation|ip|family|immigration) (?:side )?(?:firms?|practices?)\b
    (?:firms?|practices?) (?:of |about |around )?(?:your|similar|comparable|the same) size
    (?:solo|small|mid size|midsize|boutique)(?: and small)? (?:firms?|practices?|law firms?)
experience_case_studies: Years of experience or case studies
    \b<NUM>\+? (?:years?|yrs)\b|since (?:19|20)\d\d
    case stud(?:y|ies)
    (?:placed|placements?|matched|served|worked with|supported) (?:over |more than |nearly |about |
        roughly )?\d+
    \b\d+\+? (?:placements|firms|clients|law firms|attorneys|matters|paralegals|professionals)
    (?:founded|established|in business|operating) (?:in|since)
    \b(?:clutch|martindale|avvo)\b
    (?:work samples|sample work|before and after|metrics|results) (?:from|for|showing)
""",
    vague=r"""
    (?:many|lots of|tons of|countless|hundreds of|thousands of) (?:happy|satisfied|delighted) clients
    (?:our )?clients love us
    trusted by (?:leading|top|the best|many|hundreds|thousands)
    proven track record
    (?:excellent|great|glowing|amazing|stellar) (?:reviews|reputation|feedback|testimonials)
    well (?:known|respected|established)
    \breputable\b
    (?:check|visit|see) (?:out )?our website
    (?:available )?upon request
    speaks? for itself
    (?:everyone|anyone) (?:in the industry )?knows (?:us|our name)
    household name
""",
)

_CONFLICTS = _question(
    "conflicts_of_interest",
    "How do you check for and prevent conflicts of interest?",
    "A conflict-check procedure run before anyone is assigned, against a database or list of each "
    "professional's clients and matters, disclosure to the firm, ethical walls, and never staffing "
    "someone who works for an opposing party.",
    2,
    elements=r"""
conflict_check_procedure: Conflict check procedure
    conflicts? (?:of interest )?(?:check|checks|checking|search|searches|screen|screening|clearance|review)
    conflicts? (?:of interest )?(?:process|procedure|questionnaire|form|inquiry|analysis|scan|policy)
    (?:check|screen|search|run|clear|review|vet)\w* (?:\w+ ){0,4}(?:for|against) (?:potential |possible |
        any )?conflicts?
    clear(?:ed)? (?:of )?conflicts
    (?:run|cross ?check|compare|match|check|screen|search)\w* (?:\w+ ){0,12}against
    conflicts? (?:system|software|database|search)
    search\w* (?:our |the |your )?(?:records|database|register|registry)
before_assignment: Check before assignment
    before (?:\w+ ){0,5}(?:assign\w*|start\w*|placement|placed|begin\w*|match\w*|introduc\w*|onboard\w*|
        staff\w*)
    before (?:\w+ ){0,5}(?:engag\w*|access|sees?|touch\w*|work\w* on|any work|the first|shar\w*|receiv\w*|
        join\w*)
    prior to (?:\w+ ){0,4}(?:assign\w*|start\w*|placement|engag\w*|onboard\w*|match\w*|work\w*|access|
        introduc\w*|shar\w*)
    \bpre (?:assignment|placement|engagement|match|introduction|onboarding)\b
    (?:at|during) (?:intake|onboarding|matching|the matching stage)
    (?:for|on|with) (?:every|each) new (?:matter|assignment|client|engagement|case|firm)
    (?:at the start|at the outset|at the beginning) of (?:each|every|any|the|a) (?:new )?(?:matter|
        assignment|engagement|case)
client_list: Database or list of clients
    (?:client|party|parties|matter|conflicts?|adverse party|engagement|employer|employment|work) (?:database|
        register|registry|list|lists|log|records|index|tracker|histories)
    (?:database|register|registry|list|log|record|records|index) of (?:all |every |each |
        the )?(?:\w+ ){0,3}(?:clients?|parties|party|matters?|engagements?|employers?|firms?|assignments?|
        work)\b
    (?:work|employment|project|matter|engagement) histor(?:y|ies)
    (?:past|prior|former|previous) and (?:current|present) (?:clients|employers|matters|firms)
    (?:searchable|central|master|internal) (?:database|register|registry|list|log)
    \b(?:clio|mycase|practicepanther|smokeball|filevine|intapp|conflict software)\b
    (?:every|each|all|any) (?:prior |past |former |previous |current )?(?:client|matter|firm|
        employer)s? (?:they|he|she|the professional) (?:have|has|had)? ?(?:worked|work|supported)
    (?:list|disclose|name|record|log)\w* (?:all |every |each |their )?(?:prior |past |former |previous |
        current )(?:clients|employers|firms|matters|engagements)
disclosure_to_firm: Disclosure to the firm
    disclos\w*
    (?:notify|inform|alert|tell|flag|escalate)\w* (?:\w+ ){0,3}(?:you|the firm|your firm|immediately|
        in writing|the hiring attorney|your team)
    (?:goes|go|sent|reported|escalated|shared with|send|sends|report) (?:to )?(?:you|your \w+)\b
    (?:written|signed) (?:\w+ ){0,2}(?:memo|report|notice|clearance)
    (?:you|the firm|your firm) (?:confirm|approve|clear|sign off|decide)
    in writing
    (?:written|signed) (?:disclosure|attestation|certification|declaration|affidavit|statement|confirmation)
    \battest\w*
    (?:your|the firm's) (?:approval|sign off|consent|decision|review)
    \bwaivers?\b|informed consent
ethical_walls: Ethical walls or screening
    ethic(?:al|s) (?:walls?|screens?|screening|barriers?)
    chinese walls?
    (?:information|info) (?:barriers?|walls?)
    screen(?:ed|ing|s)? (?:\w+ )?(?:off|from)
    wall(?:ed|s)? (?:\w+ )?off
    (?:isolate|separate|segregate)\w* (?:\w+ ){0,3}(?:from|matters|files|teams|workspaces|data)
    (?:separate|dedicated|segregated|isolated) (?:workspaces|teams|environments|systems|pods|folders|accounts)
    firewall(?:ed)? (?:off|from)
no_opposing_parties: No work for opposing parties
    \b(?:<NEG>|prohibit\w*|bar|barred|forbid\w*|exclude\w*|disqualif\w*|recus\w*|off limits|
        block\w*) (?:\w+ ){0,10}(?:opposing|adverse|opposite|other side|both sides)
    \b(?:<NEG>|prohibit\w*|bar|barred|forbid\w*|exclude\w*|disqualif\w*|recus\w*|off limits|
        block\w*) (?:\w+ ){0,10}(?:competitor|competing|conflicted)
    (?:opposing|adverse)(?: \w+){0,3} (?:are|is) (?:excluded|barred|prohibited|off limits|disqualified|
        not permitted|not allowed|never)
    (?:conflicted|adverse) (?:\w+ ){0,2}(?:are |is )?(?:removed|excluded|disqualified|rejected|not placed|
        not assigned)
    (?:anyone|anybody|someone|candidates?|professionals?|reviewers?|paralegals?) with (?:a |
        any )?(?:potential )?conflicts? (?:is |are )?(?:excluded|removed|disqualified|not placed|not assigned)
    one (?:firm|client) at a time
    (?:for or )?against (?:your|the firm's) clients?
    \bexclusiv(?:e|ely|ity)\b|(?:both|either) sides
    (?:step|stepped|taken|taking|pulled|remove\w*|reassign\w*) (?:\w+ ){0,3}off (?:the |that )?(?:matter|
        case|file|assignment)
""",
    vague=r"""
    we avoid conflicts
    conflicts (?:are|aren't|are not) (?:never )?(?:an issue|a problem|something we worry about)
    (?:has|have|it's|that's) never (?:been an issue|come up|happened)
    we take (?:ethics|conflicts|this|integrity) (?:very )?seriously
    (?:highest|strict|strong|high) ethical standards
    our people are (?:true )?professionals
    (?:we're|we are) (?:very|extremely|super) careful
    common sense
    we handle it
    (?:utmost|complete|total) integrity
    integrity is (?:our|a) core value
    we comply with all (?:rules|regulations|laws)
    (?:we|our team) (?:always )?(?:do|does) (?:the right thing|what's right)
""",
)


DEFAULT_QUESTIONNAIRE: list[dict] = [
    _VETTING,
    _SECURITY,
    _GUARANTEE,
    _TIMEZONE,
    _PRICING,
    _REFERENCES,
    _CONFLICTS,
]
