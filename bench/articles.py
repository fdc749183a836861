"""Synthetic wire articles for benchmarks: team-written templates, varied fillers, no real news.

Benchmarks need many articles of realistic length (300-1,500 words) and shape: a title, a
byline, a dateline lead, attributed quotes (direct, partial and reported), events with actors,
places, dates and casualty counts, pledges with deadlines, background paragraphs and trailing
wire boilerplate. Every sentence here was written for this file; the names are invented
combinations, the places are real cities so that the gazetteer does its real work. The same
seed always gives the same articles, so runs are comparable.

    python bench/articles.py OUT_DIR [-n 200] [--words 600] [--seed 0]   # writes OUT_DIR/*.txt

Other benches import it: ``from articles import generate`` (bench/ is the script directory).
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from dateline.model import Article  # noqa: E402

FIRST = (
    "Amina",
    "Tomas",
    "Leila",
    "Daniel",
    "Mariam",
    "Kofi",
    "Sofia",
    "Rahul",
    "Elena",
    "Yusuf",
    "Grace",
    "Omar",
    "Ingrid",
    "Carlos",
    "Nadia",
    "Pavel",
    "Fatima",
    "Hiroshi",
    "Chloe",
    "Ibrahim",
    "Ana",
    "Samuel",
    "Zainab",
    "Viktor",
    "Lucia",
    "Moussa",
    "Helen",
    "Arjun",
    "Rosa",
    "Karim",
)
LAST = (
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Moreno",
    "Castillo",
    "Mensah",
    "Petrova",
    "Sharma",
    "Novak",
    "Demir",
    "Achieng",
    "Rahimi",
    "Kowalski",
    "Ferreira",
    "Traore",
    "Ivanova",
    "Tanaka",
    "Dubois",
    "Abdullah",
    "Mwangi",
    "Santos",
    "Brennan",
    "Keita",
    "Volkov",
    "Osei",
    "Nakamura",
    "Aziz",
    "Larsen",
    "Quispe",
    "Farah",
)
# (capital, country, nationality adjective, a town elsewhere in the country)
PLACES = (
    ("Nairobi", "Kenya", "Kenyan", "Mombasa"),
    ("Abuja", "Nigeria", "Nigerian", "Kano"),
    ("Kabul", "Afghanistan", "Afghan", "Kandahar"),
    ("Bogota", "Colombia", "Colombian", "Cali"),
    ("Manila", "the Philippines", "Philippine", "Davao"),
    ("Islamabad", "Pakistan", "Pakistani", "Quetta"),
    ("Khartoum", "Sudan", "Sudanese", "Kassala"),
    ("Kyiv", "Ukraine", "Ukrainian", "Kharkiv"),
    ("Beirut", "Lebanon", "Lebanese", "Tyre"),
    ("Bamako", "Mali", "Malian", "Gao"),
    ("Caracas", "Venezuela", "Venezuelan", "Maracaibo"),
    ("Dhaka", "Bangladesh", "Bangladeshi", "Chittagong"),
    ("Addis Ababa", "Ethiopia", "Ethiopian", "Gondar"),
    ("Lima", "Peru", "Peruvian", "Cusco"),
    ("Jakarta", "Indonesia", "Indonesian", "Surabaya"),
    ("Baghdad", "Iraq", "Iraqi", "Mosul"),
    ("Kinshasa", "Congo", "Congolese", "Goma"),
    ("Naypyidaw", "Myanmar", "Myanmar", "Mandalay"),
    ("Tripoli", "Libya", "Libyan", "Benghazi"),
    ("Quito", "Ecuador", "Ecuadorean", "Guayaquil"),
    ("Mogadishu", "Somalia", "Somali", "Kismayo"),
    ("Tbilisi", "Georgia", "Georgian", "Batumi"),
)
AGENCIES = ("Reuters", "AP", "AFP", "Wire Desk")
ROLES = (
    ("Interior Minister", "interior ministry"),
    ("Defence Minister", "defence ministry"),
    ("Foreign Minister", "foreign ministry"),
    ("police spokesman", "national police"),
    ("army spokeswoman", "armed forces"),
    ("regional governor", "provincial government"),
    ("opposition leader", "opposition alliance"),
    ("Health Minister", "health ministry"),
)
GROUPS = (
    "gunmen",
    "armed men",
    "militants",
    "rebel fighters",
    "protesters",
    "suspected insurgents",
)
ORGS = (
    "the United Nations",
    "the World Food Programme",
    "the Red Cross",
    "the African Union",
    "the European Union",
    "the World Bank",
    "Amnesty International",
    "the International Monetary Fund",
    "Human Rights Watch",
    "the World Health Organization",
)
SAID = ("said", "told reporters", "said in a statement", "told a news conference", "wrote")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "11", "14")


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class Filler:
    """The random choices one article is written from, kept consistent across paragraphs."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.city, self.country, self.adj, self.town = rng.choice(PLACES)
        self.published = date(2024, 1, 1) + timedelta(days=rng.randrange(900))
        people = rng.sample([f"{f} {s}" for f in FIRST for s in LAST], 6)
        roles = rng.sample(ROLES, 4)
        self.officials = [(p, r, body) for p, (r, body) in zip(people, roles, strict=False)]
        self.witnesses = people[4:]
        self.used: set[str] = set()
        self.org = rng.choice(ORGS)
        self.group = rng.choice(GROUPS)

    def pick(self, options: tuple[str, ...] | list[str]) -> str:
        return self.rng.choice(options)

    def fresh(self, kind: str, options: tuple[str, ...]) -> str:
        """An option this article has not used yet (any, once all of its kind are used)."""
        keys = [f"{kind}:{i}" for i in range(len(options))]
        unused = [k for k in keys if k not in self.used] or keys
        key = self.rng.choice(unused)
        self.used.add(key)
        return options[keys.index(key)]

    def official(self) -> tuple[str, str, str]:
        return self.rng.choice(self.officials)

    def number(self, low: int = 2, high: int = 90) -> str:
        value = self.rng.randint(low, high)
        return self.pick(NUMBER_WORDS) if value < 12 and self.rng.random() < 0.5 else str(value)

    def day(self, back: int = 0) -> date:
        return self.published - timedelta(days=back)

    def weekday(self, back: int = 0) -> str:
        return WEEKDAYS[self.day(back).weekday()]

    def month_day(self, ahead: int) -> str:
        when = self.published + timedelta(days=ahead)
        return f"{when:%B} {when.day}"

    def earlier_date(self) -> str:
        when = self.published - timedelta(days=self.rng.randint(20, 400))
        return f"{when:%B} {when.day}, {when.year}"


