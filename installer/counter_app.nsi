; Windows installer for Quầy Một cửa (NSIS 3, Unicode). Built by installer/build.py:
;
;   makensis -DBUNDLE_DIR=dist\counter-app -DVERSION=0.1.0 -DOUTFILE=dist\setup.exe installer\counter_app.nsi
;
; BUNDLE_DIR is the PyInstaller one-folder bundle (installer/counter_app.spec). On Linux CI
; it is a stub folder: the script's syntax and logic are compiled and checked, but a real
; installer needs the Windows bundle (installer/README.md).
;
; Per machine: programs in Program Files, data (database, configuration, logs, forms kept)
; in ProgramData\QuayMotCua, shared by every Windows account of the PC. The programs find
; it through data-dir.txt written beside them (counter_app/paths.py).
; Upgrade: run a newer installer; the programs are replaced, the data is kept.
; Uninstall: the data is kept unless the box "Xoá cả dữ liệu" is ticked.

Unicode true
ManifestDPIAware true

!ifndef BUNDLE_DIR
  !error "Cần -DBUNDLE_DIR=<thư mục bản đóng gói PyInstaller>"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "counter-app-setup-${VERSION}.exe"
!endif

!define PRODUCT "Quầy Một cửa"
!define KEY "QuayMotCua"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${KEY}"
!define APP "counter-app.exe"
!define CLI "counter-app-cli.exe"

!include "MUI2.nsh"
!include "x64.nsh"
!include "LogicLib.nsh"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${KEY}"
InstallDirRegKey HKLM "Software\${KEY}" "InstallDir"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "FileDescription" "Cài đặt ${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${KEY}"

Var DataDir

!define MUI_ABORTWARNING
!define MUI_UNCOMPONENTSPAGE_TEXT_TOP "Dữ liệu của văn phòng (hồ sơ, phiếu, cấu hình, nhật ký) được giữ lại để cài lại hoặc nâng cấp sau. Chỉ đánh dấu ô dưới đây khi chắc chắn muốn xoá hẳn."
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP}"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${PRODUCT} (quầy)"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${PRODUCT} cần Windows 64 bit (Windows 10 hoặc 11)."
    Abort
  ${EndIf}
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Function un.onInit
  SetRegView 64
  SetShellVarContext all
FunctionEnd

Section "${PRODUCT}" SecMain
  SectionIn RO
  StrCpy $DataDir "$APPDATA\${KEY}"
  ; Upgrade in place: the old programs go (a file left from an older version could be
  ; loaded by the new one); the data folder is elsewhere and is not touched.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${BUNDLE_DIR}\*"

  ; Where the programs find the data (UTF-16 with a byte-order mark: any path).
  CreateDirectory "$DataDir"
  FileOpen $0 "$INSTDIR\data-dir.txt" w
  FileWriteWord $0 0xFEFF
  FileWriteUTF16LE $0 "$DataDir"
  FileClose $0
  ; Every account of the PC may write the data (officers log in to Windows as themselves).
  nsExec::ExecToLog 'icacls "$DataDir" /grant *S-1-5-32-545:(OI)(CI)M /T /C /Q'
  Pop $0

  ; One shortcut per role of a PC; the windows are chosen on the command line
  ; (counter_app/commands/gui.py). The kiosk and board open full screen.
  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\Quầy tiếp nhận.lnk" "$INSTDIR\${APP}" "gui --window counter" "$INSTDIR\${APP}" 0
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\Máy lấy số (kiosk).lnk" "$INSTDIR\${APP}" "gui --window kiosk" "$INSTDIR\${APP}" 0
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\Bảng gọi số.lnk" "$INSTDIR\${APP}" "gui --window display" "$INSTDIR\${APP}" 0
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\Bàn hỗ trợ (Công dân không viết).lnk" "$INSTDIR\${APP}" "gui --window counter --section citizen_forms" "$INSTDIR\${APP}" 0
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\Tự kiểm tra phần mềm.lnk" "$SYSDIR\cmd.exe" '/k ""$INSTDIR\${CLI}" self-test"' "$INSTDIR\${APP}" 0
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\Gỡ cài đặt.lnk" "$INSTDIR\uninstall.exe"
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${APP}" "gui --window counter" "$INSTDIR\${APP}" 0

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "Software\${KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "Software\${KEY}" "DataDir" "$DataDir"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${KEY}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "un.${PRODUCT}" UnSecMain
  SectionIn RO
  Delete "$DESKTOP\${PRODUCT}.lnk"
  RMDir /r "$SMPROGRAMS\${PRODUCT}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP}"
  Delete "$INSTDIR\${CLI}"
  Delete "$INSTDIR\data-dir.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "Software\${KEY}"
SectionEnd

; Unticked unless the user ticks it; a silent uninstall (/S) keeps the data.
Section /o "un.Xoá cả dữ liệu của văn phòng (không lấy lại được)" UnSecData
  RMDir /r "$APPDATA\${KEY}"
SectionEnd

!insertmacro MUI_UNFUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecMain} "Gỡ chương trình và các lối tắt."
  !insertmacro MUI_DESCRIPTION_TEXT ${UnSecData} "Xoá thư mục $APPDATA\${KEY}: cơ sở dữ liệu, cấu hình, nhật ký, bản sao biểu mẫu. Hãy sao lưu trước."
!insertmacro MUI_UNFUNCTION_DESCRIPTION_END
