"""The ``kg`` command line. Each subcommand is a thin wrapper over a plain function.

Exit statuses: 0 success; 1 the graph does not conform to the shapes; 2 an input, usage or
output error (one line naming the file and the cause; ``--debug`` shows the traceback);
130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from kg import __version__
from kg.errors import EXIT_ERROR, EXIT_INVALID, EXIT_OK, PUBLISHED, KgError

CLASSES = ("Notice", "Campaign", "Department", "Organization", "Theme", "Slogan", "Activity",
           "Place")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="kg",
        description="Build and query a knowledge graph of China's national Quality Month "
        "(全国“质量月”) from notices and news.",
        epilog="Exit status: 0 ok, 1 the graph does not conform to the shapes, "
        "2 input, usage or output error.",
    )
    p.add_argument("--version", action="version", version=f"kg {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="extract the notices and write every export")
    b.add_argument("inputs", nargs="*", type=Path, metavar="INPUT",
                   help="files or folders of notices (default: data/notices)")
    b.add_argument("--out", type=Path, default=None, help="output folder (default: exports/)")
    b.add_argument("--data", type=Path, default=None,
                   help="reference data folder (default: data/)")
    b.add_argument("--jobs", "-j", type=int, default=None,
                   help="worker processes (default: all cores)")
    b.add_argument("--no-validate", action="store_true", help="skip SHACL validation")
    b.add_argument("--no-cache", action="store_true", help="re-extract every notice")
    b.add_argument("--no-html", action="store_true", help="skip the HTML network")
    b.add_argument("--strict", action="store_true", help="make any per-file error fatal")
    b.add_argument("--max-file-mb", type=float, default=None, metavar="MB",
                   help="skip (and report) input files larger than this (default: 20)")
    b.add_argument("--quiet", "-q", action="store_true", help="print only errors and the summary")

    v = sub.add_parser("validate", help="check a graph against the SHACL shapes (pySHACL)")
    v.add_argument("graph", nargs="*", type=Path, metavar="GRAPH",
                   help="graph files (default: exports/graph.trig)")

    q = sub.add_parser("query", help="run a SPARQL query (text, file or pack name)")
    q.add_argument("query", metavar="QUERY_OR_FILE")
    q.add_argument("--graph", type=Path, action="append", default=None, metavar="FILE",
                   help="graph files to query (default: exports/graph.trig)")
    q.add_argument("--format", choices=("table", "csv", "tsv", "json"), default="table")

    s = sub.add_parser("serve", help="start a local SPARQL endpoint (Oxigraph server)")
    s.add_argument("--port", type=int, default=7878)
    s.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1: loopback only)")
    s.add_argument("--graph", type=Path, action="append", default=None, metavar="FILE")

    u = sub.add_parser("push", help="load the graph into a store (SPARQL Graph Store protocol)")
    u.add_argument("--endpoint", required=True, help="Graph Store endpoint URL")
    u.add_argument("--graph", default=None, metavar="IRI", help="named graph to replace")
    u.add_argument("--file", type=Path, default=None, help="graph file (default: exports/graph.nt)")
    u.add_argument("--query-endpoint", default=None,
                   help="SPARQL query URL used to check the count (default: derived)")

    z = sub.add_parser("viz", help="re-render the HTML network from an existing graph")
    z.add_argument("graph", nargs="*", type=Path, metavar="GRAPH",
                   help="graph files (default: exports/graph.trig)")
    z.add_argument("--year", type=int, action="append", default=None,
                   help="keep this year (repeat for several)")
    z.add_argument("--class", dest="classes", action="append", choices=CLASSES, default=None,
                   help="keep this class (repeat for several)")
    z.add_argument("--max-nodes", type=int, default=None)
    z.add_argument("--out", type=Path, default=None, help="HTML file (default: exports/graph.html)")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    if args.debug:
        os.environ["KG_DEBUG"] = "1"
    try:
        return _run(args)
    except KgError as exc:
        if args.debug:  # the traceback, and still the documented exit status
            traceback.print_exc(file=sys.stderr)
        print(f"kg: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt as exc:
        done = str(exc) == PUBLISHED  # Ctrl-C in the instant the files were moved
        print(f"kg: interrupted; {PUBLISHED if done else 'the previous exports are untouched'}",
              file=sys.stderr)
        return 130


def _default_graph() -> list[Path]:
    from kg.pipeline import DEFAULT_OUT

    return [DEFAULT_OUT / "graph.trig"]


def _run(args: argparse.Namespace) -> int:
    if args.command == "build":
        from kg.pipeline import MAX_FILE_MB, build

        result = build(
            args.inputs, args.out, data_dir=args.data, jobs=args.jobs,
            validate=not args.no_validate, strict=args.strict, quiet=args.quiet,
            cache=not args.no_cache, html=not args.no_html,
            max_file_mb=args.max_file_mb if args.max_file_mb is not None else MAX_FILE_MB,
        )
        print(result.summary, file=sys.stderr)
        return EXIT_OK
    if args.command == "validate":
        from kg.validate import validate

        report = validate(args.graph or _default_graph())
        print(report.text)
        return EXIT_OK if report.conforms else EXIT_INVALID
    if args.command == "query":
        from kg.query import run_query, say

        print(run_query(args.query, args.graph or _default_graph(), args.format, note=say),
              end="")
        return EXIT_OK
    if args.command == "serve":
        from kg.serve import serve

        return serve(args.graph or _default_graph(), host=args.host, port=args.port)
    if args.command == "push":
        from kg.push import push

        return push(args.endpoint, graph_iri=args.graph, file=args.file,
                    query_endpoint=args.query_endpoint)
    if args.command == "viz":
        from kg.exporters.html import viz_main
        from kg.pipeline import DEFAULT_OUT

        return viz_main(args.graph or _default_graph(), args.out or DEFAULT_OUT / "graph.html",
                        args.year, args.classes, args.max_nodes)
    raise AssertionError(args.command)
