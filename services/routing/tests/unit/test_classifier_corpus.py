"""The routing taxonomy and labelled corpus (PET-5): every sub-category covered, a clean fixed held-out split."""

from __future__ import annotations

from collections import Counter

from routing.domain.corpus import load_corpus
from routing.domain.taxonomy import load_taxonomy


class TestTaxonomy:
    """PET-5 routes into the city's taxonomy: sub-categories name their default agency."""

    def test_taxonomy_has_51_subcategories_each_naming_one_of_its_37_agencies(self):
        taxonomy = load_taxonomy()
        assert len(taxonomy.subcategories) == 51
        assert len(taxonomy.agencies) == 37  # 36 city agencies and EXT (outside the city)
        for sub in taxonomy.subcategories.values():
            assert sub.agency in taxonomy.agencies

    def test_national_matters_go_outside_the_city_and_data_leaks_to_ethics(self):
        taxonomy = load_taxonomy()
        assert taxonomy.agency_of("CENTRAL_MATTER") == "EXT"
        assert taxonomy.agency_of("DATA_LEAK") == "ETH"


class TestCorpus:
    """The training corpus covers every sub-category and its held-out split is separate."""

    def test_every_subcategory_has_at_least_30_labelled_petitions(self):
        training, held_out = load_corpus()
        counts = Counter(e.subcategory for e in [*training, *held_out])
        assert set(counts) == set(load_taxonomy().subcategories)
        assert min(counts.values()) >= 30, counts.most_common()[-5:]

    def test_every_subcategory_is_in_the_held_out_split(self):
        _, held_out = load_corpus()
        assert {e.subcategory for e in held_out} == set(load_taxonomy().subcategories)

    def test_held_out_texts_never_appear_in_training(self):
        training, held_out = load_corpus()
        assert not {e.text for e in training} & {e.text for e in held_out}

    def test_ids_are_unique_and_hints_are_known_codes(self):
        training, held_out = load_corpus()
        examples = [*training, *held_out]
        assert len({e.id for e in examples}) == len(examples)
        codes = set(load_taxonomy().subcategories)
        assert all(e.hint in codes for e in examples if e.hint is not None)

    def test_corpus_has_at_least_2000_petitions_with_some_english_and_some_wrong_hints(self):
        training, held_out = load_corpus()
        examples = [*training, *held_out]
        assert len(examples) >= 2000
        english = [e for e in examples if sum(ch.isascii() for ch in e.text) > 0.8 * len(e.text)]
        assert len(english) >= 0.03 * len(examples)
        assert any(e.hint and e.hint != e.subcategory for e in examples)
