"""`python -m claimx` is the `claimx` command."""

from claimx.cli import main

main()
