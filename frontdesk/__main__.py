"""``python -m frontdesk``: the same as the ``frontdesk`` command."""

from frontdesk.cli import run

if __name__ == "__main__":
    run()
