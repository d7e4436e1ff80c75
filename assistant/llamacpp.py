"""ChatLlamaCpp: a LangChain chat model over llama-cpp-python, for answering without any server.

Each GGUF is loaded once per process for each context size (`assistant.gguf`) and shared by every
ChatLlamaCpp; its lock lets one generation run at a time (the chat UI's sessions take turns).
Left out: tool calling, structured output and images; the small models we ship cannot do them.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LangSmithParams
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, ChatMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from assistant.gguf import fit_threads, load

if TYPE_CHECKING:
    from llama_cpp import Llama
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}  # LangChain type -> chat template role
_CALL_OPTIONS = {
    "max_tokens",
    "temperature",
    "seed",
    "repeat_penalty",
}  # what invoke()/stream() may override per call


class ChatLlamaCpp(BaseChatModel):
    """A chat model over a local GGUF file, run in this process by llama.cpp."""

    model_path: str
    n_ctx: int = 4096  # prompt + answer, in tokens
    max_tokens: int = 256  # tokens of answer at most
    temperature: float = 0.1
    repeat_penalty: float = 1.15  # small models loop on a phrase without it
    stop: list[str] | None = None
    seed: int | None = None  # None -> a fresh seed per call

    @property
    def model_name(self) -> str:
        return Path(self.model_path).name

    @property
    def _llm_type(self) -> str:
        return "llamacpp-chat"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model_path": self.model_path,
            "n_ctx": self.n_ctx,
            "max_tokens": self.max_tokens,
            "temperature": self.temperature,
            "seed": self.seed,
        }

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        params = LangSmithParams(
            ls_provider="llamacpp",
            ls_model_name=kwargs.get("model") or self.model_name,
            ls_model_type="chat",
            ls_temperature=kwargs.get("temperature", self.temperature),
            ls_max_tokens=kwargs.get("max_tokens", self.max_tokens),
        )
        if ls_stop := stop or self.stop:
            params["ls_stop"] = ls_stop
        return params

    def _request(self, messages: list[BaseMessage], stop: list[str] | None, kwargs: dict[str, Any]) -> dict:
        """Arguments of create_chat_completion for these messages and per-call options."""
        unknown = set(kwargs) - _CALL_OPTIONS - {"stream"}
        if unknown:
            raise TypeError(f"ChatLlamaCpp does not take {sorted(unknown)}; it runs one GGUF per instance")
        return {
            "messages": [_chat_message(m) for m in messages],
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "temperature": kwargs.get("temperature", self.temperature),
            "repeat_penalty": kwargs.get("repeat_penalty", self.repeat_penalty),
            "seed": kwargs.get("seed", self.seed),
            "stop": stop if stop is not None else (self.stop or []),
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        request = self._request(messages, stop, kwargs)
        llama, lock = load(self.model_path, self.n_ctx)
        with lock:
            fit_threads(llama)
            keep_head(llama, request["messages"])
            response = cast(dict, llama.create_chat_completion(**request))
        choice, usage = response["choices"][0], response["usage"]
        message = AIMessage(
            content=choice["message"]["content"] or "",
            usage_metadata=_usage(usage["prompt_tokens"], usage["completion_tokens"]),
            response_metadata={"finish_reason": choice["finish_reason"], "model_name": self.model_name},
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        request = self._request(messages, stop, kwargs)
        llama, lock = load(self.model_path, self.n_ctx)
        pieces: list[str] = []
        finish_reason = None
        # the lock is held while the caller reads: the model is mid-generation between two chunks
        with lock:
            fit_threads(llama)
            keep_head(llama, request["messages"])
            parts = cast(Generator[dict, None, None], llama.create_chat_completion(**request, stream=True))
            try:
                for part in parts:
                    choice = part["choices"][0]
                    finish_reason = choice["finish_reason"] or finish_reason
                    if piece := choice["delta"].get("content"):
                        pieces.append(piece)
                        chunk = ChatGenerationChunk(message=AIMessageChunk(content=piece))
                        if run_manager:
                            run_manager.on_llm_new_token(piece, chunk=chunk)
                        yield chunk
            finally:
                parts.close()  # a reader that stops early ends the generation here
        output = "".join(pieces)
        usage = _usage(
            prompt_tokens(llama, request["messages"]),
            len(llama.tokenize(output.encode(), add_bos=False, special=True)) if output else 0,
        )
        # the last chunk says how the generation ended (`llm.finished` reads it) and carries the usage
        yield ChatGenerationChunk(
            message=AIMessageChunk(content="", usage_metadata=usage, chunk_position="last"),
            generation_info={"finish_reason": finish_reason, "model_name": self.model_name},
        )


def keep_head(llama: Llama, messages: list[dict[str, str]]) -> None:
    """Ready the model for this prompt: keep the cached rows of its fixed head, drop the rest.

    The head is what the prompt's leading system messages render to, the same for every question.
    It is evaluated alone, once, and kept; each prompt then evaluates the rest, in one pass from the
    head on, whatever came before it. Reusing more (what two prompts happen to share) would sum the
    cache rows in an order that depends on the previous prompt, and at temperature 0 that can change
    the answer: the same prompt must give the same answer.
    """
    system = list(itertools.takewhile(lambda m: m["role"] == "system", messages))
    try:  # the head with an empty question: some templates refuse a conversation without one
        whole = _tokens(llama, messages)
        head = _tokens(llama, [*system, {"role": "user", "content": ""}]) if system else None
    except Exception:  # a template that raises here raises again in create_chat_completion, and says why
        head = None
    if whole is None or head is None:  # no system message, or a built-in chat format: all of it, afresh
        llama.reset()
        return
    shared = next((i for i, (a, b) in enumerate(zip(whole, head, strict=False)) if a != b), len(head))
    shared = min(shared, len(whole) - 1)  # at least one token left to evaluate, for the next logits
    if shared > 0 and llama.n_tokens >= shared and list(llama.input_ids[:shared]) == whole[:shared]:
        llama.n_tokens = shared  # create_chat_completion drops the cache rows past it, and reads on
        return
    llama.reset()
    if shared > 0:
        llama.eval(whole[:shared])


def prompt_tokens(llama: Llama, messages: list[dict[str, str]]) -> int:
    """Tokens of the chat prompt, rendered by the GGUF's own template as create_chat_completion does."""
    tokens = _tokens(llama, messages)
    if tokens is None:
        text = "\n".join(m["content"] for m in messages)  # a built-in chat format: an estimate
        return len(llama.tokenize(text.encode(), add_bos=True, special=False))
    return len(tokens)


