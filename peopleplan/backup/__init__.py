"""Database-independent backups that restore: see :mod:`.fileformat` for the file, :mod:`.scope` for what it holds.

- :func:`backup_write` reads every backed-up model in one snapshot and writes the file;
- :func:`backup_restore` checks the whole file and the target, then restores it in one transaction.
"""

from .dump import backup_write
from .fileformat import FORMAT_VERSION, BackupError
from .load import backup_restore
from .scope import EXCLUDED_APPS, EXCLUDED_MODELS, backup_models

__all__ = [
    "EXCLUDED_APPS",
    "EXCLUDED_MODELS",
    "FORMAT_VERSION",
    "BackupError",
    "backup_models",
    "backup_restore",
    "backup_write",
]
