"""`python -m briefing`: the same as the `briefing` command."""
import sys

try:
    from briefing.cli import main
except KeyboardInterrupt:  # Ctrl-C while the tool is still starting: nothing was written
    print("interrupted", file=sys.stderr)
    sys.exit(130)

sys.exit(main())
