"""Search index: Khmer word cutting and the Pagefind index of the real site."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from twg.data.dataset import load_dataset
from twg.outputs.search import WORD_JOINER, filter_index, index_stats, prepare_for_index, segment_words

from conftest import DATA


def test_khmer_is_cut_into_icu_words_and_other_text_is_kept() -> None:
    assert segment_words("កសិកម្ម និងទឹក") == f"កសិកម្ម និង{WORD_JOINER}ទឹក"
    assert segment_words("ការផ្គត់ផ្គង់ទឹកស្អាត TWG-RWSSH 2009") == WORD_JOINER.join(["ការ", "ផ្គត់ផ្គង់", "ទឹក", "ស្អាត"]) + " TWG-RWSSH 2009"
    assert segment_words("ສະບາຍດີປະເທດລາວ") == WORD_JOINER.join(["ສະບາຍດີ", "ປະເທດ", "ລາວ"])
    # Only text is cut: attribute values (filters, links) stay as written.
    html = '<p title="ទឹកស្អាត"><dt>Group</dt><dd>ទឹកស្អាត</dd></p>'
    assert prepare_for_index(html) == f'<p title="ទឹកស្អាត"><dt>Group </dt><dd>ទឹក{WORD_JOINER}ស្អាត </dd> </p>'
    # Block boundaries are word boundaries (no "Road Maintenance MechanismTo effectively ...").
    assert prepare_for_index("<h3>Mechanism</h3><p>To effectively</p><li>a<br>b</li>") == "<h3>Mechanism </h3><p>To effectively </p><li>a <br>b </li>"


def _fragments(site: Path, lang: str) -> dict[str, dict]:
    out = {}
    for path in (site / "pagefind" / "fragment").glob(f"{lang}_*.pf_fragment"):
        record = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        out[record["url"]] = record
    return out


def test_index_holds_every_record_with_its_filters(real_site: Path) -> None:
    ds = load_dataset(str(DATA))
    filters = filter_index(real_site, "en")
    assert filters["kind"]["group"] == len(ds.groups)
    assert filters["kind"]["meeting"] == len(ds.meetings())
    assert filters["kind"]["guideline"] == 3
    assert set(filters["group"]) == {str(g.short_name) for g in ds.groups}
    assert {"14th GDCC", "15th GDCC"} <= set(filters["round"])
    assert {"2008", "2009"} <= set(filters["year"])
    assert "behind_schedule" in filters["status"]  # codes: the search page shows the reader's label

    pages = _fragments(real_site, "en")
    meeting = pages["/groups/rwssh/meetings/7/"]
    assert meeting["meta"]["group"] == "TWG-RWSSH" and meeting["meta"]["kind"] == "meeting"
    assert meeting["meta"]["date"] == "1 September 2009"
    assert "Working Group TWG-RWSSH" in meeting["content"]  # cells kept apart
    # Chrome is not indexed: no nav, no footer, no search page, no 404.
    assert "/search/" not in pages and "/404.html" not in pages
    assert not any("Made with" in p["content"] for p in pages.values())
    assert "Source:" not in meeting["content"] and "Earlier:" not in meeting["content"]  # exclude_selectors applied
    # Khmer on English pages is indexed cut into words; the page itself keeps its text.
    assert f"កសិកម្ម និង{WORD_JOINER}ទឹក" in pages["/groups/aw/"]["content"]
    assert '<p class="twg-altname" lang="km">កសិកម្ម និងទឹក</p>' in (real_site / "groups/aw/index.html").read_text(encoding="utf-8")


def test_index_stats(real_site: Path) -> None:
    stats = index_stats(real_site)
    en = stats["languages"]["en"]
    assert en["pages"] >= 19 + 3
    assert 0 < en["first_search_bytes"] < stats["total_bytes"]
    assert en["meta_bytes"] > 0 and en["index_bytes"] > 0
