"""Synthetic data sets in the real format, for benchmarks and scale tests.

`twg synth --out DIR --groups 20 --years 15 --meetings-per-year 17` writes a
valid data directory (site.yml, rounds.yml, groups/*.yml) shaped like a long
archive: two rounds a year, an action plan per year, a report per round with
statuses, reasons, issues, resources and indicator progress, and meetings with
agenda, decisions, attendance and documents. Some texts are {en, km} maps.

Everything comes from one random.Random(seed), so a seed always gives the same
files. The text is filler, never facts: it must not go into the project's data/.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import yaml

from twg.data import migrate

try:  # the C dumper writes a 5,000-meeting archive several times faster
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

PROJECT_DATA = Path(__file__).resolve().parents[2] / "data"
MARKER = ".synthetic"  # marks a directory this module may overwrite
FIRST_YEAR = 2008

_WORDS = (
    "implementation review sector strategy partners ministry provincial district budget "
    "monitoring indicators capacity training workshop consultation coordination alignment "
    "harmonisation funding plan programme report survey assessment framework policy draft "
    "guidelines secretariat members technical support field data baseline target progress "
    "schedule delay procurement consultant evaluation dissemination community services "
    "quality access rural urban national annual quarterly joint mission agreement"
).split()
_KM_WORDS = (
    "ក្រុមការងារបច្ចេកទេស ផែនការសកម្មភាព វឌ្ឍនភាព ការអភិវឌ្ឍ ក្រសួង ដៃគូអភិវឌ្ឍន៍ "
    "កិច្ចប្រជុំ របាយការណ៍ ថវិកា ការតាមដាន សូចនាករ ការបណ្តុះបណ្តាល សិក្ខាសាលា "
    "ការពិគ្រោះយោបល់ ការសម្របសម្រួល យុទ្ធសាស្ត្រ គោលនយោបាយ ខេត្ត ស្រុក ជាតិ "
    "សហគមន៍ សេវា គុណភាព ការវាយតម្លៃ លេខាធិការដ្ឋាន សមាជិក"
).split()
_SECTORS = (
    "Agriculture and Water", "Education", "Health", "Rural Water Supply and Sanitation",
    "Fisheries", "Forestry and Environment", "Gender", "Land", "Legal and Judicial Reform",
    "Mine Action", "Planning and Poverty Reduction", "Private Sector Development",
    "Public Financial Management", "Decentralisation and Deconcentration", "Infrastructure",
    "Food Security and Nutrition", "HIV/AIDS", "Public Administration Reform", "Partnership",
    "Social Protection", "Energy", "Tourism", "Trade", "Transport",
)
_KINDS = ("regular", "regular", "regular", "special", "workshop", "consultation", "retreat")
_STATUSES = ("completed", "completed", "on_schedule", "on_schedule", "behind_schedule", "not_started", "dropped", "not_stated")
_PLACES = ("Phnom Penh", "Siem Reap", "Battambang", "Kampong Cham", "Sihanoukville", "Kampot")


class _Text:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentence(self, lo: int = 8, hi: int = 20) -> str:
        words = self.rng.choices(_WORDS, k=self.rng.randint(lo, hi))
        return " ".join(words).capitalize() + "."

    def km(self, lo: int = 4, hi: int = 10) -> str:
        return " ".join(self.rng.choices(_KM_WORDS, k=self.rng.randint(lo, hi))) + "។"

    def para(self, sentences: tuple[int, int] = (2, 5)) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(*sentences)))

    def markdown(self, paras: tuple[int, int] = (1, 3)) -> str:
        out = [self.para() for _ in range(self.rng.randint(*paras))]
        if self.rng.random() < 0.3:
            out.append("\n".join(f"- {self.sentence(4, 9)}" for _ in range(self.rng.randint(2, 4))))
        return "\n\n".join(out) + "\n"

    def maybe_km(self, en: str, share: float = 0.15) -> Any:
        """A third of the site's texts would be translated in a real archive; fewer is enough here."""
        return {"en": en, "km": self.km()} if self.rng.random() < share else en


def _site(years: int) -> dict[str, Any]:
    return {
        "title": {"en": "Synthetic Technical Working Groups", "km": "ក្រុមការងារបច្ចេកទេស (សាកល្បង)"},
        "description": "Synthetic archive for benchmarks: not real data.",
        "country": {"en": "Cambodia", "km": "កម្ពុជា"},
        "government": "Royal Government of Cambodia",
        "coordinator": {"name": "Council for the Development of Cambodia", "short_name": "CDC"},
        "terms": {
            "group": "Technical Working Group", "groups": "Technical Working Groups", "group_short": "TWG",
            "round": "GDCC meeting", "round_short": "GDCC",
            "committee": "Government-Development Partner Coordination Committee",
        },
        "languages": ["en", "km"],
        "dormant_after_months": 12,
        "data_as_of": f"{FIRST_YEAR + years - 1}-12",
        "sources": [
            {"id": f"synth-{FIRST_YEAR + y}", "title": f"Synthetic progress reports {FIRST_YEAR + y}",
             "publisher": "Benchmark generator", "date": str(FIRST_YEAR + y)}
            for y in range(years)
        ],
    }


