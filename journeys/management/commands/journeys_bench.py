"""`manage.py journeys_bench`: the performance figures of design §7, printed, last line JSON.

A benchmark, not a test: it reports what it measured and the targets beside them.
Sections run in order; `--only NAME` runs one. The runtime sections (ingest,
transitions, sends, latency) arrive with the runtime.
"""
import json
import statistics
import sys
import time

from django.core.management.base import BaseCommand

from journeys.graph.samples import linear_graph, templates_for
from journeys.graph.validation import validate

SECTIONS = ("validate",)
VALIDATE_TARGET_MS = 50.0


class Command(BaseCommand):
    help = "Benchmark the engine; prints figures and, last, one JSON line."

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=SECTIONS, help="run one section")
        parser.add_argument("--nodes", type=int, default=1000, help="graph size for the validate section")
        parser.add_argument("--repeat", type=int, default=30, help="validation runs to time")

    def handle(self, *args, only=None, nodes, repeat, **options):
        results: dict = {}
        for section in SECTIONS:
            if only and section != only:
                continue
            results.update(getattr(self, f"bench_{section}")(nodes=nodes, repeat=repeat))
        self.stdout.write(json.dumps(results, sort_keys=True))

    def bench_validate(self, *, nodes: int, repeat: int) -> dict:
        graph = linear_graph(nodes)
        templates = templates_for(graph)
        issues = validate(graph, templates)  # warm-up, and proof the sample is valid
        if issues:
            self.stderr.write(f"warning: the {nodes}-node sample has {len(issues)} finding(s)")
        timings = []
        for index in range(repeat):
            started = time.perf_counter()
            validate(graph, templates)
            timings.append((time.perf_counter() - started) * 1000)
            self._progress("validate", index + 1, repeat)
        timings.sort()
        median = statistics.median(timings)
        p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
        verdict = "meets" if median < VALIDATE_TARGET_MS else "MISSES"
        self.stdout.write(
            f"validate: {len(graph.nodes)} nodes, {len(graph.edges)} edges; median {median:.1f} ms, "
            f"p95 {p95:.1f} ms, best {timings[0]:.1f} ms over {repeat} runs ({verdict} the {VALIDATE_TARGET_MS:.0f} ms target)"
        )
        return {"validate_nodes": len(graph.nodes), "validate_ms_median": round(median, 2),
                "validate_ms_p95": round(p95, 2), "validate_target_ms": VALIDATE_TARGET_MS}

    def _progress(self, label: str, done: int, total: int) -> None:
        if sys.stderr.isatty():
            width = 30
            filled = int(width * done / total)
            sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()
