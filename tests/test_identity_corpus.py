"""Every file of a city-sized folder of real downloads reads as what it prints itself to be.

../shared/corpus holds 117 files a scraper saved as 2026 部门预算 from about 26 cities' sites
(manifest.tsv there). tests/corpus_identity.tsv holds, for each, the identity read by hand from
its cover and table pages (not from its name: the collection saves a 2025 budget as 2026, and the
national 国家信访局's budget under ten cities' names), or why it is no disclosure. Each disclosure
must be read with exactly that department, code, year, stage and level, and not be refused; each
other file must be refused with the reason that fits.

Files with the same bytes are parsed once (the folder holds one document ten times over); the
identity of each of its names is then read from that parse, since the name is the last resort.
Skipped where the folder is absent (it is not part of the repository).
"""

from __future__ import annotations

import csv
import hashlib
from collections import defaultdict
from pathlib import Path

import pytest

from disclosures.parsing import parse_pdf
from disclosures.parsing.errors import RefusedFile
from disclosures.parsing.identity import read_identity
from tests.real import CORPUS

pytestmark = pytest.mark.real_pdf
EXPECTED = Path(__file__).with_name("corpus_identity.tsv")

# What each kind of refusal must say.
REASONS = {
    "not_pdf": "不是PDF文件",
    "no_text": "没有文字层",
    "not_disclosure": "不是部门预算或决算公开文件",
}


def expected_rows() -> list[dict[str, str]]:
    with EXPECTED.open(encoding="utf-8") as handle:
        return list(csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"))


def groups() -> list[list[dict[str, str]]]:
    """The expected rows, grouped by the bytes of their file (one parse per group)."""
    if not CORPUS.is_dir():
        return []
    by_digest: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in expected_rows():
        by_digest[hashlib.sha256((CORPUS / row["file"]).read_bytes()).hexdigest()].append(row)
    return list(by_digest.values())


GROUPS = groups()


def test_the_expectations_cover_the_whole_folder():
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not on this machine")
    listed = {row["file"] for row in expected_rows()}
    assert listed == {path.name for path in CORPUS.glob("*.pdf")}
    assert sum(row["outcome"] == "stored" for row in expected_rows()) == 89


@pytest.mark.skipif(not GROUPS, reason=f"{CORPUS} is not on this machine")
@pytest.mark.parametrize("group", GROUPS, ids=[group[0]["file"].removesuffix(".pdf") for group in GROUPS])
def test_each_file_reads_as_it_prints_itself(group):
    first = group[0]
    try:
        doc = parse_pdf(CORPUS / first["file"])
    except RefusedFile as refused:
        for row in group:
            assert row["outcome"].startswith("refused:"), f"{row['file']} refused: {refused}"
            assert REASONS[row["outcome"].removeprefix("refused:")] in refused.reason, row["file"]
        return
    for row in group:
        assert row["outcome"] == "stored", f"{row['file']} is no disclosure, but was read as one"
        identity = read_identity(doc.page_texts, doc.tables, row["file"])
        read = (identity.department, identity.department_code, identity.year, identity.stage, identity.level)
        printed = (row["department"], row["code"], int(row["year"]), row["stage"], row["level"])
        assert read == printed, f"{row['file']}: {identity.decided_by}"
    assert (doc.department, doc.year) == (first["department"], int(first["year"]))
