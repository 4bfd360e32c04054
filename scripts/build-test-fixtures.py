#!/usr/bin/env python3
"""Copies the real upstream payloads the tests replay from ../shared into src/test/resources/shared/, so that a
clone without ../shared still runs every test. Personal values are replaced by placeholders of the same JSON type
(the keys, nesting and types stay exactly Hugging Face's, which the API-shape test needs); everything else is
byte-for-byte real data. The tests prefer ../shared itself when it is present.

    python3 scripts/build-test-fixtures.py [--shared ../shared]
"""
import argparse, gzip, json, pathlib, shutil

REPO = pathlib.Path(__file__).resolve().parent.parent
OUT = REPO / "src/test/resources/shared"
USER_KEYS = {"submittedBy", "submittedOnDailyBy", "user"}  # objects describing a Hugging Face account
KEEP_IN_USER = {"type", "isPro", "isHf", "isHfAdmin", "isMod"}  # account kinds, not identities
ARXIV_CS_HEAD = 2_500
ARXIV_CS_EXTRA = {"2512.23576"}
HF_DAYS_USED = {"2025-12-29", "2025-12-30", "2025-12-31"}
HF_SHAPE_SAMPLE = 40  # further days, spread over the whole range, for the shape test's key census


def placeholder(value, n):
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return 0
    if isinstance(value, str):
        return "0" * 24 if len(value) == 24 and all(c in "0123456789abcdef" for c in value) else f"user{n}"
    return value


def sanitise(obj, inside_user=False, counter=[0]):
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if k in USER_KEYS and isinstance(v, dict):
                counter[0] += 1
                out[k] = {kk: (vv if kk in KEEP_IN_USER else "/avatars/placeholder.svg" if kk == "avatarUrl"
                               else sanitise(vv, True) if isinstance(vv, (dict, list)) else placeholder(vv, counter[0]))
                          for kk, vv in v.items()}
            elif k in ("avatarUrl", "avatar") and isinstance(v, str):
                out[k] = "/avatars/placeholder.svg"
            elif k == "githubRepoAddedBy" and isinstance(v, str):
                out[k] = "user"
            else:
                out[k] = sanitise(v, inside_user)
        return out
    if isinstance(obj, list):
        return [sanitise(v, inside_user) for v in obj]
    return obj


def write_gz(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(text.encode("utf-8"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=pathlib.Path, default=REPO.parent / "shared")
    shared = ap.parse_args().shared
    if OUT.exists():
        shutil.rmtree(OUT)

    for name in ("arxiv-metadata-oai-snapshot.head20.jsonl", "arxiv-metadata-oai-snapshot.head200.jsonl"):
        src = shared / "fixtures/arxiv/kaggle-snapshot" / name
        dst = OUT / "fixtures/arxiv/kaggle-snapshot" / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        lines = []
        for line in src.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            rec["submitter"] = None  # a person's name; no test reads it
            lines.append(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
        dst.write_text("\n".join(lines) + "\n", encoding="utf-8")

    # arXiv OAI-PMH and API payloads: CC0 metadata, copied byte for byte.
    for folder in ("oai-pmh", "arxiv-api-atom"):
        for src in sorted((shared / "fixtures/arxiv" / folder).glob("*.xml")):
            dst = OUT / "fixtures/arxiv" / folder / src.name
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)

    head, extra = [], []
    with gzip.open(shared / "data/arxiv-cs/arxiv-metadata-2025-2026.jsonl.gz", "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n < ARXIV_CS_HEAD:
                head.append(line)
            elif json.loads(line)["id"] in ARXIV_CS_EXTRA:
                extra.append(line)
    write_gz(OUT / "data/arxiv-cs/arxiv-metadata-2025-2026.jsonl.gz", "".join(head + extra))

    days = sorted(p.name[:10] for p in (shared / "data/hf-daily").glob("*.json.gz"))
    step = max(1, len(days) // HF_SHAPE_SAMPLE)
    chosen = sorted(set(days[::step]) | HF_DAYS_USED)
    for day in chosen:
        with gzip.open(shared / f"data/hf-daily/{day}.json.gz", "rt", encoding="utf-8") as fh:
            items = json.load(fh)
        write_gz(OUT / f"data/hf-daily/{day}.json.gz", json.dumps(sanitise(items), ensure_ascii=False))

    size = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"{OUT.relative_to(REPO)}: {len(chosen)} Hugging Face days, {len(head) + len(extra)} arxiv-cs lines, "
          f"{size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
