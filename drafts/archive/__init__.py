"""Backup and restore: the whole history in one zip (the drafts-archive
format, described in format.py), written by export.py from a consistent
snapshot and restored exactly into an empty database by restore.py.

Kept empty of imports, so that the format is read without loading Django.
"""
