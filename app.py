"""Start psp-qa's app on the bundled report: `python app.py` (what `make run` does)."""

import sys

from psp_qa.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
