"""Word lists and weights for audit.classifier, kept apart so the logic stays short."""

from __future__ import annotations

# Hand-aligned tables: one entry per line would bury the vocabulary in scrolling.
# fmt: off

# (slug, label, default bucket). Order is display order: core first, then the hit list.
CATEGORY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("court_appearance", "Court appearances & hearings", "core"),
    ("case_strategy", "Case strategy", "core"),
    ("negotiation", "Negotiation & settlement", "core"),
    ("legal_advice", "Legal advice to clients", "core"),
    ("depositions", "Taking/defending depositions", "core"),
    ("witness_prep", "Witness preparation", "core"),
    ("attorney_signoff", "Attorney review & sign-off", "core"),
    ("discovery_drafting", "Discovery drafting", "outsourceable"),
    ("deposition_summaries", "Deposition summaries", "outsourceable"),
    ("deposition_prep", "Deposition prep (outlines & exhibits)", "outsourceable"),
    ("document_review", "Document review & production", "outsourceable"),
    ("document_drafting", "Drafting pleadings, motions & agreements", "outsourceable"),
    ("forms_preparation", "Court forms & routine filings", "outsourceable"),
    ("legal_research", "Legal research & memos", "outsourceable"),
    ("cite_checking", "Cite checking & proofreading", "outsourceable"),
    ("trial_exhibits", "Trial exhibits & binders", "outsourceable"),
    ("e_filing", "E-filing & service", "outsourceable"),
    ("records_requests", "Records requests & subpoenas", "outsourceable"),
    ("medical_summaries", "Medical record summaries & chronologies", "outsourceable"),
    ("client_intake", "Client intake & conflict checks", "outsourceable"),
    ("calendar_scheduling", "Calendar & scheduling", "outsourceable"),
    ("correspondence", "Correspondence & client updates", "outsourceable"),
    ("billing_time_entry", "Billing, time entry & trust accounting", "outsourceable"),
    ("data_entry", "Data entry & case-management updates", "outsourceable"),
    ("transcription", "Transcription", "outsourceable"),
    ("file_management", "File management & scanning", "outsourceable"),
    ("other", "Other / unrecognised", "outsourceable"),
)

# Shorthand -> what it stands for. Keys are lower case, matched on the raw token.
ABBREVIATIONS: dict[str, str] = {
    "depo": "deposition", "depos": "depositions", "dep": "deposition",
    "rfp": "request production", "rfps": "request production",
    "rfa": "request admission", "rfas": "request admission",
    "rog": "interrogatories", "rogs": "interrogatories", "irogs": "interrogatories",
    "srogs": "interrogatories", "frogs": "interrogatories",
    "toa": "table authorities", "toc": "table contents",
    "msj": "motion summary judgment", "msjs": "motion summary judgment",
    "mtd": "motion dismiss", "mil": "motion limine", "mils": "motion limine",
    "mtc": "motion compel", "opp": "opposition", "oppo": "opposition",
    "sol": "statute limitations", "hipaa": "hipaa", "auth": "authorization",
    "auths": "authorization", "subp": "subpoena", "subps": "subpoena", "sdt": "subpoena",
    "ecf": "efile", "efm": "efile", "pacer": "efile", "odyssey": "efile",
    "fileandserve": "efile", "efs": "efile", "tc": "call", "telecon": "call",
    "conf": "conference", "mtg": "meeting", "mtgs": "meeting", "corr": "correspondence",
    "corresp": "correspondence", "ltr": "letter", "ltrs": "letter", "atty": "attorney",
    "attys": "attorney", "oc": "opposing", "prep": "prepare", "prepd": "prepared",
    "prepped": "prepared", "prepping": "preparing", "docs": "documents", "doc": "document",
    "med": "medical", "meds": "medical", "recs": "records", "rec": "records",
    "chron": "chronology", "chrono": "chronology", "osc": "show cause hearing",
    "tro": "restraining order hearing", "msa": "marital agreement", "qdro": "qdro form",
    "poa": "power attorney", "arb": "arbitration", "sched": "schedule",
    "cal": "calendar", "info": "information", "vm": "voicemail", "vms": "voicemail",
    "req": "request", "reqs": "request", "resp": "response", "resps": "response",
    "supp": "supplemental", "prod": "production", "priv": "privilege",
    "hrg": "hearing", "hrgs": "hearing", "argmt": "argument", "exh": "exhibit",
    "exhs": "exhibit", "exs": "exhibit", "stip": "stipulation", "stips": "stipulation",
    "ptc": "pretrial hearing", "cmc": "management hearing", "msc": "settlement conference",
    "ime": "appointment", "dme": "appointment", "foia": "records request",
    "clt": "client", "clnt": "client", "pnc": "prospective", "pncs": "prospective",
    "para": "paralegal", "paras": "paralegal", "rvw": "review", "rev'd": "reviewed",
    "fdf": "financial", "dx": "diagnosis", "tx": "treatment", "pt": "therapy",
    "mri": "medical", "er": "hospital", "ortho": "orthopedic", "chiro": "chiropractor",
    "esi": "production", "dms": "netdocs", "cms": "system", "crm": "system",
    "ocr": "scan", "ocrd": "scan", "pdf": "scan", "pdfs": "scan", "ssn": "", "ssns": "",
    "emails": "email", "msgs": "message", "msg": "message", "appt": "appointment",
    "appts": "appointment", "ok'd": "approved", "okd": "approved", "mediatn": "mediation",
    "dept": "", "pg": "", "pgs": "", "re": "", "w": "", "wo": "", "ph": "call",
    "da": "opposing", "ada": "opposing", "ins": "insurance", "insur": "insurance",
    "um": "", "uim": "", "pi": "", "mva": "", "id": "identification",
    "jnov": "motion", "anti": "", "slapp": "motion", "iied": "law", "ediscovery": "production",
}

