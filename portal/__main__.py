from portal.cli import app

app()
