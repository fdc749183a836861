"""Shared fixtures: the spaCy pipeline is loaded once per test session.

BLAS is kept to one thread for the whole session, as the runner does around every parse: the
pipeline's matrices are small, and extra BLAS threads only spin (tests that parse ran several
times slower without this on a 2-core machine).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from threadpoolctl import threadpool_limits

from dateline.pipeline import get_pipeline

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = Path(__file__).resolve().parents[2] / "shared"
threadpool_limits(limits=1, user_api="blas")


@pytest.fixture(scope="session")
def nlp() -> Language:
    return get_pipeline()
