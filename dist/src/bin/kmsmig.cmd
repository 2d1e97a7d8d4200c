@echo off
rem kmsmig launcher of the release archive (Windows). Runs lib\kmsmig.jar with the java found on JAVA_HOME, else on
rem PATH (Java 17 or newer). KMSMIG_JAVA_OPTS adds JVM options, e.g. set KMSMIG_JAVA_OPTS=-Xmx2g
setlocal
set "KMSMIG_HOME=%~dp0.."
set "JAVA_EXE=java.exe"
if defined JAVA_HOME set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
"%JAVA_EXE%" %KMSMIG_JAVA_OPTS% -jar "%KMSMIG_HOME%\lib\kmsmig.jar" %*
exit /b %ERRORLEVEL%
