"""`python -m kbsite.cli …` runs the `kb` command."""

from kbsite.cli import main

main(prog_name="kb")
