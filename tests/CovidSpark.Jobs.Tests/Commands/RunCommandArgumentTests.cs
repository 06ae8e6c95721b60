using CovidSpark.Jobs.Tests.Infrastructure;

namespace CovidSpark.Jobs.Tests.Commands;

/// <summary>The <c>run</c> command, invoked in-process, refusing bad input with exit code 1 and a message that names what is wrong.</summary>
public sealed class RunCommandArgumentTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string LakePath => _dir.Combine("lake");

    private async Task<CliResult> Run(params string[] args) => await Infrastructure.Cli.RunAsync(["run", "--lake", LakePath, "--quiet", .. args]);

    [Theory]
    [InlineData(new[] { "--from", "2020-11-05", "--to", "2020-11-01" }, "--from 2020-11-05 is after --to 2020-11-01")]
    [InlineData(new[] { "--jobs", "etl,sql" }, "--jobs: unknown job 'sql'")]
    [InlineData(new[] { "--jobs", "2" }, "--jobs: unknown job '2'")]
    [InlineData(new[] { "--from", "2020-02-30" }, "--from '2020-02-30' is not a date")]
    [InlineData(new[] { "--to", "11/10/2020" }, "--to '11/10/2020' is not a date")]
    [InlineData(new[] { "--k", "0" }, "--k must be at least 1")]
    public async Task Bad_arguments_exit_1_with_a_message_naming_the_option_and_touch_nothing(string[] args, string message)
    {
        var r = await Run(args);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains(message, r.Error);
        Assert.False(Directory.Exists(LakePath), "nothing should be written for bad arguments");
    }

    [Fact]
    public async Task An_option_that_does_not_exist_is_refused()
    {
        var r = await Run("--form", "2020-11-01");

        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--form", r.Out + r.Error);
    }

    [Fact]
    public async Task A_missing_input_folder_exits_1_naming_the_folder_and_records_a_failed_run()
    {
        var missing = _dir.Combine("no-such-folder");

        var r = await Run("--input", missing);

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains(missing, r.Out + r.Error);
        Assert.Contains("input folder not found", r.Out + r.Error);
        var m = await ManifestReader.LatestAsync(LakePath);
        Assert.Equal("FAILED", m.Root.GetProperty("status").GetString());
        Assert.Contains(missing, m.Root.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_missing_indicators_file_exits_1_naming_the_file()
    {
        var input = _dir.CopyInto("input", TestData.Report("01-22"));
        var missing = _dir.Combine("owid.csv");

        var r = await Run("--input", input, "--indicators", missing, "--jobs", "etl");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains(missing, r.Out);
        Assert.Contains("--indicators", r.Out);
    }

    [Fact]
    public async Task A_date_range_without_reports_exits_1_saying_so()
    {
        var r = await Run("--from", "2021-01-01", "--to", "2021-01-31");

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("no daily reports", r.Out);
        Assert.Contains("2021-01-01", r.Out);
    }

    [Fact]
    public async Task Help_teaches_the_options_and_exit_codes()
    {
        var r = await Infrastructure.Cli.RunAsync("run", "--help");

        Assert.Equal(0, r.ExitCode);
        foreach (var option in new[] { "--input", "--indicators", "--lake", "--from", "--to", "--jobs", "--k", "Exit codes" })
            Assert.Contains(option, r.Out);
    }
}
