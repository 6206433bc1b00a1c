"""The labelled petition corpus (train.jsonl, test.jsonl) for the routing classifier."""
