using System.Text.Json;

namespace CovidSpark.Jobs.Cli.Tests.Commands;

/// <summary><c>run --json</c>: standard output is one JSON document a script can parse — the manifest and where things are — and nothing else.</summary>
public sealed class RunJsonTests
{
    [Fact]
    public async Task Json_prints_the_manifest_with_its_paths_as_the_only_output()
    {
        using var dir = new TempDir();
        var result = await JobsCli.RunAsync("run", "--lake", dir.Combine("lake"), "--jobs", "etl", "--from", "2020-11-09", "--to", "2020-11-10", "--json");

        Assert.True(result.ExitCode is 0 or 2, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(result.ExitCode, root.GetProperty("exit_code").GetInt32());
        Assert.Equal(["2020-11-09", "2020-11-10"], root.GetProperty("dates").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("etl", Assert.Single(root.GetProperty("jobs").EnumerateArray()).GetProperty("job").GetString());
        var manifest = root.GetProperty("manifest_path").GetString()!;
        Assert.True(File.Exists(manifest), manifest);
        Assert.Equal(root.GetProperty("run_id").GetString(), JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.GetProperty("run_id").GetString());
        Assert.DoesNotContain("Manifest:", result.Out);
    }
}
