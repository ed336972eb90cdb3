@echo off
rem tcplab, started by node directly: "tcplab check 05" in cmd, ".\tcplab check 05" in PowerShell, is
rem "npx tcplab check 05" without npx's own half second. It runs grader\cli\bin.js from this folder.
where node >nul 2>nul || (echo tcplab: node is not on PATH; install Node.js 20.17 or newer ^(https://nodejs.org^) 1>&2 & exit /b 127)
rem The failed goto ends the batch before node starts (the line is already read), so Ctrl+C stops
rem tcplab without cmd asking "Terminate batch job (Y/N)?", and node's exit code is the command's.
goto #_no_label_# 2>nul || node "%~dp0grader\cli\bin.js" %*
