"""Check digits of Taiwanese identity numbers and of payment cards (Luhn)."""

from __future__ import annotations

# Letter → two-digit code used by the national ID and resident certificate check digits.
LETTER_CODES: dict[str, int] = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34, "J": 18,
    "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27,
    "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}  # fmt: skip
_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)


def _weighted_ok(first_code: int, nine_digits: list[int]) -> bool:
    digits = [first_code // 10, first_code % 10, *nine_digits]
    return sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 10 == 0


def tw_id_valid(value: str) -> bool:
    """National ID (A123456789) or new-format resident certificate (A800000014): check digit holds."""
    value = value.upper()
    if len(value) != 10 or value[0] not in LETTER_CODES or not value[1:].isdigit():
        return False
    return _weighted_ok(LETTER_CODES[value[0]], [int(c) for c in value[1:]])


def old_resident_cert_valid(value: str) -> bool:
    """Old resident certificate (two letters + 8 digits); the second letter counts as its code mod 10."""
    value = value.upper()
    if len(value) != 10 or value[0] not in LETTER_CODES or value[1] not in LETTER_CODES:
        return False
    if not value[2:].isdigit():
        return False
    return _weighted_ok(LETTER_CODES[value[0]], [LETTER_CODES[value[1]] % 10, *(int(c) for c in value[2:])])


def luhn_valid(digits: str) -> bool:
    """Luhn (mod 10) check used by payment card numbers."""
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0
