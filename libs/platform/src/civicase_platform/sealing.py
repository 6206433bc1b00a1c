"""Personal data encrypted at rest (ARCHITECTURE "intake: petitioner identity and contact (encrypted at rest)").

AES-256-GCM from ``cryptography`` (a well-kept, audited library; no home-made crypto). Keys come from the
environment as a key ring so that keys can be rotated without re-encrypting everything at once::

    FIELD_ENCRYPTION_KEYS="k2026b:<base64 of 32 bytes>,k2026a:<base64 of 32 bytes>"

The first key seals new values; every listed key opens values sealed with it. A sealed value is the text
``v1.<key id>.<base64url(nonce | ciphertext+tag)>``. Each value is bound to a *context* (for example
``"intake.cases.petitioner:000-20260213-00001"``) as associated data, so a sealed value copied to another
row or column does not open. ``python -m civicase_platform.sealing new-key <id>`` prints a fresh key ring entry.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import sys
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from civicase_platform import settings

SETTING = "FIELD_ENCRYPTION_KEYS"
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_NONCE_BYTES = 12


class SealingKeyError(RuntimeError):
    """The key ring is missing or malformed: the service must not start (it could not read or protect data)."""


class SealedValueError(ValueError):
    """A sealed value does not open: wrong key, wrong context, unknown key id or a damaged value."""


class Sealer:
    def __init__(self, keys: Mapping[str, bytes], current: str):
        if current not in keys:
            raise SealingKeyError(f"the current key {current!r} is not in the key ring")
        self._keys = {kid: AESGCM(key) for kid, key in keys.items()}
        self.current = current

    @classmethod
    def from_setting(cls, value: str) -> Sealer:
        """Parse ``id:base64key[,id:base64key…]``; the first entry seals new values."""
        entries = [part.strip() for part in (value or "").split(",") if part.strip()]
        if not entries:
            raise SealingKeyError(f"{SETTING} is empty: set it to 'id:<base64 of 32 random bytes>' "
                                  f"(python -m civicase_platform.sealing new-key <id>)")
        keys: dict[str, bytes] = {}
        for entry in entries:
            kid, sep, encoded = entry.partition(":")
            if not sep or not _KEY_ID.match(kid):
                raise SealingKeyError(f"{SETTING}: entry {kid[:32]!r}… must be 'id:<base64 key>' with an id of "
                                      "letters, digits, '-' or '_' (at most 32)")
            try:
                key = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                raise SealingKeyError(f"{SETTING}: the key of {kid!r} is not valid base64") from None
            if len(key) != 32:
                raise SealingKeyError(f"{SETTING}: the key of {kid!r} has {len(key)} bytes; AES-256 needs 32")
            if kid in keys:
                raise SealingKeyError(f"{SETTING}: key id {kid!r} appears twice")
            keys[kid] = key
        return cls(keys, current=entries[0].partition(":")[0])

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Sealer:
        return cls.from_setting(settings.require([SETTING], env=env)[SETTING])

    def seal(self, plaintext: str, *, context: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._keys[self.current].encrypt(nonce, plaintext.encode("utf-8"), context.encode("utf-8"))
        return f"v1.{self.current}.{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"

    def open(self, token: str, *, context: str) -> str:
        version, _, rest = (token or "").partition(".")
        kid, _, payload = rest.partition(".")
        if version != "v1" or not kid or not payload:
            raise SealedValueError("not a sealed value")
        aead = self._keys.get(kid)
        if aead is None:
            raise SealedValueError(f"sealed with key {kid!r}, which is not in {SETTING}")
        try:
            raw = base64.urlsafe_b64decode(payload.encode("ascii"))
            return aead.decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode("utf-8")).decode("utf-8")
        except (InvalidTag, binascii.Error, ValueError):
            raise SealedValueError("the sealed value does not open with this key and context") from None

    def needs_reseal(self, token: str) -> bool:
        """True for a value sealed with an older key of the ring (re-seal it during rotation)."""
        return token.split(".", 2)[1:2] != [self.current]


def new_key_entry(key_id: str) -> str:
    if not _KEY_ID.match(key_id):
        raise SealingKeyError("a key id has letters, digits, '-' or '_' (at most 32)")
    return f"{key_id}:{base64.b64encode(os.urandom(32)).decode('ascii')}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "new-key":
        print("usage: python -m civicase_platform.sealing new-key <key id>", file=sys.stderr)
        return 2
    print(new_key_entry(args[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
