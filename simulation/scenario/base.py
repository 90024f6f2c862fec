"""Base types of every scenario section: the strict, sourced spec and shared field types.

Kept apart from model.py so that sections in their own modules (crowd, logistics) import these
and model.py imports the sections, with no circle.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Ident = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="lower_snake_case id")]
NonNeg = Annotated[float, Field(ge=0)]
Positive = Annotated[float, Field(gt=0)]
Severity = Annotated[
    int, Field(ge=1, le=4, description="1 minor, 2 moderate, 3 serious, 4 critical")
]
Terrain = Literal["lowland", "highland"]


class Spec(BaseModel):
    """Base of every scenario object: strict keys, provenance fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Spec):
    source: str | None = Field(None, description="Where the numbers come from (citation).")
    assumption: str | None = Field(None, description="Why the numbers are a reasonable guess.")


UnitKind = Literal[
    "sabhara_car", "sabhara_motor", "polsek", "quick_reaction", "dalmas", "brimob", "tni"
]
