"""The dynamic QRIS printed on an SKRD: the office's merchant (its `[qris]` configuration, frozen into the SKRD at
issue) asking for the principal still owed, with the SKRD's number as the bill number and the reference label.

The payload is EMVCo merchant-presented mode as QRIS uses it: 00 format "01", 01 "12" (dynamic: one amount, one
bill), merchant account templates 26 (the acquirer's GUID, the merchant PAN, id and criteria) and 51 (the national
repository, ID.CO.QRIS.WWW, with the NMID), 52 MCC, 53 "360" (rupiah), 54 the amount, 58 "ID", 59 name, 60 city,
61 postal code, 62 additional data (01 bill number, 05 reference label: the SKRD number), 63 the CRC-16/CCITT-FALSE
of everything before its value.

It is built by `qriskit` (MIT, no dependencies, typed): it encodes the templates, computes the CRC and checks the
result against the QRIS rules (lengths, formats, required tags), so a payload that a payer's app would refuse is
refused here. A code built locally is not registered with the acquirer: the payment reaches the office's account
with the bank's own reference, and is matched on the statement by the SKRD number and amount (`billing.bank`).
"""

from __future__ import annotations

from typing import Any

import qriskit

from videotron.core.errors import VideotronError

BILL_NUMBER, REFERENCE_LABEL = "01", "05"


def qris_payload(merchant: dict[str, Any], amount: int, reference: str) -> str:
    """The dynamic QRIS text for `amount` rupiah of bill `reference`, from a frozen `[qris]` configuration."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValueError(f"a QRIS amount is whole rupiah above 0, got {amount!r}")
    criteria = merchant.get("criteria")
    accounts = [
        qriskit.MerchantAccount.create(tag="26", guid=merchant["acquirer_guid"], pan=merchant["merchant_pan"],
                                       merchant_id=merchant.get("merchant_id"), criteria=criteria),
        qriskit.MerchantAccount.national(nmid=merchant["nmid"], criteria=criteria),
    ]  # fmt: skip
    try:
        code = qriskit.build(
            merchant_name=merchant["merchant_name"],
            merchant_city=merchant["city"],
            postal_code=merchant.get("postal_code"),
            mcc=merchant["mcc"],
            accounts=accounts,
            amount=amount,
            additional_data={BILL_NUMBER: reference, REFERENCE_LABEL: reference},
        )
    except (qriskit.QRISValidationError, ValueError) as exc:
        raise VideotronError("qris.invalid", "the QRIS for {reference} cannot be built from the [qris] settings: "
                             "{reason}", reference=reference, reason=str(exc)) from None  # fmt: skip
    return str(code.dumps())
