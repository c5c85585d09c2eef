"""What docs/xu-ly-su-co.md says about each error: the areas a message is listed
under (by the file that raises it), the advice for each kind of error, and advice
for particular messages (matched by their beginning)."""

from __future__ import annotations

# Area title → parts of a file's path (relative to the repository); the first match wins.
AREAS: dict[str, tuple[str, ...]] = {
    "Đăng nhập, tài khoản và quyền": ("officers", "logins", "permissions", "roles",
                                      "services/core", "password"),
    "Hàng đợi và phiếu số thứ tự": ("queue", "ratings", "rating"),
    "Tiếp nhận, theo dõi và trả hồ sơ": ("intake", "dossier", "slips", "codes", "documents",
                                         "attachments", "official_forms", "statuses",
                                         "drafts", "scan_folder", "forms.py"),
    "Công dân không viết và thẻ CCCD": ("citizen", "cccd"),
    "Danh mục thủ tục": ("catalogue",),
    "Lịch làm việc và hạn giải quyết": ("calendar",),
    "Báo cáo": ("report",),
    "Máy in": ("printing", "printer"),
    "Đồng bộ với máy chủ": ("sync",),
    "Cấu hình, cài đặt và khởi động": ("config", "setup", "cli", "commands", "gui", "paths",
                                        "form_templates", "office", "limits"),
    "Cơ sở dữ liệu": ("db/",),
    "Khác": ("",),
}

ADVICE: dict[str, str] = {
    "CccdParseError": "Mã quét không phải mã QR trên thẻ CCCD hoặc bị đọc thiếu. Quét lại mặt "
                      "trước thẻ, giữ thẻ phẳng và đủ sáng; vẫn không được thì nhập tay.",
    "CatalogueImportError": "Tệp danh mục có dòng sai; chưa có gì được ghi. Sửa đúng các dòng "
                            "được nêu (xem catalogue-format.md) rồi nhập lại cả tệp.",
    "AuthError": "Kiểm tra tên đăng nhập, mật khẩu (chú ý bộ gõ tiếng Việt và phím Caps Lock). "
                 "Nhập sai nhiều lần, tài khoản tạm khóa: chờ hết thời gian hoặc nhờ quản trị "
                 "viên đặt lại mật khẩu (Quản trị → Cán bộ).",
    "SessionEnded": "Tài khoản vừa bị khóa hoặc đổi vai trò: đăng nhập lại; nếu không được, "
                    "hỏi quản trị viên.",
    "PermissionDenied": "Vai trò của tài khoản không được làm việc này. Đăng nhập bằng tài "
                        "khoản có quyền, hoặc nhờ quản trị viên (bảng quyền: SECURITY.md).",
    "NotFound": "Không có mục đã tìm. Kiểm tra mã đã nhập hoặc quét (đúng chữ và số), hoặc "
                "tìm theo tên; dữ liệu từ máy khác có thể chưa đồng bộ tới.",
    "BadPrinterUrl": "Địa chỉ máy in viết sai. Chọn lại ở Quản trị → Cài đặt → Máy in phiếu "
                     "(nút Tìm), hoặc viết theo mẫu usb:…, serial:COM3, tcp:192.168.1.50:9100.",
    "PrinterUnsupported": "Máy này thiếu thành phần để dùng kiểu máy in đã chọn. Dùng kiểu "
                          "nối khác (cổng COM, mạng) hoặc cài phần hỗ trợ theo cai-dat.md.",
    "PrinterUnreachable": "Không kết nối được máy in: kiểm tra máy in đã bật, dây USB/mạng đã "
                          "cắm, địa chỉ IP hoặc cổng COM đúng; rồi bấm In thử ở Quản trị → Cài "
                          "đặt. Số thứ tự đã được ghi nhận, có thể in lại.",
    "PrinterTimeout": "Máy in không trả lời kịp: kiểm tra máy in còn bật, không kẹt giấy, dây "
                      "nối chắc; tắt bật lại máy in rồi in lại. Số thứ tự đã được ghi nhận.",
    "PaperOut": "Máy in hết giấy: thay cuộn giấy rồi in lại phiếu.",
    "CoverOpen": "Nắp máy in đang mở: đóng nắp rồi in lại phiếu.",
    "PrintError": "Phiếu chưa in được: xem lý do trong thông báo, khắc phục rồi in lại; số "
                  "thứ tự đã được ghi nhận.",
    "NotEnrolled": "Máy chưa đăng ký với máy chủ đồng bộ: quản trị viên đăng ký ở Quản trị → "
                   "Đăng ký máy chủ đồng bộ (SYNC.md). Phần mềm vẫn làm việc bình thường ngoại tuyến.",
    "Unreachable": "Không kết nối được máy chủ đồng bộ: kiểm tra mạng. Phần mềm vẫn làm việc "
                   "bình thường và tự đồng bộ khi có mạng trở lại; không mất dữ liệu.",
    "SyncFailure": "Máy chủ đồng bộ từ chối yêu cầu: xem lý do trong thông báo; báo quản trị "
                   "viên máy chủ nếu lặp lại. Dữ liệu trên máy vẫn được giữ nguyên.",
    "NotADatabaseError": "Tệp dữ liệu không phải cơ sở dữ liệu của phần mềm (hỏng hoặc chọn "
                         "nhầm tệp). Không xóa tệp: khôi phục từ bản sao lưu, hoặc báo quản trị viên.",
    "ForeignDatabaseError": "Tệp là cơ sở dữ liệu của phần mềm khác: chọn đúng tệp dữ liệu "
                            "(--db) hoặc để phần mềm dùng thư mục dữ liệu mặc định.",
    "DatabaseTooNewError": "Dữ liệu đã được phiên bản mới hơn mở: cài phiên bản mới nhất của "
                           "phần mềm trên máy này.",
    "DatabaseBusyError": "Một chương trình khác đang giữ tệp dữ liệu (sao lưu, phần mềm chống "
                         "virus, một cửa sổ khác): chờ một lát rồi làm lại.",
    "DiskFullError": "Ổ đĩa đầy: giải phóng chỗ trống (xóa tệp tạm, chuyển tệp quét cũ) rồi làm "
                     "lại; việc vừa làm chưa được ghi.",
    "ReadOnlyDatabaseError": "Không ghi được vào thư mục dữ liệu: kiểm tra quyền ghi của tài "
                             "khoản Windows trên thư mục dữ liệu (cai-dat.md).",
    "DatabaseError": "Lỗi khi đọc, ghi cơ sở dữ liệu: làm lại; nếu lặp lại, chạy "
                     "`counter-app db check` và báo quản trị viên. Dữ liệu đã lưu không mất.",
    "ConfigError": "Cấu hình của máy có mục sai: sửa ở Quản trị → Cài đặt, hoặc bằng "
                   "`counter-app config set` theo đúng mục được nêu; tệp cấu hình được giữ nguyên.",
    "NoDisplayError": "Chạy phần mềm ngay trên máy có màn hình (không qua SSH); các lệnh quản "
                      "trị không cần màn hình.",
    "LogFolderError": "Không ghi được tệp nhật ký: kiểm tra quyền ghi trên thư mục nhật ký.",
    "UserInputError": "Sửa như thông báo nói rồi làm lại; chưa có gì được ghi.",
}

