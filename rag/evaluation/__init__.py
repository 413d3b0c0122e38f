"""Evaluation: retrieval quality on BEIR data (`beir`, `metrics`) and speed and memory (`bench`,
`bench_process`). It measures the product through its API and packages; the product never imports it."""
