"""Database models for billing (tariff versions, assessments, payments, receipts, deposits)."""

from __future__ import annotations
