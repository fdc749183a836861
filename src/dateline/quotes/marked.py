"""Attribution of quote-marked words.

**Direct or partial** depends on what stands before the opening mark: a sentence boundary, a
colon or a comma before a capital makes a whole utterance (``direct``); a word makes quoted words
inside the reporter's sentence (``partial``). **Attribution** follows the layout: the cue after
the closing mark (``"...," she said``), before the opening mark (``He said: "..."``), a dash
byline (``"..." —Name``), the first speech verb up the dependency chain for a partial quote, or,
when a quote paragraph has no cue, the speaker of the quote just before it (continuation).
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Token

from dateline.quotes.drafts import Draft, Speaker
from dateline.quotes.indirect import IndirectFinder
from dateline.quotes.layout import Layout
from dateline.quotes.marks import CLOSERS, DASHES, MARK_TOKENS, SENT_END, Marked, first_nonspace
from dateline.quotes.speakers import SpeakerResolver
from dateline.quotes.syntax import Syntax

WINDOW_AFTER_TOKENS = 30  # tokens read after a closing mark for the cue
WINDOW_BEFORE_TOKENS = 25  # tokens read before an opening mark for the cue
ATTRIBUTION_LINE_TOKENS = 8  # "Roesler said." alone on the line after a quotation
BYLINE_NAME = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")


class MarkedQuotes:
    """Drafts for the quote-marked stretches of one Doc, each with its cue or continuation."""

    def __init__(
        self, layout: Layout, syntax: Syntax, speakers: SpeakerResolver, indirect: IndirectFinder
    ) -> None:
        self.layout = layout
        self.doc = layout.doc
        self.text = layout.text
        self.syntax = syntax
        self.speakers = speakers
        self.indirect = indirect
        self._by_paragraph: tuple[list[Draft], dict[int, list[Draft]]] | None = None

    def drafts(self) -> list[Draft]:
        drafts: list[Draft] = []
        for m in self._split_runs(self.layout.marked):
            kind = self._kind(m)
            d = Draft(m.start, m.end, kind, marked=m)
            if kind == "direct":
                self._attribute_direct(d, drafts)
            else:
                self._attribute_partial(d, drafts)
            if d.kind == "partial" and d.cue is None and d.inherit is None:
                continue  # scare quotes or a title, with nobody saying them
            drafts.append(d)
        return drafts

    def _split_runs(self, marked: list[Marked]) -> list[Marked]:
        """A quotation that opens right after an attributed quote of its paragraph and runs
        into the next paragraph ('"A," Tolle said. "B<break>"C," added Brand.') is cut at the
        break: the first part continues the speaker just named, the next paragraph is
        attributed by its own cue. (Read as one quotation, B went to the later speaker.)"""
        out: list[Marked] = []
        for m in marked:
            first = self.layout.para_of(m.start)
            prev = out[-1] if out else None
            if (
                first == self.layout.para_of(m.end - 1)
                or prev is None
                or self.layout.para_of(prev.start) != first
                or prev.close_at is None
                or not any(
                    self.layout.cue_role(t) for t in self.layout.tokens(prev.close_end, m.open_at)
                )
            ):
                out.append(m)
                continue
            idx = bisect.bisect_right(self.layout.para_starts, first[0])
            reopen = (
                first_nonspace(self.text, *self.layout.paras[idx])
                if idx < len(self.layout.paras)
                else None
            )
            if reopen is None or reopen >= m.end:
                out.append(m)
                continue
            head_end = first[1]
            while head_end > m.start and self.text[head_end - 1].isspace():
                head_end -= 1
            out.append(Marked(m.start, head_end, m.open_at, None, head_end))
            width = 2 if self.text.startswith(("''", "``"), reopen) else 1
            start = reopen + width
            while start < m.end and self.text[start].isspace():
                start += 1
            out.append(Marked(start, m.end, reopen, m.close_at, m.close_end))
        return out

    def _kind(self, m: Marked) -> str:
        p0, _ = self.layout.para_of(m.open_at)
        i = m.open_at - 1
        while i >= p0 and self.text[i].isspace():
            i -= 1
        if i < p0:
            return "direct"
        prev = self.text[i]
        first = self.text[m.start]
        if prev in SENT_END + ":" + DASHES or prev in CLOSERS or prev in "\"'`":
            return "direct"
        if prev == "," and (first.isupper() or self._cue_before(i)):
            return "direct"  # 'X said, "they had ...': a cue and a comma open an utterance
        return "partial"

    def _cue_before(self, comma: int) -> bool:
        """A speech verb right before the comma at ``comma`` ('said, "...'), as in text written
        all in lower case, where the capital that marks an utterance is missing."""
        tok = self.layout.tok(comma)
        return tok.i > 0 and bool(self.layout.cue_role(self.doc[tok.i - 1]))

    def _window_after(self, pos: int, max_tokens: int = WINDOW_AFTER_TOKENS) -> list[Token]:
        """Tokens after a closing mark, up to the sentence end, the next quote or paragraph end."""
        _, p1 = self.layout.para_of(pos)
        out: list[Token] = []
        t = self.layout.tok(pos)
        i = t.i + 1 if t.idx <= pos else t.i
        while i < len(self.doc) and len(out) < max_tokens:
            tok = self.doc[i]
            if tok.idx >= p1 or tok.text in MARK_TOKENS:
                break
            if tok.text in SENT_END or tok.text == ";":
                break
            out.append(tok)
            i += 1
        return out

    def _window_before(self, pos: int, max_tokens: int = WINDOW_BEFORE_TOKENS) -> list[Token]:
        """Tokens before an opening mark back to the previous sentence end or quote."""
        p0, _ = self.layout.para_of(pos)
        t = self.layout.tok(pos)
        i = t.i - 1 if t.idx >= pos else t.i
        out: list[Token] = []
        while i >= 0 and len(out) < max_tokens:
            tok = self.doc[i]
            if tok.idx < p0 or tok.text in SENT_END or self.layout.in_quote(tok.idx):
                break
            out.append(tok)
            i -= 1
        return out[::-1]

    def _attribute_direct(self, d: Draft, drafts: list[Draft]) -> None:
        m = d.marked
        assert m is not None
        if m.close_at is not None and self._dash_byline(d, m.close_end):
            return
        after = self._window_after(m.close_end - 1) if m.close_at is not None else []
        if (
            after
            and self.text[m.end - 1] == "."
            and (after[0].text[:1].isupper() or after[0].is_sent_start)
        ):
            after = []  # '"... done." He left later': a new sentence, not an attribution
        if self._take_cue(d, after, nearest_first=True):
            return
        before = self._lead_in(m.open_at)
        if before and (before[-1].text in {":", ","} or self.layout.cue_role(before[-1])):
            if self._take_cue(d, before, nearest_first=False):
                return
            nouns = [t for t in before[:-1] if t.pos_ in ("PROPN", "NOUN", "PRON")]
            if before[-1].text == ":" and nouns:  # "Name: '...'" (headlines, transcripts)
                d.subject = nouns[-1]
                d.cue_text, d.cue_span = ":", (before[-1].idx, before[-1].idx + 1)
                return
        if (
            m.close_at is not None
            and self._opens_paragraph(d)
            and self._take_cue(d, self._attribution_line(m.close_end), nearest_first=True)
        ):
            return
        d.inherit = self._previous_speaker_quote(d, drafts)

    def _attribution_line(self, close_end: int) -> list[Token]:
        """The next paragraph when the quotation ends its own and that paragraph is nothing but
        a short attribution ("Roesler said." on a line of its own), else nothing."""
        p0, p1 = self.layout.para_of(close_end - 1)
        if self.text[close_end:p1].strip(" \t\u00a0.,"):
            return []
        idx = bisect.bisect_right(self.layout.para_starts, p0)
        if idx >= len(self.layout.paras):
            return []
        n0, n1 = self.layout.paras[idx]
        tokens = [t for t in self.layout.tokens(n0, n1) if not t.is_space]
        if not tokens or len(tokens) > ATTRIBUTION_LINE_TOKENS or tokens[-1].text not in SENT_END:
            return []
        if not tokens[0].is_alpha:
            return []  # "--additional reporting from X.": a credit line, not an attribution
        if any(t.text in MARK_TOKENS for t in tokens):
            return []
        return tokens[:-1]

    def _take_cue(self, d: Draft, window: list[Token], nearest_first: bool) -> bool:
        """Attribute d to the cue verb of a window next to the quote (after it: the first; before
        it: the last) and to that verb's subject."""
        order = window if nearest_first else list(reversed(window))
        cue = next((t for t in order if self.layout.cue_role(t)), None)
        if cue is None:
            return False
        self.layout.set_cue(d, cue)
        d.subject = self.syntax.subject(cue)
        if d.subject is None and not self.syntax.passive(cue):
            d.subject = self.syntax.adjacent_np(window, cue)
        return True

    def _lead_in(self, open_at: int) -> list[Token]:
        """The words before an opening mark, or when the quote opens its paragraph, the end of
        the paragraph before if that ends with a colon ("The governor added:")."""
        before = self._window_before(open_at)
        if not before:
            p0, _ = self.layout.para_of(open_at)
            j = p0
            while j > 0 and self.text[j - 1].isspace():
                j -= 1
            if j and self.text[j - 1] == ":":
                before = self._window_before(j)
        while before and before[-1].is_space:
            before.pop()
        return before

    def _dash_byline(self, d: Draft, close_end: int) -> bool:
        """``"..." —Name``: a dash right after the closing mark introduces the speaker."""
        _, p1 = self.layout.para_of(close_end - 1)
        j = close_end
        while j < p1 and self.text[j] in " \u00a0\t":
            j += 1
        if j >= p1 or self.text[j] not in DASHES:
            return False
        k = j + 1
        while k < p1 and self.text[k].isspace():
            k += 1
        m = BYLINE_NAME.match(self.text[k:p1])
        if not m:
            return False
        d.cue_text, d.cue_span = self.text[j], (j, j + 1)
        name_span = (k, k + len(m.group(0).rstrip(".")))
        mention = self.layout.refs.mention_in(*name_span)
        cand = mention.referent if mention is not None else None
        d.speaker = Speaker(
            cand, cand.name if cand else self.text[name_span[0] : name_span[1]], name_span
        )
        return True

    def _previous_speaker_quote(self, d: Draft, drafts: list[Draft]) -> Draft | None:
        """Continuation: the quote just before, in this paragraph or (when this quote opens its
        paragraph) in the paragraph right before; there, also a reported clause that ends that
        paragraph ('X said the flood destroyed forty homes.<break>"We have never seen ..."':
        the newspaper convention runs the speaker on into the quotation)."""
        reported = self._reported_before(d, drafts[-1].end if drafts else -1)
        if reported is not None:
            return reported
        if not drafts:
            return None
        prev = drafts[-1]
        this_para, prev_para = self.layout.para_of(d.start), self.layout.para_of(prev.end - 1)
        if prev_para == this_para:
            return prev
        idx = bisect.bisect_left(self.layout.para_starts, this_para[0])
        if idx > 0 and self.layout.paras[idx - 1] == prev_para and self._opens_paragraph(d):
            return prev if prev.kind == "direct" else None
        return None

    def _reported_before(self, d: Draft, after: int) -> Draft | None:
        """The indirect quote that ends the paragraph right before the one ``d`` opens, when no
        quotation stands after it (``after``: where the last quotation so far ends) and
        nothing but the quotation is in ``d``'s paragraph before its end."""
        if not self._opens_paragraph(d):
            return None
        this_para = self.layout.para_of(d.start)
        idx = bisect.bisect_left(self.layout.para_starts, this_para[0])
        if idx == 0:
            return None
        prev_para = self.layout.paras[idx - 1]
        inside = self._found_by_paragraph().get(idx - 1, [])
        if not inside or inside[-1].end <= after or inside[-1].subject is None:
            return None
        last = inside[-1]
        reach = max(last.end, last.cue_span[1] if last.cue_span else last.end)
        tail = self.text[reach : prev_para[1]].rstrip(" \t\n\u00a0.!?")
        return None if any(ch in SENT_END for ch in tail) else last

    def _found_by_paragraph(self) -> dict[int, list[Draft]]:
        """The indirect quotes by the paragraph they start in (its index), in the order they
        were found: read once, so that each quotation does not scan them all."""
        found = self.indirect.found
        if self._by_paragraph is None or self._by_paragraph[0] is not found:
            layout, table = self.layout, dict[int, list[Draft]]()
            for r in found:
                i = bisect.bisect_right(layout.para_starts, r.start) - 1
                if i >= 0 and r.start < layout.paras[i][1]:
                    table.setdefault(i, []).append(r)
            self._by_paragraph = (found, table)
        return self._by_paragraph[1]

    def _opens_paragraph(self, d: Draft) -> bool:
        p0, _ = self.layout.para_of(d.start)
        return d.marked is not None and first_nonspace(self.text, p0, d.start) == d.marked.open_at

    @staticmethod
    def _fronted_adjunct(root: Token, cue: Token) -> bool:
        """Quoted words in a prepositional phrase set before the cue ('On the "Morning Hour
        Show," she said ...', 'In a "historic" move, he said'): a title or scare quote in the
        circumstances of the saying, not what is said (a cue's content follows it, or stands
        before it as a clause)."""
        via = root
        while via.head != cue and via.head != via:
            via = via.head
        return via.head == cue and via.dep_ == "prep" and via.i < cue.i

    def _attribute_partial(self, d: Draft, drafts: list[Draft]) -> None:
        toks = self.layout.tokens(d.start, d.end)
        roots = [t for t in toks if not (d.start <= t.head.idx < d.end) or t.head == t]
        # punctuation carries no syntax: a comma inside the marks hangs on the cue whatever the
        # words are ('of "The Morning Show," she said')
        roots = [t for t in roots if not t.is_punct] or roots
        chain = [
            cue
            for root in roots
            for cue in self.syntax.cues_up(root)
            if not self._fronted_adjunct(root, cue)
        ]
        # the nearest cue whose subject names a speaker ("the ad suggests" is passed over for
        # the "X said" above it), else the nearest cue
        for cue in chain:
            subj = self.syntax.subject(cue)
            sp = self.speakers.resolve(subj) if subj is not None else None
            if sp is not None and (sp.cand is not None or sp.name):
                self.layout.set_cue(d, cue)
                d.subject = subj
                d.clause = self.syntax.complement_span(cue, d)
                return
        if chain:
            self.layout.set_cue(d, chain[0])
            d.subject = self.syntax.subject(chain[0])
            d.clause = self.syntax.complement_span(chain[0], d)
            return
        # "CONTENT, X said, CONTENT": the cue is an aside, not above the quoted words
        outer = self.indirect.reported_around(d)
        if outer is not None and outer.cue is not None:
            self.layout.set_cue(d, outer.cue)
            d.cue_text, d.cue_span, d.subject = outer.cue_text, outer.cue_span, outer.subject
            d.clause = self.indirect.clause_of(d)
            return
        # no cue up the chain: an earlier quote of the same sentence speaks for it
        if drafts and toks:
            prev = drafts[-1]
            if self.layout.sent_at(toks[0].i)[2] <= prev.start and (prev.cue or prev.inherit):
                d.inherit = prev
