; Included by electron-builder's NSIS script (electron-builder.yml, nsis.include).
; Puts the labtray command on the PATH: %LOCALAPPDATA%\Microsoft\WindowsApps is
; on every user's PATH, so a one-line labtray.cmd there calls the one next to
; LabTray.exe. The uninstaller removes it.
!macro customInstall
  CreateDirectory "$LOCALAPPDATA\Microsoft\WindowsApps"
  FileOpen $0 "$LOCALAPPDATA\Microsoft\WindowsApps\labtray.cmd" w
  FileWrite $0 '@"$INSTDIR\labtray.cmd" %*$\r$\n'
  FileClose $0
!macroend

!macro customUnInstall
  Delete "$LOCALAPPDATA\Microsoft\WindowsApps\labtray.cmd"
!macroend
