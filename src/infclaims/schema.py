"""JSON Schema of the output records, generated from the models (committed under ``schemas/``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from infclaims.models import SCHEMA_VERSION, ArticleRecord, ErrorRecord, SpeakerEntry, Statement

MAJOR = SCHEMA_VERSION.split(".")[0]
SCHEMAS: dict[str, Any] = {
    f"statement.v{MAJOR}.json": Statement,
    f"article.v{MAJOR}.json": ArticleRecord,
    f"speaker.v{MAJOR}.json": SpeakerEntry,
    f"error.v{MAJOR}.json": ErrorRecord,
}


def schema_texts() -> dict[str, str]:
    out = {}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema()
        schema["$comment"] = f"infclaims record schema {SCHEMA_VERSION}"
        out[name] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out


def write_schemas(outdir: Path) -> list[Path]:
    from infclaims.io import AtomicWriter

    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in schema_texts().items():
        path = outdir / name
        with AtomicWriter(path) as fh:
            fh.write(text)
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover
    write_schemas(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas"))
