"""Frozen configuration, one section per stage. ``extra="forbid"``: a typo is an error."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CleanConfig(_Section):
    drop_boilerplate: bool = True
    drop_captions: bool = True


class SentencesConfig(_Section):
    max_chars_per_piece: int = Field(default=100_000, gt=1000)


class SpeakersConfig(_Section):
    #: Optional user file of speaker aliases and roles (JSON); the built-in one is used when None.
    aliases_file: Path | None = None
    use_builtin_aliases: bool = True
    include_beliefs: bool = True
    min_content_tokens: int = Field(default=2, ge=1)


class ClaimsConfig(_Section):
    enabled: bool = True


class NormaliseConfig(_Section):
    enabled: bool = True


class Config(_Section):
    model: str | None = None
    clean: CleanConfig = CleanConfig()
    sentences: SentencesConfig = SentencesConfig()
    speakers: SpeakersConfig = SpeakersConfig()
    claims: ClaimsConfig = ClaimsConfig()
    normalise: NormaliseConfig = NormaliseConfig()
    authorial: bool = False

    def digest(self) -> str:
        """Stable hash of the settings, written to run.json."""
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]
