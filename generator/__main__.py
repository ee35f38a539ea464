"""Command line (see CONTRACT.md): ``python -m generator build [...]`` builds
the site and the offline zip; ``python -m generator zim [...]`` makes the
ZIM for Kiwix from a built site, a release step of its own."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import BuildError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator",
                                     description="Build the document site and its offline bundle, "
                                                 "or the ZIM of a built site.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build site/ and the offline bundle")
    b.add_argument("--source", type=Path, default=Path("source"), help="folder of report texts (default source/)")
    b.add_argument("--config", type=Path, default=Path("site_config"), help="catalogue and settings (default site_config/)")
    b.add_argument("--site-dir", type=Path, default=Path("site"), help="output site folder (default site/)")
    b.add_argument("--bundle", type=Path, default=Path("dist"),
                   help="offline bundle: a folder (default dist/) or a .zip path")
    b.add_argument("--accept-anchor-changes", action="store_true",
                   help="accept dropped or moved anchors and rewrite the anchor lock")
    z = sub.add_parser("zim", help="make the ZIM for Kiwix from a built site (a release step)")
    z.add_argument("--site-dir", type=Path, default=Path("site"), help="the built site (default site/)")
    z.add_argument("--out", type=Path, help="the ZIM file (default dist/<bundle name>.zim)")
    return parser


# The settings the ZIM is named and titled from: the build's defaults
# (the contract's `zim` command takes no --config).
CONFIG = Path("site_config")


def _run(command) -> int:
    """``command()``, with any failure reported as one line, no traceback."""
    try:
        command()
    except BuildError as exc:
        print(f"error: {exc.one_line()}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug, not bad input: still one line, no traceback
        if os.environ.get("GENERATOR_DEBUG"):
            raise
        print(f"error: internal error ({type(exc).__name__}: {exc}); set GENERATOR_DEBUG=1 for details",
              file=sys.stderr)
        return 2
    return 0


def zim_main(args: argparse.Namespace) -> int:
    from .catalogue import load_settings
    from .publishing.zim import release_zim

    made: list[Path] = []

    def make() -> None:
        settings = load_settings(CONFIG)
        target = args.out or Path("dist") / f"{settings.bundle_name}.zim"
        made.append(release_zim(args.site_dir, target, settings.bundle_name, settings.site_name))

    status = _run(make)
    if status == 0:
        print(f"wrote {made[0]} from {args.site_dir}/", file=sys.stderr)
    return status


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "zim":
        return zim_main(args)
    from .publishing.build import BuildOptions, build

    progress = sys.stderr.isatty() and not os.environ.get("CI")
    options = BuildOptions(source=args.source, config=args.config, site_dir=args.site_dir, bundle=args.bundle,
                           accept_anchor_changes=args.accept_anchor_changes, progress=progress)
    results = []
    status = _run(lambda: results.append(build(options)))
    if status:
        return status
    result = results[0]
    if result.up_to_date:
        print(f"{options.site_dir}/ is up to date: no input changed since the last build", file=sys.stderr)
        return 0
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"built {len(result.documents)} documents into {options.site_dir}/"
          + (f" and {result.bundle_path}" if result.bundle_path else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
