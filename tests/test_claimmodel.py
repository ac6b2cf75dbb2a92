"""The experimental linear claim-type model: deterministic training, learns a separable toy, round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from infclaims.claimmodel import LinearModel, features, train

TOY = [
    (["cue=urge", "modal=must"], "demand"),
    (["cue=say", "modal=must"], "demand"),
    (["cue=deny", "neg"], "denial"),
    (["cue=say", "neg", "w=false"], "denial"),
    (["cue=say", "w=meeting"], "report"),
    (["cue=say", "w=lasted"], "report"),
] * 3
LABELS = ("demand", "denial", "report")


def test_training_is_deterministic_and_learns_a_separable_toy() -> None:
    a = train(TOY, LABELS, min_count=1)
    b = train(TOY, LABELS, min_count=1)
    assert a == b
    assert a.predict(["cue=urge", "modal=must"])[0] == "demand"
    assert a.predict(["cue=deny", "neg"])[0] == "denial"
    assert a.predict(["cue=say", "w=meeting"])[0] == "report"
    assert abs(sum(a.scores(["unknown-feature"])) - 1.0) < 1e-9


def test_model_round_trips_through_json(tmp_path: Path) -> None:
    model = train(TOY, LABELS, min_count=1)
    model.save(tmp_path / "m.json")
    again = LinearModel.load(tmp_path / "m.json")
    for feats, _ in TOY:
        assert again.predict(feats)[0] == model.predict(feats)[0]


@pytest.mark.model
def test_features_name_cue_modal_negation_and_person(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("We must not give up the talks")
    feats = features(doc[:], "said", None)
    assert "cue=said" in feats and "modal=must" in feats and "neg" in feats and "first_person_subject" in feats
    assert features(nlp("the meeting lasted two hours")[:], None, None)[0] == "cue=-"
