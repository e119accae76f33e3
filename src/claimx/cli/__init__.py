"""The command line. Importing this must stay cheap: `claimx --help` loads no spaCy."""

from claimx.cli.app import app
from claimx.cli.main import main

__all__ = ["app", "main"]
