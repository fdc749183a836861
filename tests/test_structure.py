"""The package's shape: components usable by name in any spaCy pipeline, requirements that
tell the truth, and imports that flow one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import spacy

import dateline
from dateline.document import Document
from dateline.errors import ComponentError
from dateline.factories import PIPELINE_ORDER
from dateline.pipeline import MODEL_PACKAGES

PACKAGE = Path(dateline.__file__).parent
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _plain_model() -> spacy.language.Language:
    for package in MODEL_PACKAGES:
        try:
            return spacy.load(package)
        except OSError:
            continue
    pytest.skip("no spaCy English model installed")


def _by_hand() -> spacy.language.Language:
    """dateline's components added by name to a plain English pipeline, as a user would."""
    nlp = _plain_model()
    nlp.add_pipe("dateline_frame", first=True)
    nlp.add_pipe("dateline_paragraphs", before="parser")
    for name, _ in PIPELINE_ORDER[2:]:
        nlp.add_pipe(name)
    return nlp


def test_components_added_by_name_give_the_records_of_extract() -> None:
    nlp = _by_hand()
    for path in sorted(EXAMPLES.glob("*.txt"))[:2]:
        text = path.read_text(encoding="utf-8")
        by_hand = Document.from_doc(nlp(text)).to_dict()
        assert by_hand == dateline.extract(text).to_dict()
        assert by_hand["events"] and by_hand["entities"]  # the comparison compares something


def test_analyze_pipes_lists_what_every_component_assigns_and_requires() -> None:
    summary = _by_hand().analyze_pipes(pretty=False)["summary"]
    for name, _ in PIPELINE_ORDER:
        assert summary[name]["assigns"], name
        if name != "dateline_frame":
            assert "doc._.article" in summary[name]["requires"], name
    assert "doc._.entities" in summary["dateline_places"]["requires"]
    assert "doc._.events" in summary["dateline_commitments"]["requires"]


def test_a_component_without_its_requirement_is_refused_with_a_catalogue_error() -> None:
    nlp = _plain_model()
    nlp.add_pipe("dateline_frame", first=True)
    with pytest.raises(ComponentError, match=r"^\[D002\].*dateline_quotes.*doc\._\.entities"):
        nlp.add_pipe("dateline_quotes")


def test_a_component_on_a_doc_missing_its_input_says_so() -> None:
    nlp = _by_hand()
    doc = nlp.make_doc("The army said it attacked the base.")
    for name in nlp.pipe_names[: nlp.pipe_names.index("dateline_quotes")]:
        doc = nlp.get_pipe(name)(doc)
    doc._.times = None
    with pytest.raises(ComponentError, match=r"^\[D003\].*times"):
        nlp.get_pipe("dateline_quotes")(doc)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _imports(path: Path, known: set[str]) -> set[str]:
    """The dateline modules a file imports anywhere in it (function-level imports too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                if sub in known:
                    found.add(sub)
                elif node.module in known:
                    found.add(node.module)
    return found


def test_no_import_cycle() -> None:
    modules = _modules()
    graph = {name: _imports(path, set(modules)) - {name} for name, path in modules.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for other in sorted(graph[name]):
            if state.get(other) == 1:
                cycle = stack[stack.index(other) :] + [other]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if other not in state:
                visit(other)
        stack.pop()
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    assert len(graph) > 30  # the walk saw the package


def test_the_error_catalogue_refuses_a_code_defined_twice() -> None:
    """Merged branches that both add D150 must fail loudly, not replace one message."""
    from dateline.errors import Errors, _Coded

    with pytest.raises(TypeError, match="D900"):

        class Twice(metaclass=_Coded):
            D900 = "first"
            D900 = "second"  # noqa: PIE794

    assert "lexicon" in Errors.D150 and "dateline_places" in Errors.D160


EXTRACTOR_PACKAGES = (
    "frame",
    "paragraphs",
    "entities",
    "places",
    "references",
    "times",
    "quotes",
    "events",
    "commitments",
)


def test_extractors_keep_their_vocabulary_in_lexicon_files() -> None:
    """A word list typed into the code escapes review and the one loader (issue: ~70 of them).

    Parser labels and tags are the parser's vocabulary, not English, and are allowed.
    """
    nlp = _plain_model()
    labels = {label.lower() for name in ("parser", "tagger") for label in nlp.get_pipe(name).labels}
    labels |= {"pcomp", "npadvmod", "nsubjpass", "csubjpass", "auxpass", "compound"}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if parts[0].removesuffix(".py") not in EXTRACTOR_PACKAGES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
                words = [
                    e.value
                    for e in node.elts
                    if isinstance(e, ast.Constant)
                    and isinstance(e.value, str)
                    and e.value.isalpha()
                    and e.value.lower() not in labels
                ]
                if len(words) >= 10:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {words[:4]}")
    assert not found, "word lists in code (move them to src/dateline/lexicons/):\n" + "\n".join(
        found
    )
