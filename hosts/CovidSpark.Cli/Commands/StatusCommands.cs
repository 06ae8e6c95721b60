using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CovidSpark.Cli.Infrastructure;
using CovidSpark.Launcher.Planning;
using CovidSpark.Launcher.Reporting;
using CovidSpark.Ledger;
using Spectre.Console;

namespace CovidSpark.Cli.Commands;

/// <summary><c>covidspark status</c>: what the ledger says, by date or by state.</summary>
public static class StatusCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var date = new Option<string?>("--date", "-d") { Description = "Every job of one date, yyyy-MM-dd." };
        var state = new Option<string?>("--state", "-s") { Description = "Items in one state: SUBMITTED, RUNNING, SUCCEEDED, FAILED, CANCELLED, PARTIAL." };
        var from = new Option<string?>("--from") { Description = "First date (default: with --state every date; alone the last 30 days)." };
        var to = new Option<string?>("--to") { Description = "Last date (default: with --state every date; alone yesterday)." };
        state.Validators.Add(r => { if (r.GetValueOrDefault<string?>() is { } s && !JobStates.TryParse(s, out _)) r.AddError($"--state '{s}' is not one of {string.Join(", ", JobStates.All.Select(x => x.ToWire()))}"); });
        var command = new Command("status", """
            Show ledger items: one date (--date), one state (--state, e.g. what failed), or every state over the last 30 days.
            Examples: covidspark status --state FAILED      covidspark status --date 2020-11-09 --json
            """) { date, state, from, to };
        command.Validators.Add(r => { if (r.GetValue(date) is not null && r.GetValue(state) is not null) r.AddError("use either --date or --state, not both"); });
        cli.Globals.AddTo(command, OptionGroups.Ledger | OptionGroups.Aws | OptionGroups.Output);
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, cli, needsConfig: false, async (session, token) =>
        {
            IReadOnlyList<JobRecord> records;
            string window;
            if (parse.GetValue(date) is { } d)
            {
                var day = Parse(d, "--date");
                records = await session.Ledger.ListByDateAsync(day, token).ConfigureAwait(false);
                window = $"report date {LedgerFormats.FormatDate(day)}, every job";
            }
            else
            {
                // One state: every date unless bounded. All states: the last 30 days unless bounded.
                var one = parse.GetValue(state) is { } s ? JobStates.Parse(s) : (JobState?)null;
                DateOnly? upper = parse.GetValue(to) is { } t ? Parse(t, "--to") : one is null ? session.LatestDate : null;
                DateOnly? lower = parse.GetValue(from) is { } f ? Parse(f, "--from") : one is null ? session.LatestDate.AddDays(-30) : null;
                window = $"{(one is { } o ? o.ToWire() : "every state")}, report dates {(lower is { } lo ? LedgerFormats.FormatDate(lo) : "any")} .. {(upper is { } up ? LedgerFormats.FormatDate(up) : "any")}"
                    + (one is null && parse.GetValue(from) is null ? " (the default: the last 30 days; --from/--to or --date for others)" : "");
                var states = one is { } single ? [single] : JobStates.All;
                var all = new List<JobRecord>();
                foreach (var st in states) all.AddRange(await session.Ledger.QueryByStateAsync(st, lower, upper, token).ConfigureAwait(false));
                records = all.OrderBy(r => r.Key.DataDate).ThenBy(r => r.Key.Job, StringComparer.Ordinal).ToList();
            }
            Render(records, window, cli, parse.GetValue(cli.Globals.Json));
            return CliExitCodes.Ok;
        }, ct));
        yield return command;
    }

    private static DateOnly Parse(string text, string option) =>
        LedgerFormats.TryParseDate(text, out var d) ? d : throw new InvalidDateRangeException($"{option} '{text}' is not a date in yyyy-MM-dd form");

    private static void Render(IReadOnlyList<JobRecord> records, string window, CliServices cli, bool json)
    {
        var counts = records.GroupBy(r => r.State.ToWire()).ToDictionary(g => g.Key, g => g.Count());
        if (json)
        {
            cli.Output.WriteLine(JsonSerializer.Serialize(new StatusDocument(counts, records.Select(JobDocument.Of).ToList()) { Searched = window },
                CliJsonContext.Default.StatusDocument));
            return;
        }
        if (records.Count == 0)
        {
            cli.Console.WriteLine($"No ledger items in {window}.");
            return;
        }
        cli.Console.WriteLine($"Ledger items in {window}:");
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Job", "Date", "State", "Attempt", "Step", "Started", "Duration", "Rows in/out/quarantined", "Message");
        foreach (var r in records)
        {
            table.AddRow(
                CommandRunner.Safe(r.Key.Job), r.Key.DateText, Colour(r.State), r.Attempt.ToString(CultureInfo.InvariantCulture), CommandRunner.Safe(r.StepId ?? "-"),
                r.StartedAt is { } s ? LedgerFormats.FormatInstant(s) : "-",
                r.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : "-",
                r.Counts is { } c ? $"{c.RowsIn:N0} / {c.RowsOut:N0} / {c.RowsQuarantined:N0}" : "-",
                CommandRunner.Safe(r.Message is { Length: > 80 } m ? m[..77] + "..." : r.Message ?? ""));
        }
        cli.Console.Write(table);
        cli.Console.MarkupLine(string.Join(" · ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}")));
    }

    private static string Colour(JobState state) => state switch
    {
        JobState.Succeeded => "[green]SUCCEEDED[/]",
        JobState.Partial => "[yellow]PARTIAL[/]",
        JobState.Failed => "[red]FAILED[/]",
        JobState.Cancelled => "[grey]CANCELLED[/]",
        JobState.Running => "[blue]RUNNING[/]",
        _ => state.ToWire(),
    };
}
