"""The places a people's name stands for: general English, not any report's names.

"norwegian case studies" asks of Norway; "which examples are danish?" of Denmark. A
question naming a people asks of their country, which the report names or not:
the report's own place names are in its text and its section tree ("Denmark").
"""

from __future__ import annotations

from psp_qa.indexing.keywords import fold

# A people's adjective -> the places it is of (their usual English names).
_PLACES = {
    "american": ("america", "united states", "usa"),
    "australian": ("australia",),
    "austrian": ("austria",),
    "belgian": ("belgium",),
    "british": ("britain", "united kingdom", "uk"),
    "bulgarian": ("bulgaria",),
    "canadian": ("canada",),
    "chinese": ("china",),
    "croatian": ("croatia",),
    "cypriot": ("cyprus",),
    "czech": ("czechia", "czech republic"),
    "danish": ("denmark",),
    "dutch": ("netherlands", "netherland", "holland"),
    "english": ("england",),
    "estonian": ("estonia",),
    "finnish": ("finland",),
    "french": ("france",),
    "german": ("germany",),
    "greek": ("greece",),
    "hungarian": ("hungary",),
    "icelandic": ("iceland",),
    "indian": ("india",),
    "irish": ("ireland",),
    "italian": ("italy",),
    "japanese": ("japan",),
    "latvian": ("latvia",),
    "lithuanian": ("lithuania",),
    "luxembourgish": ("luxembourg",),
    "maltese": ("malta",),
    "norwegian": ("norway",),
    "polish": ("poland",),
    "portuguese": ("portugal",),
    "romanian": ("romania",),
    "russian": ("russia",),
    "scottish": ("scotland",),
    "serbian": ("serbia",),
    "slovak": ("slovakia",),
    "slovenian": ("slovenia",),
    "spanish": ("spain",),
    "swedish": ("sweden",),
    "swiss": ("switzerland",),
    "turkish": ("turkey", "türkiye"),
    "ukrainian": ("ukraine",),
    "welsh": ("wales",),
}


def places_of(word: str) -> tuple[str, ...]:
    """The places a people's adjective stands for ("danish": "denmark"), or () for any other word."""
    return _PLACES.get(fold(word), ())
