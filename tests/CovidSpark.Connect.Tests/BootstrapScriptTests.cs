using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CovidSpark.Connect.Tests;

/// <summary>
/// Rehearses bootstrap/start-spark-connect.sh on this machine: a fake EMR info folder, a fake Spark install whose
/// start-connect-server.sh records its arguments and opens the port (a short-lived python listener).
/// </summary>
public sealed class BootstrapScriptTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "covidspark-bootstrap-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePort();

    public BootstrapScriptTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "info"));
        Directory.CreateDirectory(Path.Combine(_root, "spark", "sbin"));
        Directory.CreateDirectory(Path.Combine(_root, "spark", "jars"));
        Directory.CreateDirectory(Path.Combine(_root, "conf"));
        File.WriteAllText(Path.Combine(_root, "conf", "spark-defaults.conf"), "spark.master yarn\n");
        File.WriteAllText(Path.Combine(_root, "spark", "jars", "spark-core_2.12-3.5.1-amzn-0.jar"), "x");
        File.WriteAllText(Path.Combine(_root, "spark-connect_2.12-3.5.1.jar"), "jar");
        var stub = Path.Combine(_root, "spark", "sbin", "start-connect-server.sh");
        File.WriteAllText(stub, $$"""
            #!/usr/bin/env bash
            echo "$*" >> "{{_root}}/started"
            python3 -c 'import socket,sys,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(60)' {{_port}} >/dev/null 2>&1 &
            echo $! > "{{_root}}/listener.pid"
            """.Replace("\r\n", "\n"));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(stub, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Primary(true, "emr-7.2.0");
    }

    private void Primary(bool isMaster, string release)
    {
        File.WriteAllText(Path.Combine(_root, "info", "instance.json"), $$"""{"isMaster": {{(isMaster ? "true" : "false")}}, "instanceGroupId": "ig-1"}""");
        File.WriteAllText(Path.Combine(_root, "info", "extraInstanceData.json"), $$"""{"releaseLabel": "{{release}}"}""");
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private (int ExitCode, string Output) Run(params string[] args)
    {
        var script = Path.Combine(RepoRoot(), "bootstrap", "start-spark-connect.sh");
        var psi = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["COVIDSPARK_EMR_INFO_DIR"] = Path.Combine(_root, "info");
        psi.Environment["SPARK_HOME"] = Path.Combine(_root, "spark");
        psi.Environment["SPARK_CONF_DIR"] = Path.Combine(_root, "conf");
        psi.Environment["COVIDSPARK_LOG_DIR"] = Path.Combine(_root, "log");
        psi.Environment["COVIDSPARK_STATE_DIR"] = Path.Combine(_root, "state");
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), "the script did not finish within 60 s");
        return (p.ExitCode, stdout + stderr.Result);
    }

    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "")
    {
        var dir = Path.GetDirectoryName(source)!;
        while (!File.Exists(Path.Combine(dir, "CovidSpark.sln"))) dir = Path.GetDirectoryName(dir) ?? throw new DirectoryNotFoundException("CovidSpark.sln not found above " + source);
        return dir;
    }

    private string[] Starts => File.Exists(Path.Combine(_root, "started")) ? File.ReadAllLines(Path.Combine(_root, "started")) : [];

    [Fact]
    public void Core_nodes_do_nothing()
    {
        Primary(false, "emr-7.2.0");

        var (code, output) = Run("--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, code);
        Assert.Contains("not the primary node", output);
        Assert.Empty(Starts);
    }

    [Fact]
    public void Spark_3_without_the_connect_jar_fails_before_emr_goes_on()
    {
        var (code, output) = Run("--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, code);
        Assert.Contains("emr-7.2.0 runs Spark 3.x, which does not ship the Spark Connect server", output);
    }

    [Fact]
    public void Starts_once_with_the_staged_jar_and_is_idempotent()
    {
        var port = _port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var jar = Path.Combine(_root, "spark-connect_2.12-3.5.1.jar");

        var first = Run("--foreground", "--port", port, "--connect-jar", jar, "--conf", "spark.connect.session.manager.defaultSessionTimeout=2h");
        var second = Run("--foreground", "--port", port, "--connect-jar", jar);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains($"Spark Connect is listening on port {port}", first.Output);
        var start = Assert.Single(Starts);
        Assert.Contains($"--conf spark.connect.grpc.binding.port={port}", start);
        Assert.Contains($"--jars {Path.Combine(_root, "state", "jars", "spark-connect_2.12-3.5.1.jar")}", start);
        Assert.Contains("--conf spark.connect.session.manager.defaultSessionTimeout=2h", start);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("already listens", second.Output);
        Assert.Single(Starts);
    }

    [Fact]
    public async Task As_a_bootstrap_action_it_returns_at_once_and_a_detached_waiter_starts_the_server()
    {
        var (code, output) = Run("--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--connect-jar", Path.Combine(_root, "spark-connect_2.12-3.5.1.jar"));

        Assert.True(code == 0, output);
        Assert.Contains("waiting for Spark in the background", output);
        for (var i = 0; i < 100 && Starts.Length == 0; i++) await Task.Delay(100);
        Assert.Single(Starts);
        for (var i = 0; i < 100 && !File.ReadAllText(Path.Combine(_root, "log", "spark-connect.log")).Contains("listening"); i++) await Task.Delay(100);
        Assert.Contains($"Spark Connect is listening on port {_port}", File.ReadAllText(Path.Combine(_root, "log", "spark-connect.log")));
    }

    public void Dispose()
    {
        var pidFile = Path.Combine(_root, "listener.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            try { using var listener = Process.GetProcessById(pid); listener.Kill(); }
            catch (ArgumentException) { } // already gone
        }
        Directory.Delete(_root, recursive: true);
    }
}
