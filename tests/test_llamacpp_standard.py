"""LangChain's standard chat-model suites on ChatLlamaCpp, run on the real SmolLM2-135M GGUF.

What the model class cannot do is declared through the suites' own properties, so the suites skip
those tests themselves and nothing is skipped by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_tests.integration_tests import ChatModelIntegrationTests
from langchain_tests.unit_tests import ChatModelUnitTests

from assistant.llamacpp import ChatLlamaCpp
from assistant.llm import gguf_path


class _Declared:
    """What both suites need to know about ChatLlamaCpp."""

    @property
    def chat_model_class(self) -> type[ChatLlamaCpp]:
        return ChatLlamaCpp

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"model_path": gguf_path(), "n_ctx": 1024}  # 1024 tokens hold every standard prompt

    # text in, text out: no tools, no structured output, no JSON mode, no images, audio or PDFs
    @property
    def has_tool_calling(self) -> bool:
        return False

    @property
    def has_tool_choice(self) -> bool:
        return False

    @property
    def has_structured_output(self) -> bool:
        return False

    @property
    def supports_json_mode(self) -> bool:
        return False

    @property
    def supports_image_inputs(self) -> bool:
        return False

    @property
    def supports_image_urls(self) -> bool:
        return False

    @property
    def supports_pdf_inputs(self) -> bool:
        return False

    @property
    def supports_audio_inputs(self) -> bool:
        return False

    @property
    def returns_usage_metadata(self) -> bool:
        return True

    @property
    def supports_model_override(self) -> bool:
        # One instance runs one GGUF file, loaded into memory; another model is another ChatLlamaCpp
        # (loaded once and cached). A per-call `model=` would only rename the answer, so it is refused.
        return False


class TestChatLlamaCppUnit(_Declared, ChatModelUnitTests):
    pass


# asyncio: the suite's async tests need pytest-asyncio's marker (the project runs it in strict mode);
# the plugin warns that the marker is useless on the suite's sync tests, which is true and harmless
@pytest.mark.slow
@pytest.mark.asyncio
@pytest.mark.filterwarnings("ignore:.*is marked with '@pytest.mark.asyncio' but it is not an async function")
class TestChatLlamaCppIntegration(_Declared, ChatModelIntegrationTests):
    @property
    def chat_model_params(self) -> dict[str, Any]:
        # short, repeatable answers keep the suite quick on two cores (the unit suite sets its own)
        return {**super().chat_model_params, "max_tokens": 24, "temperature": 0.0}
