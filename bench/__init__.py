"""`make bench`: each module here measures one phase's hot paths and returns a Markdown section.

A module `bench/<name>.py` defines `TITLE` and `run() -> str`; the runner calls them in name order
and writes BENCHMARKS.md with the machine, the date and the commit. Figures are measured, never
asserted: targets live in the text beside them.
"""
