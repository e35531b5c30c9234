"""Which media files may be shown: only images inside the timeline's folder; web addresses are never read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from model.formats.media import local_image


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"\x89PNG")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path.parent / "outside.png").write_bytes(b"\x89PNG")
    return tmp_path


@pytest.mark.parametrize(("url", "found"), [
    ("images/a.png", "images/a.png"),
    ("./images/../images/a.png", "images/a.png"),
    ("../outside.png", None),
    ("images/missing.png", None),
    ("notes.txt", None),
    ("https://example.org/a.png", None),
    ("data:image/png;base64,iVBOR", None),
    ("", None),
    ("images/a\x00.png", None),
])
def test_only_images_inside_the_folder(folder: Path, url: str, found: str | None) -> None:
    result = local_image(str(folder / "t.json"), url)
    assert result == (folder / found if found else None)


def test_file_urls_inside_the_folder_and_absolute_paths_outside(folder: Path) -> None:
    assert local_image(str(folder / "t.json"), (folder / "images" / "a.png").as_uri()) == folder / "images" / "a.png"
    assert local_image(str(folder / "t.json"), str(folder.parent / "outside.png")) is None
    assert local_image(None, "images/a.png") is None


def test_a_pipe_named_like_an_image_is_not_read(folder: Path) -> None:
    os.mkfifo(folder / "images" / "pipe.png")
    assert local_image(str(folder / "t.json"), "images/pipe.png") is None
