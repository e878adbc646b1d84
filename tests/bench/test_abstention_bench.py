"""The abstention bench's reworded questions are scored with the evidence of the dev
questions they reword, borrowed at run time."""

from __future__ import annotations

from assistant.ask.eval_set import EvalQuestion, Relevant
from bench.abstention import with_dev_evidence


def test_a_reworded_question_borrows_the_labels_of_the_dev_question_it_rewords():
    dev = [EvalQuestion("dev-04", "Who runs a buddy scheme?", (Relevant("Fenbridge University", "fen-2024", "pairs every new technician"),), "broad")]
    reworded = [EvalQuestion("dev-04-p", "Where are new technicians given a buddy?", (Relevant("Fenbridge University", "fen-2024", ""),), "broad")]
    (question,) = with_dev_evidence(reworded, dev)
    assert question.question == "Where are new technicians given a buddy?" and question.id == "dev-04-p"
    assert question.relevant[0].evidence == "pairs every new technician"
