// The tests drive bash, unzip and Unix file modes: they run on Linux (the CI image).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
