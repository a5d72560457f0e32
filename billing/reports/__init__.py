"""Monthly retribution reports, proof-of-play reconciliation and the charts drawn from them.

Plain Python (no Qt): the data functions (`month.month_report`, `delivery.delivery_report`, `charts_data`) are
what a GUI draws from; the writers turn the same data into PDF (`pdf_month`, `pdf_delivery`), XLSX and CSV
(`sheets`), and `export.export_report` is the one way the command line and the desk make a report file.
"""
