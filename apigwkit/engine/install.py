"""Wire the offline engine into a virtualenv (run by `make setup`).

Writes, inside the virtualenv:
- ``bin/terraform``: the launcher (see ``launcher.py``);
- ``share/apigwkit/provider-mirror/…/terraform-provider-aws_vVERSION``: the provider double, laid out
  as a filesystem mirror so that `terraform init` installs it like any released provider;
- ``share/apigwkit/terraformrc.double`` / ``terraformrc.registry``: Terraform CLI configurations;
- ``share/apigwkit/provider-schema-dir``: where the double's schema is, for harnesses that serve the
  double in their own process (``apigwkit.engine.attach``).

Idempotent: files are rewritten only when their content changes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from apigwkit.engine.launcher import cli_config_path
from apigwkit.provider_double import tls

PROVIDER_SOURCE = "registry.terraform.io/hashicorp/aws"
# The double presents itself as the provider release its schema was generated from.
PROVIDER_VERSION = "6.69.1"
TARGET = "linux_amd64"


def _write(path: Path, text: str, mode: int = 0o644) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_text() == text:
        return False
    path.write_text(text)
    path.chmod(mode)
    return True


def install(prefix: Path, schema_dir: Path) -> list[Path]:
    python = prefix / "bin" / "python"
    mirror = prefix / "share" / "apigwkit" / "provider-mirror"
    provider_dir = mirror / PROVIDER_SOURCE / PROVIDER_VERSION / TARGET
    plugin_cache = prefix / "share" / "apigwkit" / "plugin-cache"
    tls_file = prefix / "share" / "apigwkit" / "provider-tls.json"
    created = [tls_file] if tls.create(tls_file) else []
    files = {
        prefix / "bin" / "terraform": (
            f"#!{python}\n"
            "# Terraform from the embedded engine; written by `make setup`.\n"
            "from apigwkit.engine.launcher import main\n"
            "raise SystemExit(main())\n",
            0o755,
        ),
        provider_dir / f"terraform-provider-aws_v{PROVIDER_VERSION}": (
            f"#!{python}\n"
            "# The offline hashicorp/aws provider double; written by `make setup`.\n"
            "from apigwkit.provider_double.server import main\n"
            f"raise SystemExit(main(schema_dir={str(schema_dir)!r}, tls_file={str(tls_file)!r}))\n",
            0o755,
        ),
        cli_config_path("double", str(prefix)): (
            "# hashicorp/aws is installed from a local mirror holding the offline provider double\n"
            "# (unpacked layout); every other provider comes from its registry as usual.\n"
            "provider_installation {\n"
            f'  filesystem_mirror {{\n    path    = "{mirror}"\n    include = ["{PROVIDER_SOURCE}"]\n  }}\n'
            f'  direct {{\n    exclude = ["{PROVIDER_SOURCE}"]\n  }}\n'
            "}\n"
            "disable_checkpoint = true\n",
            0o644,
        ),
        prefix / "share" / "apigwkit" / "provider-schema-dir": (f"{schema_dir}\n", 0o644),
        cli_config_path("registry", str(prefix)): (
            "# hashicorp/aws comes from the Terraform registry (needs network).\n"
            f'plugin_cache_dir = "{plugin_cache}"\n'
            "disable_checkpoint = true\n",
            0o644,
        ),
    }
    plugin_cache.mkdir(parents=True, exist_ok=True)
    return created + [path for path, (text, mode) in files.items() if _write(path, text, mode)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schema-dir", type=Path, required=True, help="directory holding the generated schema")
    args = parser.parse_args()
    changed = install(Path(sys.prefix), args.schema_dir.resolve())
    for path in changed:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
