"""Model architectures of wirewatch's own pipeline, registered with spaCy.

``wirewatch.ListenerEncoder.v1``: a component-specific stack of convolutional layers on top
of the shared tok2vec's output. The parser needs more context than the NER (a head can be
many words away; an entity is a few words), but a deeper *shared* encoder bought parse
accuracy at the NER's expense on held-out text (docs/nlp.md, "A deeper encoder"). With
extra layers that only the parser reads, the parser sees 2 × ``depth`` more words of
context while the NER keeps reading the shared encoder as before.

``wirewatch.ListenerBiLSTM.v1``: the same idea with bidirectional LSTM layers (thinc's own
``LSTM``, which runs on numpy: no torch at run time). A convolution sees a fixed window; an
LSTM reads the whole document in both directions, so the parser's features for a word can
depend on a head or a dependent any distance away. Each layer is residual (its output is
added to its input), so the width the parser reads stays the shared encoder's.

Importing this module registers the architecture; ``wirewatch.nlp.pipeline`` imports it
before loading a pipeline, and training passes it with ``--code``.
"""

from __future__ import annotations

from spacy.ml.models.tok2vec import MaxoutWindowEncoder
from spacy.util import registry
from thinc.api import LSTM, Model, chain, residual, with_padded


@registry.architectures("wirewatch.ListenerEncoder.v1")
def listener_encoder(tok2vec: Model, width: int, depth: int, window_size: int = 1,
                     maxout_pieces: int = 3) -> Model:
    """``tok2vec`` (usually a Tok2VecListener) followed by ``depth`` residual maxout
    convolutions of ``width`` that belong to the listening component alone."""
    model = chain(tok2vec, MaxoutWindowEncoder(width, window_size, maxout_pieces, depth))
    model.set_dim("nO", width)
    return model


@registry.architectures("wirewatch.ListenerBiLSTM.v1")
def listener_bilstm(tok2vec: Model, width: int, depth: int, dropout: float = 0.0) -> Model:
    """``tok2vec`` followed by ``depth`` residual bidirectional LSTM layers of ``width``
    (``width // 2`` units each way) that belong to the listening component alone."""
    if depth < 1:
        raise ValueError(f"ListenerBiLSTM depth must be at least 1, got {depth}")
    layers = [residual(with_padded(LSTM(width, width, bi=True, depth=1, dropout=dropout)))
              for _ in range(depth)]
    model = chain(tok2vec, *layers)
    model.set_dim("nO", width)
    return model
