"""Differential tests: the original back-end's recorded answers, replayed against ours."""
