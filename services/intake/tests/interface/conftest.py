"""Interface tier of intake: the real `nameko run` process on its own vhost and test database."""
