"""``dateline extract`` (placeholder)."""

from __future__ import annotations

import argparse


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Filled in by the foundation."""