def lead(f: Filler) -> str:
    """The first paragraph: dateline, the main event, where and when."""
    person, role, _ = f.official()
    options = (
        f"{f.pick(GROUPS).capitalize()} attacked a police station in {f.town} on "
        f"{f.weekday(1)} night, killing {f.number()} officers and wounding at least "
        f"{f.number()} others, the {f.adj} {role.lower()} {person} said.",
        f"Thousands of protesters marched through central {f.city} on {f.weekday()} to demand "
        f"the release of detained activists, in the largest demonstration since "
        f"{f.earlier_date()}.",
        f"The {f.adj} government and {f.org} signed an agreement on {f.weekday(1)} under which the "
        f"government will receive ${f.number(50, 900)} million in emergency support, "
        f"{f.adj} officials said.",
        f"Security forces arrested {f.number()} people suspected of planning bomb attacks in "
        f"{f.city}, {person}, the {role}, said on {f.weekday()}.",
        f"Floods in the north of {f.country} have killed at least {f.number()} people and "
        f"displaced more than {f.number(2, 60)},000 since {f.weekday(3)}, according to "
        f"{f.org}.",
    )
    return f.pick(options)


def event_paragraph(f: Filler) -> str:
    """A paragraph reporting one more incident with actors, place, time and counts."""
    person, role, body = f.official()
    return f.fresh(
        "event",
        (
            f"In a separate incident on {f.weekday(2)}, {f.group} fired on a bus near "
            f"{f.town}, killing {f.number()} passengers, the {body} said. No group has claimed "
            f"responsibility for the attack.",
            f"Police used tear gas and water cannon to disperse crowds outside parliament in "
            f"{f.city}, and {f.number()} demonstrators were detained, witnesses said.",
            f"An air strike on a market in {f.town} killed {f.number()} civilians on "
            f"{f.weekday(1)}, a local hospital official told {f.pick(AGENCIES)}.",
            f"The {body} said troops had recaptured two villages outside {f.town} after days "
            f"of fighting in which about {f.number(10, 80)} fighters were killed.",
            f"{person}, the {role}, met envoys from {f.org} in "
            f"{f.city} on {f.weekday(1)} to discuss the crisis, the {body} said.",
            f"Authorities in {f.town} imposed a curfew after {f.number()} shops were set on fire "
            f"during clashes between rival groups on {f.weekday(1)} evening.",
        ),
    )


def quote_paragraph(f: Filler) -> str:
    """A paragraph with an attributed quotation, direct, partial or reported."""
    person, role, _ = f.official()
    witness = f.pick(f.witnesses)
    return f.fresh(
        "quote",
        (
            f'"We will not allow criminals to hold this country hostage," {person} '
            f'{f.pick(SAID)}. "Those responsible will be found and brought to justice."',
            f'"I heard two explosions and then people were running everywhere," said {witness}, '
            f'a shopkeeper in {f.town}. "Nobody came to help us for hours."',
            f"{person} said the government was ready to talk to anyone who laid down their "
            f"arms, but warned that security operations would continue.",
            f'The {role} described the violence as "a cowardly act against innocent people" '
            f"and ordered an investigation.",
            f'"The situation is extremely serious and getting worse every day," a spokesperson '
            f"for {f.org} {f.pick(SAID)}, adding that aid convoys had been blocked.",
            f"According to {witness}, a local teacher, the gunmen arrived on motorcycles shortly "
            f"after dawn and left before soldiers reached the area.",
        ),
    )


