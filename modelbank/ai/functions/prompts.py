"""Prompt templates of the AI functions: plain text, filled with string.Template ($name)."""

from string import Template

CONTENT_SYSTEM = Template(
    "You are an experienced content writer. Write clear, accurate, well-structured articles in "
    "Markdown with a title, short sections and headings. Do not invent statistics or quotes."
)
CONTENT_USER = Template(
    "Write an article of about $word_count words.\n"
    "Title: $title\n"
    "Brief:\n$brief\n\n"
    "Use these keywords naturally, without stuffing: $keywords"
)

IMAGE_PROMPTS_SYSTEM = Template(
    "You turn articles into prompts for an image generator. Answer with JSON only, exactly of "
    'the form {"prompts": ["...", "..."]}.'
)
IMAGE_PROMPTS_USER = Template(
    "Read the article below and write at most $limit image prompts, one per key section, "
    "each a single vivid sentence describing a $style image with no text in it.\n\n"
    "Article:\n$article"
)

CLUSTER_SYSTEM = Template(
    "You group search keywords by search intent and topic. Answer with JSON only, exactly of the "
    'form {"clusters": [{"name": "...", "keywords": ["...", "..."]}]}.'
)
CLUSTER_USER = Template(
    "Group these keywords into at most $max_clusters named clusters. Use every keyword exactly "
    "once, copied exactly as given. Name each cluster by its shared topic.\n\nKeywords:\n$keywords"
)


def messages(system: Template, user: Template, **values) -> list[dict]:
    return [
        {"role": "system", "content": system.substitute(**values)},
        {"role": "user", "content": user.substitute(**values)},
    ]
