"""Exporters: each is a row generator plus a renderer (see ``base``)."""
