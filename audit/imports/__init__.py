"""Imports of a firm's real history into the audit: LEDES 1998B, any CSV or .xlsx by column mapping.

readers/ turn a file into `ImportRow`s (or name its bad lines); mapping.py says which column is what;
pipeline.py checks every row and writes all of them or none; services/selectors/tasks/views around
them as in the rest of the app. firmops' own CSV (audit/csv_io.py) stays the zero-mapping default.
"""
