"""Access to the original (unmasked) text — the PET-7.5 hook.

PET-7.5: a handler who needs the petitioner's personal data for a statutory duty needs approval from
the unit supervisor or above (request → approval → time-limited access, all audited). Those grants
are not built yet (they will live with intake, which owns the personal data). Until then no one
holds a grant and :func:`access_granted` says no; ``GetOriginalText`` therefore answers
PERMISSION_DENIED and audits the attempt. When grants exist, this function asks intake (or a read
model of its ``access_granted``/``access_revoked`` events) whether ``actor`` holds an approved,
unexpired grant for ``case_number``; nothing else in reply needs to change.
"""

from __future__ import annotations


def access_granted(case_number: str, actor: str) -> bool:
    """True if ``actor`` holds an approved, unexpired access grant for ``case_number`` (PET-7.5).
    Always False until PET-7.5's grants are built."""
    return False
