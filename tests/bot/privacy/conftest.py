from tests.storage_backends import database_url, postgres_server, sqlalchemy_url, storage

__all__ = ["database_url", "postgres_server", "sqlalchemy_url", "storage"]
