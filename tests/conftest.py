import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "fuzhou_data" / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A temporary copy of the bundled data folder, safe to corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
