"""The database adapter: schema, migrations and the queries the services need."""
