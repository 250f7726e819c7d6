"""The ``sitroom`` command: parse options, call the library, print. Nothing else."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from . import __version__, brief, export, pipeline
from .config import DEFAULT_SETTINGS
from .errors import SitroomError, StoreError
from .store import open_store

app = typer.Typer(
    name="sitroom",
    help="Turn news coverage of an event into a sourced situation picture.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option("--db", help="SQLite database path or postgresql://USER@HOST:PORT/DB URL.")]


class ExportFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    graphml = "graphml"


class BriefFormat(str, Enum):
    md = "md"
    html = "html"


def _fail(exc: SitroomError) -> None:
    err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def _kept(store, analysed_before: int) -> str:
    """What an interrupted build leaves analysed, as words for its message."""
    try:
        kept = store.analysed_count() - analysed_before
    except Exception:  # the interrupt may have left the connection unusable: say it plainly
        return "what was stored before the interrupt is kept"
    return f"{kept} document{'s' if kept != 1 else ''} analysed by this run {'are' if kept != 1 else 'is'} kept"


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}", highlight=False)


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders of articles (.txt .md .html .json .jsonl).")],
    db: DbOption = "sitroom.db",
    processes: Annotated[int, typer.Option("--processes", min=1, help="spaCy worker processes.")] = 1,
    workers: Annotated[int, typer.Option(
        "--workers", min=0, help="Run the per-document stages on a local Dask cluster of N worker processes.")] = 0,
    scheduler: Annotated[Optional[str], typer.Option(
        "--scheduler", help="Run the per-document stages on the Dask scheduler at this address (tcp://host:port).")] = None,
    model: Annotated[Optional[str], typer.Option("--model", help="spaCy pipeline to load.")] = None,
) -> None:
    """Ingest and analyse articles into the store; print a summary."""
    try:
        settings = DEFAULT_SETTINGS.with_overrides(
            processes=processes, workers=workers, scheduler=scheduler, spacy_model=model)
        with open_store(db) as store, _stage_bars() as progress:
            analysed_before = store.analysed_count()
            try:
                report = pipeline.build(paths, store, settings, progress)
            except StoreError as exc:
                # A full disk or a lock mid-build: every batch written so far is whole and
                # kept. The exit status is non-zero only when this run kept nothing usable.
                kept = store.analysed_count() - analysed_before
                if kept <= 0:
                    raise
                stopped = f"{exc} — the build stopped after analysing {kept} documents, which are kept; run it again to finish"
                err.print(f"[red]error:[/red] {escape(stopped)}", markup=True, highlight=False, soft_wrap=True)
                return
            except KeyboardInterrupt:
                # Ctrl-C: each batch of analyses is one transaction, so the store holds whole
                # ones only; a re-run analyses the rest and redoes the cross-document stages.
                err.print(f"interrupted — {_kept(store, analysed_before)}; run the same command again to finish",
                          highlight=False, markup=False, soft_wrap=True)
                raise typer.Exit(130) from None
    except SitroomError as exc:
        _fail(exc)
        return
    for failure in report.failures:
        err.print(f"rejected {failure.path}: {failure.reason}", highlight=False, markup=False, soft_wrap=True)
    dup = report.duplicates
    out.print(
        f"{report.documents} documents ({dup} duplicate{'s' if dup != 1 else ''}), {len(report.failures)} rejected"
        f" — {len(report.added)} added, {len(report.unchanged)} unchanged"
        f"{'' if report.relinked else '; the picture was already up to date'}; database {db}",
        highlight=False, soft_wrap=True,  # one line, whatever the terminal's width
    )
    if report.documents == 0:
        raise typer.Exit(1)


@app.command("export")
def export_command(
    db: DbOption = "sitroom.db",
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")] = ExportFormat.json,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (default: stdout).")] = None,
) -> None:
    """Export the situation picture (JSON per SPEC, JSONL, a CSV of documents, or the actor graph as GraphML)."""
    try:
        _require_db(db)
        with open_store(db) as store:
            if format is ExportFormat.json:
                text = export.to_json(store)
            elif format is ExportFormat.jsonl:
                text = "\n".join(export.to_jsonl(store))
            elif format is ExportFormat.graphml:
                text = export.to_graphml(store)
            else:
                text = export.to_csv(store)
    except SitroomError as exc:
        _fail(exc)
        return
    _write(text, output)


@app.command("brief")
def brief_command(
    db: DbOption = "sitroom.db",
    format: Annotated[BriefFormat, typer.Option("--format", "-f", help="md or html.")] = BriefFormat.md,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write (default: stdout).")] = None,
) -> None:
    """Write the brief: summary, sources, timeline, actors, who said what, claims, forecasts, relations."""
    try:
        _require_db(db)
        with open_store(db) as store:
            text = brief.render(store, format.value)
    except SitroomError as exc:
        _fail(exc)
        return
    _write(text, output)


@app.command("remove")
def remove_command(
    documents: Annotated[list[str], typer.Argument(help="Document ids or paths, as `sitroom export` lists them.")],
    db: DbOption = "sitroom.db",
) -> None:
    """Take documents and their evidence out of the store; recompute what they touched."""
    try:
        _require_db(db)
        with open_store(db) as store, _stage_bars() as progress:
            removed, unknown = pipeline.remove(documents, store, DEFAULT_SETTINGS, progress)
            left = store.counts()["documents"]
    except SitroomError as exc:
        _fail(exc)
        return
    for ref in unknown:
        err.print(f"not found: {ref} (no document has this id or path)", highlight=False, markup=False, soft_wrap=True)
    out.print(f"removed {len(removed)} document{'s' if len(removed) != 1 else ''}; {left} left", highlight=False)
    if unknown:
        raise typer.Exit(1)


@contextmanager
def _stage_bars() -> Iterator[pipeline.Progress]:
    """One rich progress bar per pipeline stage, as the stages report."""
    labels = {"read": "reading", "analyse": "analysing", "link": "linking"}
    with Progress(
        TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=False,
    ) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        yield progress


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"


@app.command("check")
def check_command(
    claim: Annotated[Optional[str], typer.Argument(help="The claim to check, in quotes.")] = None,
    claims: Annotated[Optional[Path], typer.Option("--claims", help="A file of claims, one a line.")] = None,
    db: DbOption = "sitroom.db",
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="text, json or jsonl.")] = CheckFormat.text,
) -> None:
    """Which documents assert, hedge, report or deny a claim, with the passages, and a verdict."""
    import json

    from .check import Checker, render_text

    if (claim is None) == (claims is None):
        _fail(SitroomError("give one claim in quotes, or --claims FILE (one claim a line), not both"))
    try:
        _require_db(db)
        if claims is not None:
            try:
                texts = [line.strip() for line in claims.read_text(encoding="utf-8").splitlines() if line.strip()]
            except (OSError, UnicodeDecodeError) as exc:
                raise SitroomError(f"cannot read claims from '{claims}': {exc}") from exc
            if not texts:
                raise SitroomError(f"'{claims}' holds no claims")
        else:
            texts = [claim.strip()] if claim and claim.strip() else []
            if not texts:
                raise SitroomError("the claim is empty")
        with open_store(db) as store:
            results = Checker(store, DEFAULT_SETTINGS).check(texts)
    except SitroomError as exc:
        _fail(exc)
        return
    if format is CheckFormat.text:
        _write("\n\n".join(render_text(r) for r in results), None)
    elif format is CheckFormat.json and len(results) == 1:
        _write(json.dumps(results[0].record(), ensure_ascii=False, indent=2), None)
    else:
        _write("\n".join(json.dumps(r.record(), ensure_ascii=False) for r in results), None)


class EvalTask(str, Enum):
    boilerplate = "boilerplate"
    quotes = "quotes"
    quote_groups = "quote-groups"
    ner = "ner"
    timex = "timex"
    plover = "plover"
    stories = "stories"
    claim_pairs = "claim-pairs"
    claim_check = "claim-check"


_EVAL_DEFAULTS = {
    EvalTask.boilerplate: Path("eval") / "boilerplate",
    EvalTask.quotes: Path("eval") / "quotes",
    EvalTask.quote_groups: Path("eval") / "quote-groups",
    EvalTask.ner: Path("..") / "shared" / "data" / "meantime",
    EvalTask.timex: Path("..") / "shared" / "data" / "meantime",
    EvalTask.plover: Path("..") / "shared" / "data" / "plover",
    EvalTask.stories: Path("..") / "shared" / "data" / "ecbplus",
    EvalTask.claim_pairs: Path("eval") / "claim-pairs",
    EvalTask.claim_check: Path("eval") / "claim-check",
}


@app.command("eval")
def eval_command(
    task: Annotated[EvalTask, typer.Argument(help="What to evaluate.")],
    gold: Annotated[Optional[Path], typer.Option("--gold", help="Annotated data folder (default: the shipped set).")] = None,
) -> None:
    """Score an extractor on annotated data, side by side with a peer tool."""
    from rich.table import Table

    from .evaluate import boilerplate, claim_check, claim_pairs, ecbplus, ner, plover, quote_groups, quotes, timex

    folder = gold or _EVAL_DEFAULTS[task]
    if not folder.is_dir():
        _fail(SitroomError(f"no annotated data at '{folder}'; pass --gold with the set's folder"))
    runner = {
        EvalTask.boilerplate: boilerplate.evaluate, EvalTask.quotes: quotes.evaluate,
        EvalTask.quote_groups: quote_groups.evaluate, EvalTask.ner: ner.evaluate, EvalTask.timex: timex.evaluate,
        EvalTask.plover: plover.evaluate, EvalTask.stories: ecbplus.evaluate,
        EvalTask.claim_pairs: claim_pairs.evaluate, EvalTask.claim_check: claim_check.evaluate,
    }[task]
    scores, _ = runner(folder)
    table = Table(title=f"{task.value} on {folder}")
    table.add_column("metric")
    for score in scores:
        table.add_column(score.system, justify="right")
    for metric in sorted({k for s in scores for k in s.metrics}):
        table.add_row(metric, *(f"{s.metrics[metric]:.3f}" if metric in s.metrics else "—" for s in scores))
    out.print(table)


@app.command("serve")
def serve_command(
    db: DbOption = "sitroom.db",
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port.")] = 8000,
) -> None:
    """Serve the web UI and JSON API over the store, read-only (uvicorn)."""
    try:
        _require_db(db)
        from .web import create_app

        application = create_app(db)
    except SitroomError as exc:
        _fail(exc)
        return
    import uvicorn

    err.print(f"serving {db} read-only at http://{host}:{port}/ (API docs at /docs); Ctrl-C stops", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


def _require_db(db: str) -> None:
    if "://" not in db and not Path(db).exists():
        raise SitroomError(f"no database at '{db}'; run 'sitroom build PATH --db {db}' first")


def _version(value: bool) -> None:
    if value:
        out.print(f"sitroom {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """sitroom: a sourced situation picture from news coverage."""


def main() -> None:
    app()
