import subprocess
import sys


def test_importing_proofing_loads_no_django_nor_other_drafts_packages():
    code = (
        "import sys, drafts.proofing; "
        "print(sorted(m for m in sys.modules "
        "if m.startswith('django') or "
        "(m.startswith('drafts.') and not m.startswith('drafts.proofing'))))"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"
