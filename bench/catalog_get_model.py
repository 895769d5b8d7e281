"""Time of a cached ModelRegistry.get_model() in microseconds, beside the ORM query it
replaces (AIModelConfig.objects.get), in the same run. Run: .venv/bin/python bench/catalog_get_model.py
"""

import time

from _harness import bench_env, manage, setup_django

N = 200_000
N_ORM = 5_000


def per_call_us(fn, n: int) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n * 1e6)
    return best


def main() -> None:
    env = bench_env()
    manage(env, "migrate", "--noinput")
    setup_django(env)
    from modelbank.catalog.models import AIModelConfig
    from modelbank.catalog.registry import ModelRegistry

    ModelRegistry.get_model("gpt-5.1")  # load the snapshot
    cached = per_call_us(lambda: ModelRegistry.get_model("gpt-5.1"), N)
    orm = per_call_us(lambda: AIModelConfig.objects.select_related("provider").get(model_name="gpt-5.1"), N_ORM)
    print(f"cached get_model():         {cached:8.2f} us")
    print(f"ORM query (baseline):       {orm:8.2f} us")
    print(f"ratio cached / ORM:         {cached / orm:.4f}  (SQLite; stamp re-checked every 0.5 s)")
    ratio = cached / orm
    print(f"RESULT catalog_get_model {cached:.2f}us ratio={ratio:.4f} goal=<=0.1 {'PASS' if ratio <= 0.1 else 'FAIL'}")


if __name__ == "__main__":
    main()
