@echo off
rem tandem: Tandem's operator tools. Runs dev.tandem.cli.TandemCli with every jar in ..\lib on the
rem class path, on the java of JAVA_HOME, else the java on PATH (Java 17 or newer).
setlocal
set "TANDEM_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
"%JAVA%" %JAVA_OPTS% -cp "%TANDEM_HOME%\lib\*" dev.tandem.cli.TandemCli %*
exit /b %ERRORLEVEL%