def _rounds(years: int, text: _Text) -> list[dict[str, Any]]:
    rounds = []
    for y in range(years):
        year = FIRST_YEAR + y
        for half, (start, end) in enumerate(((1, 5), (6, 11))):
            n = 2 * y + half + 1
            rounds.append({
                "id": f"gdcc-{n}", "number": n,
                "title": {"en": f"GDCC {n}", "km": f"កិច្ចប្រជុំ GDCC លើកទី {n}"},
                "date": f"{year}-{end:02d}",
                "period": {"from": f"{year}-{start:02d}", "to": f"{year}-{end:02d}"},
                "published": f"{year}-{end:02d}",
                "summary": text.markdown((1, 2)),
                "source": f"synth-{year}",
            })
    return rounds


def _group(i: int, years: int, meetings_per_year: int, rounds: list[dict[str, Any]], text: _Text) -> dict[str, Any]:
    rng = text.rng
    sector = _SECTORS[i % len(_SECTORS)] + (f" {i // len(_SECTORS) + 1}" if i >= len(_SECTORS) else "")
    gid = f"g{i + 1:02d}"
    short = f"TWG-{gid.upper()}"
    g: dict[str, Any] = {
        "id": gid, "number": i + 1, "short_name": short,
        "name": {"en": sector, "km": text.km(2, 4)}, "sector": sector,
        "active": True,
        "chair": f"Ministry of {sector}",
        "lead_partners": [f"Partner {c}" for c in rng.sample("ABCDEFGH", rng.randint(1, 3))],
        "secretariat": f"Department of Planning, Ministry of {sector}",
        "contact": {"name": "Secretariat", "email": f"{gid}@example.org"},
        "members": [{"name": f"Member organisation {k + 1}", "constituency": rng.choice(("government", "development_partner", "ngo", "private_sector"))} for k in range(rng.randint(6, 14))],
        "subgroups": [{"name": f"Sub-group on {text.sentence(2, 4)[:-1].lower()}", "description": text.sentence()} for _ in range(rng.randint(1, 3))],
        "mandate": text.maybe_km(text.markdown((2, 3)), 0.5),
        "strategies": [text.sentence(4, 8) for _ in range(rng.randint(1, 3))],
        "source": f"synth-{FIRST_YEAR}",
    }
    plans = []
    for y in range(years):
        year = FIRST_YEAR + y
        plans.append({
            "year": year, "source": f"synth-{year}",
            "activities": [
                {"id": f"{year}-a{k + 1}", "area": f"{k % 3 + 1}. {text.sentence(2, 4)[:-1]}",
                 "title": text.maybe_km(text.sentence(8, 18)), "schedule": f"Q{rng.randint(1, 4)} {year}"}
                for k in range(rng.randint(6, 10))
            ],
        })
    g["action_plans"] = plans
    g["jmis"] = [
        {"id": f"jmi-{k + 1}", "code": f"{i + 1}.{k + 1}", "title": text.sentence(10, 20),
         "timeframe": f"{FIRST_YEAR}–{FIRST_YEAR + years - 1}", "unit": "per cent", "baseline": rng.randint(5, 40), "target": rng.randint(50, 95)}
        for k in range(rng.randint(2, 4))
    ]
    g["reports"] = [_report(r, plans[n // 2], g["jmis"], text) for n, r in enumerate(rounds)]
    meetings = []
    number = 0
    for y in range(years):
        year = FIRST_YEAR + y
        days = sorted(rng.sample(range(1, 360), meetings_per_year))
        for day in days:
            number += 1
            month, dom = (day - 1) // 30 + 1, min(28, (day - 1) % 30 + 1)
            meetings.append(_meeting(number, f"{year}-{month:02d}-{dom:02d}", rounds[2 * y + (month > 5)]["id"], short, year, text))
    g["meetings"] = meetings
    return g


def _report(rnd: dict[str, Any], plan: dict[str, Any], jmis: list[dict[str, Any]], text: _Text) -> dict[str, Any]:
    rng = text.rng
    statuses = []
    for a in plan["activities"]:
        status = rng.choice(_STATUSES)
        s: dict[str, Any] = {"activity": a["id"], "status": status}
        if rng.random() < 0.4:
            s["note"] = text.sentence(3, 6)
        if rng.random() < 0.6:
            s["progress"] = text.maybe_km(text.para((1, 3)))
        if status == "behind_schedule" and rng.random() < 0.8:
            s["reason"] = text.maybe_km(text.sentence())
        if rng.random() < 0.15:
            s["recommendation"] = text.sentence()
        statuses.append(s)
    raised = rng.random() < 0.5
    report: dict[str, Any] = {
        "round": rnd["id"], "period": rnd["period"], "source": rnd["source"],
        "activities": statuses,
        "progress": text.maybe_km(text.markdown((1, 2))),
        "challenges": text.markdown((1, 2)),
        "recommendations": [text.sentence() for _ in range(rng.randint(0, 3))],
        "issues": {"status": "raised", "items": [
            {"id": f"issue-{rng.randint(1, 6)}-{k}", "issue": text.sentence(), "need": text.sentence()} for k in range(rng.randint(1, 3))
        ]} if raised else {"status": rng.choice(("none", "not_confirmed"))},
        "resources": {
            "sufficiency": rng.choice(("sufficient", "partly_sufficient", "insufficient", "not_confirmed")),
            "reasons": text.sentence(), "challenges": text.sentence(), "solutions": text.sentence(),
            "details": text.markdown((1, 1)),
        },
        "jmis": [
            {"jmi": j["id"], "actual": rng.choice((rng.randint(0, 100), None, "in progress")),
             "status": text.sentence(), "constraints": text.sentence(), "recommendation": text.sentence()}
            for j in jmis
        ],
    }
    return report


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _meeting(number: int, date: str, round_id: str, short: str, year: int, text: _Text) -> dict[str, Any]:
    rng = text.rng
    return {
        "number": number, "date": date, "kind": rng.choice(_KINDS),
        "title": text.maybe_km(f"{_ordinal(number)} {short} meeting", 0.2),
        "location": rng.choice(_PLACES),
        "chair": "Secretary of State",
        "round": round_id,
        "summary": text.maybe_km(text.markdown((1, 3))),
        "agenda": [text.maybe_km(text.sentence(5, 12)) for _ in range(rng.randint(3, 6))],
        "decisions": [text.sentence(8, 16) for _ in range(rng.randint(2, 5))],
        "attendance": {"government": rng.randint(3, 25), "development_partner": rng.randint(2, 15), "ngo": rng.randint(0, 8)},
        "documents": [{"title": text.sentence(3, 7), "url": f"https://example.org/docs/{short.lower()}/{number}-{k + 1}.pdf"} for k in range(rng.randint(1, 3))],
        "source": f"synth-{year}",
    }


def _dump(path: Path, data: Any, comment: str) -> None:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(f"# {comment}\nschema_version: {migrate.CURRENT}\n{text}", encoding="utf-8")


def _prepare(out: Path) -> None:
    """Refuse the project's data/ and any non-empty directory this module did not write."""
    resolved = out.resolve()
    if resolved == PROJECT_DATA or PROJECT_DATA in resolved.parents:
        raise ValueError(f"refusing to write synthetic data into the project's data directory ({PROJECT_DATA})")
    if resolved.exists() and any(resolved.iterdir()):
        if not (resolved / MARKER).exists():
            raise ValueError(f"{out} is not empty and was not written by `twg synth`; choose an empty or new directory")
        shutil.rmtree(resolved / "groups", ignore_errors=True)
    (resolved / "groups").mkdir(parents=True, exist_ok=True)
    (resolved / MARKER).write_text("Written by `twg synth`: synthetic data, not facts. Safe to overwrite.\n", encoding="utf-8")


def synthesise(out: str | Path, groups: int, years: int, meetings_per_year: int, seed: int = 1) -> int:
    """Write a synthetic data directory; return the number of meetings written."""
    if groups < 1 or years < 1 or not 1 <= meetings_per_year <= 300:
        raise ValueError("need at least 1 group and 1 year, and 1 to 300 meetings a year")
    out = Path(out)
    _prepare(out)
    text = _Text(random.Random(seed))
    rounds = _rounds(years, text)
    note = "SYNTHETIC benchmark data written by `twg synth`: not real facts."
    _dump(out / "site.yml", _site(years), note)
    _dump(out / "rounds.yml", {"rounds": rounds}, note)
    for i in range(groups):
        g = _group(i, years, meetings_per_year, rounds, text)
        _dump(out / "groups" / f"{g['id']}.yml", g, note)
    return groups * years * meetings_per_year
