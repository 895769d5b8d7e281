"""The OpenAI-compatible gateway (`/v1/`): models, chat completions (streaming too) and image
generations, charged through the same ledger path as jobs."""
