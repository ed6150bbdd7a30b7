"""twg.render.urls: the permanent addresses (the language switcher and old links rely on them)."""

from __future__ import annotations

from twg.render import urls


def test_addresses_are_directory_urls_relative_to_the_site_root() -> None:
    assert urls.home() == ""
    assert urls.group("alpha") == "groups/alpha/"
    assert urls.meeting("alpha", "2") == "groups/alpha/meetings/2/"
    assert urls.round_("r1") == "rounds/r1/"
    assert urls.round_pdf("r1").startswith("rounds/r1/") and urls.round_pdf("r1").endswith(".pdf")
