"""Personal-data masking (去識別化, PET-7.3, PET-12): find personal data and replace it with ○.

from reply.domain.masking import mask_text
result = mask_text("承辦人：王小明 電話：0912-345-678", known={"name": "王小明"})
result.masked  # "承辦人：○○○ 電話：○○○○○○○○○○○○"
result.spans   # [Span(4, 7, PERSON), Span(11, 23, PHONE)]
"""

from reply.domain.masking.engine import MaskResult, mask_text
from reply.domain.masking.known import Known
from reply.domain.masking.spans import MASK_CHAR, PRIORITY, Span, SpanType, apply_spans, merge_spans

__all__ = [
    "MASK_CHAR",
    "PRIORITY",
    "Known",
    "MaskResult",
    "Span",
    "SpanType",
    "apply_spans",
    "mask_text",
    "merge_spans",
]
