"""Drafting-artifact rules (AI): leftover model text found before a post is published.

Each kind of leftover has a rule module; the phrasings live as data in ``phrases/``.
"""

from __future__ import annotations

from .disclaimer import ModelDisclaimer
from .em_dash import LostEmDash
from .meta_note import MetaNote
from .placeholder import Placeholder
from .postamble import Postamble
from .preamble import LeakedPreamble
from .residue import ChatResidue
from .trace import AgentTrace
from .wrapper_fence import WrapperFence

RULES = [
    LeakedPreamble,  # AI001
    AgentTrace,  # AI002
    Postamble,  # AI003
    ModelDisclaimer,  # AI004
    ChatResidue,  # AI005
    Placeholder,  # AI006
    MetaNote,  # AI007
    WrapperFence,  # AI008
    LostEmDash,  # AI009
]

__all__ = [rule.__name__ for rule in RULES]
