"""Production settings with the bench's URLconf (bench_urls) added."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
