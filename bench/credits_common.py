"""Shared set-up for the credits benches: a throwaway PostgreSQL database, migrated."""

import os
from contextlib import contextmanager

import psycopg
from _harness import bench_env, manage, setup_django

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "mb_bench_credits"


def _admin(sql: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


@contextmanager
def bench_database():
    """Create, migrate and set Django up on mb_bench_credits; drop it afterwards."""
    _admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    _admin(f"CREATE DATABASE {DB_NAME}")
    try:
        env = bench_env(f"{SERVER}/{DB_NAME}")
        manage(env, "migrate", "--noinput")
        setup_django(env)
        yield f"{SERVER}/{DB_NAME}"
    finally:
        from django.db import connections

        connections.close_all()
        _admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