def commitment_paragraph(f: Filler) -> str:
    """A promise, pledge or demand with a deadline or a condition."""
    person, role, _ = f.official()
    return f.fresh(
        "commitment",
        (
            f"{person} pledged to hold new elections by {f.month_day(f.rng.randint(30, 200))} "
            f"and promised to release all political prisoners within {f.number(10, 90)} days.",
            f"{upper_first(f.org)} said it would provide {f.number(5, 90)},000 tonnes of food aid "
            f"over the next three months if the warring parties guaranteed safe passage.",
            f"The government agreed to pay compensation to the families of the victims and to "
            f"rebuild the damaged homes before the end of the year, the {role} said.",
            f"Opposition leaders demanded that the {role} resign and threatened to call a "
            f"general strike on {f.month_day(f.rng.randint(3, 20))} if the demand was not met.",
        ),
    )


def background_paragraph(f: Filler) -> str:
    """Context: older dates, figures and institutions, the bulk of a real wire story."""
    return f.fresh(
        "background",
        (
            f"Violence has risen sharply in the region since {f.earlier_date()}, when a ceasefire "
            f"collapsed. More than {f.number(100, 900)} people have been killed this year, "
            f"according to figures compiled by {f.org}.",
            f"{upper_first(f.country)} has struggled with high inflation and a shortage of fuel "
            f"for more than a year, and unemployment among young people is estimated at "
            f"{f.number(20, 45)} percent.",
            f"The {f.adj} parliament approved a state of emergency in the northern provinces "
            f"last month, giving the army wider powers to search homes and detain suspects.",
            f"Talks between the government and armed groups, mediated by {f.org}, broke down in "
            f"{f.earlier_date().split()[0]} after both sides accused each other of violating "
            f"the truce.",
            f"Around {f.number(2, 9)} million people in {f.country} need humanitarian "
            f"assistance, and aid agencies say funding covers less than a third of the need.",
            f"The {f.town} area, about {f.number(40, 400)} km from {f.city}, has been "
            f"the scene of repeated clashes over land and water between farmers and herders.",
        ),
    )


def title(f: Filler) -> str:
    return f.pick(
        (
            f"{f.adj} government vows action after deadly attack near {f.town}",
            f"Protests spread in {f.city} as government faces mounting pressure",
            f"{f.adj} officials and {f.org.replace('the ', '')} agree on emergency aid plan",
            f"Dozens detained in {f.city} security sweep, police say",
        )
    )


def trailer(f: Filler) -> str:
    """Wire boilerplate after the story: credits and a copyright line."""
    editor = f.pick(f.witnesses)
    return f.pick(
        (
            f"(Reporting by {f.pick(f.witnesses)}; Editing by {editor})",
            f"Reporting by {f.pick(f.witnesses)} in {f.city}; Writing by {editor}\n\n"
            f"© {f.published.year} {f.pick(AGENCIES)}. All rights reserved.",
        )
    )


BODY = (
    event_paragraph,
    quote_paragraph,
    quote_paragraph,
    background_paragraph,
    commitment_paragraph,
    event_paragraph,
    background_paragraph,
)


def write_article(rng: random.Random, words: int, index: int = 0) -> Article:
    """One article of about ``words`` words (±10 %), with its wrapping."""
    f = Filler(rng)
    agency = f.pick(AGENCIES)
    head = f"{f.city.upper()}, {f.published:%B} {f.published.day} ({agency}) — {lead(f)}"
    paragraphs = [head]
    count = len(head.split())
    while count < words:
        paragraph = rng.choice(BODY)(f)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    byline = f"By {f.pick(f.witnesses)}"
    text = "\n\n".join([title(f), byline, *paragraphs, trailer(f)]) + "\n"
    return Article(text=text, source=f"synthetic-{index:05d}.txt")


def generate(n: int, words: int | None = 600, seed: int = 0) -> list[Article]:
    """``n`` articles of about ``words`` words each (None: lengths spread over 300-1,500)."""
    rng = random.Random(seed)
    sizes = [words or rng.randint(300, 1500) for _ in range(n)]
    return [write_article(rng, size, i) for i, size in enumerate(sizes)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="directory to write synthetic-NNNNN.txt into")
    parser.add_argument("-n", type=int, default=200, help="number of articles (200)")
    parser.add_argument("--words", type=int, default=600, help="words per article; 0 = mixed")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for article in generate(args.n, args.words or None, args.seed):
        (args.out / article.source).write_text(article.text, encoding="utf-8")
    print(f"wrote {args.n} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
