using CovidSpark.Deploy.Tests.Infrastructure;

namespace CovidSpark.Deploy.Tests;

/// <summary>Every EMR bootstrap action and the packaging script pass shellcheck (all severities).</summary>
public sealed class ShellcheckTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepoPaths.BootstrapDirectory, "*.sh").Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoPaths.Root, f));
        data.Add(Path.GetRelativePath(RepoPaths.Root, RepoPaths.PackageScript));
        return data;
    }

    [ToolTheory("shellcheck")]
    [MemberData(nameof(Scripts))]
    public async Task Script_passes_shellcheck(string script)
    {
        var result = await Tools.RunAsync("shellcheck", ["--severity=style", "--format=gcc", script]);
        Assert.True(result.ExitCode == 0, $"shellcheck {script}:\n{result.All}");
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_is_executable_and_fails_fast(string script)
    {
        var path = Path.Combine(RepoPaths.Root, script);
        Assert.True((File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0, $"{script} is not executable");
        var lines = File.ReadLines(path).Take(30).ToList();
        Assert.StartsWith("#!/usr/bin/env bash", lines[0]);
        Assert.Contains("set -euo pipefail", lines);
    }
}
