"""kill -9 in the middle of an ingest: nothing reported as stored is lost, nothing is
half-written, and the next run resumes and completes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

from wirewatch.store import open_store

WORDS = ("ministry officials said the shipment of artillery shells crossed the border near the port "
         "where inspectors reported new satellite images showing rail cars loaded with containers "
         "while diplomats in the capital denied any transfer of weapons or ammunition to the front").split()


def make_corpus(folder, n, seed=7):
    rng = random.Random(seed)
    for i in range(n):
        paras = [" ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + "." for _ in range(3)]
        (folder / f"{i:05d}.txt").write_text(f"Title: Report {i}\nDate: 2024-01-{1 + i % 28:02d}\n\n" + "\n\n".join(paras))


def test_kill_9_mid_ingest_loses_nothing_and_resumes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    n = 2500
    make_corpus(corpus, n)
    db = tmp_path / "crash.db"
    cmd = [sys.executable, "-m", "wirewatch", "ingest", str(corpus), "--db", str(db), "--batch-size", "25", "--verbose"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    reported = []
    deadline = time.monotonic() + 120
    while len(reported) < 300 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        status, article_id, _ = line.rstrip("\n").split("\t")
        reported.append(article_id)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed; make the corpus bigger"
    assert len(reported) >= 300

    store = open_store(db)
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {r[0] for r in store.conn.execute("SELECT id FROM articles")}
    assert set(reported) <= stored, "an article reported as stored was lost"
    assert len(stored) < n
    assert len(stored) % 25 == 0, "only whole batches are committed"
    store.close()

    done = subprocess.run(cmd[:-1], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    store = open_store(db)
    assert store.count_articles() == n
    assert store.conn.execute("SELECT COUNT(DISTINCT text_hash) FROM articles").fetchone()[0] == n
    assert store.pending("dedup") == []
    store.close()
