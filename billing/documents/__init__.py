"""Printed documents (reportlab): the SKRD on A4 and the payment receipt on A5, in Indonesian or English.

The same PDF is what a printer prints, so the paper always matches the record it was rendered from.
"""
