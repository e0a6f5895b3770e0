"""The built-in questions about terms: data security, the guarantee, time zones, pricing."""

from __future__ import annotations

from providers.questionnaires.builtin.compact import question

SECURITY = question(
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

GUARANTEE = question(
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

TIMEZONE = question(
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

PRICING = question(
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
