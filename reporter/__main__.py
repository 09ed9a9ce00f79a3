"""`python -m reporter` runs the CLI."""

from reporter.cli import main

main()
