"""``python -m demos.playground``: serve the playground and open it in the browser."""

from demos.playground.server import main

if __name__ == "__main__":
    main()
