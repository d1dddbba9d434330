"""The yardstick: a minimal Typer app, one command that prints a word."""

import typer

app = typer.Typer()


@app.command()
def hello() -> None:
    print("word")


if __name__ == "__main__":
    app()
