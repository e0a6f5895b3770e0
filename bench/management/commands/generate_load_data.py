from django.core.management.base import BaseCommand, CommandError

from bench.loaddata import SIZES, generate


class Command(BaseCommand):
    help = (
        "Fill a fresh database with synthetic firms for benchmarks and load tests (bench.loaddata). "
        "--size small|firm|platform, or --firms N --entries M."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(SIZES), help="a preset: firm = one firm of 100,000 "
                            "entries and 50,000 work items plus three small firms; platform = 1,000 firms, "
                            "2,000,000 entries")  # fmt: skip
        parser.add_argument("--firms", type=int, help="number of firms")
        parser.add_argument("--entries", type=int, help="task entries across all firms")
        parser.add_argument("--big-entries", type=int, help="task entries of firm 0 (default: an even share)")
        parser.add_argument("--work-items", type=int, help="work items of firm 0 (default: half its entries)")

    def handle(
        self, *args, size=None, firms=None, entries=None, big_entries=None, work_items=None, **options
    ):
        if size:
            preset = SIZES[size]
            firms = firms or preset[0]
            entries = entries if entries is not None else preset[1]
            big_entries = big_entries if big_entries is not None else preset[2]
            work_items = work_items if work_items is not None else preset[3]
        if not firms or firms < 1 or entries is None or entries < 0:
            raise CommandError("Give --size, or --firms N (at least 1) and --entries M (0 or more).")
        try:
            report = generate(
                firms=firms, entries=entries, big_entries=big_entries, big_work=work_items,
                say=self.stdout.write,
            )  # fmt: skip
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for line in report.lines():
            self.stdout.write(line)
