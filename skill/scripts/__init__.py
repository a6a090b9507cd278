"""Exercise data (locale-neutral) and, under <locale>/, the words."""
from . import catalogue
from . import breathing, grounding  # noqa: F401  (each module registers its exercises)
from . import nightly, soothing  # noqa: F401
from . import feelings, learning, reflection, reframing, reparenting  # noqa: F401

__all__ = ["catalogue"]
