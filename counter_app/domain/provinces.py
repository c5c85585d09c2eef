"""Province codes in the first three digits of a 12-digit personal ID number.

The table is Phụ lục 1 "Danh mục mã tỉnh, thành phố trực thuộc Trung ương nơi
công dân đăng ký khai sinh" of Thông tư 07/2016/TT-BCA (01/02/2016), as
reproduced by thuvienphapluat.vn ("Tra cứu mã 63 tỉnh thành trên thẻ Căn cước
công dân") and checked against a second copy of the Phụ lục (two sources agree).

These are the 63 provinces before the 2025 merger (34 provinces from 1/7/2025).
Numbers already issued keep their codes, so the old names stay right for reading
a card. The rule itself is no longer guaranteed (Luật Căn cước 26/2023/QH15 only
promises 12 digits), so an unknown code is a warning, never a refusal. Citizens
whose birth was registered abroad carry a country code (Phụ lục 2), not listed here.
"""

from __future__ import annotations

PROVINCES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}


def province_name(code: str) -> str | None:
    """``"001"`` → ``"Hà Nội"``; ``None`` for a code not in the 2016 table."""
    return PROVINCES.get(code)
