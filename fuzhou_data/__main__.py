"""`python -m fuzhou_data`: the same command line as `fuzhou-data` (see fuzhou_data.cli)."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
