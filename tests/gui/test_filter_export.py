"""``main.py --export ... --as-of DATE --lanes ID,ID``: the picture shows what was known then, in the lanes asked for."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)


def svg_texts(path: Path) -> list[str]:
    """Every <text> element's words, as a reader of the SVG sees them."""
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", path.read_text(encoding="utf-8"))]


def test_export_as_known_on_15_march_2025_lacks_what_semafor_said(tmp_path: Path) -> None:
    before, after = tmp_path / "before.svg", tmp_path / "after.svg"
    done = run_cli("--export", str(before), "--as-of", "15 March 2025")
    assert done.returncode == 0, done.stderr
    assert run_cli("--export", str(after), "--as-of", "2025-04-01").returncode == 0
    early, late = " ".join(svg_texts(before)), " ".join(svg_texts(after))
    assert "As known on 15 March 2025" in early and "As known on 1 April 2025" in late
    assert "Semafor" not in early  # neither the event nor the blog that summarised Semafor's report
    assert "Semafor: OpenAI takes the ~$12B option" in late and "Semafor reporting" in late
    assert "CoreWeave IPO: $40 a share" not in early and "CoreWeave IPO: $40 a share" in late
    assert "OpenAI signs $11.9B contract with CoreWeave" in early  # Wired Italy had it on 12 March


def test_export_of_chosen_lanes(tmp_path: Path) -> None:
    out = tmp_path / "lanes.svg"
    assert run_cli("--export", str(out), "--lanes", "coreweave,openai").returncode == 0
    texts = svg_texts(out)
    assert "Microsoft" not in texts and "CoreWeave" in texts and "OpenAI" in texts  # lane names and legend
    assert texts.index("CoreWeave") < texts.index("OpenAI")  # in the order asked for
    joined = " ".join(texts)
    assert "Microsoft hires Mustafa Suleyman" not in joined  # Microsoft's alone
    assert "Microsoft invests billions in OpenAI" in joined  # OpenAI's too


@pytest.mark.parametrize(("args", "message"), [
    (["--as-of", "someday"], "--as-of: 'someday' is not a date"),
    (["--lanes", "openai,martians"], "--lanes: no lane 'martians' (the lanes are: microsoft, openai"),
    (["--lanes", ","], "--lanes: no lane given"),
])
def test_bad_filters_get_one_line_and_no_file(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "x.svg"
    done = run_cli("--export", str(out), *args)
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("option", ["--as-of", "--lanes", "--search"])
def test_a_100_kb_value_is_not_echoed_whole(tmp_path: Path, option: str) -> None:
    out = tmp_path / "x.svg"
    done = run_cli("--export", str(out), option, "ab" * 50_000)
    said = (done.stderr if done.returncode else done.stdout).strip().splitlines()
    assert said and len(said[0]) < 300 and "abab" in said[0] and "\u2026" in said[0], said[0][:400]


def test_as_of_a_day_first_date(tmp_path: Path) -> None:
    out = tmp_path / "x.svg"
    done = run_cli("--export", str(out), "--as-of", "15/03/2025")
    assert done.returncode == 0, done.stderr
    assert any("As known on 15 March 2025" in text for text in svg_texts(out))
