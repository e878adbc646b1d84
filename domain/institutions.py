"""The register of UK institutions (``domain/data/institutions.toml``: each one's nation,
region and groupings) and the places and groupings a question may name
(``domain/data/places.toml``), as typed data. Public facts, for questions asked of a
place ("Anything from Scotland?") or a kind of university ("post-92 universities"): the
documents rarely say where their institution is."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass

from domain.loader import DATA_DIR
from domain.text import fold

NATIONS = ("england", "scotland", "wales", "northern_ireland")
REGIONS = (
    "north_east", "north_west", "yorkshire_and_the_humber", "east_midlands", "west_midlands", "east_of_england",
    "london", "south_east", "south_west", "scotland", "wales", "northern_ireland",
)
GROUPS = ("russell_group", "post_92", "research_institute", "ancient", "red_brick", "plate_glass", "collegiate", "former_cat",
          "cathedrals_group", "n8", "gw4", "white_rose", "midlands_innovation", "eastern_arc", "golden_triangle")


@dataclass(frozen=True)
class Institution:
    name: str
    aliases: tuple[str, ...]
    nation: str
    region: str
    groups: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    """A nation, a region or a grouping of institutions, and the words that name it."""

    id: str
    label: str
    words: tuple[str, ...]
    regions: tuple[str, ...] = ()  # empty for a grouping
    adjectives: tuple[str, ...] = ()  # "Scottish": only before the institutions it qualifies
    group: str = ""  # the grouping's id, for a grouping
    # a partnership that works together (GW4, the N8): its name is also what a passage is
    # about ("the GW4 partnership"), so a question keeps it as well as asking of its members
    partnership: bool = False


class Register:
    def __init__(self, institutions: list[Institution], places: list[Place]):
        self.institutions = tuple(institutions)
        self.places = tuple(places)
        self._by_name = {_key(name): inst for inst in institutions for name in (inst.name, *inst.aliases)}

    def find(self, name: str) -> Institution | None:
        """The register's entry for an institution's name as the store spells it."""
        return self._by_name.get(_key(name))


def _key(name: str) -> str:
    return re.sub(r"^the ", "", re.sub(r"[^\w ]", "", fold(name))).strip()


class RegisterDataError(ValueError):
    pass


@functools.cache
def load_register() -> Register:
    """The register and the places, validated (a bad id names the file and entry)."""
    with open(DATA_DIR / "institutions.toml", "rb") as handle:
        rows = tomllib.load(handle).get("institution", [])
    with open(DATA_DIR / "places.toml", "rb") as handle:
        data = tomllib.load(handle)
    institutions = [_institution(row) for row in rows]
    places = [Place(p["id"], p["label"], tuple(p["words"]), tuple(p["regions"]), tuple(p.get("adjectives", ())))
              for p in data.get("place", [])]
    places += [Place(g["id"], g["label"], tuple(g["words"]), group=g["id"], partnership=g.get("partnership", False))
               for g in data.get("group", [])]
    for place in places:
        if not set(place.regions) <= set(REGIONS) or (place.group and place.group not in GROUPS):
            raise RegisterDataError(f"places.toml: {place.id} names an unknown region or group")
    return Register(institutions, places)


def _institution(row: dict) -> Institution:
    inst = Institution(row["name"], tuple(row.get("aliases", ())), row["nation"], row["region"], tuple(row.get("groups", ())))
    if inst.nation not in NATIONS or inst.region not in REGIONS or not set(inst.groups) <= set(GROUPS):
        raise RegisterDataError(f"institutions.toml: {inst.name} has an unknown nation, region or group")
    return inst
