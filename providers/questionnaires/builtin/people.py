"""The built-in questions about people: vetting, references, conflicts of interest."""

from __future__ import annotations

from providers.questionnaires.builtin.compact import question

VETTING = question(
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

REFERENCES = question(
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

CONFLICTS = question(
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
