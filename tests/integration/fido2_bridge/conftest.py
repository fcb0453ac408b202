"""Fixtures for keybridge's FIDO2 commands (tests/integration/conftest.py
provides `keysim`, `keybridge`, `hid`)."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
BUILD = pathlib.Path(os.environ.get("KEYBRIDGE_BUILD_DIR",
                                    ROOT / "build" / "default"))


@pytest.fixture(scope="session")
def libfido2_client_bin():
    path = BUILD / "tests" / "libfido2_client" / "libfido2_client"
    if not path.exists():
        pytest.fail(f"{path} is missing: build the project first (target "
                    "libfido2_client)")
    return path
