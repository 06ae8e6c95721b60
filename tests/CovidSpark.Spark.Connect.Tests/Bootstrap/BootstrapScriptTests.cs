namespace CovidSpark.Connect.Tests.Bootstrap;

/// <summary>
/// Rehearses bootstrap/start-spark-connect.sh on a fake EMR primary node (<see cref="BootstrapNode"/>): which node
/// starts a server, when (Spark installed, HDFS out of safe mode, YARN with running nodes), with which settings, behind
/// which firewall rule, and as the unprivileged user EMR runs bootstrap actions as.
/// </summary>
public sealed class BootstrapScriptTests : IDisposable
{
    private readonly BootstrapNode _node = new();

    [Fact]
    public void Core_nodes_do_nothing()
    {
        _node.Primary(false, "emr-7.2.0");

        var (code, output) = _node.Run(["--port", _node.PortText]);

        Assert.Equal(0, code);
        Assert.Contains("not the primary node", output);
        Assert.Empty(_node.Starts);
        Assert.Empty(_node.NftRules);
    }

    [Fact]
    public void Spark_3_without_the_connect_jar_fails_before_emr_goes_on()
    {
        var (code, output) = _node.Run(["--port", _node.PortText]);

        Assert.Equal(1, code);
        Assert.Contains("emr-7.2.0 runs Spark 3.x, which does not ship the Spark Connect server", output);
    }

    [Fact]
    public void Starts_once_with_the_staged_jar_and_is_idempotent()
    {
        var first = _node.Run(["--foreground", "--port", _node.PortText, "--connect-jar", _node.ConnectJar, "--conf", "spark.connect.session.manager.defaultSessionTimeout=2h"]);
        var second = _node.Run(["--foreground", "--port", _node.PortText, "--connect-jar", _node.ConnectJar]);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains($"Spark Connect is listening on 127.0.0.1:{_node.Port}", first.Output);
        var start = Assert.Single(_node.Starts);
        Assert.Contains($"--conf spark.connect.grpc.binding.port={_node.Port}", start);
        Assert.Contains($"--jars {Path.Combine(_node.StateDir, "jars", "spark-connect_2.12-3.5.1.jar")}", start);
        Assert.Contains("--conf spark.connect.session.manager.defaultSessionTimeout=2h", start);
        Assert.DoesNotContain("binding.address", start); // Spark 3.5 has no such setting: the firewall does it
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("already listens", second.Output);
        Assert.Single(_node.Starts);
    }

    [Fact]
    public async Task As_a_bootstrap_action_it_returns_at_once_and_a_detached_waiter_starts_the_server()
    {
        var (code, output) = _node.Run(["--port", _node.PortText, "--connect-jar", _node.ConnectJar]);

        Assert.True(code == 0, output);
        Assert.Contains("waiting for Spark in the background", output);
        await _node.WaitForLogAsync("listening");
        Assert.Single(_node.Starts);
        Assert.Contains($"Spark Connect is listening on 127.0.0.1:{_node.Port}", _node.Log);
    }

