@echo off
rem The labtray command, next to LabTray.exe: the app runs the command and exits with its code.
"%~dp0LabTray.exe" --cli %*
