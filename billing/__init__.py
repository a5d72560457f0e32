"""Billing: versioned tariffs, retribution per slot, SKRD assessments, payments, receipts, deposits.

Plain Python: no Qt, no libVLC (enforced by an import-linter contract in pyproject.toml).
"""
