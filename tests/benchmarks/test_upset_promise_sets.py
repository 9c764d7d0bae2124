"""The upset detector and the promise reader keep their figures on the own sets
(the held-out figures are measured by benchmarks/upset_promise_eval.py, not here)."""

from benchmarks.upset_promise_eval import DATA, load, promise_figures, upset_figures


def test_the_own_upset_set_is_read_well_and_no_calm_message_becomes_a_complaint():
    figures = upset_figures(load(DATA / "upset.jsonl"))
    tp, fp, fn = figures["ours"]
    vader_tp, vader_fp, vader_fn = figures["vader"]

    assert figures["n"] >= 300
    assert tp / (tp + fp) >= 0.9 and tp / (tp + fn) >= 0.9
    assert tp / (tp + fn) > vader_tp / (vader_tp + vader_fn)
    assert figures["escalated"] == 0


def test_the_own_commitment_set_finds_dated_promises_with_the_right_date():
    figures = promise_figures(load(DATA / "commitments.jsonl"))

    assert figures["n"] >= 300
    assert figures["found"] / (figures["found"] + figures["wrong"]) >= 0.9
    assert figures["right"] / figures["found"] >= 0.9


def test_tuning_only_leaves_the_fresh_held_out_folder_out_of_every_column():
    from benchmarks.upset_promise_eval import HELDOUT, sets

    assert all(HELDOUT not in folders for folders in sets(tuning_only=True).values())
    assert sets(tuning_only=False)["held-out"] == (HELDOUT,)
