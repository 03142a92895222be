"""Model architectures of wirewatch's own pipeline, registered with spaCy.

``wirewatch.ListenerEncoder.v1``: a component-specific stack of convolutional layers on top
of the shared tok2vec's output. The parser needs more context than the NER (a head can be
many words away; an entity is a few words), but a deeper *shared* encoder bought parse
accuracy at the NER's expense on held-out text (docs/nlp.md, "A deeper encoder"). With
extra layers that only the parser reads, the parser sees 2 × ``depth`` more words of
context while the NER keeps reading the shared encoder as before.

Importing this module registers the architecture; ``wirewatch.nlp.pipeline`` imports it
before loading a pipeline, and training passes it with ``--code``.
"""

from __future__ import annotations

from spacy.ml.models.tok2vec import MaxoutWindowEncoder
from spacy.util import registry
from thinc.api import Model, chain


@registry.architectures("wirewatch.ListenerEncoder.v1")
def listener_encoder(tok2vec: Model, width: int, depth: int, window_size: int = 1,
                     maxout_pieces: int = 3) -> Model:
    """``tok2vec`` (usually a Tok2VecListener) followed by ``depth`` residual maxout
    convolutions of ``width`` that belong to the listening component alone."""
    model = chain(tok2vec, MaxoutWindowEncoder(width, window_size, maxout_pieces, depth))
    model.set_dim("nO", width)
    return model
