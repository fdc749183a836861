"""Walking one document's dependency tree without paying for it again and again.

spaCy builds a new ``Token`` on every ``.children``, ``.subtree`` and ``.head``, and the event
layer asks for the same trigger's children a dozen times per mention (arguments, status, place,
numbers): :class:`Tree` remembers each walk per token for one document. It is created with the
per-document context and handed down to every reader, never kept on the Doc or in a module
(an earlier version kept it in ``doc.user_data`` while the layer ran).
"""

from __future__ import annotations

from spacy.tokens import Token

ANCESTOR_LIMIT = 8  # heads climbed from a token: clauses nest no deeper than this in news text
PREP_DEPS = ("prep", "agent")


class Tree:
    """Children, subtrees, prepositional objects and ancestors, each walked once per token."""

    def __init__(self) -> None:
        self._children: dict[int, list[Token]] = {}
        self._subtree: dict[int, list[Token]] = {}
        self._prep_objects: dict[int, list[tuple[str, Token]]] = {}
        self._ancestors: dict[int, list[Token]] = {}

    def children(self, tok: Token) -> list[Token]:
        """``list(tok.children)``."""
        found = self._children.get(tok.i)
        if found is None:
            found = self._children[tok.i] = list(tok.children)
        return found

    def subtree(self, tok: Token) -> list[Token]:
        """``list(tok.subtree)``."""
        found = self._subtree.get(tok.i)
        if found is None:
            found = self._subtree[tok.i] = list(tok.subtree)
        return found

    def prep_objects(self, tok: Token, preps: frozenset[str] | set[str]) -> list[tuple[str, Token]]:
        """(preposition, object) pairs under ``tok`` for the prepositions in ``preps``."""
        return [(word, pobj) for word, pobj in self.all_prep_objects(tok) if word in preps]

    def all_prep_objects(self, tok: Token) -> list[tuple[str, Token]]:
        """Every (preposition, object) pair under ``tok``, in order (arguments ask for them with
        several preposition sets, so they are read once)."""
        found = self._prep_objects.get(tok.i)
        if found is None:
            found = []
            for child in self.children(tok):
                if child.dep_ in PREP_DEPS:
                    word = child.lower_
                    found.extend(
                        (word, pobj) for pobj in self.children(child) if pobj.dep_ == "pobj"
                    )
            self._prep_objects[tok.i] = found
        return found

    def ancestors(self, tok: Token, limit: int = ANCESTOR_LIMIT) -> list[Token]:
        """The heads above ``tok``, nearest first (status, dates and clustering climb from the
        same triggers and time words again and again)."""
        chain = self._ancestors.get(tok.i)
        if chain is None:
            chain = self._ancestors[tok.i] = climb(tok, ANCESTOR_LIMIT)
        return chain[:limit]


def climb(tok: Token, limit: int) -> list[Token]:
    """Up to ``limit`` heads above ``tok``, nearest first, stopping at the root."""
    out = []
    cur = tok
    for _ in range(limit):
        head = cur.head
        if head.i == cur.i:
            break
        cur = head
        out.append(cur)
    return out


def dominates(top: Token, tok: Token) -> bool:
    """``tok in top.subtree``, by climbing from ``tok`` instead of walking the whole subtree."""
    return top.i == tok.i or top.is_ancestor(tok)


def branch_of(heads: list[int], top: int, i: int) -> int | None:
    """The child of ``top`` whose subtree holds token ``i`` (None when ``i`` is ``top`` or not
    below it), climbing ``heads`` (absolute head indices) like ``Token.ancestors`` does."""
    cur = i
    for _ in range(len(heads)):
        up = heads[cur]
        if up == cur:
            return None
        if up == top:
            return cur
        cur = up
    return None
