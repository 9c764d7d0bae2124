"""The command-line choice shared by the evaluations that have a fresh held-out split.

Whoever tunes the rules runs them with `--tuning-only`: the held-out files are not
opened and docs/benchmarks.md is not written. Writing the doc (the lead's single
measurement at the end) and `--tuning-only` exclude each other.
"""

import argparse


def add_set_choice(parser: argparse.ArgumentParser, write_flag: str) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument(write_flag, action="store_true", help="update docs/benchmarks.md")
    which.add_argument(
        "--tuning-only",
        action="store_true",
        help="own and tuning sets only: the fresh held-out set is not loaded, no doc written",
    )
