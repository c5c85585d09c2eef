"""Quầy Một cửa — the core of the reception-counter application.

Nothing in this package imports Qt; ``ui/`` is the only place that does.
"""

__version__ = "0.1.0"

PRODUCT_NAME = "Quầy Một cửa"
# Neutral to the counter unit's legal name, which changed on 1/7/2025 (the unit is
# configuration, ``office.unit_name``): shown on the login and about boxes.
PRODUCT_LONG_NAME = "Phần mềm tiếp nhận và trả kết quả thủ tục hành chính một cửa"
