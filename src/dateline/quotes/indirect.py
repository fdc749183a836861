"""Indirect quotes, from the parse: a speech verb with a clausal complement (``X said (that)
...``, ``X told Y ...``, ``..., adding that ...``), a clause before ``, X said`` (with the
sentences before it in the paragraph that have no attribution of their own), ``according to
X``, and what a verb reports without a clause by the frames its lexicon row allows ("called for
an inquiry", "urged X to VP", "called the plan a mistake", "pledged to VP"), when its subject can
speak. A reported clause that itself contains quoted words is left to those words (a partial
quote), as the gold convention codes only the verbatim fragment; the clause is kept on the
partial quote as its context."""

from __future__ import annotations

import bisect

from spacy.tokens import Span, Token

from dateline.quotes.drafts import Draft
from dateline.quotes.layout import Layout
from dateline.quotes.speakers import SpeakerResolver
from dateline.quotes.syntax import CLAUSE_EDGE_SLACK, Syntax

MIN_CONTENT_WORDS = 3  # a reported clause has at least this many words
MIN_FRAMED_WORDS = 2  # "called for talks": a framed content may be shorter
THAT_CLAUSE_REACH = 10  # tokens after a verb within which a "that" may open its content


class IndirectFinder:
    """Finds the reported clauses of one Doc."""

    def __init__(self, layout: Layout, syntax: Syntax, speakers: SpeakerResolver) -> None:
        self.layout = layout
        self.doc = layout.doc
        self.text = layout.text
        self.syntax = syntax
        self.speakers = speakers
        self.reported_clauses: list[Draft] = []  # reported clauses that hold quoted words
        self.found: list[Draft] = []  # the indirect quotes, once found
        self._clauses = _Clauses([])

    def find(self) -> list[Draft]:
        found: list[Draft] = []
        for i in self.layout.cue_candidates:
            t = self.doc[i]
            if self.layout.in_quote(t.idx) or self.layout.boiler(t.idx, t.idx + len(t)):
                continue
            if self.syntax.reduced_passive(t):
                continue  # "Asked what ..., X said": the question is the reporter's
            if t.lower_ == "according" and any(c.lower_ == "to" for c in t.children):
                d = self._according(t)
            elif self.layout.cue_role(t) == "report":
                d = self._reported(t)
            else:
                d = None
            if d is None and self.layout.cue_role(t):
                d = self._framed(t)
            if d is not None:
                found.append(d)
        # reported speech does not nest: drop drafts whose cue lies inside another's content;
        # then leave clauses with quoted words in them to those words (partial quotes), which
        # keep the clause as their context
        nested = _Stabbing(found)
        outer = [d for d in found if not (d.cue_span and nested.inside_other(d, d.cue_span[0]))]
        self.reported_clauses = [d for d in outer if self.layout.overlaps_quote(d.start, d.end)]
        self.found = [d for d in outer if not self.layout.overlaps_quote(d.start, d.end)]
        self._clauses = _Clauses(self.reported_clauses)
        return self.found

    def clause_of(self, d: Draft) -> tuple[int, int] | None:
        """The reported clause a partial quote's words sit in, if one was found around them."""
        outer = self.reported_around(d)
        return (outer.start, max(outer.end, d.end)) if outer is not None else None

    def reported_around(self, d: Draft) -> Draft | None:
        """The reported clause holding a partial quote; the closing mark may stand after the
        clause's final stop ("... about it.\"")."""
        return self._clauses.around(d.start, d.end)

    def _reported(self, verb: Token) -> Draft | None:
        comps = [c for c in verb.children if c.dep_ == "ccomp" and not self.syntax.adverbial(c)]
        if any(self.layout.in_quote(c.idx) and c.i < verb.i for c in comps):
            return self._after_direct(verb, comps)
        if not comps:
            if verb.dep_ in ("parataxis", "ccomp") and verb.head.pos_ in ("VERB", "AUX"):
                return self._parenthetical(verb) or self._surface_aside(verb)
            return self._that_clause(verb)
        comp = comps[-1]
        if comp.i < verb.i:
            return self._preposed(verb, comp)
        # "X said (that) CONTENT": the complement, and what else the verb governs after it
        # (reasons, time, "and that ..."), up to a new coordinated clause or another cue
        first = next(c for c in comps if c.i > verb.i)  # the parser may split it in two
        end = comp.right_edge.i
        for c in verb.rights:
            if c.i <= comp.i:
                continue
            if c.dep_ == "cc" or (c.dep_ == "conj" and not self.syntax.is_that_clause(c)):
                break
            if self.layout.cue_role(c) or c.dep_ == "parataxis" or self.layout.in_quote(c.idx):
                break
            end = max(end, c.right_edge.i)
        end = self._through_colon(end)
        toks = self._cut_at_next_report(verb, list(self.doc[first.left_edge.i : end + 1]))
        while toks and (toks[0].dep_ == "mark" or toks[0].is_punct):
            toks.pop(0)
        return self._draft_from_tokens(verb, toks)

    def _through_colon(self, end: int) -> int:
        """A content followed by a colon goes on to the sentence end: what follows spells it
        out ("noted that three things matter: A, B and C")."""
        nxt = end + 1
        if (
            nxt >= len(self.doc)
            or self.doc[nxt].text != ":"
            or self.layout.in_quote(self.doc[nxt].idx)
        ):
            return end
        _, s1 = self.layout.sentence(self.doc[end])
        last = self.layout.tok(s1 - 1)
        if last.i <= nxt or any(self.layout.in_quote(t.idx) for t in self.doc[nxt : last.i + 1]):
            return end
        return last.i

    def _after_direct(self, verb: Token, comps: list[Token]) -> Draft | None:
        """'"...," she told him, after he admitted he had not ...': the verb is the cue of the
        direct quote; a complement after it belongs to the report verb inside it, if any."""
        after = [c for c in comps if c.i > verb.i and not self.layout.in_quote(c.idx)]
        if not after:
            return None
        comp = after[-1]
        inner = next(
            (t for t in comp.children if t.i < comp.i and self.layout.cue_role(t) == "report"), None
        )
        if inner is None:
            return None
        toks = [t for t in comp.subtree if t.i > inner.right_edge.i]
        return self._draft_from_tokens(inner, toks)

    def _cut_at_next_report(self, verb: Token, toks: list[Token]) -> list[Token]:
        """End the content where a coordinated or participial report of its own begins
        ("... and said she would", "..., arguing that ..."): that is the next attribution."""
        for t in toks:
            if (
                t is not verb
                and t.dep_ in ("conj", "advcl")
                and self.layout.cue_role(t) == "report"
                and any(c.dep_ == "ccomp" for c in t.children)
            ):
                cut = t.left_edge.i
                while cut > toks[0].i and self.doc[cut - 1].dep_ in ("cc", "punct"):
                    cut -= 1
                return [x for x in toks if x.i < cut]
        return toks

    def _that_clause(self, verb: Token) -> Draft | None:
        """``X told a meeting of leaders that CLAUSE`` when the parse hung the clause elsewhere:
        a "that" shortly after the verb, across only a noun phrase, opens the content."""
        _, s1 = self.layout.sentence(verb)
        for t in self.doc[verb.i + 1 : verb.i + THAT_CLAUSE_REACH]:
            if t.idx >= s1 or t.is_punct or t.pos_ in ("VERB", "AUX", "CCONJ", "SCONJ"):
                if t.lower_ != "that":
                    return None
            if t.lower_ == "that" and t.i > verb.i + 1:
                toks = self.layout.tokens(t.idx + len(t.text), s1)
                return self._draft_from_tokens(verb, toks) if len(toks) > 3 else None
        return None

    def _surface_aside(self, verb: Token) -> Draft | None:
        """``CONTENT, Chief Justice Roberts said, CONTENT`` read from the surface when the parse
        misplaced the speaker: a noun phrase and the verb set off by commas."""
        s0, s1 = self.layout.sentence(verb)
        i = verb.i - 1
        while (
            i >= 0
            and self.doc[i].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PRON", "NUM")
            or (i >= 0 and self.doc[i].text == ".")
        ):
            i -= 1
        j = verb.i + 1
        while j < len(self.doc) and self.doc[j].pos_ in ("ADV", "PROPN", "NOUN"):
            j += 1
        if i < 0 or i == verb.i - 1 or self.doc[i].text != "," or j >= len(self.doc):
            return None
        if self.doc[j].text != "," or self.doc[i].idx < s0:
            return None
        toks = [t for t in self.layout.tokens(s0, s1) if not (i < t.i < j)]
        d = self._draft_from_tokens(verb, toks)
        if d is not None:
            d.start, d.end = min(d.start, self.doc[i].idx), max(d.end, self.doc[j].idx)
            d.subject = next(
                (t for t in reversed(self.doc[i + 1 : verb.i]) if t.pos_ in ("PROPN", "PRON")),
                d.subject,
            )
        return d

    def _preposed(self, verb: Token, content_root: Token) -> Draft | None:
        """``CONTENT, X said.``: the content runs from the sentence start to the attribution."""
        s0, _ = self.layout.sentence(verb)
        subj = self.syntax.subject(verb)
        attr_start = min(
            verb.i, subj.left_edge.i if subj is not None and subj.i < verb.i else verb.i
        )
        if attr_start == 0 or self.doc[attr_start - 1].text != ",":
            return None  # not the ", X said" layout
        toks = [t for t in self.doc[content_root.left_edge.i : attr_start] if t.idx >= s0]
        start_tok = self.layout.tok(s0)
        if start_tok.i < content_root.left_edge.i:
            toks = list(self.doc[start_tok.i : attr_start])
        # "..., he said, until it went bankrupt" / "..., the agency said, and those ...": a
        # clause after the attribution continues the content (the span then covers the aside)
        tail = [
            c
            for c in verb.rights
            if (c.dep_ == "advcl" and self.syntax.adverbial(c))
            or (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") and not self.layout.cue_role(c))
        ]
        if toks and tail and self.doc[tail[0].left_edge.i - 1].text in {",", "and"}:
            toks = list(self.doc[toks[0].i : max(c.right_edge.i for c in tail) + 1])
        if toks and toks[0].idx == s0:
            toks = self._paragraph_lead(toks[0]) + toks
        return self._draft_from_tokens(verb, toks)

    def _paragraph_lead(self, first: Token) -> list[Token]:
        """Sentences before "CONTENT, X said." in its paragraph that have no attribution of
        their own: the reporter runs several sentences of a source's account under one cue."""
        p0, _ = self.layout.para_of(first.idx)
        lead: list[Token] = []
        start = self.layout.sent_at(first.i)[0]
        while start > 0:
            prev_start, prev_end, prev_char, _ = self.layout.sent_at(start - 1)
            prev = self.doc[prev_start:prev_end]
            if prev_char < p0 or self._attributed(prev):
                break
            lead = list(prev) + lead
            start = prev_start
        return lead

    def _attributed(self, sent: Span) -> bool:
        """Has quote marks, or a cue of its own (a speech verb, or "according to")."""
        if self.layout.overlaps_quote(sent.start_char, sent.end_char):
            return True
        last = len(self.doc) - 1
        return any(
            self.layout.cue_role(t)
            or (t.lower_ == "according" and t.i < last and t.nbor().lower_ == "to")
            for t in sent
        )

    def _parenthetical(self, verb: Token) -> Draft | None:
        """``CONTENT, X said, CONTENT`` and ``CONTENT, X said.``: the attribution is set off by
        commas inside the clause it reports; the content is that clause (spanning the aside when
        it sits in the middle)."""
        lo, hi = self.syntax.chunk_bounds(verb)
        if lo == 0 or self.doc[lo - 1].text != ",":
            return None
        head = verb.head
        s0, s1 = self.layout.sentence(verb)
        first = max(head.left_edge.i, self.layout.tok(s0).i)
        last = head.right_edge.i
        while last > hi and (self.doc[last].is_punct or self.doc[last].is_space):
            last -= 1
        if last <= hi:  # the aside ends the sentence: content is what comes before it
            toks = list(self.doc[first:lo])
        else:
            if self.doc[hi + 1].text != ",":
                return None
            toks = list(self.doc[first : last + 1])
        return self._draft_from_tokens(verb, toks)

    def _draft_from_tokens(
        self, verb: Token, toks: list[Token], min_words: int = MIN_CONTENT_WORDS
    ) -> Draft | None:
        p0, p1 = self.layout.para_of(
            verb.idx
        )  # the parser may run a sentence over a paragraph break
        toks = [t for t in toks if p0 <= t.idx < p1]
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks.pop()
        while toks and (toks[0].is_punct or toks[0].is_space):
            toks.pop(0)
        if len([t for t in toks if not t.is_punct]) < min_words:
            return None
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        d = Draft(start, end, "indirect")
        self.layout.set_cue(d, verb)
        d.subject = self.syntax.subject(verb)
        return d

    def _framed(self, verb: Token) -> Draft | None:
        """What a verb reports without a clause ("called for an inquiry", "urged X to VP",
        "called the plan a mistake"), by the frames its lexicon row allows. Only with a subject
        that names a speaker: "the treaty calls for ..." is a document's terms, not speech."""
        frames = self.layout.lex.frames_of(verb.lemma_)
        if not frames or verb.dep_ == "relcl":  # "the target he pledged to reach"
            return None
        parts = self._frame_parts(verb, frames)
        if not parts:
            return None
        subj = self.syntax.subject(verb)
        if subj is None or not self.speakers.speaker_like(subj):
            return None
        first = min(p.left_edge.i for p in parts)
        last = max(p.right_edge.i for p in parts)
        toks = [t for t in self.doc[first : last + 1] if t.i != verb.i]
        while toks and (toks[0].dep_ == "mark" or toks[0].is_punct):
            toks.pop(0)
        return self._draft_from_tokens(verb, toks, min_words=MIN_FRAMED_WORDS)

    @staticmethod
    def _frame_parts(verb: Token, frames: frozenset[str]) -> list[Token]:
        """The dependents that carry the content under the first frame that fits the parse."""
        kids = [c for c in verb.children if c.i > verb.i]
        obj = next((c for c in kids if c.dep_ == "dobj"), None)
        inf = next((c for c in kids if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VB"), None)
        preps = {c.lower_: c for c in kids if c.dep_ in ("prep", "mark")}
        pobj = {
            word: next((g for g in p.children if g.dep_ in ("pobj", "pcomp")), None)
            for word, p in preps.items()
        }
        if "for" in frames and "for" in preps:
            head = preps["for"]
            if head.dep_ == "mark":
                return [head.head] if head.head.head is verb else []
            return [pobj["for"]] if pobj["for"] is not None else []
        on_obj = pobj.get("on")
        if "on_to" in frames and on_obj is not None and inf is not None:
            return [on_obj, inf]
        if "obj_to" in frames and obj is not None and inf is not None:
            return [obj, inf]
        if "obj_pred" in frames and obj is not None:
            pred = next((c for c in kids if c.dep_ in ("oprd", "attr") and c.i > obj.i), None)
            if pred is None and "as" in preps:  # "described the talks as productive"
                pred = preps["as"]
            return [obj, pred] if pred is not None else []
        if "obj" in frames and obj is not None and inf is None:
            return [obj]
        if "to" in frames and inf is not None and obj is None:
            # "pledged to cap and then reduce X": the parser may hang the second infinitive
            # on the cue; a bare verb cannot coordinate with a finite one, so it is content
            return [inf] + [c for c in kids if c.dep_ == "conj" and c.tag_ == "VB"]
        if "about" in frames:
            return [o for w in ("about", "of") if (o := pobj.get(w)) is not None][:1]
        return []

    def _according(self, t: Token) -> Draft | None:
        """``according to X, CONTENT`` and ``CONTENT, according to X``."""
        to = next(c for c in t.children if c.lower_ == "to")
        obj = next((c for c in to.children if c.dep_ == "pobj"), None)
        s0, s1 = self.layout.sentence(t)
        phrase_end = max((x.i for x in (obj.subtree if obj is not None else [to])), default=to.i)
        sent_toks = self.layout.tokens(s0, s1)
        if not sent_toks:
            return None
        if t.i <= sent_toks[0].i + 1:
            toks = [x for x in sent_toks if x.i > phrase_end]
        elif phrase_end >= sent_toks[-1].i - 1:
            toks = [x for x in sent_toks if x.i < t.i]
        else:
            toks = [x for x in sent_toks if not (t.i <= x.i <= phrase_end)]
        d = self._draft_from_tokens(t, toks)
        if d is None:
            return None
        d.cue_text = self.text[t.idx : to.idx + len(to.text)]
        d.cue_span = (t.idx, to.idx + len(to.text))
        d.subject = obj
        return d


class _Stabbing:
    """Drafts by start, with the two furthest ends reached so far (by different drafts), so
    that whether a point lies inside a draft other than a given one is a binary search rather
    than a pass over every draft of the article."""

    def __init__(self, drafts: list[Draft]) -> None:
        ordered = sorted(drafts, key=lambda d: d.start)
        self.starts = [d.start for d in ordered]
        self.top: list[tuple[tuple[int, int], tuple[int, int]]] = []  # ((end, id), (end, id))
        first, second = (-1, 0), (-1, 0)
        for d in ordered:
            here = (d.end, id(d))
            if here[1] == first[1]:
                first = max(first, here)
            elif here > first:
                first, second = here, first
            elif here > second and here[1] != first[1]:
                second = here
            self.top.append((first, second))

    def inside_other(self, d: Draft, pos: int) -> bool:
        """Some draft other than ``d`` has ``start <= pos < end``."""
        i = bisect.bisect_right(self.starts, pos)
        if i == 0:
            return False
        first, second = self.top[i - 1]
        reach = second[0] if first[1] == id(d) else first[0]
        return reach > pos


class _Clauses:
    """The reported clauses that hold quoted words, by start: the clause around a partial
    quote starts at most the longest clause's length before the quote ends, so only those in
    that stretch are looked at; of the ones that hold it, the first found wins, as in a scan
    of the list."""

    def __init__(self, clauses: list[Draft]) -> None:
        self.clauses = sorted(enumerate(clauses), key=lambda kc: kc[1].start)
        self.starts = [c.start for _, c in self.clauses]
        self.longest = max((c.end - c.start for c in clauses), default=0)

    def around(self, start: int, end: int) -> Draft | None:
        lo = bisect.bisect_left(self.starts, end - CLAUSE_EDGE_SLACK - self.longest)
        hi = bisect.bisect_right(self.starts, start)
        best: tuple[int, Draft] | None = None
        for k, outer in self.clauses[lo:hi]:
            if (
                end <= outer.end + CLAUSE_EDGE_SLACK
                and (outer.end - outer.start) > (end - start)
                and (best is None or k < best[0])
            ):
                best = (k, outer)
        return best[1] if best else None
