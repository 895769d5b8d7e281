"""Exit 0 when the service at the URL given (postgres://, redis://) answers, else 1."""

import sys
from urllib.parse import urlparse


def main(url: str) -> int:
    parsed = urlparse(url)
    try:
        if parsed.scheme.startswith("postgres"):
            import psycopg

            with psycopg.connect(
                host=parsed.hostname, port=parsed.port or 5432, user=parsed.username or "postgres",
                password=parsed.password, dbname="postgres", connect_timeout=2,
            ):
                return 0
        if parsed.scheme.startswith("redis"):
            import redis

            return 0 if redis.Redis.from_url(url, socket_connect_timeout=2).ping() else 1
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        print(f"{url}: {exc}", file=sys.stderr)
        return 1
    print(f"unknown scheme in {url}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
