"""Generate a screening dev set from the UN Consolidated List, then (optionally) evaluate on it.

    python bench/screening_dev.py [UN_XML] --out DIR [--seed 7] [--eval]

Positives: every party on the list once, its name altered the way news copy alters names
(perturbation column): typo (one edit in one name), reorder (tokens reordered / "SURNAME,
Given"), translit (romanisation variant: Mohammed/Muhammad, ou/u, kh/h, Lee/Ri, Park/Pak...),
hyphen (hyphens added, removed or joined), dropped_middle (one middle name left out) and alias
(a good-quality alias used instead of the main name). Some rows carry the listed nationality or
birth date, most do not (news rarely gives them).

Negatives: ~300 names that are NOT on the list, written for this file: common names from many
cultures (Korean, Arabic, Persian, Russian, Chinese, Hispanic, African, South Asian, European,
Turkish, South-East Asian, Japanese), near-misses such as other common Korean names, and public
officials who are not UN-listed. Any negative whose folded name equals a listed name or alias
is dropped (and reported), so a negative is never a listed name by construction.

Nothing here is copied from the list into the repository: the list is read at run time.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

from wirewatch.sanctions.loaders import load_list
from wirewatch.sanctions.names import name_tokens
from wirewatch.sanctions.records import ListedParty

DEFAULT_LIST = Path(__file__).resolve().parents[1] / "../shared/data/sanctions/un/consolidated.xml"
FIELDS = ["full_name", "date_of_birth", "nationality", "kind", "list_ref", "perturbation"]

# -- negatives: given names x surnames per culture, combined deterministically ----------------
CULTURES = {
    "KOR": (["Min-jun", "Seo-yeon", "Ji-hoon", "Ha-eun", "Do-yoon", "Su-bin", "Ye-jin", "Hyun-woo", "Jae-won",
             "Eun-ji", "Sung-min", "Young-soo", "Ji-woo", "Seung-hyun"],
            ["Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh", "Seo", "Shin"]),
    "EGY": (["Ahmed", "Omar", "Khalid", "Youssef", "Fatima", "Layla", "Tariq", "Samir", "Nour", "Rania", "Karim",
             "Mona", "Hisham", "Dina"],
            ["Haddad", "Nasser", "Khoury", "Mansour", "Saleh", "Aziz", "Hamdan", "Farouk", "Abdelaziz", "Shawky",
             "Fahmy", "Naguib", "Sabry", "Ezzat"]),
    "IRN": (["Reza", "Mehdi", "Parisa", "Arash", "Shirin", "Babak", "Nasrin", "Kian", "Dariush", "Leila"],
            ["Ahmadi", "Hosseini", "Karimi", "Rezaei", "Moradi", "Jafari", "Sadeghi", "Tehrani", "Bahrami", "Nazari"]),
    "RUS": (["Ivan", "Dmitry", "Sergei", "Olga", "Natalia", "Alexei", "Yekaterina", "Mikhail", "Anna", "Pavel"],
            ["Petrov", "Ivanov", "Smirnov", "Kuznetsova", "Popov", "Sokolov", "Volkova", "Morozov", "Lebedev",
             "Novikova"]),
    "CHN": (["Wei", "Na", "Yang", "Jing", "Lei", "Min", "Xin", "Hao", "Lin", "Fang"],
            ["Wang", "Li", "Zhang", "Liu", "Chen", "Zhao", "Huang", "Zhou", "Wu", "Xu"]),
    "MEX": (["María", "José", "Carmen", "Luis", "Guadalupe", "Javier", "Lucía", "Alejandro", "Sofía", "Diego"],
            ["García", "Rodríguez", "López", "Martínez", "Hernández", "González", "Pérez", "Sánchez", "Ramírez",
             "Torres"]),
    "NGA": (["Chinedu", "Amina", "Emeka", "Ngozi", "Tunde", "Folake", "Ifeanyi", "Halima"],
            ["Okafor", "Bello", "Adeyemi", "Eze", "Okonkwo", "Balogun", "Nwosu", "Ogunleye"]),
    "KEN": (["Wanjiru", "Otieno", "Achieng", "Kiprop", "Njeri", "Mwangi"],
            ["Kamau", "Odhiambo", "Kariuki", "Chebet", "Wafula", "Mutua"]),
    "SEN": (["Oumar", "Fatou", "Mamadou", "Aissatou", "Cheikh", "Awa"],
            ["Diallo", "Sow", "Ndiaye", "Faye", "Sarr", "Gueye"]),
    "IND": (["Rahul", "Priya", "Arjun", "Anjali", "Vikram", "Deepa", "Sanjay", "Kavya"],
            ["Sharma", "Patel", "Reddy", "Gupta", "Iyer", "Nair", "Mehta", "Joshi"]),
    "DEU": (["Thomas", "Sophie", "Lukas", "Anna", "Jonas", "Lea"],
            ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner"]),
    "FRA": (["Pierre", "Camille", "Julien", "Chloé", "Antoine", "Manon"],
            ["Dubois", "Martin", "Bernard", "Moreau", "Laurent", "Lefèvre"]),
    "POL": (["Jan", "Katarzyna", "Piotr", "Agnieszka", "Tomasz"],
            ["Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamińska"]),
    "ITA": (["Marco", "Giulia", "Luca", "Francesca", "Matteo"],
            ["Rossi", "Bianchi", "Romano", "Colombo", "Ricci"]),
    "TUR": (["Mehmet", "Ayşe", "Emre", "Elif", "Burak", "Zeynep"],
            ["Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk"]),
    "IDN": (["Budi", "Siti", "Agus", "Dewi", "Rizky"],
            ["Santoso", "Rahayu", "Wijaya", "Pratama", "Lestari"]),
    "JPN": (["Haruto", "Yui", "Takeshi", "Aoi", "Kenji"],
            ["Sato", "Suzuki", "Tanaka", "Watanabe", "Ito"]),
    "VNM": (["Van An", "Thi Mai", "Minh Tuan", "Thu Trang"],
            ["Nguyen", "Tran", "Le", "Pham"]),
    "PAK": (["Imran", "Ayesha", "Bilal", "Sana", "Usman"],
            ["Qureshi", "Siddiqui", "Chaudhry", "Malik", "Butt"]),
}
PER_CULTURE = {"KOR": 40, "EGY": 30, "IRN": 24, "RUS": 20, "CHN": 16, "MEX": 14, "NGA": 10, "KEN": 6,
               "SEN": 6, "IND": 12, "DEU": 6, "FRA": 6, "POL": 5, "ITA": 5, "TUR": 8, "IDN": 6, "JPN": 6,
               "VNM": 6, "PAK": 8}
SURNAME_FIRST = {"KOR", "CHN", "VNM"}

# public officials who are not on the UN Security Council Consolidated List (checked at run time
# too: any exact match with a listed name or alias is dropped and reported)
OFFICIALS = [
    ("Antonio Guterres", "PRT"), ("Ban Ki-moon", "KOR"), ("Moon Jae-in", "KOR"), ("Yoon Suk Yeol", "KOR"),
    ("Lee Jae-myung", "KOR"), ("Han Duck-soo", "KOR"), ("Cho Tae-yul", "KOR"), ("Emmanuel Macron", "FRA"),
    ("Olaf Scholz", "DEU"), ("Keir Starmer", "GBR"), ("Ursula von der Leyen", "DEU"), ("Kaja Kallas", "EST"),
    ("Josep Borrell", "ESP"), ("Antony Blinken", "USA"), ("Marco Rubio", "USA"), ("Linda Thomas-Greenfield", "USA"),
    ("Vassily Nebenzia", "RUS"), ("Sergey Lavrov", "RUS"), ("Dmitry Peskov", "RUS"), ("Maria Zakharova", "RUS"),
    ("Wang Yi", "CHN"), ("Fu Cong", "CHN"), ("Abbas Araghchi", "IRN"), ("Masoud Pezeshkian", "IRN"),
    ("Hassan Rouhani", "IRN"), ("Mohammad Javad Zarif", "IRN"), ("Rafael Grossi", "ARG"),
    ("Mohamed ElBaradei", "EGY"), ("Fumio Kishida", "JPN"), ("Shigeru Ishiba", "JPN"), ("Narendra Modi", "IND"),
    ("Subrahmanyam Jaishankar", "IND"), ("Recep Tayyip Erdogan", "TUR"), ("Hakan Fidan", "TUR"),
    ("Abdel Fattah el-Sisi", "EGY"), ("Badr Abdelatty", "EGY"), ("Mohammed bin Salman", "SAU"),
    ("Faisal bin Farhan", "SAU"), ("Ayman Safadi", "JOR"), ("Tedros Adhanom Ghebreyesus", "ETH"),
    ("Ngozi Okonjo-Iweala", "NGA"), ("Cyril Ramaphosa", "ZAF"), ("Bola Tinubu", "NGA"), ("William Ruto", "KEN"),
    ("Luiz Inacio Lula da Silva", "BRA"), ("Volodymyr Zelensky", "UKR"), ("Andrii Sybiha", "UKR"),
    ("Dmytro Kuleba", "UKR"), ("Alexander Stubb", "FIN"), ("Mark Rutte", "NLD"), ("Jens Stoltenberg", "NOR"),
    ("Anwar Ibrahim", "MYS"), ("Prabowo Subianto", "IDN"), ("Shehbaz Sharif", "PAK"), ("Ishaq Dar", "PAK"),
]


def negatives(rng: random.Random) -> list[dict[str, str]]:
    rows = [{"full_name": n, "nationality": c, "kind": "person"} for n, c in OFFICIALS]
    for country, (given, surnames) in CULTURES.items():
        pairs = [(g, s) for g in given for s in surnames]
        rng.shuffle(pairs)
        for g, s in pairs[: PER_CULTURE[country]]:
            name = f"{s} {g}" if country in SURNAME_FIRST else f"{g} {s}"
            # news gives a nationality for some people only
            rows.append({"full_name": name, "nationality": country if rng.random() < 0.4 else "", "kind": "person"})
    return rows


# -- positives --------------------------------------------------------------------------------
_TRANSLIT = [
    ("muhammad", "Mohammed"), ("mohammed", "Muhammad"), ("mohamed", "Mohammad"), ("ahmed", "Ahmad"),
    ("ahmad", "Ahmed"), ("abdul", "Abdel"), ("abdel", "Abdul"), ("hussein", "Husain"), ("yusuf", "Youssef"),
    ("ri", "Lee"), ("pak", "Park"), ("choe", "Choi"), ("jong", "Chong"), ("kim", "Gim"),
]
_LETTER_RULES = [("kh", "h"), ("u", "ou"), ("ou", "u"), ("e", "yo"), ("y", "i"), ("i", "y"), ("ss", "s"),
                 ("s", "ss"), ("q", "k"), ("ph", "f")]
_KEYS = "abcdefghijklmnopqrstuvwxyz"


def _typo(name: str, rng: random.Random) -> str:
    tokens = name.split()
    idx = [i for i, t in enumerate(tokens) if len(t) >= 4] or list(range(len(tokens)))
    i = rng.choice(idx)
    t = tokens[i]
    j = rng.randrange(1, len(t)) if len(t) > 1 else 0  # first letters are rarely mistyped
    op = rng.choice(["sub", "del", "ins", "swap"])
    if op == "sub":
        t = t[:j] + rng.choice(_KEYS) + t[j + 1 :]
    elif op == "del" and len(t) > 3:
        t = t[:j] + t[j + 1 :]
    elif op == "swap" and j < len(t) - 1:
        t = t[:j] + t[j + 1] + t[j] + t[j + 2 :]
    else:
        t = t[:j] + rng.choice(_KEYS) + t[j:]
    tokens[i] = t
    return " ".join(tokens)


def _translit(name: str, rng: random.Random) -> str | None:
    tokens = name.split()
    for i, t in enumerate(tokens):
        for old, new in _TRANSLIT:
            if t.casefold() == old:
                tokens[i] = new
                return " ".join(tokens)
    order = list(range(len(tokens)))
    rng.shuffle(order)
    for i in order:
        low = tokens[i].casefold()
        for old, new in _LETTER_RULES:
            if old in low[1:]:
                tokens[i] = tokens[i][0] + low[1:].replace(old, new, 1)
                return " ".join(tokens)
    return None


def _reorder(name: str, rng: random.Random) -> str:
    tokens = name.replace(",", "").split()
    if len(tokens) < 2:
        return name
    if rng.random() < 0.5:
        return f"{tokens[-1]}, {' '.join(tokens[:-1])}"
    return " ".join(tokens[1:] + tokens[:1])


def _hyphen(name: str, rng: random.Random) -> str | None:
    if "-" in name:
        return name.replace("-", rng.choice(["", " "]))
    tokens = name.split()
    if len(tokens) < 3:
        return None
    return " ".join(tokens[:-2] + [f"{tokens[-2]}-{tokens[-1].lower()}"])


def _drop_middle(name: str, rng: random.Random) -> str | None:
    tokens = name.split()
    if len(tokens) < 3:
        return None
    del tokens[rng.randrange(1, len(tokens) - 1)]
    return " ".join(tokens)


def _alias(party: ListedParty, rng: random.Random) -> str | None:
    good = [a for a, q in party.aliases if q.casefold() in ("good", "a.k.a.", "aka") and a.isascii() and len(a) > 3]
    return rng.choice(good) if good else None


def _casing(name: str, rng: random.Random) -> str:
    return name.title() if rng.random() < 0.6 else name


def positives(parties: list[ListedParty], rng: random.Random) -> list[dict[str, str]]:
    kinds = ["typo", "reorder", "translit", "hyphen", "dropped_middle", "alias"]
    rows = []
    for n, party in enumerate(parties):
        kind = kinds[n % len(kinds)]
        base = party.name
        made = {
            "typo": lambda: _typo(base, rng), "reorder": lambda: _reorder(base, rng),
            "translit": lambda: _translit(base, rng), "hyphen": lambda: _hyphen(base, rng),
            "dropped_middle": lambda: _drop_middle(base, rng), "alias": lambda: _alias(party, rng),
        }[kind]()
        if made is None:  # this name cannot be altered that way: fall back to a typo
            kind, made = "typo", _typo(base, rng)
        nat = next((c for c in party.nationalities if len(c) == 3), "")
        dob = next((d for d in party.birth_dates if "/" not in d), "")
        rows.append({
            "full_name": _casing(made, rng), "list_ref": party.list_ref, "perturbation": kind, "kind": party.kind,
            "nationality": nat if rng.random() < 0.4 else "", "date_of_birth": dob if rng.random() < 0.25 else "",
        })
    return rows


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in FIELDS})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("list", nargs="?", default=str(DEFAULT_LIST), help="UN consolidated list XML")
    ap.add_argument("--out", required=True, help="folder for positives.csv and negatives.csv")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--eval", action="store_true", help="also evaluate and print the figures")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    load = load_list(args.list, "un")
    listed = {tuple(sorted(name_tokens(n))) for p in load.parties for n, _ in p.names()}
    neg = negatives(rng)
    dropped = [r["full_name"] for r in neg if tuple(sorted(name_tokens(r["full_name"]))) in listed]
    neg = [r for r in neg if r["full_name"] not in dropped]
    pos = positives(load.parties, rng)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "positives.csv", pos)
    write_csv(out / "negatives.csv", neg)
    print(f"{len(pos)} positives, {len(neg)} negatives written to {out}; "
          f"{len(dropped)} negative(s) dropped as listed names: {dropped}", file=sys.stderr)
    if args.eval:
        from wirewatch.evaluate.screening import evaluate_screening, read_names
        from wirewatch.sanctions.screening import Screener

        result = evaluate_screening(Screener(load.parties), read_names(out / "positives.csv"),
                                    read_names(out / "negatives.csv"), predictions=out / "predictions.jsonl")
        print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