def _tokens(llama: Llama, messages: list[dict[str, str]]) -> list[int] | None:
    """The chat prompt's tokens as create_chat_completion makes them; None for a built-in chat format."""
    template = llama.metadata.get("tokenizer.chat_template")
    if llama.chat_format != "chat_template.default" or not template:
        return None
    eos, bos = (
        llama.detokenize([token], special=True).decode(errors="ignore") if token >= 0 else ""
        for token in (llama.token_eos(), llama.token_bos())
    )
    rendered = _formatter(template, eos, bos)(messages=cast(Any, messages))
    return llama.tokenize(rendered.prompt.encode(), add_bos=not rendered.added_special, special=True)


@functools.cache
def _formatter(template: str, eos: str, bos: str) -> Jinja2ChatFormatter:
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    return Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)


def _chat_message(message: BaseMessage) -> dict[str, str]:
    """A LangChain message as llama-cpp-python's chat message: {"role": "user", "content": "..."}."""
    role = message.role if isinstance(message, ChatMessage) else _ROLES.get(message.type)
    if role is None:
        raise ValueError(f"ChatLlamaCpp cannot take {message.type} messages: it has no tool calling")
    if isinstance(message.content, list) and any(
        isinstance(block, dict) and block.get("type") != "text" for block in message.content
    ):
        raise ValueError("ChatLlamaCpp takes text only, not images or files")
    return {"role": role, "content": message.text}


def _usage(prompt: int, completion: int) -> UsageMetadata:
    return UsageMetadata(input_tokens=prompt, output_tokens=completion, total_tokens=prompt + completion)
