"""The answer shows verified sentences that answer the question, once, in the assistant's voice."""

from __future__ import annotations

from assistant.answer import Evidence, Sentence, Source
from assistant.focus import assistant_voice, screen, well_formed
from assistant.hygiene import clean


def test_the_papers_voice_becomes_the_assistants() -> None:
    assert assistant_voice("We propose our method.") == "The authors propose their method."


def test_scaffolding_and_fragments_are_not_well_formed() -> None:
    assert not well_formed("The number of the passage: It proposes a model.")
    assert not well_formed("and then it")
    assert well_formed("It reaches 84.2% top-1 accuracy on ImageNet.")


def test_a_lead_in_is_cut_before_checking() -> None:
    assert clean(["Based on the provided sources, the model uses 576 tokens [1]."]) == [
        "The model uses 576 tokens [1]."
    ]


def test_off_question_repeated_and_quoted_sentences_are_set_aside_with_reasons() -> None:
    sources = {1: Source(1, "pA", "A", "a", "text", "c1"), 2: Source(2, "pB", "B", "b", "text", "c2")}
    quotes = [Evidence(1, "pA", "CLIP reaches 69.3% zero-shot accuracy on ImageNet in four days.", 1.0)]
    sentences = [
        Sentence("We find that CLIP training costs fall with shorter token sequences.", [1], "supported"),
        Sentence("CLIP reaches 69.3% zero-shot accuracy on ImageNet in four days.", [1], "supported"),
        Sentence("Block-LoRA fine-tunes on a single 24GB GPU.", [2], "supported"),
        Sentence("Block-LoRA fine-tunes on a single 24GB GPU.", [2], "unsupported", reason="r"),
    ]
    out = screen(sentences, quotes, sources)
    assert out[0].status == "supported" and out[0].text.startswith("The authors find")
    assert (out[1].status, out[1].reason) == ("set-aside", "repeats the quote from [1]")
    assert out[2].status == "set-aside" and out[2].reason.startswith("off the question")
    assert out[3].status == "unsupported"


def test_a_paper_whose_quotes_score_lower_is_no_answer_however_close_to_the_question() -> None:
    sources = {1: Source(1, "pA", "A", "a", "text", "c1"), 2: Source(2, "pB", "B", "b", "text", "c2")}
    quotes = [
        Evidence(1, "pA", "CLIP reaches 69.3% zero-shot accuracy on ImageNet in four days.", 1.06),
        Evidence(2, "pB", "Block-LoRA fine-tunes CLIP on a single 24GB GPU.", 0.45),
    ]
    sentences = [
        Sentence("CLIP training takes four days on eight GPUs.", [1], "supported"),
        Sentence("Block-LoRA lowers the memory that fine-tuning CLIP needs.", [2], "supported"),
        Sentence("Block-LoRA keeps its training cost low.", [2], "supported"),
    ]
    out = screen(sentences, quotes, sources)
    assert out[0].status == "supported"  # the answering paper, however far from the question's words
    # another paper, though its words are close to the question's (CLIP, fine-tuning): no answer to it
    assert out[1].status == "set-aside" and "cites no paper that answers" in out[1].reason
    assert out[2].status == "set-aside" and "cites no paper that answers" in out[2].reason


def test_only_papers_whose_best_quote_is_close_to_the_best_answer() -> None:
    """A paper whose best quote trails the best by a fifth is another paper, though it was quoted too."""
    sources = {n: Source(n, f"p{n}", t, t, "text", f"c{n}") for n, t in ((1, "A"), (2, "B"), (3, "C"))}
    quotes = [
        Evidence(1, "p1", "CLIP reaches 69.3% zero-shot accuracy on ImageNet.", 1.0),
        Evidence(2, "p2", "Block-LoRA fine-tunes CLIP on a single 24GB GPU.", 0.8),
        Evidence(3, "p3", "OpenCLIP reaches 70.2% zero-shot accuracy on ImageNet.", 0.95),
    ]
    sentences = [
        Sentence("Block-LoRA fine-tunes CLIP on one GPU.", [2], "supported"),
        Sentence("OpenCLIP reaches a similar accuracy.", [3], "supported"),
    ]
    out = screen(sentences, quotes, sources)
    assert out[0].status == "set-aside" and "cites no paper that answers" in out[0].reason
    assert out[1].status == "supported"  # within Focus.lead_margin of the best quote


def test_a_sentence_the_check_moved_to_a_paper_that_does_not_answer_is_set_aside() -> None:
    # the model cited the question's paper [1]; only [2], a neighbour whose quote scores close, states it
    sources = {1: Source(1, "pA", "A", "a", "text", "c1"), 2: Source(2, "pB", "B", "b", "text", "c2")}
    quotes = [
        Evidence(1, "pA", "ALBERT sets a new state of the art on GLUE, RACE and SQuAD.", 1.0),
        Evidence(2, "pB", "BERT on STILTs reaches a GLUE score of 81.8.", 0.95),
    ]
    sentences = [
        Sentence("On GLUE the best model scores 81.8.", [2], "added", reason="[1] does not state it"),
        Sentence("ALBERT sets a new state of the art on SQuAD.", [1], "supported"),
        Sentence("Training on STILTs first lifts BERT on GLUE.", [2], "supported"),  # cited to [2] as written
        Sentence("ALBERT reaches a new state of the art on RACE.", [1], "added"),  # moved within the paper
    ]
    written = [[1], [1], [2], [1]]
    out = screen(sentences, quotes, sources, written=written)
    assert out[0].status == "set-aside" and "cited another paper" in out[0].reason
    assert [s.status for s in out[1:]] == ["supported", "supported", "added"]
    # without what the model wrote, the same sentence is shown: the rule needs the citation as written
    assert screen(sentences, quotes, sources)[0].status == "added"


def test_a_moved_sentence_the_answering_paper_also_backs_is_shown() -> None:
    sources = {n: Source(n, p, p, p, "text", f"c{n}") for n, p in ((1, "pA"), (2, "pB"), (3, "pC"))}
    quotes = [  # [2]'s quote scores close to the best: it answers too
        Evidence(1, "pA", "ALBERT sets a new state of the art on GLUE.", 1.0),
        Evidence(2, "pB", "BERT is pre-trained with masked language modelling.", 0.95),
    ]
    sentences = [Sentence("ALBERT and BERT both use masked language modelling.", [2], "added", reason="r")]
    # the model cited [3]; [2] backs it best, and [1], the paper whose quote answers best, backs it too
    out = screen(sentences, quotes, sources, written=[[3]], backers=[{"pA", "pB"}])
    assert out[0].status == "added"
    out = screen(sentences, quotes, sources, written=[[3]], backers=[{"pB"}])
    assert out[0].status == "set-aside" and "cited another paper" in out[0].reason
    # a sentence citing no paper that answers is set aside, whoever else backs it
    out = screen(sentences, quotes[:1], sources, written=[[3]], backers=[{"pA", "pB"}])
    assert out[0].status == "set-aside" and "cites no paper that answers" in out[0].reason
