"""Personal data encrypted at rest: the key ring, binding to a context, rotation (ARCHITECTURE: intake
"petitioner identity and contact (encrypted at rest)"; PET-7.5 protects that data)."""

from __future__ import annotations

import pytest

from civicase_platform.sealing import SealedValueError, Sealer, SealingKeyError, main, new_key_entry


@pytest.fixture
def ring() -> tuple[str, str]:
    return new_key_entry("k2"), new_key_entry("k1")


class TestSealing:
    def test_sealed_contact_opens_with_its_context_and_hides_the_plaintext(self, ring):
        sealer = Sealer.from_setting(ring[0])
        token = sealer.seal('{"name": "王小明", "phone": "0912345678"}', context="intake.cases:000-20260213-00001")
        assert "王小明" not in token and "0912345678" not in token and token.startswith("v1.k2.")
        opened = sealer.open(token, context="intake.cases:000-20260213-00001")
        assert opened == '{"name": "王小明", "phone": "0912345678"}'

    def test_same_value_seals_differently_each_time(self, ring):
        sealer = Sealer.from_setting(ring[0])
        assert sealer.seal("王小明", context="c") != sealer.seal("王小明", context="c")

    def test_a_value_moved_to_another_case_does_not_open(self, ring):
        sealer = Sealer.from_setting(ring[0])
        token = sealer.seal("王小明", context="intake.cases:000-20260213-00001")
        with pytest.raises(SealedValueError):
            sealer.open(token, context="intake.cases:000-20260213-00002")

    def test_tampered_or_foreign_values_are_refused(self, ring):
        sealer = Sealer.from_setting(ring[0])
        token = sealer.seal("王小明", context="c")
        damaged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
        for bad in (damaged, "plain text", "v1.zz." + token.split(".", 2)[2], ""):
            with pytest.raises(SealedValueError):
                sealer.open(bad, context="c")
        with pytest.raises(SealedValueError):
            Sealer.from_setting(new_key_entry("k2")).open(token, context="c")  # same id, other key

    def test_rotation_new_key_seals_old_key_still_opens(self, ring):
        new, old = ring
        old_token = Sealer.from_setting(old).seal("0912345678", context="c")
        rotated = Sealer.from_setting(f"{new},{old}")
        assert rotated.open(old_token, context="c") == "0912345678"
        assert rotated.needs_reseal(old_token)
        assert not rotated.needs_reseal(rotated.seal("x", context="c"))

    @pytest.mark.parametrize("setting, message", [
        ("", "empty"),
        ("k1", "must be 'id:<base64 key>'"),
        ("k1:not-base64!", "not valid base64"),
        ("k1:" + "QUJD", "has 3 bytes"),
        ("bad id:" + "A" * 44, "must be 'id:<base64 key>'"),
    ])
    def test_malformed_key_ring_stops_the_service_with_a_clear_message(self, setting, message):
        with pytest.raises(SealingKeyError, match=message):
            Sealer.from_setting(setting)

    def test_duplicate_key_ids_are_refused(self):
        entry = new_key_entry("k1")
        with pytest.raises(SealingKeyError, match="twice"):
            Sealer.from_setting(f"{entry},{entry}")

    def test_missing_setting_fails_fast(self):
        with pytest.raises(Exception, match="FIELD_ENCRYPTION_KEYS"):
            Sealer.from_env({})

    def test_new_key_command_prints_a_usable_entry(self, capsys):
        assert main(["new-key", "k2026"]) == 0
        entry = capsys.readouterr().out.strip()
        assert Sealer.from_setting(entry).current == "k2026"
        assert main(["oops"]) == 2
