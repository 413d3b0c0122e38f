"""Chunking: exact offsets, whole sentences, sizes in model tokens, validated settings."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from rag.chunking import Chunker, split_sentences
from rag.documents import discover, load_document
from tests.conftest import SEED


def word_counter(texts):
    return [len(t.split()) for t in texts]


def check_invariants(text: str, chunks, max_tokens: int) -> None:
    assert chunks, "a non-empty document yields chunks"
    for ordinal, chunk in enumerate(chunks):
        assert chunk.ordinal == ordinal
        assert text[chunk.start : chunk.end] == chunk.text
        for start, end in chunk.sentences:
            assert chunk.start <= start < end <= chunk.end
        assert chunk.tokens <= max_tokens or len(chunk.sentences) == 1
    assert chunks[0].start == split_sentences(text)[0][0]
    assert chunks[-1].end == split_sentences(text)[-1][1]


def test_sentences_of_the_seed_are_split_at_their_ends():
    text = SEED.read_text(encoding="utf-8")
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert (
        "According to the technology company Digital Science, China has over 30,000 AI "
        "researchers, which is three times the number of those in the U.S." in sentences
    )
    assert any(s.startswith("The U.S. journal Eurasia Review has reported") for s in sentences)
    assert sentences[0] == "China's Sci-tech Innovation Leads the Way"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dr. Smith arrived. He sat down.", ["Dr. Smith arrived.", "He sat down."]),
        ("Prices rose 2.5 percent. Then fell.", ["Prices rose 2.5 percent.", "Then fell."]),
        ('He said "Stop!" Then left.', ['He said "Stop!"', "Then left."]),
        ("J. K. Rowling wrote it. Fans loved it.", ["J. K. Rowling wrote it.", "Fans loved it."]),
        ("Line one\nLine two", ["Line one", "Line two"]),
        ("  \n  ", []),
    ],
)
def test_sentence_splitting_cases(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_chunks_pack_whole_sentences_and_overlap():
    text = " ".join(f"Sentence number {i} has exactly seven words." for i in range(40))
    chunker = Chunker(word_counter, target_tokens=30, overlap_tokens=8, max_tokens=50)
    chunks = chunker.chunk("doc", text)
    check_invariants(text, chunks, 50)
    assert all(c.tokens <= 30 for c in chunks)
    assert all(c.text.endswith(".") for c in chunks), "no sentence is cut"
    for previous, current in itertools.pairwise(chunks):
        shared = set(previous.sentences) & set(current.sentences)
        assert 0 < len(shared) <= 1, "neighbours share at most overlap_tokens of whole sentences"


def test_only_a_sentence_over_the_limit_is_cut():
    long_sentence = " ".join(["word"] * 130) + "."
    text = f"Short start. {long_sentence} Short end."
    chunks = Chunker(word_counter, target_tokens=40, overlap_tokens=0, max_tokens=50).chunk("d", text)
    check_invariants(text, chunks, 50)
    assert all(c.tokens <= 50 for c in chunks)
    pieces = [c for c in chunks if "word" in c.text]
    assert len(pieces) >= 3 and "".join(p.text for p in pieces).count("word") == 130


def test_chunk_ids_are_deterministic():
    chunker = Chunker(word_counter, target_tokens=20, overlap_tokens=0)
    text = "One two three. Four five six. " * 10
    assert [c.chunk_id for c in chunker.chunk("a", text)] == [c.chunk_id for c in chunker.chunk("a", text)]
    assert chunker.chunk("a", text)[0].chunk_id != chunker.chunk("b", text)[0].chunk_id


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"target_tokens": 0}, "target_tokens must be an integer in [8, 254], got 0"),
        ({"target_tokens": 300}, "got 300"),
        ({"overlap_tokens": 180}, "overlap_tokens must be an integer in [0, target_tokens), got 180"),
        ({"overlap_tokens": -1}, "got -1"),
        ({"max_tokens": 2}, "max_tokens must be an integer >= 8, got 2"),
    ],
)
def test_bad_settings_name_the_bad_value(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Chunker(word_counter, **kwargs)


def test_offsets_hold_on_every_test_document_with_the_real_tokenizer(corpus: Path, embedder):
    chunker = Chunker(embedder.count_tokens, max_tokens=embedder.max_tokens)
    files, skipped = discover([corpus])
    assert not skipped and len(files) >= 6
    for path in files:
        document = load_document(path)
        chunks = chunker.chunk(document.doc_id, document.text)
        check_invariants(document.text, chunks, embedder.max_tokens)
        for chunk in chunks:
            assert embedder.count_tokens([chunk.text])[0] <= embedder.max_tokens


def test_a_sentence_longer_than_the_model_input_is_cut_to_fit(embedder):
    text = "Intro sentence. " + " ".join(f"clause{i} and" for i in range(400)) + " end. Outro."
    chunks = Chunker(embedder.count_tokens, max_tokens=embedder.max_tokens).chunk("d", text)
    check_invariants(text, chunks, embedder.max_tokens)
    assert all(embedder.count_tokens([c.text])[0] <= embedder.max_tokens for c in chunks)


def test_a_dotted_acronym_after_a_label_does_not_end_the_sentence():
    text = "Source: U.S. Energy Information Administration, Report\nPrices rose in the U.S. Energy use fell."
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == [
        "Source: U.S. Energy Information Administration, Report",
        "Prices rose in the U.S.",
        "Energy use fell.",
    ]
