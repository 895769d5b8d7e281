"""The AI functions a job can run, by name (seed 000's ai/functions)."""

from modelbank.ai.errors import UnknownFunction
from modelbank.ai.functions.auto_cluster import AutoCluster
from modelbank.ai.functions.base import AIFunction
from modelbank.ai.functions.generate_content import GenerateContent
from modelbank.ai.functions.generate_image_prompts import GenerateImagePrompts
from modelbank.ai.functions.generate_images import GenerateImages

FUNCTIONS: dict[str, type[AIFunction]] = {
    f.name: f for f in (GenerateContent, GenerateImagePrompts, GenerateImages, AutoCluster)
}


def get_function(name: str) -> type[AIFunction]:
    try:
        return FUNCTIONS[name]
    except KeyError:
        raise UnknownFunction(
            f"Unknown AI function '{name}'; use one of: {', '.join(sorted(FUNCTIONS))}.", extra={"function": name}
        )
