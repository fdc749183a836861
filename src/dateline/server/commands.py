"""``dateline serve`` (placeholder)."""

from __future__ import annotations

import argparse


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """No server commands yet."""
