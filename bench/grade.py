"""Grading a class: 500 worksheets of 30 claims against one key, with symnn grade.

Makes 10 forward-pass exercises (3 claims each, 30 in all) and 500 students' worksheets: most
answers right, some wrong by a chosen step, a few missing or malformed, then times
``symnn grade`` as a user runs it (a subprocess, all cores).

Run by hand:  python bench/grade.py
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from symnn.exercise import exercises, key_worksheet, toml_text


def main(students: int = 500) -> None:
    folder = Path(tempfile.mkdtemp(prefix="symnn-grade-"))
    key = key_worksheet(exercises("forward", seed=1, count=10))
    (folder / "key.toml").write_text(toml_text(key))
    answers = folder / "answers"
    answers.mkdir()
    rng = random.Random(0)
    for n in range(students):
        lines = []
        for claim in key["claim"]:
            value = claim["equals"]
            roll = rng.random()
            if roll < 0.15:  # a wrong entry
                value = [v + 1 for v in value] if isinstance(value, list) and \
                    not isinstance(value[0], list) else value
            if roll > 0.97:
                continue  # missing
            lines += ["[[claim]]", f'name = "{claim["name"]}"', f"equals = {value!r}", ""]
        text = "\n".join(lines) if n % 100 else "not [valid toml"
        (answers / f"student{n:03d}.toml").write_text(text)
    claims = len(key["claim"])
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "symnn", "grade", str(answers), "--key",
                           str(folder / "key.toml"), "--out", str(folder)],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    print(done.stdout.splitlines()[0] if done.stdout else done.stderr)
    print(f"{students} worksheets of {claims} claims graded in {seconds:.1f} s "
          f"({seconds / students * 1e3:.0f} ms a worksheet, start-up included); "
          f"reports in {folder}")


if __name__ == "__main__":
    main()
