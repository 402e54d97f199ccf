"""The per-document cache of a build: what each document's stages produced, keyed by their inputs.

Layout, under the output folder::

    cache/docs/<doc_id>/clean.json     {"key": ..., "result": {cleaned text, removed, repairs, ...}}
    cache/docs/<doc_id>/parse.spacy    the parsed paragraphs (a spaCy DocBin)
    cache/docs/<doc_id>/parse.key      the key the parse was made under
    cache/docs/<doc_id>/stages.json    {"troops": {"key": ..., "rows": [...]}, "entities": ..., ...}

A key is a hash of everything the stage's output depends on (see :mod:`iraqtext.stages`); an entry
whose key differs is stale and is recomputed. Every file is written atomically, so an interrupted
build leaves the cache usable. A damaged file reads as missing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .storage import write_bytes_atomic, write_text_atomic

CACHE_DIR = Path("cache") / "docs"


def dumps(data: object) -> str:
    """Deterministic JSON (sorted keys, no extra spaces) for cache files and digests."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class DocumentCache:
    """Read and write the cached stage outputs of the documents of one output folder."""

    def __init__(self, out_dir: str | Path):
        self.root = Path(out_dir) / CACHE_DIR

    def _path(self, doc_id: str, name: str) -> Path:
        return self.root / doc_id / name

    def _read_json(self, doc_id: str, name: str) -> dict:
        try:
            data = json.loads(self._path(doc_id, name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def read_clean(self, doc_id: str, key: str) -> dict | None:
        """The cached cleaning result of ``doc_id`` if it was made under ``key``."""
        entry = self._read_json(doc_id, "clean.json")
        return entry.get("result") if entry.get("key") == key else None

    def write_clean(self, doc_id: str, key: str, result: dict) -> None:
        """Store the cleaning result of ``doc_id`` under ``key``."""
        write_text_atomic(dumps({"key": key, "result": result}), self._path(doc_id, "clean.json"))

    def read_stages(self, doc_id: str) -> dict[str, dict]:
        """``{stage: {"key": ..., "rows": [...]}}`` of the parse-derived stages cached for ``doc_id``."""
        return self._read_json(doc_id, "stages.json")

    def write_stages(self, doc_id: str, stages: dict[str, dict]) -> None:
        """Store the parse-derived stage outputs of ``doc_id`` (each with its key)."""
        write_text_atomic(dumps(stages), self._path(doc_id, "stages.json"))

    def read_parse(self, doc_id: str, key: str) -> bytes | None:
        """The cached parse (DocBin bytes) of ``doc_id`` if it was made under ``key``."""
        try:
            if self._path(doc_id, "parse.key").read_text(encoding="utf-8") != key:
                return None
            return self._path(doc_id, "parse.spacy").read_bytes()
        except OSError:
            return None

    def write_parse(self, doc_id: str, key: str, data: bytes) -> None:
        """Store the parse of ``doc_id``; the key is written last, so a half-written pair reads as stale."""
        self._path(doc_id, "parse.key").unlink(missing_ok=True)
        write_bytes_atomic(data, self._path(doc_id, "parse.spacy"))
        write_text_atomic(key, self._path(doc_id, "parse.key"))

    def prune(self, keep: set[str]) -> list[str]:
        """Delete the entries of documents not in ``keep`` (removed from the corpus); returns their ids."""
        if not self.root.is_dir():
            return []
        gone = sorted(p.name for p in self.root.iterdir() if p.is_dir() and p.name not in keep)
        for doc_id in gone:
            shutil.rmtree(self.root / doc_id, ignore_errors=True)
        return gone
