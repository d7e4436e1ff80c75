"""What is given up for what, the other way round: every word is in the source, and the claim is false."""

from __future__ import annotations

from helpers.verdicts import judge

from assistant.verifier import Verifier

MONOLITH = (
    "Finally, we proved that system reliability could be traded-off for real-time learning. "
    "Monolith has successfully landed in the BytePlus Recommend product."
)
SEARCH = (
    "However, the engineers who deployed efficient convnets soon realized that they were slower than the "
    "previous generation, despite using fewer operations. Hence researchers switched the objective of their "
    "search from arithmetic complexity to latency."
)


def test_a_trade_off_the_other_way_round_is_not_verified(verifier: Verifier) -> None:
    said = "The Monolith authors show that system reliability can be traded off for real-time learning."
    assert judge(verifier, said, MONOLITH, "Monolith").status == "supported"
    for swapped in (
        "The Monolith authors show that real-time learning can be traded off for system reliability.",
        "The Monolith authors show that real-time learning can be traded off in order to gain system reliability.",  # noqa: E501
    ):
        v = judge(verifier, swapped, MONOLITH, "Monolith")
        assert v.status == "unsupported" and "the other way" in v.reason, v


def test_a_switch_the_other_way_round_is_not_verified(verifier: Verifier) -> None:
    right = "Researchers switched the objective of their search from arithmetic complexity to latency."
    assert judge(verifier, right, SEARCH, "ConvFirst").status == "supported"
    wrong = "Researchers moved the objective of their search away from latency and toward arithmetic complexity."  # noqa: E501
    assert judge(verifier, wrong, SEARCH, "ConvFirst").status != "supported"
