"""A school's own export of everything it has written, and the restore that reads it back.

See docs/school-export.md for what the zip holds and how to restore it.
"""

FORMAT_NAME = "coe-network-school-export"
FORMAT_VERSION = 1