_REENROLL = ("Máy được khôi phục từ bản sao lưu cũ rồi ghi thêm việc trước khi đồng bộ: quản "
             "trị viên bấm Quản trị → Đăng ký lại máy… (hoặc counter-app --user ADMIN sync "
             "reenroll). Máy nhận mã thiết bị mới, không cần mã đăng ký mới, không mất sự kiện "
             "nào; mã hồ sơ đã in giữ nguyên (quan-tri.md).")
ADVICE_BY_MESSAGE: dict[str, str] = {
    "Mật khẩu phải có ít nhất": "Chọn mật khẩu dài hơn (ít nhất 8 ký tự).",
    "Không dùng mật khẩu mẫu": "Mật khẩu demo1234 ai cũng biết: chọn mật khẩu khác cho cơ quan thật.",
    "Hãy đổi mật khẩu trước khi làm việc": "Tài khoản đang dùng mật khẩu tạm hoặc mật khẩu "
                                           "mẫu: đặt mật khẩu mới trong hộp đăng nhập.",
    "Chưa đăng nhập": "Đăng nhập lại (Tệp → Đăng xuất rồi đăng nhập), hoặc thêm --user khi chạy lệnh.",
    "Máy chủ đã có": _REENROLL,
    "Máy chủ có sự kiện số": _REENROLL,
}

DEFAULT_ADVICE = "Làm theo hướng dẫn trong thông báo; nếu lặp lại, báo quản trị viên."
