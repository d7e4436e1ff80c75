"""Tune when the entailment model verifies what the meaning gate turned away, on dev claims only.

The verifier's last gate asks that a claim the rules find nothing wrong with be close enough to its
source in words and cosine. Claims in other words fail it, true or not. For those (the "gate" claims),
the entailment model's probability decides: verified at `entail_rescue` or above, and with a cosine
of at least `entail_floor`.

The probabilities are out-of-paper: `python -m eval.entailment_training --folds 5` trains five models,
each on four fifths of the dev papers, and predicts the claims of the fifth. So no claim is scored by a
model that saw it, or saw its paper. The objective counts a false claim verified three times against
a true one verified: a false one shown as verified is the worst error the checker can make. Ties go to
the highest threshold. The test papers are not read.

Writes benchmarks/reports/entailment/{report.json,report.md,rescue.png}.

    .venv/bin/python -m benchmarks.tune_entailment
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant.verifier import Rules, Verifier  # noqa: E402
from benchmarks.common import write_report  # noqa: E402
from eval import claimset  # noqa: E402
from index.embeddings import Embedder  # noqa: E402

RESCUE = [round(0.40 + 0.05 * i, 2) for i in range(12)]  # 0.40 .. 0.95
FLOOR = [0.3, 0.4, 0.5, 0.55]
FALSE_COST = 3
OUT = Path(__file__).parent / "reports" / "entailment"
CLAIMS = Path(claimset.__file__).with_name("claims_realistic.jsonl")


class _Replayed(Verifier):
    """The verifier with the out-of-paper probability of each claim in place of the shipped model's."""

    def __init__(self, oof: dict[str, float], by_text: dict[str, str], rules: Rules) -> None:
        super().__init__(Embedder(), rules)
        self.oof, self.by_text = oof, by_text

    def entailment(self, premise: str, claim: str) -> float:
        return self.oof[self.by_text[claim]]


def gate_rows(claims: list[claimset.Claim], oof: dict[str, float]) -> list[dict[str, Any]]:
    """Each dev claim judged twice: with the model off, and with every claim it is asked about let
    through. At a threshold t a claim takes the second status when its probability is t or more, the
    first otherwise: one probability decides each claim, wherever in the checks it is asked."""
    corpus = {p.paper_id: p for p in claimset.papers()}
    ids = sorted({c.paper_id for c in claims})
    by_text = {c.claim: c.id for c in claims}
    off = _Replayed(oof, by_text, Rules(entail_rescue=2.0))
    on = _Replayed(oof, by_text, Rules(entail_rescue=0.0, entail_floor=-2.0))
    passages = dict(zip(ids, off.passages([(corpus[i].text, corpus[i].title) for i in ids]), strict=True))
    rows = []
    for c, v in zip(claims, off.embed([c.claim for c in claims]), strict=True):
        before = off.judge(c.claim, v, passages[c.paper_id], "[1]")
        after = on.judge(c.claim, v, passages[c.paper_id], "[1]")
        rescued = after.status == "supported" and before.status != "supported"
        rows.append({"id": c.id, "kind": c.kind, "true": c.true, "status": before.status,
                     "cosine": before.score, "rescued": rescued, "reason": before.reason})  # fmt: skip
    return rows


def outcome(rows: list[dict[str, Any]], oof: dict[str, float], rescue: float, floor: float) -> dict[str, Any]:
    """True and false claims verified, before and with the rescue at (rescue, floor)."""
    saved = [r for r in rows if r["rescued"] and r["cosine"] >= floor and oof[r["id"]] >= rescue]
    true_n = sum(r["true"] for r in rows)
    false_n = len(rows) - true_n
    before_t = sum(r["true"] and r["status"] == "supported" for r in rows)
    before_f = sum(not r["true"] and r["status"] == "supported" for r in rows)
    t, f = sum(r["true"] for r in saved), sum(not r["true"] for r in saved)
    return {
        "rescue": rescue, "floor": floor, "true_rescued": t, "false_rescued": f,
        "objective": t - FALSE_COST * f,
        "true_accepted": round((before_t + t) / true_n, 4),
        "false_flagged": round(1 - (before_f + f) / false_n, 4),
        "false_rescued_ids": [r["id"] for r in saved if not r["true"]],
    }  # fmt: skip


def plot(path: Path, curve: list[dict[str, Any]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.6))
    xs = [c["rescue"] for c in curve]
    ax.plot(xs, [c["true_rescued"] for c in curve], "o-", label="true claims verified by the model")
    ax.plot(
        xs,
        [c["false_rescued"] for c in curve],
        "s-",
        color="crimson",
        label="false claims verified by the model",
    )
    ax.set_xlabel("entail_rescue (probability threshold)")
    ax.set_ylabel("dev claims")
    ax.set_title("Meaning-gate claims the entailment model verifies (dev, out-of-paper)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--oof", type=Path, default=OUT / "oof.json")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    oof = json.loads(a.oof.read_text())
    dev = [c for c in claimset.realistic(CLAIMS) if c.split == "dev"]
    missing = [c.id for c in dev if c.id not in oof]
    if missing:
        raise SystemExit(
            f"{len(missing)} dev claims have no out-of-paper probability (run --folds again): {missing[:3]}"
        )
    rows = gate_rows(dev, oof)
    grid = [outcome(rows, oof, x, f) for x in RESCUE for f in FLOOR]
    best = max(grid, key=lambda g: (g["objective"], g["rescue"], g["floor"]))
    shipped = outcome(rows, oof, Rules().entail_rescue, Rules().entail_floor)
    curve = [g for g in grid if g["floor"] == best["floor"]]
    off = outcome(rows, oof, 2.0, 2.0)
    gate = [r for r in rows if r["rescued"]]
    gate_true, gate_false = sum(r["true"] for r in gate), sum(not r["true"] for r in gate)
    data: dict[str, Any] = {
        "tuned_on": "dev realistic claims, out-of-paper probabilities (3 folds by paper)",
        "gate_claims": {"true": gate_true, "false": gate_false},
        "off": off, "best": best, "shipped": shipped, "grid": grid,
    }  # fmt: skip
    lines = [
        "# Entailment rescue at the meaning gate (dev, out-of-paper)", "",
        "Dev claims the model can verify (turned away by the meaning gate or the stray-clause rule alone): "
        f"{gate_true} true, {gate_false} false. "
        f"Objective: true verified - {FALSE_COST} x false verified.", "",
        "| setting | true rescued | false rescued | true accepted (dev) | false flagged (dev) |",
        "|---|---|---|---|---|",
        f"| off | 0 | 0 | {off['true_accepted']} | {off['false_flagged']} |",
        *(f"| rescue {g['rescue']}, floor {g['floor']}{' (best)' if g is best else ''} | "
          f"{g['true_rescued']} | {g['false_rescued']} | {g['true_accepted']} | {g['false_flagged']} |"
          for g in curve),
        "", f"Shipped (assistant.verifier.Rules): rescue {shipped['rescue']}, floor {shipped['floor']}: "
        f"{shipped['true_rescued']} true and {shipped['false_rescued']} false rescued.", "",
    ]  # fmt: skip
    write_report(a.out, data, "\n".join(lines))
    plot(a.out / "rescue.png", curve)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
