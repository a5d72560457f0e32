"""`python -m videotron.cli` runs the `videotron` command."""

import sys

from videotron.cli import main

sys.exit(main())
