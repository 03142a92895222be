"""Exports of the store to other tools' formats, one module per format.

``ftm``: FollowTheMoney entity JSON lines (Aleph, OpenSanctions tooling);
``plover``: PLOVER JSON lines of the fused events. ``wirewatch export --format ...`` runs them.
"""
