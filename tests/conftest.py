from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared").resolve()
SEEDS = SHARED / "seeds"
CORPUS = ROOT / "examples" / "corpus"

# A short wire story written for these tests (facts restated from public reporting, 2023).
WIRE = """Seoul, Nov. 22 — North Korea said on Wednesday it had placed its first military reconnaissance satellite into orbit, a claim that South Korea's military said it could not yet confirm.

The Malligyong-1 satellite was carried by a Chollima-1 rocket launched from the Sohae station on the country's west coast late on Tuesday, the state news agency KCNA reported. It was the third attempt this year after two failures in May and August.

South Korea's Joint Chiefs of Staff said the rocket flew south over the Yellow Sea and that officials were analysing whether the satellite was working. Seoul responded by suspending part of a 2018 inter-Korean military agreement that limited surveillance flights near the border.

Washington, Seoul and Tokyo condemned the launch as a violation of U.N. Security Council resolutions, which bar Pyongyang from any launch that uses ballistic missile technology. Officials in Seoul have said they believe Russia provided technical help after Kim Jong Un met Vladimir Putin in September."""


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    return SEEDS


@pytest.fixture
def store(tmp_path):
    from wirewatch.store import open_store

    s = open_store(tmp_path / "test.db")
    yield s
    s.close()


@pytest.fixture
def settings():
    from wirewatch.config import Settings

    return Settings.from_env(env={})


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
