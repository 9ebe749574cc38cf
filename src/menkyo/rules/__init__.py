"""The law as code: pure Python, no Django import.

Issue 3 builds the engine (points, dispositions, renewal); the foundation
already needs licence numbers and expiry dates, which live here from the start.
"""
