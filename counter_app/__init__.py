"""Quầy Một cửa — the core of the reception-counter application.

Nothing in this package imports Qt; ``ui/`` is the only place that does.
"""

__version__ = "0.1.0"

PRODUCT_NAME = "Quầy Một cửa"
PRODUCT_LONG_NAME = "Phần mềm Bộ phận Tiếp nhận và Trả kết quả"
