"""Store commands: ingest, events, quotes, export (placeholder)."""

from __future__ import annotations

import argparse


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """No store commands yet."""
