"""The facilitator console: one played drill behind a local web app and a JSON API.

The pages (``static/``) and scripted players use the same API. The drill is not thread-safe,
so every access goes through one lock; the clock runs server-side (play/pause/speed) as a
background task that advances the session in small steps, releasing the lock between them so
that orders and views get in. Orders are given only at a pause of the drill clock - never in
the middle of a time step - so the decision log replays the game bit for bit.

Bound to 127.0.0.1 the console trusts its machine; bound to any other address it requires a
join code printed at start (header ``X-Join-Code`` or query ``?code=``) on every API call: the
facilitator's opens everything, the players' only their page, the map and their own orders.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import ipaddress
import math
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from simulation.play import views
from simulation.play.session import Session
from simulation.scenario.units import parse_clock, parse_duration

STATIC = Path(str(files("simulation.play") / "static"))
TICK_S = 0.25  # wall seconds between clock ticks while playing
SPEEDS = (1, 600)  # drill seconds per wall second, the range the facilitator may choose
STEP_LIMIT = 200_000  # events stepped through looking for the next one, at most


PLAYER_CALLS = frozenset(
    {
        ("GET", "/api/players"),
        ("GET", "/api/geography"),
        ("GET", "/api/orders"),
        ("POST", "/api/order"),
    }
)
"""What the players' join code may call: their view, the map, and their own orders."""


