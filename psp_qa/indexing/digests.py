"""sha256 of large files, remembered by each file's identity and change times, so an unchanged file is not read again.

Every cold question and every build checks the current build's files against the sha256s its
manifest records, and a build hashes the model's weights: for the 90 MB ONNX export and the 90 MB
weights that is about 0.5 s of reading, each time. A file's device, inode, size, mtime and ctime
change whenever its bytes do: every write sets the ctime, and no program can set a ctime back
(`utime` sets only mtime and atime). So a digest is reused while all five are what they were when
the bytes were read, and read again as soon as any differs.

A file changed within the kernel's timestamp granularity of being hashed could keep its times, so
a digest is only remembered for a file last changed at least `SETTLED_SECONDS` before its reading
began. Files under `LARGE_BYTES` are always read: they cost less than the lookup's bookkeeping.
The remembered digests live in one small JSON file in the export cache's folder (onnx_encoder.cache_dir);
one that cannot be read or written only costs the time of reading the files.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

LARGE_BYTES = 4 << 20
SETTLED_SECONDS = 2.0
MAX_ENTRIES = 64
FILE_NAME = ".digests.json"

_remembered: dict[str, list] | None = None


def read_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """The sha256 of one file's bytes; a large file's is reused while the file is unchanged."""
    size = path.stat().st_size
    if size < LARGE_BYTES:
        return read_sha256(path)
    return remembered_digest([path], lambda: read_sha256(path))


def remembered_digest(paths: Sequence[Path], compute: Callable[[], str]) -> str:
    """`compute()`, a digest of these files' bytes, unless it was remembered for them as they are now."""
    key = "\n".join(str(Path(p).absolute()) for p in paths)
    started = time.time()
    identity = _identity(paths)
    entry = _entries().get(key)
    if identity is not None and entry is not None and entry[:-1] == identity:
        return entry[-1]
    digest = compute()
    if identity is not None and _identity(paths) == identity and _settled(identity, started):
        _store(key, [*identity, digest])
    return digest


def remember(path: Path, digest: str) -> None:
    """Record `digest` for `path` as it is now: a sealed build's hard link to a file whose digest was
    checked when the build began (linking changes only the file's ctime, not its bytes)."""
    identity = _identity([path])
    if identity is not None and path.stat().st_size >= LARGE_BYTES:
        _store(str(Path(path).absolute()), [*identity, digest])


def _identity(paths: Sequence[Path]) -> list | None:
    try:
        found = [os.stat(p) for p in paths]
    except OSError:
        return None
    return [[s.st_dev, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns] for s in found]


def _settled(identity: list, started: float) -> bool:
    newest = max(max(times[3], times[4]) for times in identity) / 1e9
    return newest <= started - SETTLED_SECONDS


def cache_dir() -> Path:
    """Where checked exports (and these digests) are kept for every index: $PSP_QA_CACHE_DIR, else the user's
    cache folder."""
    if os.environ.get("PSP_QA_CACHE_DIR"):
        return Path(os.environ["PSP_QA_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "psp-qa" / "onnx"


def _location() -> Path:
    return cache_dir() / FILE_NAME


def _entries() -> dict[str, list]:
    global _remembered
    if _remembered is None:
        try:
            found = json.loads(_location().read_text(encoding="utf-8"))
            _remembered = {k: v for k, v in found.items() if isinstance(v, list)} if isinstance(found, dict) else {}
        except (OSError, ValueError):
            _remembered = {}
    return _remembered


def _store(key: str, entry: list) -> None:
    global _remembered
    _remembered = None  # read again: another process may have remembered others since
    entries = _entries()
    entries.pop(key, None)
    entries[key] = entry
    while len(entries) > MAX_ENTRIES:
        entries.pop(next(iter(entries)))
    location = _location()
    temporary = location.with_name(f"{FILE_NAME}.{uuid.uuid4().hex[:8]}")
    try:
        location.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(entries), encoding="utf-8")
        os.replace(temporary, location)
    except OSError:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
