"""The communities report: each community named after its main association, and their map."""

from __future__ import annotations

from collections import Counter

from graph_service.domain.analytics import CentralityMeasure, CommunityResult, Dominant
from graph_service.domain.explanations import explanation
from graph_service.domain.vocabulary import Language
from graph_service.reports.document import CHART_BARS, Cell, Note, Report, Table, bar_chart
from graph_service.reports.locale import number_text, percent_text
from graph_service.reports.messages import Words
from graph_service.reports.pictures import community_map

DEFAULT_ROWS = 30
"""Communities listed when no ``top`` is given."""


def measure_name(measure: CentralityMeasure, words: Words) -> str:
    return words(f"measure_{measure.value}")


def view_line(view: str, weight: str, words: Words) -> str:
    return words("view_line", view=words(f"view_{view}"), weight=words(f"weight_{weight}"))


def community_names(result: CommunityResult, words: Words) -> list[str]:
    """A name for each community: its main association's, else its main topic's or office's,
    else its number; a name that would repeat gets the community's number after it.

    Examples
    --------
    >>> from graph_service.domain.analytics import Community
    >>> ascom = Dominant("ascom", "Ascom", 5, 0.8)
    >>> result = CommunityResult("", 0, 1.0, 9, 0.4, tuple(
    ...     Community(i, 3, (), d, None, None, ()) for i, d in enumerate([ascom, ascom, None])))
    >>> community_names(result, Words("it"))
    ['Comunità Ascom (1)', 'Comunità Ascom (2)', 'Comunità 3']
    >>> community_names(result, Words("en"))[0]
    'Ascom community (1)'
    """
    bases: list[str | None] = []
    for community in result.communities:
        dominant = (
            community.dominant_association or community.dominant_topic or community.dominant_office
        )
        if dominant is None:
            bases.append(None)
        else:
            bases.append(words("community_named", name=dominant.name))
    repeated = Counter(base for base in bases if base is not None)
    names = []
    for community, base in zip(result.communities, bases, strict=True):
        number = community.index + 1
        if base is None:
            names.append(words("community_numbered", number=number))
        elif repeated[base] > 1:
            names.append(f"{base} ({number})")
        else:
            names.append(base)
    return names


def dominant_text(dominant: Dominant | None, language: Language) -> Cell:
    """``Ascom (12, 80%)``: the name, how many, and what share."""
    if dominant is None:
        return None
    share = percent_text(dominant.share, language)
    return f"{dominant.name} ({number_text(dominant.count, language)}, {share})"


def communities_report(result: CommunityResult, words: Words, top: int | None = None) -> Report:
    """The communities, largest first, named; their sizes charted and their map drawn."""
    language = words.language
    names = community_names(result, words)
    shown = result.communities[: top if top is not None else DEFAULT_ROWS]
    sizes_title = words("communities_sizes")
    columns = (
        "col_community",
        "col_size",
        "col_makeup",
        "col_dominant_association",
        "col_dominant_topic",
        "col_dominant_office",
    )
    pictures = (
        (
            community_map(
                words("communities_map"),
                names,
                [c.size for c in result.communities],
                result.links,
                language,
            ),
        )
        if len(result.communities) > 1
        else ()
    )
    return Report(
        title=words("communities_title"),
        description=" ".join(
            [
                words(
                    "communities_summary",
                    count=number_text(result.community_count or len(result.communities), language),
                    nodes=number_text(result.node_count, language),
                    modularity=number_text(round(result.modularity, 3), language),
                ),
                view_line(result.view, result.weight, words),
            ]
        ),
        explanation=explanation("communities", language),
        method=words(
            "communities_method",
            seed=result.seed,
            resolution=number_text(result.resolution, language),
        )
        + " "
        + words("exact"),
        language=language,
        tables=(
            Table(
                name="communities",
                heading=words("communities_heading"),
                columns=tuple(words(c) for c in columns),
                rows=tuple(
                    (
                        names[c.index],
                        c.size,
                        ", ".join(
                            f"{words.label(count.name, many=count.count > 1)} "
                            f"{number_text(count.count, language)}"
                            for count in sorted(c.labels, key=lambda n: (-n.count, n.name))
                        ),
                        dominant_text(c.dominant_association, language),
                        dominant_text(c.dominant_topic, language),
                        dominant_text(c.dominant_office, language),
                    )
                    for c in shown
                ),
                charts=bar_chart(
                    sizes_title,
                    [(names[c.index], c.size) for c in shown],
                    first=words("first_n", title=sizes_title, count=CHART_BARS),
                ),
                empty=words("communities_empty"),
                notes=(Note(words("col_dominant_association"), words("note_dominant")),),
                pictures=pictures,
            ),
        ),
    )
