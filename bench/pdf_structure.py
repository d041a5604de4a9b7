"""The real-PDF collection (../shared/realdocs): per file, the share of passages with a section path,
the pages skipped as unreadable, or the reason the file is skipped; and a passage as it reads now.

    PYTHONPATH=$PWD .venv/bin/python -m bench.pdf_structure [--json OUT]

Files are read with `read_pdf` directly, without the 30-second worker budget,
so the 117-page GeoTopo script is measured too. To compare with an older
version, run this script with PYTHONPATH pointing at that version's checkout.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from bench.realdocs import REALDOCS


def measure(path: Path, encoder) -> dict:
    from psp_qa.errors import IngestError
    from psp_qa.reading.chunking import ChunkLimits, chunk_document
    from psp_qa.reading.ingest import detect_kind, sha256_bytes
    from psp_qa.reading.pdf import read_pdf

    data = path.read_bytes()
    started = time.monotonic()
    try:
        detect_kind(path.name, data[:1024])
        doc = read_pdf(path.name, data, sha256_bytes(data))
    except IngestError as error:
        return {"skipped": error.reason}
    passages = chunk_document(doc, ChunkLimits(1200, encoder.max_seq_length), encoder.count_tokens)
    sectioned = [p for p in passages if p.section]
    sample = next((p for p in passages[len(passages) // 3 :] if p.section), passages[0] if passages else None)
    return {
        "passages": len(passages),
        "with_section": len(sectioned),
        "pages": len(doc.page_starts),
        "unreadable_pages": sum(1 for w in doc.warnings if "unreadable" in w),
        "seconds": round(time.monotonic() - started, 2),
        "sample": "" if sample is None else " › ".join(sample.section) + " | " + " ".join(sample.text.split())[:160],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    from psp_qa.indexing.embed import Encoder

    encoder = Encoder.from_name(None)
    rows = {str(path.relative_to(REALDOCS)): measure(path, encoder) for path in sorted(REALDOCS.rglob("*.pdf"))}
    for name, row in rows.items():
        if "skipped" in row:
            print(f"{name}: skipped: {row['skipped']}")
        else:
            share = row["with_section"] / row["passages"] if row["passages"] else 0.0
            print(f"{name}: {row['with_section']}/{row['passages']} passages with a section ({share:.2f}), "
                  f"{row['unreadable_pages']} of {row['pages']} pages unreadable")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
