#!/usr/bin/env python3
"""Build the bundled demo catalogue, src/main/resources/demo/, from the shared data.

    python3 scripts/build-demo-catalogue.py [--shared ../shared]

- demo/seed-page.jsonl       copy of shared/data/seed-page/papers.jsonl (arXiv metadata, CC0)
- demo/hf-daily/DAY.json.gz  the last 60 calendar days of shared/data/hf-daily/, personal fields removed
- demo/hf-daily/index.txt    the file names above, one a line (resources in a jar can't be listed)
- demo/README.md

Output is deterministic (sorted keys, gzip mtime 0), so re-running it on the same data changes nothing.
"""
import argparse, datetime as dt, gzip, io, json, pathlib, re, shutil, sys

REPO = pathlib.Path(__file__).resolve().parent.parent
DAYS = 60

SEED_FIELDS = {"id", "title", "authors", "categories", "published", "listed_on", "upvotes", "abstract"}

# Personal or avatar-carrying fields, removed from each item of a Hugging Face daily_papers array.
DROP_ITEM = {"submittedBy", "organization", "submitterOrganization", "thumbnail", "mediaUrl", "mediaUrls", "discussionId"}
DROP_PAPER = {"submittedOnDailyBy", "organization", "mediaUrls", "discussionId", "githubRepoAddedBy"}
DROP_AUTHOR = {"user", "_id", "status", "statusLastChangedAt"}
DROP_ANYWHERE = {"avatar", "avatarUrl"}
# What may remain. A field not listed here stops the build: decide whether it is personal, then list it.
KEEP_ITEM = {"paper", "publishedAt", "title", "summary", "numComments", "isAuthorParticipating"}
KEEP_PAPER = {"id", "authors", "publishedAt", "submittedOnDailyAt", "title", "summary", "upvotes",
              "githubRepo", "githubStars", "projectPage", "ai_summary", "ai_keywords"}
KEEP_AUTHOR = {"name", "hidden"}

README = """\
# Demo catalogue (bundled)
`seed-page.jsonl`: the 48 papers of the Hugging Face Daily Papers page that started Paperboy; `hf-daily/`: the last {days} days of Hugging Face `/api/daily_papers` responses ({first} … {last}, {files} files, {papers} papers; `index.txt` lists them); `arxiv-metadata.jsonl.gz`: arXiv snapshot records (categories, comments, dates) for the {arxiv} of those papers that `../shared/data/arxiv-cs` holds, submitter removed.
Sources: arXiv metadata (titles, abstracts, authors, categories, dates) and Hugging Face Daily Papers (upvotes, submission day, GitHub links, AI keywords).
Licence: arXiv metadata is CC0 1.0; upvote counts are Hugging Face's; every personal field (submitters, user accounts, avatars, organisations, internal ids) has been removed.
Regenerate (never edit by hand): `python3 scripts/build-demo-catalogue.py --shared ../shared`
"""


def strip(obj, drop):
    return {k: v for k, v in obj.items() if k not in drop}


def drop_anywhere(obj):
    if isinstance(obj, dict):
        return {k: drop_anywhere(v) for k, v in obj.items() if k not in DROP_ANYWHERE}
    if isinstance(obj, list):
        return [drop_anywhere(v) for v in obj]
    return obj


def check(obj, keep, where):
    extra = set(obj) - keep
    if extra:
        sys.exit(f"build-demo-catalogue: unexpected field(s) {sorted(extra)} in {where}; decide whether they are personal")


def clean(item, where):
    item = strip(drop_anywhere(item), DROP_ITEM)
    paper = strip(item["paper"], DROP_PAPER)
    paper["authors"] = [strip(a, DROP_AUTHOR) for a in paper["authors"]]
    check(item, KEEP_ITEM, where)
    check(paper, KEEP_PAPER, f"{where} paper")
    for a in paper["authors"]:
        check(a, KEEP_AUTHOR, f"{where} paper.authors[]")
    item["paper"] = paper
    return item


def write_gzip_json(path, data):
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    path.write_bytes(buf.getvalue())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=pathlib.Path, default=REPO.parent / "shared", help="the shared folder (default: ../shared)")
    args = ap.parse_args()
    data = args.shared / "data"
    out = REPO / "src/main/resources/demo"
    hf_out = out / "hf-daily"
    hf_out.mkdir(parents=True, exist_ok=True)

    # Seed page: copied byte for byte, after checking it holds no field beyond arXiv metadata.
    seed = data / "seed-page/papers.jsonl"
    seed_n = 0
    for n, line in enumerate(seed.read_text(encoding="utf-8").splitlines(), 1):
        rec = json.loads(line)
        check(rec, SEED_FIELDS, f"{seed}:{n}")
        if not all(isinstance(a, str) for a in rec["authors"]):
            sys.exit(f"build-demo-catalogue: {seed}:{n}: authors must be plain names")
        seed_n += 1
    shutil.copyfile(seed, out / "seed-page.jsonl")

    # Hugging Face daily: the files of the last DAYS calendar days, cleaned.
    days = {}
    for f in (data / "hf-daily").glob("*.json.gz"):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}\.json\.gz", f.name):
            days[dt.date.fromisoformat(f.name[:10])] = f
    latest = max(days)
    chosen = sorted(d for d in days if d >= latest - dt.timedelta(days=DAYS - 1))
    for old in hf_out.glob("*.json.gz"):
        old.unlink()
    papers = 0
    for d in chosen:
        with gzip.open(days[d], "rt", encoding="utf-8") as fh:
            items = json.load(fh)
        cleaned = [clean(it, f"{days[d].name}[{i}]") for i, it in enumerate(items)]
        write_gzip_json(hf_out / days[d].name, cleaned)
        papers += len(cleaned)
    # arXiv metadata (categories, comments, exact dates) for the demo papers the arxiv-cs corpus has: CC0.
    ids = {json.loads(l)["id"] for l in seed.read_text(encoding="utf-8").splitlines()}
    for f in hf_out.glob("*.json.gz"):
        with gzip.open(f, "rt", encoding="utf-8") as fh:
            ids.update(it["paper"]["id"] for it in json.load(fh))
    records = []
    with gzip.open(data / "arxiv-cs/arxiv-metadata-2025-2026.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in ids:
                rec["submitter"] = None  # a person's name; the catalogue never needs it
                records.append(json.dumps(rec, sort_keys=True, ensure_ascii=False))
    with open(out / "arxiv-metadata.jsonl.gz", "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(("\n".join(sorted(records)) + "\n").encode("utf-8"))

    (hf_out / "index.txt").write_text("".join(f"{d}.json.gz\n" for d in chosen))
    (out / "README.md").write_text(README.format(days=DAYS, first=chosen[0], last=chosen[-1],
                                                files=len(chosen), papers=papers, arxiv=len(records)))

    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"{out.relative_to(REPO)}: {seed_n} seed papers, {papers} Hugging Face papers in {len(chosen)} files, "
          f"arXiv metadata for {len(records)} of them "
          f"({chosen[0]} … {chosen[-1]}), {size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
