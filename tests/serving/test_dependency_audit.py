"""bin/audit-dependencies fails CI on a known vulnerability and says when it could not check."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def judge(tmp_path, report):
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report))
    return subprocess.run(  # noqa: S603 (our interpreter, our script)
        [sys.executable, str(ROOT / "bin/audit-dependencies"), "--from-json", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_known_vulnerability_fails(tmp_path):
    result = judge(
        tmp_path,
        {
            "dependencies": [
                {
                    "name": "django",
                    "version": "5.2.0",
                    "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"], "aliases": []}],
                },
                {"name": "wagtail", "version": "8.0.1", "vulns": []},
            ]
        },
    )
    assert result.returncode == 1
    assert "VULNERABLE django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in result.stdout
    assert "FAILED, 1 vulnerable package(s)" in result.stdout


def test_clean_report_passes(tmp_path):
    result = judge(
        tmp_path,
        {"dependencies": [{"name": "wagtail", "version": "8.0.1", "vulns": []}]},
    )
    assert result.returncode == 0
    assert "OK, 1 packages checked, no known vulnerabilities" in result.stdout


def test_unanswered_service_is_reported_but_does_not_fail(tmp_path):
    reason = "Dependency not found on PyPI and could not be audited: wagtail (8.0.1)"
    result = judge(tmp_path, {"dependencies": [{"name": "wagtail", "skip_reason": reason}]})
    assert result.returncode == 0
    assert result.stdout.startswith("dependency audit: NOT CHECKED")
