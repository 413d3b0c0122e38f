"""Answer composition: pure logic over passages, no model needed."""

from __future__ import annotations

from rag.chunking import split_sentences
from rag.search.answer import NO_ANSWER_THRESHOLD, Passage, compose, select_sentences, terms

TEXT = (
    "China has a large AI workforce. According to a survey, China has over 30,000 AI researchers. "
    "Chips are scarce."
)


def passage(rank: int, score: float, text: str = TEXT, start: int = 0) -> Passage:
    return Passage(
        rank=rank,
        score=score,
        dense_score=score,
        source="s.txt",
        title="t",
        doc_id="d",
        chunk_id=f"c{rank}",
        start=start,
        end=start + len(text),
        text=text,
    )


SPANS = {1: split_sentences(TEXT)}


def test_terms_drop_stopwords_and_fold_endings():
    assert terms("How many AI researchers does China have?") == {"ai", "researcher", "china"}


def test_the_sentence_with_the_rare_question_word_wins():
    chosen = select_sentences("How many AI researchers does China have?", [passage(1, 0.7)], SPANS)
    assert chosen[0].text == "According to a survey, China has over 30,000 AI researchers."
    assert TEXT[chosen[0].start : chosen[0].end] == chosen[0].text and chosen[0].passage == 1


def test_answer_marks_each_sentence_with_its_passage():
    answer = compose("How many AI researchers does China have?", [passage(1, 0.7)], SPANS, [])
    assert not answer.no_answer
    assert answer.answer.startswith("According to a survey, China has over 30,000 AI researchers. [1]")
    assert 1 <= len(answer.sentences) <= 3


def test_unrelated_question_gets_no_answer():
    answer = compose(
        "What is a good banana bread recipe?", [passage(1, NO_ANSWER_THRESHOLD - 0.2)], SPANS, []
    )
    assert answer.no_answer and answer.sentences == []
    assert "No relevant passage" in answer.answer


def test_low_cosine_but_every_question_word_present_is_answered():
    answer = compose("How many chips?", [passage(1, NO_ANSWER_THRESHOLD - 0.2)], SPANS, [])
    assert not answer.no_answer and answer.sentences[0].text == "Chips are scarce."


def test_no_passages_means_no_answer():
    assert compose("anything", [], {}, []).no_answer


def test_repeated_sentences_from_overlapping_chunks_appear_once():
    both = [passage(1, 0.8), passage(2, 0.79)]
    chosen = select_sentences("AI researchers in China", both, {1: SPANS[1], 2: SPANS[1]})
    assert len({s.text for s in chosen}) == len(chosen)
