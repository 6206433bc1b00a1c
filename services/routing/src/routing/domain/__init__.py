"""Routing domain: taxonomy and the automatic routing classifier (PET-5). No nameko, SQL or protobuf."""
