using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CovidSpark.Connect.Tests.Bootstrap;

/// <summary>
/// A fake EMR primary node for bootstrap/start-spark-connect.sh: the EMR info folder, a Spark install whose
/// start-connect-server.sh records its arguments (and the token variable) and opens the port with a short-lived python
/// listener, and fake <c>hdfs</c>, <c>yarn</c>, <c>nft</c>/<c>iptables</c>, <c>aws</c> and <c>sudo</c> on PATH that record
/// their calls. Log and state folders sit under a root-owned <c>var/</c>, as /var/log and /var/lib do on a node.
/// </summary>
internal sealed class BootstrapNode : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("covidspark-bootstrap-").FullName;

    public BootstrapNode()
    {
        Port = FreePort();
        Chmod(_root, "755"); // temp subdirectories are 0700: the unprivileged user must reach the fake node
        foreach (var dir in new[] { "info", "spark/sbin", "spark/jars", "conf", "bin", "var", "out", "priv" })
            Directory.CreateDirectory(Path.Combine(_root, dir));
        // Anyone may record calls here; only root may create folders under var/ (like /var/log on the node).
        Chmod(Out, "777");
        File.WriteAllText(Path.Combine(_root, "conf", "spark-defaults.conf"), "spark.master yarn\n");
        File.WriteAllText(Path.Combine(_root, "spark-connect_2.12-3.5.1.jar"), "jar");
        SparkVersion("3.5.1");
        Script(Path.Combine(_root, "spark", "sbin", "start-connect-server.sh"), $$"""
            echo "$* token=${SPARK_CONNECT_AUTHENTICATE_TOKEN:-none}" >> "{{Out}}/started"
            python3 -c 'import socket,sys,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(60)' {{Port}} >/dev/null 2>&1 &
            echo $! > "{{Out}}/listener.pid"
            """);
        // hdfs/yarn answer "not ready" while out/hdfs-not-ready-calls counts down (tests set it), then ready.
        Script(Bin("hdfs"), $$"""
            echo "hdfs $*" >> "{{Out}}/calls"
            n=$(cat "{{Out}}/hdfs-not-ready-calls" 2>/dev/null || echo 0)
            if [ "$n" -gt 0 ]; then echo $((n - 1)) > "{{Out}}/hdfs-not-ready-calls"; echo "Safe mode is ON"; else echo "Safe mode is OFF"; fi
            """);
        Script(Bin("yarn"), $$"""
            echo "yarn $*" >> "{{Out}}/calls"
            printf 'Total Nodes:2\n         Node-Id	     Node-State\n'
            """);
        Script(Bin("nft"), $$"""
            echo "nft $* (uid $(id -u), euid $(id -u))" >> "{{Out}}/calls"
            cat >> "{{Out}}/nft.rules"
            """);
        Script(Bin("aws"), $$"""
            echo "aws $*" >> "{{Out}}/calls"
            [ "$1 $2" = "ssm get-parameter" ] && echo "s3cr3t-token"
            """);
        Script(Bin("logger"), "true");
        Primary(true, "emr-7.2.0");
    }

    public int Port { get; }
    public string PortText => Port.ToString(CultureInfo.InvariantCulture);
    public string Root => _root;
    public string Out => Path.Combine(_root, "out");
    public string LogDir => Path.Combine(_root, "var", "log", "covidspark");
    public string StateDir => Path.Combine(_root, "var", "lib", "covidspark");
    public string ConnectJar => Path.Combine(_root, "spark-connect_2.12-3.5.1.jar");
    public string Bin(string name) => Path.Combine(_root, "bin", name);

    public string[] Starts => Lines("started");
    public string[] Calls => Lines("calls");
    public string NftRules => File.Exists(Path.Combine(Out, "nft.rules")) ? File.ReadAllText(Path.Combine(Out, "nft.rules")) : "";
    public string Log => File.Exists(Path.Combine(LogDir, "spark-connect.log")) ? File.ReadAllText(Path.Combine(LogDir, "spark-connect.log")) : "";

    private string[] Lines(string name) => File.Exists(Path.Combine(Out, name)) ? File.ReadAllLines(Path.Combine(Out, name)) : [];

    public void Primary(bool isMaster, string release)
    {
        File.WriteAllText(Path.Combine(_root, "info", "instance.json"), $$"""{"isMaster": {{(isMaster ? "true" : "false")}}, "instanceGroupId": "ig-1"}""");
        File.WriteAllText(Path.Combine(_root, "info", "extraInstanceData.json"), $$"""{"releaseLabel": "{{release}}"}""");
    }

    /// <summary>The installed Spark: its spark-core jar names the version; Spark 4 also ships the Connect jar.</summary>
    public void SparkVersion(string version)
    {
        foreach (var jar in Directory.GetFiles(Path.Combine(_root, "spark", "jars"))) File.Delete(jar);
        File.WriteAllText(Path.Combine(_root, "spark", "jars", $"spark-core_2.12-{version}-amzn-0.jar"), "x");
        if (version.StartsWith('4')) File.WriteAllText(Path.Combine(_root, "spark", "jars", $"spark-connect_2.13-{version}.jar"), "x");
    }

    public void HdfsNotReadyFor(int calls) => File.WriteAllText(Path.Combine(Out, "hdfs-not-ready-calls"), calls.ToString(CultureInfo.InvariantCulture));

    public void Remove(string tool) => File.Delete(Bin(tool));

    /// <summary>A fake <c>iptables</c>/<c>ip6tables</c> that has no rule yet (<c>-C</c> fails) and records the rest.</summary>
    public void AddIptables()
    {
        foreach (var tool in new[] { "iptables", "ip6tables" })
            Script(Bin(tool), $$"""
                echo "{{tool}} $*" >> "{{Out}}/calls"
                [ "$1" != "-C" ]
                """);
    }

    /// <summary>
    /// Makes root-only work possible for <paramref name="uid"/> the way EMR's passwordless sudo does, without touching
    /// /etc: a fake <c>sudo</c> that insists on <c>-n</c>, records the command and runs it through a set-uid-root copy
    /// of <c>env</c> that only the test user's group may execute.
    /// </summary>
    public void PasswordlessSudoFor(int uid)
    {
        var env = Path.Combine(_root, "priv", "env");
        File.Copy("/usr/bin/env", env);
        Run("chown", $"0:{uid}", env);
        Chmod(env, "4750");
        Script(Bin("sudo"), $$"""
            if [ "$1" != "-n" ]; then echo "sudo: a terminal is required to read the password" >&2; exit 1; fi
            shift
            echo "sudo -n $*" >> "{{Out}}/calls"
            exec "{{env}}" "$@"
            """);
    }

    /// <summary>Runs the script; <paramref name="uid"/> runs it as that unprivileged user (setpriv, no supplementary groups).</summary>
    public (int ExitCode, string Output) Run(string[] args, int? uid = null)
    {
        var script = RepoRoot.Combine("bootstrap", "start-spark-connect.sh");
        var psi = new ProcessStartInfo(uid is null ? "bash" : "setpriv") { RedirectStandardError = true, RedirectStandardOutput = true };
        if (uid is { } u)
        {
            foreach (var a in new[] { $"--reuid={u}", $"--regid={u}", "--clear-groups", "bash" }) psi.ArgumentList.Add(a);
        }
        psi.ArgumentList.Add(script);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["PATH"] = Path.Combine(_root, "bin") + ":/usr/local/bin:/usr/bin:/bin";
        psi.Environment["HOME"] = Out;
        psi.Environment["COVIDSPARK_EMR_INFO_DIR"] = Path.Combine(_root, "info");
        psi.Environment["SPARK_HOME"] = Path.Combine(_root, "spark");
        psi.Environment["SPARK_CONF_DIR"] = Path.Combine(_root, "conf");
        psi.Environment["SPARK_LOG_DIR"] = Out;
        psi.Environment["COVIDSPARK_LOG_DIR"] = LogDir;
        psi.Environment["COVIDSPARK_STATE_DIR"] = StateDir;
        psi.Environment["COVIDSPARK_POLL_SECONDS"] = "0.1";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), "the script did not finish within 60 s");
        return (p.ExitCode, stdout + stderr.Result);
    }

    public async Task WaitForLogAsync(string text)
    {
        for (var i = 0; i < 150 && !Log.Contains(text, StringComparison.Ordinal); i++) await Task.Delay(100);
    }

    private static void Script(string path, string body)
    {
        File.WriteAllText(path, "#!/usr/bin/env bash\n" + body.Replace("\r\n", "\n") + "\n");
        Chmod(path, "755");
    }

    private static void Chmod(string path, string mode) => Run("chmod", mode, path);

    private static void Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} failed: {error}");
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        var pidFile = Path.Combine(Out, "listener.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            try { using var listener = Process.GetProcessById(pid); listener.Kill(); }
            catch (ArgumentException) { } // already gone
        }
        Directory.Delete(_root, recursive: true);
    }
}
