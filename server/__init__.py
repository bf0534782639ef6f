"""The Flask server under Dash: settings, the store engine, routes for uploads and downloads."""
