"""Derive the list of given names in Latin script of the masking engine (PET-12 round 6).

    pip install --target /tmp/wordlist-tools names==0.3.0   # build-time only, not a dependency
    PYTHONPATH=/tmp/wordlist-tools .venv/bin/python bench/build_latin_name_lists.py

Writes data/latin_given_names.txt: the most frequent first names of the 1990 US Census (public domain; shipped
by the ``names`` package, MIT licence, © Trey Hunner) — the 1,000 most frequent female and 600 most frequent male
ones — without those that are everyday English words (May, Will, Hope, Young…), plus given names of the
countries Taipei's foreign residents come from most (Philippines, Indonesia, Vietnam, Thailand, India, Japan),
which the Census lacks. Used with a second capitalised word: "Emily Carter", "Siti Aminah", "Rajesh Iyer".
"""

from __future__ import annotations

import sys
from pathlib import Path

import names  # type: ignore[import-not-found]

DATA = Path(__file__).resolve().parent.parent / "services" / "reply" / "src" / "reply" / "domain" / "masking" / "data"
LIMITS = {"dist.female.first": 1000, "dist.male.first": 600}
ENGLISH_WORDS = set(
    """May Will Hope Joy June Young So Man Long Bill Summer April Faith Page Art Sky Guy Don Chance Autumn Dawn
    Eve Iris Ivy Holly Ruby Pearl Amber Crystal Star Sunny Major Royal Rich Price Else Ethel Tom Pat Sue Penny
    Carol Bob Rob Ray Jack Frank Grant Bud Buck Chase Cliff Dale Dean Drew Glen Heath Lance Miles Reed Rocky
    Rod Rusty Sandy Stone Wade Ward Wood Woody Forest Gene Gay Daisy Violet Jewel Ginger Honey Candy Cherry
    Misty Destiny Harmony Melody Precious Trinity Unique Mercy Constance Prudence Patience Charity Temperance
    Grace Sterling Noble Price Mason Hunter Porter Carter Parker Cooper Tucker Taylor Marshall Sherman Bishop
    Christian Angel August Doll Ava Jean Lou Mae Fay Kay Ma Al Ed Lee Sun China Asia India Paris Georgia
    Virginia Carolina Florida Dakota Jordan Sydney Austin Houston Dallas Phoenix Lincoln Washington Kent
    Oliver Willow Hazel Olive Rose Lily Jasmine Rosemary Basil Sage Clay Flint Colt Brent Brook Brooks
    Nelson Norman Roman German French Irish Scott English Junior Senior Sterling Baby""".split()
)
FOREIGN = """
Maria Marites Maricel Rowena Jocelyn Rosalie Lorna Lorena Marilou Marivic Analyn Joy-Ann Janelle Jennelyn Jericho
Rhea Rhoda Rodel Romeo Rogelio Ramil Reynaldo Arnel Jomar Jonel Mylene Mylen Leonora Corazon Imelda Teresita Ligaya
Ferdinand Edgardo Danilo Ernesto Rolando Wilfredo Nestor Efren Dindo Jun-Jun Bong Lito Mario Aurora Luzviminda
Siti Sri Dewi Nur Nurul Putri Ayu Wahyuni Wahyu Rina Yanti Yuliana Sumiati Suharti Sulastri Sutinah Tuti Tri Eko
Budi Agus Bambang Joko Slamet Hendra Rudi Andi Yusuf Ahmad Muhammad Mohammad Abdul Rizky Fitri Fitria Indah Intan
Lestari Ratna Ratih Susanti Suryani Kartini Kurniawati Aminah Fatimah Halimah Aisyah Nining Eni Endang Yati Sari
Somchai Somsak Suda Malee Nittaya Siriporn Sompong Prasert Anong Kanya Wichai Chaiya Boonmee Araya Ploy Pimchanok
Rajesh Ramesh Suresh Priya Anil Sunil Amit Arjun Vikram Deepak Anita Sanjay Ravi Kavita Pooja Neha Rahul Vijay
Haruto Yuki Yuka Yui Hiroshi Takeshi Kenji Kenta Satoshi Naoki Akira Daisuke Sakura Haruka Aiko Emi Keiko Yoko
Minh Anh Linh Lan Huong Hoa Thu Trang Ngoc Tuan Hung Dung Long Nam Duc Thao Mai Phuong Hanh Hien Quang Thanh
"""
# PET-12 round 8: given names frequent since the 1990s in English-speaking and European countries, which the
# 1990 Census ranks low or lacks (hand-compiled; everyday words such as Jack's homograph "jack" were weighed:
# a single given name is only taken after I'm / my roommate / call me, so the risk is small).
MODERN = """
Chloe Zoe Zoey Emma Olivia Ava Mia Sophia Sofia Isabella Amelia Harper Evelyn Abigail Ella Avery Scarlett Aria
Layla Luna Nora Hannah Addison Aubrey Brooklyn Leah Stella Natalie Camila Penelope Riley Madison Madeline Mila
Maya Anya Aaliyah Ariana Kayla Alexa Bella Lucy Ellie Elena Elise Eliza Freya Isla Poppy Imogen Niamh Siobhan
Saoirse Aoife Ciara Sinead Orla Caoimhe Mei Mei-Ling Yan Jia Liam Noah Ethan Lucas Logan Aiden Jackson Elijah
Caleb Owen Wyatt Luke Gabriel Isaac Levi Julian Leo Lincoln Hudson Nolan Eli Ezra Jaxon Grayson Landon Colton
Dylan Connor Declan Finn Rory Callum Cillian Oisin Jack Harry Alfie Archie Theo Freddie Oscar Max Felix Jonas
Lukas Luca Matteo Mateo Hugo Louis Jules Maxime Antoine Pierre Camille Manon Léa Lea Chloé Inès Clément
Mathieu Florian Nicolas Sebastian Sebastián Santiago Diego Alejandro Javier Pablo Lucía Valentina Martina Julia
Ana Sara Marta Giulia Chiara Francesca Alessandro Lorenzo Marco Giovanni Hendrik Pieter Jan Daan Sanne Anouk
Lotte Femke Klaus Jürgen Jurgen Stefan Tobias Florian Katarzyna Agnieszka Piotr Tomasz Magdalena Olga Irina
Natalia Anastasia Dmitri Sergei Ivan Nikolai Svetlana Yerlan Aigerim Aliya Nurlan Ji-woo Min-jun Seo-yeon Ji-ho
Hyun-woo Soo-jin Jae-won Kwame Kofi Ama Chidi Chinedu Ngozi Adaeze Oluwaseun Tunde Fatima Amina Omar Ali Hassan
"""


def main() -> int:
    source = Path(names.__file__).parent
    keep: list[str] = []
    for filename, limit in LIMITS.items():
        for line in (source / filename).read_text("ascii").splitlines()[:limit]:
            word = line.split()[0].capitalize()
            if word not in ENGLISH_WORDS and word not in keep:
                keep.append(word)
    for word in FOREIGN.split() + MODERN.split():
        if word not in ENGLISH_WORDS and word not in keep:
            keep.append(word)
    header = (
        "# Given names in Latin script (PET-12 round 6), derived by bench/build_latin_name_lists.py: the 1990 US\n"
        "# Census's most frequent first names (public domain, from the 'names' package, MIT, (c) Trey Hunner) without\n"
        "# everyday English words, plus given names of Taipei's foreign residents' countries and given names frequent\n"
        "# since the 1990s (round 8). Space-separated.\n"
    )
    lines = [" ".join(keep[i : i + 16]) for i in range(0, len(keep), 16)]
    (DATA / "latin_given_names.txt").write_text(header + "\n".join(lines) + "\n", "utf-8")
    print(f"{len(keep)} names → data/latin_given_names.txt", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
