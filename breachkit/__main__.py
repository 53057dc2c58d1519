"""``python -m breachkit`` and the ``breachkit`` console script."""


def run() -> None:
    """The ``breachkit`` command: fewer collections first (see :mod:`breachkit.startup`),
    then the command line."""
    from breachkit.startup import collect_less

    collect_less()
    from breachkit.cli import main

    main()


if __name__ == "__main__":
    run()
