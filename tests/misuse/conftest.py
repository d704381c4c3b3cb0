"""The misuse suite shares one refusal helper and tables of bad values (a module
beside this file, put on the import path here)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
