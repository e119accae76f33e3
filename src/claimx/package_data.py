"""Where the files that ship inside the package are: the trained models every stage reads."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# The trained models (cleaner, attributions, check-worthiness, claim equivalence); each is
# retrained by a script in benchmarks/.
MODELS_DIR = PACKAGE_DIR / "models"
