using System.Text.Json;
using CovidSpark.Cli.Infrastructure;
using Spectre.Console;

namespace CovidSpark.Rehearsal.Tests;

/// <summary><c>covidspark rehearse</c> in-process against the fixture's moto_server (one date each, to stay fast).</summary>
[Collection(RehearsalCollection.Name)]
public sealed class RehearseCommandTests(RehearsalRun run)
{
    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 400;
        var cli = new CliServices(console, output, error, Environment.GetEnvironmentVariable, TimeProvider.System);
        string[] common = ["--endpoint-url", run.Moto.Endpoint.ToString(), "--config", RepoRoot.EmrConfig];
        var code = await CovidSparkCli.BuildRoot(cli).Parse([.. args, .. common]).InvokeAsync();
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Json_report_of_a_passing_rehearsal_and_exit_code_0()
    {
        var (code, output, error) = await RunAsync("rehearse", "--from", "2020-11-10", "--to", "2020-11-10", "--json");
        Assert.True(code == 0, output + error);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(3, doc.RootElement.GetProperty("notificationsReceived").GetInt32());
        Assert.Contains(doc.RootElement.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "refused");
    }

    [Fact]
    public async Task A_date_the_inputs_lack_fails_the_rehearsal_with_exit_code_4_and_says_why()
    {
        var work = Directory.CreateTempSubdirectory("rehearse-test-").FullName;
        try
        {
            var (code, output, _) = await RunAsync("rehearse", "--from", "2020-10-31", "--to", "2020-10-31", "--work-dir", work);
            Assert.Equal(CliExitCodes.Incomplete, code);
            Assert.Contains("Rehearsal failed", output, StringComparison.Ordinal);
            Assert.Contains("ended FAILED", output, StringComparison.Ordinal);
            Assert.Contains("no date completed", output, StringComparison.Ordinal);
            Assert.Single(Directory.GetFiles(Path.Combine(work, "steps"), "*.log"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Fact]
    public async Task A_malformed_date_is_a_usage_error()
    {
        var (code, _, error) = await RunAsync("rehearse", "--from", "2020-13-01");
        Assert.Equal(CliExitCodes.Usage, code);
        Assert.Contains("--from '2020-13-01'", error, StringComparison.Ordinal);
    }
}
