"""Exercise data (locale-neutral) and, under <locale>/, the words."""
from . import catalogue
from . import breathing, grounding  # noqa: F401  (each module registers its exercises)

__all__ = ["catalogue"]
