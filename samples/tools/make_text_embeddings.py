"""Writes samples/text-embeddings/data/passages.jsonl: real English passages from Debian's fortunes package.

Re-runnable and deterministic (the same fortunes package gives byte-identical output):
    apt-get install -y fortunes && /usr/bin/python3 samples/tools/make_text_embeddings.py

Each fortune file holds passages separated by lines of '%'. A passage is kept when it is plain ASCII prose: no
backspace overstriking, no tabs (ASCII art), at least 40 and at most 600 characters, mostly letters. Its lines are
joined with single spaces (a passage is one text, as a column of a table holds it). Passages are taken from every
file in turn, in file order, until COUNT are taken; duplicates are dropped. Each row is
{"id": "<file>-<n>", "source": "<file>", "text": "..."}.
"""
import json
import os
import re

FORTUNES = "/usr/share/games/fortunes"
FILES = ["computers", "science", "literature", "people", "wisdom", "food", "politics", "work", "education", "law",
         "love", "medicine", "sports", "pets", "kids", "humorists", "linux", "platitudes", "songs-poems",
         "miscellaneous", "fortunes", "cookie", "men-women", "definitions", "startrek", "tao", "goedel", "magic",
         "news", "paradoxum"]
COUNT = 3000
OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "text-embeddings", "data", "passages.jsonl")


def passages(name):
    with open(os.path.join(FORTUNES, name), encoding="ascii", errors="replace") as f:
        raw = f.read()
    for n, block in enumerate(re.split(r"^%\n", raw, flags=re.M)):
        if "\ufffd" in block or "\b" in block or "\t" in block:
            continue
        text = " ".join(block.split())
        letters = sum(c.isalpha() for c in text)
        if 40 <= len(text) <= 600 and letters >= 0.7 * len(text):
            yield n, text


def main():
    sources = {name: list(passages(name)) for name in FILES}
    rows, seen, index = [], set(), 0
    while len(rows) < COUNT and any(index < len(v) for v in sources.values()):
        for name in FILES:
            if index < len(sources[name]) and len(rows) < COUNT:
                n, text = sources[name][index]
                if text not in seen:
                    seen.add(text)
                    rows.append({"id": f"{name}-{n:04d}", "source": name, "text": text})
        index += 1
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} passages from {len(FILES)} files -> {OUT}")


if __name__ == "__main__":
    main()
