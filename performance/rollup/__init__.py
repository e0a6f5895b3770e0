"""Weekly rollups of the performance phase, kept on write so the dashboards read weeks, not rows.

`models`: the two tables (work items by engagement, category, professional and week; attorney hours
by engagement, attorney, week and category). `triggers`: the database keeps them. `reads`: what the
dashboard, the weekly report, the engagement panel and the scaling signals ask of them.
"""
