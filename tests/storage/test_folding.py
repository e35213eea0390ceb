"""Folding company names."""

from storage.folding import fold


def test_fold_spells_out_umlauts_and_drops_case_and_accents() -> None:
    assert fold("Börse BÖRSE boerse") == "boerse boerse boerse"
    assert fold("Straße Café Ärger ﬁnal") == "strasse cafe aerger final"


def test_fold_treats_decomposed_and_composed_umlauts_alike() -> None:
    assert fold("Bo\u0308rse") == fold("Börse") == "boerse"
