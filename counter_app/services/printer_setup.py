"""Choosing the ticket printer from the settings screen: the printers this PC sees,
and a test ticket that reports what the printer answered about itself.

The test prints the sample ticket ``counter-app printer test`` prints, through the
same path a real ticket takes (printing.service), so a printer that passes here
prints queue tickets. Nothing is recorded: a test ticket is not a queue number.
"""

from __future__ import annotations

from printing import detect, service
from printing.service import PrintResult
from counter_app.services.core import Core, guarded


@guarded
def detected_printers(core: Core) -> list[detect.FoundPrinter]:
    """USB, serial, Windows and CUPS printers this PC can see now (may take a second)."""
    return detect.detect()


@guarded
def test_ticket_printer(core: Core, url: str, width_dots: int | None = None,
                        timeout: float = 5.0) -> PrintResult:
    """Print the sample ticket to ``url``; the result carries the printer's status
    answer (DLE EOT) or says it gave none."""
    width = width_dots or core.config.printer.ticket_width_dots
    content = service.sample_ticket(core.config.office.name, core.config.office.parent_name)
    return service.print_ticket(content, url.strip(), width, timeout=timeout)


def status_text(result: PrintResult) -> str:
    """One Vietnamese sentence on how the test went and what the printer said."""
    if not result.ok:
        return f"Không in được: {result.error}"
    if result.status is not None:
        said = f"Máy in trả lời: {result.status.description}."
    elif result.status_asked:
        said = "Máy in không trả lời lệnh hỏi trạng thái (DLE EOT): chưa kiểm tra được giấy và nắp."
    else:
        said = "Đường nối này không hỏi được trạng thái máy in."
    warn = f" Lưu ý: {result.warning}" if result.warning else ""
    return f"Đã gửi phiếu in thử ({result.bytes_sent} byte). {said}{warn}"
