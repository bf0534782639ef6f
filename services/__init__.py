"""Use cases that join the layers: set up the store, load files, compute and read results.

The only package that both writes the store and calls ``indicators``; pages and the CLI call
these functions and nothing below them.
"""
