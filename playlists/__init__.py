"""Scheduling: media library, PSA playlists and dayparts, bookings, capacity and the plan compiler.

Plain Python: no Qt, no libVLC (enforced by an import-linter contract in pyproject.toml).
"""