STOPWORDS: frozenset[str] = frozenset("""
a an the and or but nor of for to from in on at by with without w wo via per into onto about
re regarding regard as is are was were be been being am do did does done doing have has had
i we he she they it its this that these those them their our my me us you your his her hers
him who whom which what when where why how all any each every some no not only own same so
than too very can will just should would could may might must shall also then there here
out up down off over under again further once more most other such both few s t d ll m o
y ve etc vs v mr mrs ms dr judge officer det mt st et al nd rd th am pm today yesterday
tomorrow morning afternoon evening day days week weeks month months year years
min mins minutes jan feb mar apr may jun jul aug sep sept oct nov dec january february
march april june july august september october november december monday tuesday wednesday
thursday friday saturday sunday several various misc additional another whole entire
plus incl including include includes includ using use used made make making get got getting
went go going come came back forth need needed needs ready via one two three four five six
seven eight nine ten first second third sets per ours old spent spend worked work working
started continued continue began finished regarding related concerning pertaining issue issues
matter matters items item stuff things thing task tasks project team office firm
""".split())

# Common words a slip of one letter away from task words ("better"/"letter"): never "fixed".
NEUTRAL_WORDS: frozenset[str] = frozenset("""
according across attention better building center compare country course decade degree
direction director education election especially executive expect experience father fight
finally great heart light media memory night north painting participant physical plant
popular position president prevent provide rather reduce represent short situation special
sport start summer threat weight white writer market marked marker sorted letters bitter
sitting setting session station nation notion motive native lotion potion portion caption
option fiction section mention detention retention intention attentive protection detection
inspection selection election collection connection correction direction reflection indeed
""".split())

# Actions named after "to" are intentions, not work done ("discovery to serve on Def").
PURPOSE_VERBS: frozenset[str] = frozenset("SERVE FILE FILE_NOUN EFILE SEND SUBMIT SIGN".split())

# Tokens after these, when capitalised, are names ("Smith v. Jones", "Dr. Lee").
NAME_TRIGGERS: frozenset[str] = frozenset(
    "v vs dr mr mrs ms judge officer det detective nurse atty hon prof miss".split()
)

