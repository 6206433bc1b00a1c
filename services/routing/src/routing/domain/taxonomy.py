"""The petition taxonomy the routing model predicts into: agencies and sub-categories (PET-5).

Read once from the packaged ``routing/data/taxonomy.yaml`` (a verbatim copy of the shared taxonomy).
Each sub-category names its default agency, so the classifier predicts a sub-category and derives the
agency from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Agency:
    code: str
    number: str
    name: str
    en: str
    parent: str | None = None


@dataclass(frozen=True)
class SubCategory:
    code: str
    name: str
    agency: str
    category: str
    category_name: str
    verified_identity: bool = False


class UnknownSubcategoryError(ValueError):
    """A sub-category code that the taxonomy does not define."""

    def __init__(self, code: object) -> None:
        super().__init__(
            f"unknown sub-category code {code!r}: use one of the taxonomy's sub-category codes "
            "(e.g. STREET_LIGHT, ROAD_SURFACE) or leave the hint out"
        )
        self.code = code


@dataclass(frozen=True)
class Taxonomy:
    agencies: dict[str, Agency]
    subcategories: dict[str, SubCategory]

    @property
    def subcategory_codes(self) -> list[str]:
        return list(self.subcategories)

    def agency_of(self, subcategory: str) -> str:
        """The default agency code of a sub-category; ``UnknownSubcategoryError`` if there is none."""
        try:
            return self.subcategories[subcategory].agency
        except KeyError:
            raise UnknownSubcategoryError(subcategory) from None

    def subcategory(self, code: str) -> SubCategory:
        try:
            return self.subcategories[code]
        except KeyError:
            raise UnknownSubcategoryError(code) from None

    @classmethod
    def from_mapping(cls, raw: dict[str, Any]) -> Taxonomy:
        agencies = {
            a["code"]: Agency(a["code"], str(a["number"]), a["name"], a.get("en", ""), a.get("parent"))
            for a in raw["agencies"]
        }
        subcategories: dict[str, SubCategory] = {}
        for category in raw["categories"]:
            for sub in category["subcategories"]:
                if sub["agency"] not in agencies:
                    raise ValueError(f"sub-category {sub['code']} names unknown agency {sub['agency']}")
                subcategories[sub["code"]] = SubCategory(
                    code=sub["code"],
                    name=sub["name"],
                    agency=sub["agency"],
                    category=category["code"],
                    category_name=category["name"],
                    verified_identity=bool(sub.get("verified_identity", False)),
                )
        return cls(agencies=agencies, subcategories=subcategories)


def taxonomy_text() -> str:
    """The packaged taxonomy file's text (also hashed into the model cache key)."""
    return resources.files("routing.data").joinpath("taxonomy.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The packaged taxonomy, parsed once per process."""
    return Taxonomy.from_mapping(yaml.safe_load(taxonomy_text()))
