using System.Diagnostics;
using CovidSpark.Cli.Infrastructure;
using CovidSpark.Testing;
using Spectre.Console;

namespace CovidSpark.Cli.Tests;

/// <summary>The covidspark CLI toward a person and a pipe: fast failures, plain tables, clear messages, the window searched.</summary>
[Collection(MotoCollection.Name)]
public sealed class CliUsabilityTests(MotoServer moto) : IDisposable
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"emr-config-usability-{Guid.NewGuid():N}.json");
    private readonly string _table = "use-" + Guid.NewGuid().ToString("N")[..10];
    private readonly ManualClock _time = new(new DateTimeOffset(2021, 1, 1, 6, 0, 0, TimeSpan.Zero), ClockTimers.RealTime);

    private CliRunner Cli() => new(new Dictionary<string, string>
    {
        ["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey, ["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey, ["AWS_REGION"] = MotoServer.Region,
    }, _time);

    private string[] Common(params string[] args)
    {
        if (!File.Exists(_config)) File.WriteAllText(_config, TestConfigs.Json("use-" + Guid.NewGuid().ToString("N")[..8]));
        return [.. args, "--endpoint-url", moto.Endpoint.ToString(), "--table", _table, .. CliRunner.ConfigOption(args[0], _config)];
    }

    public void Dispose() => File.Delete(_config);

    [Fact]
    public async Task An_endpoint_that_refuses_connections_fails_in_seconds_not_minutes()
    {
        var clock = Stopwatch.StartNew();

        var r = await Cli().RunAsync("status", "--endpoint-url", "http://127.0.0.1:1", "--table", _table);

        Assert.Equal(CliExitCodes.AwsError, r.ExitCode);
        Assert.Contains("Connection refused", r.Err);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Status_says_which_window_it_searched()
    {
        var cli = Cli();
        Assert.Equal(CliExitCodes.Ok, (await cli.RunAsync(Common("ledger", "init"))).ExitCode);

        var none = await cli.RunAsync(Common("status"));
        var failed = await cli.RunAsync(Common("status", "--state", "FAILED", "--from", "2020-11-01"));

        Assert.Equal(CliExitCodes.Ok, none.ExitCode);
        // Today is 2021-01-01 in the test clock: the default window is the 30 days before yesterday.
        Assert.Contains("No ledger items in every state, report dates 2020-12-01 .. 2020-12-31 (the default: the last 30 days", none.Out);
        Assert.Contains("No ledger items in FAILED, report dates 2020-11-01 .. any.", failed.Out);
    }

    [Fact]
    public async Task Dates_are_named_by_their_option_and_dates_before_the_first_report_warn()
    {
        var cli = Cli();
        Assert.Equal(CliExitCodes.Ok, (await cli.RunAsync(Common("ledger", "init"))).ExitCode);

        var garbage = await cli.RunAsync(Common("launch", "--date", "garbage"));
        var early = await cli.RunAsync(Common("backfill", "--from", "2019-12-01", "--to", "2020-01-31", "--dry-run"));

        Assert.Equal(CliExitCodes.Usage, garbage.ExitCode);
        Assert.Equal("error: --date 'garbage' is not a date in yyyy-MM-dd form", garbage.Err.Trim());
        Assert.Contains("warning: JHU's daily reports start on 2020-01-22: 2019-12-01 .. 2020-01-21 has no report", early.Err);
    }

    [Fact]
    public async Task A_parse_error_is_one_line_and_a_pointer_to_the_help_not_the_whole_help()
    {
        var r = await Cli().RunAsync("status", "--timeout", "soon");

        Assert.Equal(CliExitCodes.Usage, r.ExitCode);
        var lines = r.Err.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains("--timeout", lines[0]);
        Assert.Equal("See 'covidspark status --help'.", lines[1].Trim());
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void Tables_sent_to_a_pipe_are_plain_and_never_wrap_and_COLUMNS_sets_the_width()
    {
        static string Render(bool redirected, string? columns)
        {
            var output = new StringWriter();
            var console = CliServices.ConsoleFor(output, redirected, columns);
            console.Write(new Table().Border(TableBorder.Rounded).AddColumns("Job", "State", "Submitted", "Message")
                .AddRow("pipeline", "SUBMITTED", "2020-11-09T06:00:00Z", new string('m', 150)));
            return output.ToString();
        }

        var piped = Render(redirected: true, columns: null);
        Assert.Contains("pipeline", piped);
        Assert.Contains("SUBMITTED", piped);
        Assert.Contains(new string('m', 150), piped);
        Assert.DoesNotContain('\u001b', piped);
        Assert.Single(piped.Split('\n'), l => l.Contains("pipeline", StringComparison.Ordinal) && l.Contains(new string('m', 150), StringComparison.Ordinal));

        var narrow = Render(redirected: true, columns: "60");
        Assert.All(narrow.Split('\n'), l => Assert.True(l.TrimEnd('\r').Length <= 60, l));
    }

    [Fact]
    public async Task Help_shows_the_exit_code_table_and_the_real_table_precedence()
    {
        var help = await Cli().RunAsync("--help");

        foreach (var line in new[] { "0    done", "1    usage", "5    AWS or the ledger failed", "130  cancelled" })
            Assert.Contains(line, help.Out);
        var status = await Cli().RunAsync("status", "--help");
        Assert.Contains("default: COVIDSPARK_TABLE, then ledgerTable of emr-config.json", System.Text.RegularExpressions.Regex.Replace(status.Out, @"\s+", " "));
        Assert.Contains("--timeout", status.Out);
    }

    [Theory]
    [InlineData("status", "--table --region --endpoint-url --timeout --json --verbose", "--config --cluster-name")]
    [InlineData("reconcile", "--all --table --region --endpoint-url --timeout", "--config --cluster-name")]
    [InlineData("launch", "--date --config --cluster-name --table --region", "--chunk-days")]
    [InlineData("backfill", "--chunk-days --config --cluster-name --table", "--date")]
    [InlineData("ledger init", "--ttl --table --region --endpoint-url", "--config --cluster-name")]
    [InlineData("notify test", "--to --region --endpoint-url --json", "--table --config --cluster-name")]
    [InlineData("catalog sync", "--database --lake --config --region --endpoint-url", "--table --cluster-name")]
    [InlineData("rehearse", "--from --to --config --region --endpoint-url --json", "--table --cluster-name --timeout")]
    [InlineData("deploy", "--stack-name --config --cluster-name --table --region --endpoint-url", "--timeout")]
    public async Task Each_command_help_lists_the_options_it_takes_and_no_other(string command, string takes, string not)
    {
        var help = await Cli().RunAsync([.. command.Split(' '), "--help"]);

        Assert.Equal(0, help.ExitCode);
        var options = System.Text.RegularExpressions.Regex.Matches(help.Out, @"(?<=^\s+(-\w, )?)--[a-z-]+", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(m => m.Value).ToHashSet();
        foreach (var option in takes.Split(' ')) Assert.True(options.Contains(option), $"{command} --help lacks {option}:\n{help.Out}");
        foreach (var option in not.Split(' ')) Assert.False(options.Contains(option), $"{command} --help lists {option}, which it does not use:\n{help.Out}");
    }
}
