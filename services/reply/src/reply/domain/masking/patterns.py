"""Fast regular expressions for large word lists: the words merged into a prefix tree.

Python's ``re`` tries the branches of ``a|b|c…`` one after another at every position; a pattern
factored by common prefixes (``陳(?:情人|述)|…``) with character classes for single-character
branches is much faster and lets ``re`` skip positions whose first character starts no word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_alternation(words: Iterable[str]) -> str:
    """A regex (no capturing groups) matching exactly the given words, longest alternative first."""
    trie: dict[str, dict] = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict[str, dict]) -> str:
    ends_here = "" in node
    children = {ch: child for ch, child in node.items() if ch}
    single_chars = sorted(ch for ch, child in children.items() if set(child) == {""})
    branches = [re.escape(ch) + _node_pattern(child) for ch, child in sorted(children.items())
                if set(child) != {""}]  # fmt: skip
    if len(single_chars) == 1:
        branches.append(re.escape(single_chars[0]))
    elif single_chars:
        branches.append("[" + "".join(re.escape(ch) for ch in single_chars) + "]")
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body
