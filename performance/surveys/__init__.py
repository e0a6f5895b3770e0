"""Client surveys: asked of a matter's client contact through a link with no account, counted once.

`models` (the firm's survey settings, each survey sent), `links` (its token), `sending` (who is due and
the email with its one reminder), `answering` (the client's answer and opt-out), `results` (response
rate, CSAT, NPS before and since outsourcing), `public` (the client's pages), `views` (the settings).
"""