class GameError(Exception):
    """A request the game cannot carry out now; ``status`` is the HTTP answer."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Game:
    """A session with its lock, its server-side clock and what happens when it ends."""

    session: Session
    on_finish: Callable[[Game], Path | None] | None = None
    playing: bool = False
    speed: float = 60.0
    written: Path | None = None
    lock: threading.RLock = field(default_factory=threading.RLock)

    # --- the clock -------------------------------------------------------------------------------

    def _check_open(self) -> None:
        if self.session.result is not None:
            raise GameError("the drill is finished")

    def advance_to(self, t: float) -> None:
        """Go to drill time ``t`` (clamped to the horizon); going back is refused."""
        self._check_open()
        s = self.session
        if not math.isfinite(t):
            raise GameError("the time must be a finite number of drill seconds", 422)
        if t < s.now:
            raise GameError(
                f"cannot go back in time: the drill is at {s.drill.clock.label(s.now)} "
                f"(t = {s.now:.1f} s), asked for t = {t:.1f} s; branch from the decision log "
                "instead (sispam play --from LOG --keep K)"
            )
        s.advance(min(t, s.drill.horizon))

    def _run_until(self, stop: float, done: Callable[[], bool]) -> None:
        """Step event by event up to ``stop`` (exclusive), stopping just after ``done()``.

        A pause lands a hair (one ulp) after the event, so the events at that instant have
        happened when the players look, and an order given now replays at the same point.
        """
        s = self.session
        s.advance(s.now)  # starts the models' processes on a fresh drill (moves no clock)
        stop = min(stop, s.drill.horizon)
        for _ in range(STEP_LIMIT):
            if s.now >= stop:
                return
            nxt = s.next_event_time()
            if nxt is None or nxt >= stop:
                s.advance(stop)
                return
            s.advance(math.nextafter(nxt, math.inf))
            if done():
                return
        raise GameError("no event found within the step limit; use go-to instead", 409)

    def next_event(self) -> None:
        """Run until something enters the event log."""
        self._check_open()
        events = self.session.drill.events
        count = len(events)
        self._run_until(math.inf, lambda: len(events) > count)

    def next_inject(self) -> None:
        """Stop just before the next inject that is due, so it can still be delayed or
        cancelled; an inject due now fires and the clock stops just after it."""
        self._check_open()
        s = self.session
        events = s.drill.events

        def fired() -> int:
            return sum(1 for e in events if e.kind == "msel.inject")

        before = fired()
        due = [
            i["due"]
            for i in views.inject_schedule(s)
            if i["status"] == "due" and i["due"] is not None and i["due"] > s.now
        ]
        self._run_until(min(due, default=math.inf), lambda: fired() > before)

    def tick(self, wall_s: float) -> None:
        """One beat of the running clock: ``wall_s`` real seconds at the chosen speed."""
        with self.lock:
            if not self.playing or self.session.result is not None:
                return
            s = self.session
            s.advance(min(s.now + self.speed * wall_s, s.drill.horizon))
            if s.over:
                self.playing = False

    def finish(self) -> Path | None:
        """Run to the end, collect the results and (once) write the result folder."""
        self.playing = False
        self.session.finish()
        if self.written is None and self.on_finish is not None:
            self.written = self.on_finish(self)
        return self.written

    def clock_state(self) -> dict[str, Any]:
        return {"playing": self.playing, "speed": self.speed, "speeds": list(SPEEDS)}


# --- request bodies --------------------------------------------------------------------------


class Advance(BaseModel):
    """Exactly one of: ``until`` (drill seconds, or a clock label such as "H 09:30"),
    ``by`` (seconds, or a duration such as "30 min"), ``to`` (next-event, next-inject, end)."""

    model_config = ConfigDict(extra="forbid")
    until: float | str | None = None
    by: float | str | None = None
    to: Literal["next-event", "next-inject", "end"] | None = None

    @model_validator(mode="after")
    def _one(self) -> Advance:
        given = [k for k in ("until", "by", "to") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'until', 'by' or 'to'")
        return self


class Order(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: str = Field(
        min_length=1,
        description="An order kind from GET /api/orders, e.g. dispatch_unit, stage_unit, "
        "relieve_unit, recall_unit, hold_convoy, reroute_convoy, escort_convoy, limit_force, "
        "allow_means, forbid_means, raise_command, request_tni, close_exit, open_exit, "
        "request_takedown, clarify_hoax, order_rescue, stage_damkar, escort_damkar, "
        "stage_ambulance, escort_paslon, guard_ppk, prioritise_props, disperse_march; "
        "deliver_inject, delay_inject, cancel_inject are the facilitator's.",
    )
    params: dict[str, Any] = Field(
        default_factory=dict,
        description="The order's parameters by name, e.g. {'unit': ..., 'with': ...} for "
        "relieve_unit, {'convoy': ..., 'via': ...} for reroute_convoy, {'crowd': ..., "
        "'exit': ...} for close_exit, {'escort': ..., 'unit': ...} for escort_paslon; values "
        "from GET /api/orders' choices.",
    )
    by: str = Field("", description="Who gave it (Kapolres, Kabag Ops, Pengendali...).")


class ClockSet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    playing: bool | None = None
    speed: float | None = Field(None, ge=SPEEDS[0], le=SPEEDS[1])


# --- the app ---------------------------------------------------------------------------------


def _clock_seconds(session: Session, value: str) -> float:
    """Drill seconds of a clock label: "H 09:30", "H-1 15:00", "09:30" (hari H)."""
    text = value.strip()
    if text.startswith("H ") or text.startswith("H\t"):
        text = text[1:].strip()
    try:
        return session.drill.clock.at(parse_clock(text))
    except ValueError as exc:
        raise GameError(str(exc), 422) from None


def create_app(
    game: Game,
    join_code: str | None = None,
    player_code: str | None = None,
    wall_clock: bool = True,
) -> FastAPI:
    """The web app of one game; with ``join_code`` every API call must carry a code: the
    facilitator's opens everything, the players' (``player_code``) only :data:`PLAYER_CALLS`
    and orders that are not the facilitator's. ``wall_clock=False`` leaves the clock to
    explicit :meth:`Game.tick` calls, so a test decides how much wall time has passed."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        stop = asyncio.Event()

        async def run_clock() -> None:
            loop = asyncio.get_running_loop()
            last = loop.time()
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), TICK_S)
                now = loop.time()
                if game.playing:
                    await anyio.to_thread.run_sync(game.tick, min(now - last, 4 * TICK_S))
                last = now

        task = asyncio.create_task(run_clock()) if wall_clock else None
        try:
            yield
        finally:
            game.playing = False
            stop.set()
            if task is not None:
                await task

    app = FastAPI(
        title="sispam play",
        summary="Facilitator console of a played drill: views, clock and orders.",
        version="1",
        lifespan=lifespan,
    )

    @app.middleware("http")
    async def require_code(request: Request, call_next: Callable) -> Any:
        request.state.role = "facilitator"
        if join_code is not None and request.url.path.startswith("/api/"):
            given = request.headers.get("x-join-code") or request.query_params.get("code")
            if not given:
                return JSONResponse(
                    {"error": "this console needs the join code (header X-Join-Code or ?code=)"},
                    status_code=401,
                )
            if player_code is not None and secrets.compare_digest(given, player_code):
                request.state.role = "player"
                if (request.method, request.url.path) not in PLAYER_CALLS:
                    message = "the players' code opens the players' page and their orders only"
                    return JSONResponse({"error": message}, status_code=403)
            elif not secrets.compare_digest(given, join_code):
                return JSONResponse({"error": "wrong join code"}, status_code=403)
        return await call_next(request)

    @app.exception_handler(GameError)
    async def game_error(request: Request, exc: GameError) -> JSONResponse:
        return JSONResponse({"error": str(exc)}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            if err.get("type") == "json_invalid":
                problems.append(f"the body is not valid JSON: {err.get('ctx', {}).get('error')}")
                continue
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
            problems.append(f"{where}: {err.get('msg')}" if where else str(err.get("msg")))
        return JSONResponse(
            {"error": "; ".join(problems) or "bad request", "detail": jsonable(exc.errors())},
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        # The facilitator needs a message, not a traceback; the server log has the rest.
        return JSONResponse(
            {"error": f"internal error: {type(exc).__name__}: {exc}"}, status_code=500
        )

    # --- views ---

    @app.get("/api/state", summary="Ground truth, for the facilitator")
    def state() -> dict[str, Any]:
        with game.lock:
            out = views.ground_truth(game.session)
            out["server_clock"] = game.clock_state()
            out["written"] = str(game.written) if game.written else None
            return out

    @app.get("/api/geography", summary="Places and roads for the map (static)")
    def geography() -> dict[str, Any]:
        with game.lock:
            return views.geography(game.session)

    @app.get("/api/players", summary="Only what the players have been told")
    def players() -> dict[str, Any]:
        with game.lock:
            return views.players_view(game.session)

    @app.get(
        "/api/orders",
        summary="Orders this drill takes and the valid values of each",
        description="With the players' code, only the orders players give (no MSEL orders).",
    )
    def orders(request: Request) -> dict[str, Any]:
        with game.lock:
            s = game.session
            player = request.state.role == "player"
            specs = [
                {"kind": o.kind, "help": o.help, "params": o.params, "facilitator": o.facilitator}
                for o in s.drill.orders.values()
                if not (player and o.facilitator)
            ]
            names = {p["id"]: p["name"] for p in views.places(s).values()}
            return {"orders": specs, "choices": s.choices(), "place_names": names}

    @app.get("/api/decisions", response_class=PlainTextResponse, summary="The decision log")
    def decisions() -> PlainTextResponse:
        with game.lock:
            text = game.session.decisions_yaml()
        return PlainTextResponse(text, media_type="application/yaml; charset=utf-8")

    # --- actions ---

    @app.post("/api/advance", summary="Move the drill clock forward")
    def advance(body: Advance) -> dict[str, Any]:
        with game.lock:
            s = game.session
            if body.to == "next-event":
                game.next_event()
            elif body.to == "next-inject":
                game.next_inject()
            elif body.to == "end":
                game.advance_to(s.drill.horizon)
            elif body.by is not None:
                seconds = float(body.by) if not isinstance(body.by, str) else math.nan
                if isinstance(body.by, str):  # "30 min", "2 h"; a number is drill seconds
                    try:
                        seconds = parse_duration(body.by)
                    except ValueError as exc:
                        raise GameError(str(exc), 422) from None
                if seconds < 0:
                    raise GameError("'by' cannot be negative: the drill does not go back", 409)
                game.advance_to(s.now + seconds)
            else:
                until = body.until
                t = _clock_seconds(s, until) if isinstance(until, str) else float(until or 0.0)
                game.advance_to(t)
            return {"clock": views.ground_truth(s)["clock"]}

    @app.post(
        "/api/order",
        summary="Give an order now",
        description="The players' code cannot give the facilitator's orders (deliver_inject, "
        "delay_inject, cancel_inject): 403.",
    )
    def order(body: Order, request: Request) -> dict[str, Any]:
        with game.lock:
            s = game.session
            spec = s.drill.orders.get(body.kind)
            if request.state.role == "player" and spec is not None and spec.facilitator:
                raise GameError(f"only the facilitator gives {body.kind}", 403)
            game._check_open()
            answer = s.order(body.kind, body.params, body.by)
            if answer.decision < 0:  # malformed: unknown order, unit or place; not logged
                raise GameError(answer.reason, 422)
            return {
                "accepted": answer.accepted,
                "reason": answer.reason,
                "decision": answer.decision,
                "t": s.now,
                "clock": s.drill.clock.label(s.now),
            }

    @app.post("/api/clock", summary="Play, pause, or set the speed (drill s per real s)")
    def clock(body: ClockSet) -> dict[str, Any]:
        with game.lock:
            if body.speed is not None:
                game.speed = float(body.speed)
            if body.playing is not None:
                if body.playing:
                    game._check_open()
                    if game.session.over:
                        raise GameError("the drill is at its end; finish it")
                game.playing = body.playing
            return game.clock_state()

    @app.post("/api/finish", summary="Run to the end, write the result folder")
    def finish() -> dict[str, Any]:
        with game.lock:
            written = game.finish()
            result = game.session.result
            assert result is not None
            return {
                "kpis": {k: views._num(v, 4) for k, v in result.kpis.items()},
                "events": len(result.events),
                "written": str(written) if written else None,
            }

    # --- pages ---

    @app.get("/", include_in_schema=False)
    def console() -> FileResponse:
        return FileResponse(STATIC / "console.html")

    @app.get("/players", include_in_schema=False)
    def players_page() -> FileResponse:
        return FileResponse(STATIC / "players.html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


def jsonable(value: Any) -> Any:
    """Validation details may hold exceptions; keep what JSON can say."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items() if k != "ctx"}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def new_join_code() -> str:
    return secrets.token_urlsafe(6)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