# Concept -> words. Words are stemmed at import; "=word" matches only that exact spelling.
CONCEPT_WORDS: dict[str, str] = {
    "DRAFT": "draft redraft write wrote written rewrite compose revise revision redline "
    "edit edits amend create created",
    "PREPARE": "prepare preparation =ready =readied",
    "ASSEMBLE": "assemble compile collate gather pull pulled",
    "ORGANIZE": "organize reorganize sort index label tab =tabbed =tabs rename cleanup",
    "SUMMARIZE": "summarize summary digest abstract synopsis condense recap pageline",
    "REVIEW": "review reread read skim analyze analysis",
    "EVALUATE": "evaluate evaluation eval assess assessment weigh",
    "CHECK": "check verify confirm double validate",
    "RESEARCH": "research westlaw lexis lexisnexis casetext fastcase survey",
    "LAW": "law statute statutory caselaw precedent regulation doctrine rule rules "
    "admissibility elements applicability",
    "MEMO": "memo memorandum memoranda",
    "CITE": "cite citation shepardize shepard keycite bluebook pincite citecheck",
    "PROOF": "proofread proof proofing typo format formatting conform pagination spellcheck",
    "MOTION": "motion brief briefing opposition demurrer =limine",
    "PLEADING": "complaint petition =answer counterclaim crossclaim pleading summons",
    "ORDER_DOC": "=order =orders judgment decree",
    "AGREEMENT": "agreement contract stipulation prenup prenuptial nda",
    "ESTATE_DOC": "=wills trust codicil directive deed",
    "DECLARATION": "declaration affidavit",
    "NOTICE": "notice",
    "LETTER": "letter correspondence correspond email fax",
    "MESSAGE": "message",
    "DEMAND": "demand",
    "SEND": "send sent forward transmit deliver mail postage fedex courier envelope",
    "COPY": "copy",
    "CALL": "call phone telephone teleconference telcon teleconf rang spoke speak talk talked conversation",
    "VOICEMAIL": "voicemail",
    "MEET": "meet meeting =met zoom",
    "CONFERENCE": "conference conferred",
    "DISCUSS": "discuss discussion explain explanation",
    "ADVISE": "advise advice =counseled =counselled =counseling =counselling recommend "
    "recommendation guidance opine opinion",
    "CONSULT": "consult consultation",
    "PROSCONS": "pros cons tradeoffs",
    "ACCEPT": "accept acceptance reject rejection decline",
    "OPTIONS": "options alternatives consequences exposure risks implications "
    "obligations entitled entitlement rights",
    "QUESTION": "question questions",
    "WHETHER": "=whether",
    "EVIDENCE": "video footage surveillance photo photograph bodycam",
    # What a client's matter is about: a call or meeting with the client on it is advice (core).
    "SUBSTANCE": "divorce dissolution alimony spousal guardianship conservatorship =adoption immigration "
    "visa asylum deportation bankruptcy foreclosure eviction coverage plea sentencing",
    "STRATEGY": "strategy strategize strategic tactic theory theme approach brainstorm",
    "PLAN": "plan planned decide decided decision determine formulate devise",
    "MERITS": "merits liability damages value valuation worth viability strengths weaknesses "
    "causation",
    "NEGOTIATE": "negotiate negotiation bargain haggle counteroffer counter countered deal "
    "offer concession compromise",
    "SETTLE": "settle settlement resolution resolve",
    "MEDIATE": "mediation mediate mediator arbitration arbitrate arbitrator adr",
    "OPPOSING": "opposing counsel adjuster adjustor insurer carrier prosecutor",
    "ATTORNEY": "attorney lawyer",
    "LIEN": "lien subrogation reduction",
    "CLIENT": "client customer",
    "PROSPECT": "prospective prospect potential lead inquiry caller",
    "INTAKE": "intake screen screening onboard onboarding questionnaire signup",
    "CONFLICT": "conflict",
    "ENGAGE": "engagement retainer contingency",
    "COURT": "court courtroom bench chambers tribunal",
    "HEARING": "hearing arraignment",
    "TRIAL": "trial jury juror verdict",
    "APPEAR": "appear appearance",
    "ARGUE": "argue argument",
    "PRESENT": "=present =presented =presenting",
    "ATTEND": "attend attendance participate participated",
    "TESTIFY": "testimony testify testified",
    "EXAMINE": "=cross examine examination redirect =questioned =questioning",
    "WITNESS": "witness",
    "EXPERT": "expert",
    "MOCK": "mock moot rehearse rehearsal practice coach",
    "DEPO": "deposition deponent",
    "DEPOSE": "depose",
    "TAKE": "take took taken taking conduct =defend =defended =defending",
    "TRANSCRIPT": "transcript errata",
    "OUTLINE": "outline",
    "EXHIBIT": "exhibit demonstrative blowup sticker",
    "BINDER": "binder notebook",
    "LIST": "list",
    "DISC_REQ": "interrogatory interrogatories",
    "DISCOVERY": "discovery propound",
    "RESPONSE": "response respond objection supplemental",
    "PRODUCE": "production produce bates redact redaction relativity everlaw coding coded "
    "tagging responsiveness",
    "DOCS": "document paperwork materials",
    "PRIVILEGE": "privilege privileged",
    "RECORDS": "records",
    "REPORT": "report",
    "MEDICAL": "medical hospital physician provider treatment treating chiropractor "
    "orthopedic therapy diagnosis injury prognosis clinic",
    "SPECIALS": "=specials",
    "REQUEST": "request =ordered =ordering obtain retrieve procure",
    "AUTH": "authorization hipaa",
    "RELEASE": "release",
    "SUBPOENA": "subpoena =duces tecum",
    "POLICE": "=police",
    "CERTIFICATE": "certificate certified",
    "FOLLOWUP": "follow followup chase remind reminder",
    "CHRONO": "chronology chronological timeline",
    "SERVE": "serve service server",
    "EFILE": "efile efiling truefiling",
    "FILE": "file",
    "FILE_NOUN": "=file =files",
    "SUBMIT": "submit lodge upload",
    "CALENDAR": "calendar docket tickler outlook diary",
    "SCHEDULE": "schedule reschedule book booked =setup availability",
    "COORDINATE": "coordinate arrange",
    "DEADLINE": "deadline",
    "DATE": "date",
    "APPOINTMENT": "appointment",
    "BILL": "billing billable writeoff fee invoice prebill collections disbursement reimbursement "
    "ledger iolta "
    "reconcile reconciliation unpaid payment =statements =bills =billed",
    "TIME": "timesheet timekeeping",
    "ENTER": "enter input populate entry import",
    "UPDATE": "update",
    "SYSTEM": "clio mycase filevine practicepanther smokeball litify needles database "
    "spreadsheet excel lawmatics salesforce system software tracker",
    "CONTACT": "contact address",
    "DATA": "data information details fields identification",
    "TRANSCRIBE": "transcribe =transcription =transcriptions =transcribing dictation dictate dictaphone",
    "AUDIO": "audio =recording =recordings =recorded",
    "SCAN": "scan photocopy shred archive digitize netdocs netdocuments imanage dropbox "
    "sharepoint folder save =saved purge dedupe deduplicate",
    "CLOSE": "close closed",
    "SIGN": "sign signature approve approval",
    "SIGNOFF": "signoff",
    "FINAL": "final finalize",
    "PARALEGAL": "paralegal associate",
    "FINANCIAL": "financial finances income asset",
    "SUPPORT": "support custody visitation",
    "FORM": "form forms worksheet",
    "FORM_NO": "jcform",
    "ITSUPPORT": "itsupport",
    "FILL": "fill filled complete completed",
    "PROBATE": "probate inventory appraisal decedent executor executrix heir beneficiary "
    "estate",
    "ADMIN": "lunch coffee supplies printer toner errand parking cle webinar marketing "
    "website vacation birthday miscellaneous jammed receptionist",
    "STATUS": "status",
}

