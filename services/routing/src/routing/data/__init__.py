"""Packaged data of the routing service: the taxonomy and the routing training corpus."""
