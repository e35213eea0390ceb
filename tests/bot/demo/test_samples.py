"""The demo's bundled data: every picture of the sample issues is there (the page never shows a
missing one), and pyproject.toml declares every file of the page and the samples as package
data, so a non-editable install finds them."""

from __future__ import annotations

import tomllib
from pathlib import Path

from bot.demo import samples
from newsletter.issue import build_issue

ROOT = Path(__file__).resolve().parents[3]
DEMO = ROOT / "bot" / "demo"


def test_every_photo_of_the_sample_issues_has_its_picture() -> None:
    pictures = samples.web_files()
    for name in (*samples.STORED, samples.UPLOAD):
        issue = build_issue(samples.sample(name))
        photos = [m.photo for m in issue.messages if m.photo]
        assert photos, name
        for photo in photos:
            assert pictures[photo].startswith(b"\x89PNG"), (name, photo)


def test_the_stored_samples_are_older_than_the_one_the_publisher_sends() -> None:
    stored = [build_issue(samples.sample(name)).meta.date for name in samples.STORED]
    upload = build_issue(samples.sample(samples.UPLOAD)).meta.date
    assert all(date is not None and upload is not None and date < upload for date in stored)


def test_pyproject_declares_every_file_of_the_page_and_the_samples() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["bot.demo"]
    data = [p for p in DEMO.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    data = [p for p in data if p.suffix != ".py"]
    assert data
    for path in data:
        relative = path.relative_to(DEMO)
        assert any(relative.match(pattern) for pattern in patterns), relative
