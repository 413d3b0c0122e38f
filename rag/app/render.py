"""HTML for the app: document text is always escaped; highlights and chips are our only markup."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from rag.api import Answer, Institution, Passage

NO_ANSWER = "No relevant passage was found in the indexed documents for this question."


def _text(value: str) -> str:
    """Escaped text with line breaks kept, safe inside an HTML block (no blank lines)."""
    return escape(value).replace("\r", "").replace("\n", "<br>")


def highlighted(passage: Passage, answer_spans: Iterable[tuple[int, int]]) -> str:
    """The passage text, escaped, with answering sentences in <mark> and cited mentions marked.
    A mention lies inside its sentence, so the two kinds of span nest and never cross."""
    base, text = passage.start, passage.text
    cites = sorted(
        (i["start"] - base, i["end"] - base)
        for i in passage.institutions
        if not i.get("inherited") and base <= i["start"] < i["end"] <= passage.end
    )

    def with_cites(start: int, end: int) -> str:
        out, at = [], start
        for s, e in cites:
            if start <= s and e <= end:
                out += [_text(text[at:s]), f'<span class="rag-cite">{_text(text[s:e])}</span>']
                at = e
        return "".join(out) + _text(text[at:end])

    marks = sorted(
        (max(s, base) - base, min(e, passage.end) - base)
        for s, e in answer_spans
        if s < passage.end and e > base
    )
    out, at = [], 0
    for s, e in marks:
        if s >= at:
            out += [with_cites(at, s), f'<mark class="rag-answer">{with_cites(s, e)}</mark>']
            at = e
    return "".join(out) + with_cites(at, len(text))


def chips(institutions: Iterable[dict[str, Any]]) -> str:
    return "".join(
        f'<span class="rag-chip" title="{escape(i["cue"], quote=True)}">{escape(i["name"])}'
        f" <small>{escape(i['kind'])}</small></span>"
        for i in institutions
    )


def answer_html(answer: Answer) -> str:
    """One chat reply: the extractive answer with its [n] markers, then the ranked passages."""
    if answer.no_answer:
        head = f'<div class="rag-noanswer"><b>{escape(NO_ANSWER)}</b></div>'
        if not answer.passages:
            return head
        head += '<div class="rag-note">Closest passages, below the relevance threshold:</div>'
    else:
        head = f'<div class="rag-reply">{_text(answer.answer)}</div>'
        if answer.institutions:
            head += f'<div class="rag-sources">Sources cited: {escape(", ".join(answer.institutions))}</div>'
    spans: dict[int, list[tuple[int, int]]] = {}
    for sentence in answer.sentences:
        spans.setdefault(sentence.passage, []).append((sentence.start, sentence.end))
    blocks = [
        f'<div class="rag-passage" data-rank="{p.rank}">'
        f'<div class="rag-head"><b>[{p.rank}]</b> {escape(p.title)} '
        f'<span class="rag-source">{escape(p.source)}{_where(p)} · chars {p.start}–{p.end} · '
        f"relevance {p.dense_score:.2f} · "
        f'<a class="rag-open" href="/passage/{escape(p.chunk_id)}" target="_blank">'
        f"{'open the page' if p.pages else 'open in the document'}</a></span></div>"
        f'<div class="rag-chips">{chips(p.institutions)}</div>'
        f'<div class="rag-text">{highlighted(p, spans.get(p.rank, []))}</div></div>'
        for p in answer.passages
    ]
    return head + "".join(blocks)


def _where(passage: Passage) -> str:
    """ " · p. 12" for a passage of a paged document, and its section when it has one."""
    parts = [passage.where, f"§ {passage.section}" if passage.section else ""]
    return "".join(f" · {escape(part)}" for part in parts if part)


def claims_html(institution: Institution | None) -> str:
    if institution is None:
        return "<div>Select an institution to see its claims.</div>"
    items = "".join(
        f'<li><div class="rag-claim">{_text(c.sentence)}</div>'
        f'<div class="rag-source">{escape(c.source)} · chars {c.start}–{c.end} · '
        f"{escape(c.cue)}{' · continues the previous sentence' if c.inherited else ''}</div></li>"
        for c in institution.claims
    )
    aliases = f" (also {escape(', '.join(institution.aliases))})" if institution.aliases else ""
    return (
        f"<div><b>{escape(institution.name)}</b> · {escape(institution.kind)}{aliases} · "
        f"{institution.passages} passages in {institution.documents} documents</div><ol>{items}</ol>"
    )


CSS = """
.rag-passage { border: 1px solid #ddd; border-radius: 6px; padding: 6px 8px; margin: 6px 0; }
.rag-source { color: #666; font-size: 0.85em; }
.rag-answer { background: #fff3a3; }
.rag-cite { text-decoration: underline 2px #2b6cb0; font-weight: 600; }
.rag-chip { display: inline-block; background: #e6f0ff; border-radius: 10px; padding: 1px 8px;
            margin: 2px 4px 2px 0; font-size: 0.85em; }
.rag-noanswer { color: #8a4b00; }
"""
