"""The role an engagement hands over: drafted from the audit's hit list, edited by the firm, and carried
to the questionnaire link, the comparison, and the onboarding plan.

`services` drafts and edits it, `selectors` reads it (and what onboarding takes from it), `defaults`
holds the skills and turnarounds a draft starts from, `fit` how each candidate fits it, `text` the job
description as plain text, `forms` and `views` the role page (its API is providers.api.roles).
"""
