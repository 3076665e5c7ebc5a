"""`python -m boxtribute_api.cli.dev_token`: the same as `boxtribute dev-token`."""

from .command import main

if __name__ == "__main__":
    raise SystemExit(main())
