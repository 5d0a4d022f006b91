import io
from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).parent / "fixtures"


def run(command, *args, **options) -> str:
    """Run a management command; return what it printed."""
    out = io.StringIO()
    call_command(command, *[str(a) for a in args], stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def site_xml():
    return FIXTURES / "site.xml"


@pytest.fixture
def imported(db, site_xml):
    """The hand-written WordPress site, imported; the command's report."""
    return run("import_wordpress", site_xml)
