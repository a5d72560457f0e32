"""Monthly retribution reports, deposits (STS), proof-of-play reconciliation and the charts drawn from them.

Plain Python (no Qt): the data functions (`month.month_report`, `delivery.delivery_report`, `charts.*_data`) are
what a GUI draws from; the writers turn the same data into PDF, XLSX and CSV.
"""
