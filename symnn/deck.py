"""Deck files (``symnn deck``): a lecture of one's own, listed in TOML, built into one Beamer
deck with the matching LaTeX and Markdown.

The file gives the title page and, in order, the sections and their items: catalog entries by
name, one's own networks (a spec file or an inline table) for a forward pass or one training
step, expressions for a gradient or a computational graph, truth tables, worksheets, and frames
of free text. ``symnn build`` is this same path run on the lecture's own deck file.

>>> deck = parse_deck({"title": "Demo", "section": [{"title": "Graphs", "item": [
...     {"graph": "(a + b) * (b + 1)", "at": {"a": 1, "b": 2}},
...     {"catalog": "chain_rule"}]}]})
>>> [d.name for d in deck.derivations()]
['item-1-graph', 'chain_rule']
>>> parse_deck({"section": [{"title": "x", "item": [{"catalog": "chain_rul"}]}]})
Traceback (most recent call last):
...
symnn.errors.DeckError: deck, section 1, item 1 (catalog): no derivation called 'chain_rul' ...
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from symnn.derivation import Deck, Derivation, Frame, Section, Text
from symnn.errors import DeckError, SymnnError, did_you_mean

KINDS = ("catalog", "forward", "step", "grad", "graph", "separable", "check", "text")
OPTIONS = {"catalog": (), "forward": ("digits",),
           "step": ("digits", "show", "rate", "optimizer", "steps"),
           "grad": ("at", "digits"), "graph": ("at",), "separable": ("weights", "bias"),
           "check": ("digits",), "text": ()}
COMMON = ("title", "name")
TOP = ("title", "subtitle", "course", "author", "date", "lang", "section", "item")
LANGS = {"en": ["en"], "ko": ["ko"], "both": ["en", "ko"]}
MAX_ITEMS = 200
# Work for the whole deck, not per item: 200 items each just within a command's limits would
# take many minutes.  Values computed by all items together (as one command may), and the
# nodes of all its computational graphs (drawn, differentiated and printed by SymPy: about
# 5-10 ms a node, so 2,000 nodes are 10-20 s).
DECK_WORK = 50_000_000
MAX_GRAPH_NODES = 2_000
MAX_TEXT = 20_000  # characters of one text field (a frame of text is far shorter)


def _text(value: Any, where: str) -> Text:
    """A title or sentence: one string for both languages, or {en = "...", ko = "..."}; its
    math ($...$) keeps to the whitelist of :func:`symnn.render.inline.check_math`."""
    if isinstance(value, str):
        return Text(_checked(value, where), value)
    if isinstance(value, dict) and set(value) <= {"en", "ko"} and value and \
            all(isinstance(v, str) for v in value.values()):
        for lang, words in value.items():
            _checked(words, f"{where} ({lang})")
        return Text(value.get("en", value.get("ko", "")), value.get("ko", value.get("en", "")))
    raise DeckError(f"{where}: expected a string or {{ en = \"...\", ko = \"...\" }}, got "
                    f"{type(value).__name__}")


def _checked(words: str, where: str) -> str:
    """The words of a deck field, if their math may go to TeX (else one error naming both)."""
    from symnn.render.inline import check_text

    if len(words) > MAX_TEXT:
        raise DeckError(f"{where}: {len(words):,} characters; a deck field holds at most "
                        f"{MAX_TEXT:,}")
    try:
        check_text(words)
    except SymnnError as e:
        raise DeckError(f"{where}: {e.message}") from None
    return words


def _spec(value: Any, folder: Path) -> Any:
    from symnn.spec import load_spec, parse_spec

    if isinstance(value, str):
        return load_spec(folder / value)
    if isinstance(value, dict):
        return parse_spec(value, "inline spec", folder=folder)
    raise DeckError(f"expected a spec file name or an inline table, got {type(value).__name__}")


def _at(item: dict) -> dict:
    at = item.get("at", {})
    if not isinstance(at, dict):
        raise DeckError(f"at: expected a table of values, like at = {{ x = 1 }}, got "
                        f"{type(at).__name__}")
    return at


def _item(item: Any, number: int, folder: Path, tally: list[int] | None = None) -> Derivation:
    """The derivation of one item of a deck file; ``tally`` counts the graph nodes of the
    deck so far (see :data:`MAX_GRAPH_NODES`)."""
    from symnn import worked

    if not isinstance(item, dict):
        raise DeckError(f"expected a table, got {type(item).__name__}")
    kinds = [k for k in item if k in KINDS]
    if len(kinds) != 1:
        unknown = [k for k in item if k not in KINDS + COMMON + sum(OPTIONS.values(), ())]
        hint = did_you_mean(unknown[0], KINDS) if unknown else ""
        raise DeckError(f"give exactly one of {', '.join(KINDS)}" +
                        (f"; unknown key {unknown[0]!r}{hint}" if unknown else
                         f", not {len(kinds)}"))
    kind = kinds[0]
    for key in item:
        if key not in (kind, *COMMON, *OPTIONS[kind]):
            raise DeckError(f"unknown key {key!r} for a {kind} item"
                            f"{did_you_mean(key, OPTIONS[kind] + COMMON)}")
    value = item[kind]
    digits = item.get("digits", 6)
    if isinstance(digits, bool) or not isinstance(digits, int) or not 1 <= digits <= 30:
        raise DeckError(f"digits: expected a whole number from 1 to 30, got {digits!r}")
    if kind != "text" and kind not in ("forward", "step") and not isinstance(value, str):
        raise DeckError(f"{kind}: expected a string, got {type(value).__name__}")
    if kind == "catalog":
        from symnn import catalog

        derivation = catalog.derivation(value)
    elif kind == "forward":
        derivation = worked.forward_derivation(_spec(value, folder), digits)
    elif kind == "step":
        show = item.get("show")
        if show is not None and (not isinstance(show, list) or
                                 not all(isinstance(s, str) for s in show)):
            raise DeckError("show: expected a list of weight names, like [\"w5\", \"w1\"]")
        spec = _spec(value, folder)
        if "optimizer" in item or "steps" in item or spec.optimizer is not None:
            derivation = _descent(item, spec, digits)
        else:
            derivation = worked.step_derivation(spec, item.get("rate"), digits, show)
    elif kind == "grad":
        from symnn.grad import grad

        derivation = worked.grad_derivation(grad(value, _at(item)), digits)
    elif kind == "graph":
        from symnn.graph import Graph

        graph = Graph.from_text(value, _at(item))
        if tally is not None:
            tally[0] += len(graph.nodes)
            if tally[0] > MAX_GRAPH_NODES:
                raise DeckError(f"the deck's graphs have over {MAX_GRAPH_NODES:,} nodes in all "
                                "(each takes SymPy time to draw and differentiate); split the "
                                "deck or the expressions")
        derivation = worked.graph_derivation(graph)
    elif kind == "separable":
        from symnn.separability import parse_table, separate

        derivation = worked.separation_derivation(separate(
            parse_table(value), item.get("weights"), item.get("bias")))
    elif kind == "check":
        from symnn.check import check_worksheet

        derivation = worked.check_derivation(check_worksheet(folder / value), digits)
    else:
        derivation = Derivation("text", _text(item.get("title", ""), "title"),
                                (Frame(None, (_text(value, "text"),)),))
    name = item.get("name", derivation.name if kind == "catalog" else f"item-{number}-{kind}")
    if not isinstance(name, str) or not name.replace("-", "").replace("_", "").isalnum():
        raise DeckError(f"name: expected letters, digits, - and _ (a file name), got {name!r}")
    derivation = replace(derivation, name=name)
    if "title" in item and kind != "text":
        derivation = replace(derivation, title=_text(item["title"], "title"))
    return derivation


def _descent(item: dict, spec: Any, digits: int) -> Derivation:
    """A step item with ``optimizer = "adam"`` (or a table) and ``steps = K``."""
    from symnn.descent import descent
    from symnn.worked_descent import descent_derivation

    if "show" in item:
        raise DeckError("show works one plain gradient-descent step through the chain rule; "
                        "with an optimizer every parameter's update is shown, so leave out show")
    steps = item.get("steps", 1)
    return descent_derivation(descent(spec, item.get("optimizer"), steps, item.get("rate")),
                              digits)


def parse_deck(data: dict, source: str = "deck", folder: Path | None = None,
               only: list[str] | None = None) -> Deck:
    """Return the deck a parsed deck file describes; errors name the section and item.

    ``only`` keeps just the items of those names (catalog names, or each item's ``name``).
    All the items share one work budget (:data:`DECK_WORK`, :data:`MAX_GRAPH_NODES`).
    """
    from symnn import values

    with values.budget(DECK_WORK, "this deck"):
        return _parse_deck(data, source, folder, only)


def _parse_deck(data: dict, source: str, folder: Path | None, only: list[str] | None) -> Deck:
    folder = folder or Path(".")
    if not isinstance(data, dict):
        raise DeckError("expected a table of keys", source=source)
    for key in data:
        if key not in TOP:
            raise DeckError(f"unknown key {key!r}{did_you_mean(key, TOP)}", source=source)
    settings: dict[str, Any] = {}
    for key in ("title", "subtitle", "course", "author"):
        if key in data:
            settings[key] = _in(source, None, lambda k=key: _text(data[k], k))
    if "date" in data:
        if not isinstance(data["date"], str):
            raise DeckError("date: expected a string, as it is to be printed", source=source)
        settings["date"] = _in(source, None, lambda: _checked(data["date"], "date"))
    settings.setdefault("title", Text("Slides", "슬라이드"))
    if "section" in data and "item" in data:
        raise DeckError("give [[section]] tables with their [[section.item]]s, or [[item]]s "
                        "alone, not both", source=source)
    raw = data.get("section", [{"title": data.get("title", ""), "item": data.get("item")}])
    if not isinstance(raw, list) or not raw:
        raise DeckError("no items: add [[item]] tables (or [[section]]s with [[section.item]]s)",
                        source=source)
    sections, count, names, tally = [], 0, set(), [0]
    places: dict[str, str] = {}
    wanted = _selected(raw, only, source)
    for s, section in enumerate(raw, start=1):
        where = f"section {s}" if "section" in data else None
        if not isinstance(section, dict):
            raise DeckError(f"section {s}: expected a table", source=source)
        for key in section:
            if key not in ("title", "item"):
                raise DeckError(f"section {s}: unknown key {key!r}", source=source)
        items = section.get("item")
        if not isinstance(items, list) or not items:
            raise DeckError(f"{where or 'deck'}: no items", source=source)
        title = _in(source, f"section {s}",
                    lambda section=section: _text(section.get("title", ""), "title"))
        built = []
        for i, item in enumerate(items, start=1):
            count += 1
            if count > MAX_ITEMS:
                raise DeckError(f"more than {MAX_ITEMS} items", source=source)
            kind = next((k for k in item if k in KINDS), "item") if isinstance(item, dict) \
                else "item"
            label = f"{where + ', ' if where else ''}item {i} ({kind})"
            if wanted is not None and count not in wanted:
                continue  # not asked for (--only): not worked out either
            derivation = _in(source, label,
                             lambda item=item, n=count: _item(item, n, folder, tally))
            if derivation.name in names:
                raise DeckError(f"{label}: the name {derivation.name!r} is used twice (give "
                                "name = \"...\")", source=source)
            names.add(derivation.name)
            places[derivation.name] = f"{source}, {label}"
            built.append(derivation)
        if built:
            sections.append(Section(title, tuple(built)))
    if not sections:
        raise DeckError("none of the items asked for is in the deck", source=source)
    return Deck(sections=tuple(sections), places=places, **settings)


def item_names(item: Any, number: int) -> list[str]:
    """Return the names ``--only`` knows an item of a deck file by: its name (the one given,
    a catalog entry's, or ``item-N-KIND`` as its files are named), ``item-N`` and ``N`` (its
    place in the deck), and its title as written.

    >>> item_names({"graph": "x*y", "title": {"en": "A graph", "ko": "그래프"}}, 3)
    ['item-3-graph', 'item-3', '3', 'A graph', '그래프']
    >>> item_names({"catalog": "chain_rule"}, 1)[0]
    'chain_rule'
    """
    if not isinstance(item, dict):
        return [f"item-{number}", str(number)]
    kind = next((k for k in item if k in KINDS), "item")
    name = item.get("name")
    if not isinstance(name, str):
        name = item[kind] if kind == "catalog" and isinstance(item[kind], str) else \
            f"item-{number}-{kind}"
    title = item.get("title")
    titles = [title] if isinstance(title, str) else \
        [t for t in title.values() if isinstance(t, str)] if isinstance(title, dict) else []
    return list(dict.fromkeys([name, f"item-{number}", str(number), *titles]))


def _selected(raw: Any, only: list[str] | None, source: str) -> set[int] | None:
    """The numbers of the items ``only`` names (None: all); a name no item has is an error
    that lists the items' names."""
    if only is None:
        return None
    known: list[tuple[int, list[str]]] = []
    number = 0
    for section in raw if isinstance(raw, list) else []:
        items = section.get("item") if isinstance(section, dict) else None
        for item in items if isinstance(items, list) else []:
            number += 1
            known.append((number, item_names(item, number)))
    wanted = set()
    for asked in only:
        found = [n for n, aliases in known if asked in aliases]
        if not found:
            listing = ", ".join(a[0] + (f" ({a[3]!r})" if len(a) > 3 else "")
                                for _, a in known)
            close = did_you_mean(asked, [a for _, aliases in known for a in aliases])
            hint = close if "did you mean" in close else ""
            raise DeckError(f"--only: no item called {asked!r}{hint}; the items are "
                            f"{listing} (or give an item's number)", source=source)
        wanted.update(found)
    return wanted


def _in(source: str, where: str | None, make: Any) -> Any:
    """Run ``make``; a symnn error it raises says which part of the deck file it is about."""
    try:
        return make()
    except SymnnError as e:
        message = f"{e.source}, {e.message}" if e.source and e.source != source else e.message
        raise DeckError(f"{where}: {message}" if where else message, source=source) from None


def load_deck(path: str | Path, only: list[str] | None = None) -> Deck:
    """Return the deck of the deck file at ``path`` (files it names are read beside it).

    >>> [s.title("en") for s in load_deck("examples/deck.toml").sections]
    ['The network', 'Backward']
    """
    return load_deck_file(path, only)[0]


def load_deck_file(path: str | Path, only: list[str] | None = None
                   ) -> tuple[Deck, list[str]]:
    """Return the deck of the deck file at ``path`` and its languages (``lang = "en"``,
    ``"ko"`` or ``"both"``, the default).

    >>> load_deck_file("examples/deck.toml")[1]
    ['en', 'ko']
    """
    from symnn.spec import read_toml

    path = Path(path)
    data = read_toml(path, DeckError)
    lang = data.get("lang", "both") if isinstance(data, dict) else "both"
    if not isinstance(lang, str) or lang not in LANGS:
        raise DeckError(f"lang: expected \"en\", \"ko\" or \"both\", got {lang!r}",
                        source=str(path))
    return parse_deck(data, str(path), path.parent, only), LANGS[lang]
