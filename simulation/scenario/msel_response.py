"""The words of an inject's response: the facts the msel component records in msel.csv
(`response_facts`) and how they read.

Part of the exercise language, like the HSEEP columns: the engine words its English
`response` column with it, and the reports word the same facts in the reader's language
without importing the model that recorded them.
"""

from __future__ import annotations

from collections.abc import Callable

RESPONSE_EN = {
    "msel.response.incidents": "{n} incident(s), {outcomes}",
    "msel.response.no_incidents": "no incidents arose",
    "msel.response.mean": "response mean {mean_min:.1f} min",
    "msel.response.by": "by {by}",
    "msel.response.reach": "reach {reach_pct:.1f} %",
    "msel.response.detection_min": "detected +{minutes:.0f} min",
    "msel.response.takedown_min": "taken down +{minutes:.0f} min",
    "msel.response.clarification_min": "clarified +{minutes:.0f} min",
    "msel.response.convoy.at_ppk": "convoy {convoy} all kits at PPK {at}",
    "msel.response.convoy.already_at_ppk": "convoy {convoy} already at PPK ({at}): no effect",
    "msel.response.convoy.not_at_ppk": "convoy {convoy} not at PPK by the end of the drill",
    "msel.response.road_closed": "road closed until {until}",
    "msel.response.premises.lost": "{premises} lost to fire at {at}",
    "msel.response.premises.saved": "{premises} alight, saved by water at {water}",
    "msel.response.premises.burning": "{premises} still burning at the end",
    "msel.response.premises.untouched": "{premises} not set alight",
    "msel.response.hostage.released": "hostages released by negotiation at {at}",
    "msel.response.hostage.rescued": "hostages rescued unhurt at {at}",
    "msel.response.hostage.hurt": "hostages hurt in the rescue at {at}",
    "msel.response.hostage.ongoing": "hostage taking still going at the end",
    "msel.response.boxes.lost": "boxes of {sector} lost: {n} boxes",
    "msel.response.boxes.at_kpu": "boxes of {sector} at the KPU {at}",
    "msel.response.boxes.already_at_kpu": "boxes of {sector} already at the KPU ({at}): no effect",
    "msel.response.boxes.not_at_kpu": "boxes of {sector} not at the KPU by the end of the drill",
    "msel.response.props.removed": "APK in {sector} removed {at}",
    "msel.response.props.standing": "APK in {sector} still standing at the end",
    "msel.response.rally.reached": "disturbance at {rally} reached in {mean_min:.1f} min",
    "msel.response.rally.unanswered": "disturbance at {rally} never reached",
    "msel.response.rally.not_on": "rally {rally} was not on: no effect",
    "msel.response.crowd.provoked": "{provocateurs} more provocateurs in {group}",
    "msel.response.crowd.agitated": "perceived legitimacy {before:g} -> {after:g}",
    "msel.response.crowd.over": "scene {crowd} already over: no effect",
    "msel.response.casualties": "{n} casualties triaged, {in_hospital} of {carry} taken to "
    "hospital",
    "msel.response.casualties_last": "the last at {last}",
    "outcome.handled_by_guard": "handled by TPS guard",
    "outcome.handled_by_unit": "handled by mobile unit",
    "outcome.on_scene_at_end": "still on scene at the end",
    "outcome.unanswered": "never reached",
}
"""The English words of an inject's response; the report label catalogue takes these and
adds the Bahasa Indonesia ones under the same keys."""


def english(key: str, **values: object) -> str:
    """`words` for describe_response in the engine's English."""
    return RESPONSE_EN[key].format(**values)


def describe_response(facts: dict, words: Callable[..., str]) -> str:
    """An inject's response facts in words; `words(key, **values)` gives the sentence parts
    (`RESPONSE_EN` in English, the report label catalogue in either language)."""
    kind = facts.get("kind")
    if kind == "incidents":
        if not facts["n"]:
            return words("msel.response.no_incidents")
        outcomes = ", ".join(words(f"outcome.{o}") for o in facts["outcomes"])
        text = words("msel.response.incidents", n=facts["n"], outcomes=outcomes)
        if "mean_min" in facts:
            text += "; " + words("msel.response.mean", mean_min=facts["mean_min"])
        if "by" in facts:
            text += " " + words("msel.response.by", by=facts["by"])
        return text
    if kind == "hoax":
        parts = [words("msel.response.reach", reach_pct=facts["reach_pct"])]
        for key in ("detection_min", "takedown_min", "clarification_min"):
            if key in facts:
                parts.append(words(f"msel.response.{key}", minutes=facts[key]))
        return "; ".join(parts)
    if kind == "convoy":
        return words(f"msel.response.convoy.{facts['state']}", **facts)
    if kind in ("premises", "hostage", "boxes", "props", "rally"):
        return words(f"msel.response.{kind}.{facts['state']}", **facts)
    if kind == "crowd":
        return words(f"msel.response.crowd.{facts['state']}", **facts)
    if kind == "casualties":
        text = words("msel.response.casualties", **facts)
        if "last" in facts:
            text += "; " + words("msel.response.casualties_last", last=facts["last"])
        return text
    if kind == "road_closed":
        return words("msel.response.road_closed", until=facts["until"])
    return ""
