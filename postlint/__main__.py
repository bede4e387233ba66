from postlint.cli import run

run()
