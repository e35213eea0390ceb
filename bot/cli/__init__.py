"""The `doppelbot` command line: part of the composition root (it may import anything).

- `main`          the parser (the commands in `COMMANDS`) and the error policy: a user's
                  mistake is one German line and exit code 2, never a traceback
- `command_line`  argparse in German: usage, help and error lines
- `foreground`    a broadcast or correction in the foreground: progress bar, signals, exit code
- one module per command, each with `add_command` (its arguments) and the function it runs:
  `preview`, `ingest`, `backfill`, `run`, `broadcast`, `stats`, `correct`, `migrate`, `copy_db`,
  `status`, `demo`
- `demo_setup`    the demo's settings (from nothing in the environment) and its database
"""
