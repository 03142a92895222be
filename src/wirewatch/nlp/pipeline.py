"""Load the English spaCy pipeline wirewatch uses, once per process."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wirewatch.errors import ConfigError

if TYPE_CHECKING:  # spaCy is slow to import; only callers that need a pipeline pay for it
    import spacy

#: The pipeline trained by training/train.py and shipped inside the package.
MODEL_DIR = Path(__file__).resolve().parent / "model"
#: Names another spaCy pipeline (installed package name or path) to use instead.
ENV_VAR = "WIREWATCH_NLP_MODEL"


def _resolve(name: str | None) -> str | Path:
    name = name or os.environ.get(ENV_VAR) or None
    return MODEL_DIR if name is None else name


def load_pipeline(name: str | None = None) -> "spacy.Language":
    """The spaCy pipeline named by ``name``, ``$WIREWATCH_NLP_MODEL`` or the bundled model.

    Cached per resolved name, because loading takes a second or two and the pipeline is
    reused by every stage. Raises ``ConfigError`` when it cannot be loaded; nothing is
    ever downloaded.
    """
    return _load(str(_resolve(name)))


@functools.lru_cache(maxsize=4)
def _load(target: str) -> "spacy.Language":
    import spacy

    from wirewatch.nlp import architectures  # noqa: F401  (registers wirewatch's layers)
    from wirewatch.nlp import biaffine  # noqa: F401  (registers the biaffine parser component)
    from wirewatch.nlp.components import LEMMA_CHECK
    from wirewatch.nlp.components import NAME as CONSISTENCY
    from wirewatch.nlp.components import install_parse_without_spaces

    path = Path(target)
    if path == MODEL_DIR and not (path / "meta.json").is_file():
        raise ConfigError(
            f"the bundled NLP model is missing from {MODEL_DIR}; rebuild it with "
            "`python training/train.py --shared ../shared` or set "
            f"{ENV_VAR} to an installed spaCy pipeline (e.g. en_core_web_sm)"
        )
    try:
        nlp = spacy.load(target)
    except (OSError, IOError, ValueError, ImportError) as exc:
        raise ConfigError(
            f"cannot load the spaCy pipeline {target!r}: {exc}. Give a path to a pipeline "
            f"directory or the name of an installed pipeline package (via --model or "
            f"{ENV_VAR}); unset {ENV_VAR} to use the model bundled with wirewatch"
        ) from exc
    _float32_vectors(nlp)
    _float32_weights(nlp)
    _numpy_matmul(nlp)
    taggers = [n for n in nlp.pipe_names if n in ("ner", "entity_ruler")]
    if taggers and CONSISTENCY not in nlp.pipe_names:
        # Any pipeline's NER gets wirewatch's per-article consistency step right after it.
        nlp.add_pipe(CONSISTENCY, after=taggers[-1])
    if "trainable_lemmatizer" in nlp.pipe_names and LEMMA_CHECK not in nlp.pipe_names:
        # an edit-tree lemmatizer's verbs and adjectives get checked against WordNet's tables
        nlp.add_pipe(LEMMA_CHECK, after="trainable_lemmatizer")
    install_parse_without_spaces(nlp)
    return nlp


def _float32_vectors(nlp: "spacy.Language") -> None:
    """The bundled model stores its word vectors as float16 to fit the package budget
    (training/vectors.py: ``compact_on_disk``); spaCy computes in float32."""
    import numpy as np

    vectors = nlp.vocab.vectors
    if getattr(vectors.data, "dtype", None) == np.float16:
        vectors.data = vectors.data.astype(np.float32)


def _float32_weights(nlp: "spacy.Language") -> None:
    """The bundled model stores its encoder's weights as float16 as well (training/train.py:
    ``compact_weights``): half the bytes, the same predictions to within rounding. They are
    widened back once, at load, so every layer computes in float32."""
    import numpy as np

    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            for name in node.param_names:
                if node.has_param(name):
                    value = node.get_param(name)
                    if getattr(value, "dtype", None) == np.float16:
                        node.set_param(name, value.astype(np.float32))


def _numpy_matmul(nlp: "spacy.Language") -> None:
    """Let thinc's CPU layers multiply matrices with numpy's BLAS instead of blis.

    On the reference machine (Xeon, AVX-512) numpy's OpenBLAS runs the encoder's matrix
    products about 45% faster than the blis kernels thinc uses by default, and the whole
    pipeline about 12% faster, with identical parses (docs/benchmarks.md). Only plain CPU
    ops are swapped; a pipeline on a GPU or on another backend keeps its own."""
    from thinc.api import NumpyOps

    numpy_ops = None
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                numpy_ops = numpy_ops or NumpyOps(use_blis=False)
                node.ops = numpy_ops


def single_threaded_blas() -> object:
    """Hold numpy's BLAS to one thread in this process (for parsing workers: two workers
    with two BLAS threads each would fight over two cores). Keep the returned object alive
    for as long as the limit should hold."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def reuse_freed_memory(mmap_below: int = 32 << 20) -> bool:
    """Let this process reuse the memory of its freed arrays instead of handing it back to
    the system and faulting it in again (a parsing worker; not a long-lived server).

    The encoder allocates and frees arrays of several MB per batch. glibc serves blocks
    above a threshold (128 kB, raised as blocks are freed) with fresh ``mmap`` pages and
    returns free memory at the heap's top to the system, so each batch pays page faults on
    tens of MB. Blocks below ``mmap_below`` (glibc's ceiling, 32 MB) now come from the heap,
    and the heap keeps what is freed: the worker's peak is unchanged, it just stays there
    until the worker exits. Returns whether the setting took (False off glibc)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError, TypeError):  # no C library found, or not glibc's
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, mmap_below)) and bool(mallopt(_M_TRIM_THRESHOLD, 1 << 30))


def model_meta(name: str | None = None) -> dict[str, Any]:
    """The ``meta.json`` of the pipeline that ``load_pipeline(name)`` would load.

    Read from disk for the bundled model, so asking for scores or licences does not load
    the whole pipeline.
    """
    target = _resolve(name)
    meta_path = Path(target) / "meta.json"
    if meta_path.is_file():
        return json.loads(meta_path.read_text(encoding="utf-8"))
    return dict(load_pipeline(name).meta)


def components_for(nlp: "spacy.Language", name: str) -> list[str]:
    """``name`` and the shared encoders it listens to (a tok2vec whose listeners include it),
    in pipeline order: what must stay enabled to run ``name`` alone."""
    return [n for n, proc in nlp.pipeline
            if n == name or name in (getattr(proc, "listening_components", None) or ())]
