"""The bars an answer's statements are judged by: whether anything is found, which
institutions answer, which are shown apart. Chosen on the dev and held-out sets
(docs/retrieval.md); evidence.py scores against them, kind_asked.py and the service read them."""

FOUND_BAR = 0.37  # no statement this close in meaning and words (passage rank aside): nothing found
ANSWER_BAR = 0.65  # an institution's best statement must score this to answer
RELATED_MARGIN = 0.12  # this far below the answer bar, a statement is shown apart as possibly related
MAX_RELATED = 5  # statements shown apart, at most
