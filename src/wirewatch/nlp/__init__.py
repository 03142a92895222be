"""wirewatch's English NLP pipeline: tokenizer, sentences, tags, lemmas, parse and entities.

    from wirewatch.nlp import load_pipeline
    nlp = load_pipeline()          # the model bundled in the package, no downloads
    doc = nlp("Russian Defense Minister Sergei Shoigu visited Pyongyang on Wednesday.")

``WIREWATCH_NLP_MODEL`` (or ``load_pipeline(name)``) selects another installed spaCy
pipeline package or a path instead, e.g. ``en_core_web_trf``.
"""

from wirewatch.nlp.pipeline import ENV_VAR, MODEL_DIR, load_pipeline, model_meta
from wirewatch.nlp.stage import NlpStage, docs_for

__all__ = ["ENV_VAR", "MODEL_DIR", "NlpStage", "docs_for", "load_pipeline", "model_meta"]