    /// <summary>Finding 1 of issue 12: EMR runs bootstrap actions as 'hadoop'; /var/log and /var/lib are root's.</summary>
    [UnprivilegedFact]
    public async Task Runs_as_an_unprivileged_user_using_sudo_n_only_for_root_work()
    {
        const int uid = 47312;
        _node.PasswordlessSudoFor(uid);

        var (code, output) = _node.Run(["--port", _node.PortText, "--connect-jar", _node.ConnectJar], uid);

        Assert.True(code == 0, output);
        await _node.WaitForLogAsync("listening");
        Assert.Contains($"Spark Connect is listening on 127.0.0.1:{_node.Port}", _node.Log);
        Assert.Single(_node.Starts);
        // Only the folders and the firewall needed root; the folders now belong to the user, so the waiter needs no sudo.
        var sudo = _node.Calls.Where(c => c.StartsWith("sudo", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            [$"sudo -n install -d -o {uid} -g {uid} -m 0755 {_node.LogDir}", $"sudo -n install -d -o {uid} -g {uid} -m 0755 {_node.StateDir}", "sudo -n nft -f -"],
            sudo);
        Assert.Equal(uid, OwnerOf(_node.LogDir));
        Assert.Equal(uid, OwnerOf(Path.Combine(_node.StateDir, "jars", "spark-connect_2.12-3.5.1.jar")));
    }

    [UnprivilegedFact]
    public void An_unprivileged_user_without_passwordless_sudo_fails_the_bootstrap_with_the_reason()
    {
        var (code, output) = _node.Run(["--port", _node.PortText, "--connect-jar", _node.ConnectJar], 47313);

        Assert.Equal(1, code);
        Assert.Contains("install -d", output); // the failing command is named, not a bare 'Permission denied'
        Assert.Empty(_node.Starts);
    }

    /// <summary>Finding 2: Spark 3.5 listens on every interface, so the port is dropped everywhere but on lo.</summary>
    [Fact]
    public void The_port_is_dropped_on_every_interface_but_loopback_before_the_server_starts()
    {
        var first = _node.Run(["--foreground", "--port", _node.PortText, "--connect-jar", _node.ConnectJar]);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal($$"""
            table inet covidspark_connect
            delete table inet covidspark_connect
            table inet covidspark_connect {
              chain input {
                type filter hook input priority filter; policy accept;
                iifname != "lo" tcp dport {{_node.Port}} drop
              }
            }

            """.Replace("\r\n", "\n"), _node.NftRules);
        var calls = _node.Calls.ToList();
        Assert.True(calls.FindIndex(c => c.StartsWith("nft", StringComparison.Ordinal)) < calls.FindIndex(c => c.StartsWith("hdfs", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_nft_iptables_and_ip6tables_get_the_same_rule_once()
    {
        _node.Remove("nft");
        _node.AddIptables();

        var (code, output) = _node.Run(["--foreground", "--port", _node.PortText, "--connect-jar", _node.ConnectJar]);

        Assert.True(code == 0, output);
        var rule = $"INPUT 1 -p tcp --dport {_node.Port} ! -i lo -j DROP";
        Assert.Contains($"iptables -I {rule}", _node.Calls);
        Assert.Contains($"ip6tables -I {rule}", _node.Calls);
    }

    [Fact]
    public void Without_any_firewall_tool_the_server_is_not_started()
    {
        _node.Remove("nft");

        var (code, output) = _node.Run(["--foreground", "--port", _node.PortText, "--connect-jar", _node.ConnectJar]);

        Assert.Equal(1, code);
        Assert.Contains("neither nft nor iptables is installed", output);
        Assert.Empty(_node.Starts);
    }

    /// <summary>Finding 2 on Spark 4: bound to 127.0.0.1 and the token from SSM, passed in the environment only.</summary>
    [Fact]
    public void Spark_4_binds_to_loopback_and_requires_the_token_from_ssm()
    {
        _node.Primary(true, "emr-8.0.0");
        _node.SparkVersion("4.0.1");

        var (code, output) = _node.Run(["--foreground", "--port", _node.PortText, "--token-parameter", "/covidspark/connect-token"]);

        Assert.True(code == 0, output);
        Assert.Contains("aws ssm get-parameter --name /covidspark/connect-token --with-decryption --query Parameter.Value --output text", _node.Calls);
        var start = Assert.Single(_node.Starts);
        Assert.Contains("--conf spark.connect.grpc.binding.address=127.0.0.1", start);
        Assert.EndsWith("token=s3cr3t-token", start);         // the variable Spark 4 reads
        Assert.DoesNotContain("s3cr3t-token", start[..start.LastIndexOf(" token=", StringComparison.Ordinal)]); // never an argument
        Assert.DoesNotContain("s3cr3t-token", output);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_node.StateDir, "spark-connect.token")));
    }

    [Fact]
    public void Emr_8_without_a_token_parameter_fails_before_emr_goes_on()
    {
        _node.Primary(true, "emr-8.0.0");

        var (code, output) = _node.Run(["--port", _node.PortText]);

        Assert.Equal(1, code);
        Assert.Contains("emr-8.0.0 runs Spark 4: pass --token-parameter", output);
    }

    /// <summary>Finding 8: not started before HDFS and YARN are up (EMR writes their final configuration first).</summary>
    [Fact]
    public void The_server_starts_only_once_hdfs_has_left_safe_mode_and_yarn_has_running_nodes()
    {
        _node.HdfsNotReadyFor(3);

        var (code, output) = _node.Run(["--foreground", "--port", _node.PortText, "--connect-jar", _node.ConnectJar]);

        Assert.True(code == 0, output);
        Assert.Equal(4, _node.Calls.Count(c => c == "hdfs dfsadmin -safemode get"));
        Assert.Contains("yarn node -list -states RUNNING", _node.Calls);
        Assert.Single(_node.Starts);
    }

    [Fact]
    public void Hdfs_that_never_comes_up_fails_the_waiter_with_the_reason_and_starts_nothing()
    {
        _node.HdfsNotReadyFor(1_000_000);

        var (code, output) = _node.Run(["--foreground", "--wait-minutes", "0", "--port", _node.PortText, "--connect-jar", _node.ConnectJar]);

        Assert.Equal(1, code);
        Assert.Contains("HDFS did not leave safe mode", output);
        Assert.Empty(_node.Starts);
    }

    private static int OwnerOf(string path)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%u", path]) { RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return int.Parse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => _node.Dispose();
}

/// <summary>
/// A fact that runs the bootstrap script as an unprivileged user: it needs root (to switch user with setpriv and to
/// stand in for EMR's passwordless sudo); elsewhere it is skipped with that reason, never passed.
/// </summary>
public sealed class UnprivilegedFactAttribute : FactAttribute
{
    public UnprivilegedFactAttribute()
    {
        if (OperatingSystem.IsWindows()) Skip = "bash scripts: Linux only";
        else if (Environment.UserName != "root") Skip = "switching to an unprivileged user needs the tests to run as root (CI containers do)";
        else if (!File.Exists("/usr/bin/setpriv") && !File.Exists("/bin/setpriv")) Skip = "setpriv (util-linux) is not installed";
    }
}