# Multi-word phrases (stop words ignored) -> concept; they replace their words' concepts.
PHRASES: dict[str, str] = {
    "request production": "DISC_REQ", "requests for production": "DISC_REQ",
    "request admission": "DISC_REQ", "requests to admit": "DISC_REQ",
    "document requests": "DISC_REQ", "discovery requests": "DISC_REQ",
    "initial disclosures": "DISCOVERY", "expert disclosures": "DISCOVERY",
    "rule 26 disclosures": "DISCOVERY", "form interrogatories": "DISC_REQ",
    "table authorities": "CITE", "table contents": "CITE", "cite check": "CITE",
    "statute limitations": "LAW", "case law": "LAW", "local rules": "LAW",
    "legal research": "RESEARCH",
    "oral argument": "ARGUE", "opening statement": "ARGUE", "closing argument": "ARGUE",
    "voir dire": "TRIAL", "jury selection": "TRIAL", "status conference": "HEARING",
    "pretrial conference": "HEARING", "case management conference": "HEARING",
    "management hearing": "HEARING", "pretrial hearing": "HEARING",
    "calendar call": "HEARING", "show cause": "HEARING", "ex parte": "HEARING",
    "settlement conference": "MEDIATE", "meet confer": "MEET_CONFER",
    "opposing counsel": "OPPOSING", "defense counsel": "OPPOSING",
    "insurance company": "OPPOSING",
    "settlement agreement": "AGREEMENT", "marital agreement": "AGREEMENT",
    "fee agreement": "ENGAGE", "retainer agreement": "ENGAGE", "engagement letter": "ENGAGE",
    "conflict check": "CONFLICT", "conflicts check": "CONFLICT",
    "new client": "PROSPECT", "potential client": "PROSPECT", "prospective client": "PROSPECT",
    "demand letter": "DEMAND_LETTER", "demand package": "DEMAND_LETTER",
    "power attorney": "ESTATE_DOC", "estate plan": "ESTATE_DOC",
    "healthcare directive": "ESTATE_DOC",
    "proposed order": "ORDER_DOC", "restraining order": "ORDER_DOC",
    "jury instructions": "JURY_DOC", "verdict form": "JURY_DOC",
    "reply brief": "MOTION", "motion summary judgment": "MOTION", "summary judgment": "MOTION",
    "motion dismiss": "MOTION", "motion limine": "MOTION", "motion compel": "MOTION",
    "custody schedule": "SUPPORT", "visitation schedule": "SUPPORT", "parenting schedule": "SUPPORT",
    "parenting plan": "SUPPORT", "points authorities": "MOTION",
    "notice appearance": "NOTICE", "notice hearing": "NOTICE",
    "privilege log": "PRIVILEGE", "bates stamp": "PRODUCE", "bates stamped": "PRODUCE",
    "medical records": "MEDREC", "medical recs": "MEDREC", "medical bills": "SPECIALS",
    "discovery documents": "PRODUCE", "discovery production": "PRODUCE", "billing records": "RECORDS",
    "police report": "POLICE", "accident report": "POLICE", "crash report": "POLICE",
    "incident report": "POLICE", "public records": "POLICE", "records request": "RECORDS_REQ",
    "death certificate": "CERTIFICATE", "medical release": "AUTH", "records release": "AUTH",
    "treatment summary": "CHRONO", "medical summary": "CHRONO",
    "process server": "SERVE", "proof service": "SERVE", "affidavit service": "SERVE",
    "service process": "SERVE", "electronic filing": "EFILE",
    "court reporter": "REPORTER", "scheduling order": "DEADLINE", "due date": "DEADLINE",
    "time entry": "TIME_ENTRY", "billable hours": "TIME_ENTRY", "entered hours": "TIME_ENTRY",
    "enter hours": "TIME_ENTRY", "billable time": "TIME_ENTRY", "time entries": "TIME_ENTRY",
    "entered time": "TIME_ENTRY",
    "enter time": "TIME_ENTRY", "time sheet": "TIME_ENTRY", "trust account": "BILL",
    "trust accounting": "BILL", "accounts receivable": "BILL",
    "case management system": "SYSTEM", "case management": "SYSTEM",
    "contact list": "CONTACT", "data entry": "ENTER",
    "recorded statement": "AUDIO",
    "financial affidavit": "FINANCIAL", "financial disclosure": "FINANCIAL",
    "income expense": "FINANCIAL", "expense declaration": "FINANCIAL",
    "child support": "FINANCIAL", "fee waiver": "FORM", "qdro form": "FORM",
    "letters testamentary": "PROBATE", "inventory appraisal": "PROBATE",
    "attorney record": "ATTY_OF_RECORD", "final review": "FINAL", "status update": "STATUS",
    "status report": "STATUS",
    "case status": "STATUS", "status case": "STATUS", "cover letter": "LETTER",
    "took messages": "VOICEMAIL", "left message": "VOICEMAIL",
    "game plan": "STRATEGY", "strategy session": "STRATEGY", "next steps": "PLAN", "pull cases": "RESEARCH",
    "cross complaint": "PLEADING", "cross claim": "PLEADING",
    "page line": "SUMMARIZE",
    "close file": "CLOSE_FILE", "closed file": "CLOSE_FILE",
    "client file": "FILE_FOLDER", "file folders": "FILE_FOLDER",
    "staff meeting": "ADMIN", 
    "legal rights": "OPTIONS", "legal advice": "ADVISE", "legal opinion": "ADVISE",
    "opinion letter": "ADVISE", "property division": "SUBSTANCE", "spousal support": "SUBSTANCE",
    "initial consult": "CONSULT", "initial consultation": "CONSULT",
    "expert witness": "EXPERT", "expert witnesses": "EXPERT",
    "witness list": "WITNESS_LIST", "exhibit list": "EXHIBIT_LIST",
    
}

# Category -> cues. A cue "A|B + C" fires when (A or B) and C are both present.
CUES: dict[str, tuple[tuple[str, float], ...]] = {
    "court_appearance": (
        ("APPEAR", 3.5), ("HEARING", 3), ("COURT", 1.5), ("TRIAL", 2), ("ARGUE", 4),
        ("PRESENT + TRIAL|HEARING|COURT|ARGUE", 2), ("ATTEND + HEARING|COURT|TRIAL", 2),
        ("EXAMINE + WITNESS|EXPERT", 2.5),  # examining a witness: cross, direct, redirect
        ("PREPARE + HEARING|TRIAL|ARGUE", 1), ("NOTICE + APPEAR", -4),
    ),
    "case_strategy": (
        ("STRATEGY", 4.5), ("PLAN", 1.5), ("MERITS", 2.5), ("EVALUATE", 1.5),
        ("EVALUATE|REVIEW + MERITS", 1.5), ("OPTIONS", 0.5), ("EXPERT + PLAN", 2),
        ("EVALUATE + SETTLE", 2), ("PROSCONS", 4), ("EVALUATE|REVIEW + PROSCONS|OPTIONS", 1.5),
        ("PLAN|EVALUATE|PROSCONS + FILE|FILE_NOUN", 1), ("REVIEW|EVALUATE + PLAN", 1.5), ("WHETHER", 2),
    ),
    "negotiation": (
        ("NEGOTIATE", 4.5), ("SETTLE", 2), ("MEDIATE", 4), ("OPPOSING + SETTLE", 2),
        ("OPPOSING + CALL|MEET|CONFERENCE", 1), ("DEMAND", 1), ("LIEN", 1),
        ("CALL|CONFERENCE + SETTLE", 1), ("MEET_CONFER", 6), ("ACCEPT", 0.5),
    ),
    "legal_advice": (
        ("ADVISE", 5), ("OPTIONS", 2), ("CLIENT + OPTIONS", 1.5), ("DISCUSS + OPTIONS", 2),
        ("CLIENT + SETTLE", 1.5), ("CLIENT + NEGOTIATE", 1), ("QUESTION + CLIENT", 1.5),
        ("CONSULT", 3), ("DISCUSS + CLIENT", 1), ("CLIENT + PROSCONS", 4),
        ("DISCUSS + PROSCONS", 1), ("CLIENT + ACCEPT", 2), ("CLIENT + WHETHER", 1.5),
        ("CLIENT + NEGOTIATE|SETTLE + CALL|MEET|DISCUSS|LETTER|CONFERENCE", 3),
        # A call or meeting with the client on what their matter is about, not on dates or status.
        ("CLIENT + CALL|MEET|DISCUSS|CONFERENCE|CONSULT + SUPPORT|SUBSTANCE|MERITS|LAW", 3.5),
    ),
    "depositions": (
        ("DEPO", 2.2), ("DEPOSE", 6), ("TAKE + DEPO", 4), ("ATTEND + DEPO", 3.5),
        ("TESTIFY|EXAMINE + DEPO", 2), ("PREPARE + DEPO", 1.5),
    ),
    "witness_prep": (
        ("PREPARE + WITNESS|TESTIFY|EXAMINE", 4), ("MOCK", 5), ("PREPARE + CLIENT + DEPO|TRIAL", 5),
        ("MEET + CLIENT + PREPARE", 1), ("WITNESS + PREPARE + TRIAL", 1),
    ),
    "attorney_signoff": (
        ("SIGN", 4.5), ("SIGNOFF", 5.5), ("REQUEST|SEND + SIGN", -2), ("REVIEW + SIGN|SIGNOFF", 3),
        ("FINAL + REVIEW", 2), ("FINAL", 1),
        ("ATTY_OF_RECORD", 4), ("PARALEGAL + REVIEW|SIGN", 3.5), ("SIGN + CLIENT", -2),
    ),
    "discovery_drafting": (
        ("DISC_REQ", 4.5), ("DISCOVERY", 3), ("DRAFT|PREPARE + DISC_REQ|DISCOVERY", 2),
        ("RESPONSE + DISC_REQ|DISCOVERY", 2),
    ),
    "deposition_summaries": (
        ("SUMMARIZE + DEPO", 6.5), ("SUMMARIZE + TRANSCRIPT", 5), ("SUMMARIZE + TESTIFY", 5),
        ("TRANSCRIPT + DEPO", 2), ("REVIEW + TRANSCRIPT", 1.5), ("TRANSCRIPT", 1),
    ),
    "deposition_prep": (
        ("OUTLINE + DEPO", 6), ("QUESTION + DEPO", 5), ("EXHIBIT + DEPO", 5),
        ("ASSEMBLE|ORGANIZE + DEPO", 2), ("RESEARCH + DEPO", 2),
    ),
    "document_review": (
        ("REVIEW + DOCS", 4), ("PRODUCE", 4.5), ("PRIVILEGE", 4.5), ("REVIEW", 1.2),
        ("DOCS", 1), ("REVIEW + OPPOSING + DOCS|PRODUCE", 1),
    ),
    "document_drafting": (
        ("DRAFT + MOTION|PLEADING|AGREEMENT|ESTATE_DOC|ORDER_DOC|DECLARATION|JURY_DOC", 4),
        ("PREPARE + PLEADING|AGREEMENT|ESTATE_DOC|ORDER_DOC|DECLARATION|JURY_DOC", 3),
        ("DRAFT", 2), ("MOTION", 1.2), ("PLEADING", 1.5), ("AGREEMENT", 2),
        ("ESTATE_DOC", 2.5), ("ORDER_DOC", 1.5), ("DEMAND_LETTER", 5), ("JURY_DOC", 4),
        ("DECLARATION", 1), ("NOTICE", 0.5),
    ),
    "forms_preparation": (
        ("FORM", 3.5), ("FORM_NO", 7), ("FINANCIAL", 3.5), ("PROBATE", 2), ("FILL + FORM|FINANCIAL", 2),
        ("PREPARE + FINANCIAL|PROBATE", 1), ("FILL", 1),
    ),
    "legal_research": (
        ("RESEARCH", 5), ("LAW", 2.5), ("MEMO", 2.5), ("RESEARCH + LAW", 1), ("MEMO + LAW", 1),
    ),
    "cite_checking": (("CITE", 6.5), ("PROOF", 5.5)),
    "trial_exhibits": (
        ("EXHIBIT", 4), ("BINDER", 5.5), ("EXHIBIT_LIST|WITNESS_LIST", 6),
        ("EXHIBIT + TRIAL", 2), ("PREPARE|ASSEMBLE|ORGANIZE + EXHIBIT|BINDER", 1),
    ),
    "e_filing": (
        ("EFILE", 7), ("FILE", 3), ("SERVE", 4), ("FILE + COURT", 2), ("SUBMIT", 2),
        ("FILE_NOUN + COURT|MOTION|PLEADING|NOTICE|ORDER_DOC|SERVE", 2.5),
        ("FILE + MOTION|PLEADING|NOTICE|ORDER_DOC|DECLARATION|SERVE", 1.5),
        ("FILE|FILE_NOUN|EFILE + ORGANIZE|SCAN|CLOSE|FILE_FOLDER", -3),
        ("SERVE + DISC_REQ|DISCOVERY|RESPONSE|MOTION|PLEADING", 2.5),
        ("SUBMIT + COURT|MOTION|PLEADING|ORDER_DOC", 2),
    ),
    "records_requests": (
        ("REQUEST + RECORDS|MEDREC|POLICE|REPORT|CERTIFICATE", 3), ("RECORDS", 2.5),
        ("MEDREC", 2.5), ("RECORDS_REQ", 6), ("AUTH", 5), ("SUBPOENA", 6), ("POLICE", 4),
        ("CERTIFICATE", 3), ("REQUEST|SUBPOENA + AUDIO|EVIDENCE", 3.5), ("FOLLOWUP + RECORDS|MEDREC", 1.5),
        ("RELEASE + MEDICAL|RECORDS", 3),
    ),
    "medical_summaries": (
        ("CHRONO", 6), ("SUMMARIZE + MEDICAL|MEDREC|RECORDS", 5.5),
        ("REVIEW + MEDICAL|MEDREC", 3.5), ("MEDICAL|MEDREC", 1.5), ("SPECIALS", 4),
    ),
    "client_intake": (
        ("INTAKE", 5.5), ("PROSPECT", 4), ("CONFLICT", 5), ("ENGAGE", 5),
    ),
    "calendar_scheduling": (
        ("CALENDAR", 5.5), ("SCHEDULE", 5), ("DEADLINE", 3), ("APPOINTMENT", 3),
        ("COORDINATE + DATE|MEET|CALL|HEARING|MEDIATE|DEPO", 3), ("COORDINATE", 1.5),
        ("DATE", 1.5), ("REPORTER", 2), ("DATE + DEPO|HEARING|MEDIATE|MEET|TRIAL|APPOINTMENT", 3),
    ),
    "correspondence": (
        ("LETTER", 3), ("VOICEMAIL", 4), ("MESSAGE", 2), ("CALL", 1.5), ("SEND", 1.5),
        ("STATUS", 3), ("CALL|LETTER|SEND|MESSAGE + CLIENT", 1), ("RESPONSE + LETTER", 1),
        ("COPY + SEND", 1), ("DRAFT + LETTER", 1.5), ("UPDATE|FOLLOWUP + CLIENT", 2),
    ),
    "billing_time_entry": (("BILL", 5.5), ("TIME_ENTRY", 6), ("TIME", 4), ("TIME + ENTER|SYSTEM", 3)),
    "data_entry": (
        ("ENTER", 3), ("SYSTEM", 3.5), ("DATA", 1.5), ("CONTACT", 2), ("UPDATE", 1),
        ("ENTER|UPDATE + SYSTEM|DATA|CONTACT", 1),
    ),
    "transcription": (("TRANSCRIBE", 7), ("AUDIO", 2)),
    "file_management": (
        ("SCAN", 4.5), ("ORGANIZE + FILE|FILE_NOUN|EFILE|FILE_FOLDER", 4), ("CLOSE_FILE", 6),
        ("FILE_FOLDER", 2),
        ("ORGANIZE", 1.5), ("CLOSE + FILE|FILE_NOUN", 4), ("SCAN + FILE_NOUN", 1),
    ),
    "other": (("ADMIN", 7), ("ITSUPPORT", 6)),
}
# fmt: on
