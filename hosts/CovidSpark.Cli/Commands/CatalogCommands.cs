using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using CovidSpark.Aws.Glue.Catalog;
using CovidSpark.Cli.Infrastructure;
using CovidSpark.Jobs.Aws.Catalog;
using Spectre.Console;

namespace CovidSpark.Cli.Commands;

/// <summary><c>covidspark catalog sync</c>: register the lake's Delta tables in the Glue Data Catalog for Athena and Spark SQL.</summary>
public static class CatalogCommands
{
    public static IEnumerable<Command> Create(CliServices cli)
    {
        var database = new Option<string>("--database", "-d") { Description = "Glue database to register the tables in (created when missing).", DefaultValueFactory = _ => "covidspark" };
        var lake = new Option<string?>("--lake", "-l") { Description = "Lake root holding trusted/ and refined/: s3://bucket/prefix or a folder (default: s3://<bucket of emr-config.json>/)." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Read the lake and Glue and say what would change; write nothing." };
        var prune = new Option<bool>("--prune") { Description = "Delete Glue tables an earlier sync registered whose lake table is gone (default: report them)." };
        database.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { } d && (d.Length is 0 or > 255 || d.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))))
                r.AddError($"--database '{d}' is not a Glue database name (lower-case letters, digits and _)");
        });
        var sync = new Command("sync", """
            Create or update one Glue table per Delta table of the lake (trusted/*, refined/*): table_type=DELTA for Athena engine 3,
            spark.sql.sources.provider=delta for Spark, location = the table folder, columns with the comments of docs/catalog.md.
            No partition is registered: the Delta log lists the files, so new report dates are visible at once.
            A second sync reports every table unchanged; a table gone from the lake is reported (deleted only with --prune).
            Examples: covidspark catalog sync --database covidspark
                      covidspark catalog sync --lake s3://my-bucket/ --dry-run --json
            """) { database, lake, dryRun, prune };
        cli.Globals.AddTo(sync, OptionGroups.Aws | OptionGroups.Output);
        sync.Options.Add(cli.Globals.Config);
        sync.SetAction((parse, ct) => CommandRunner.RunAsync(parse, cli, needsConfig: parse.GetValue(lake) is null, async (session, token) =>
        {
            var root = parse.GetValue(lake) ?? $"s3://{session.RequiredConfig.Bucket}/";
            CatalogSyncReport report;
            try
            {
                report = await LakeCatalog.SyncAsync(root, parse.GetValue(database)!, session.Aws,
                    new CatalogSyncOptions(parse.GetValue(dryRun), parse.GetValue(prune)), session.Loggers, cli.Time, token).ConfigureAwait(false);
            }
            catch (LakeCatalogException e)
            {
                await cli.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                return CliExitCodes.Usage;
            }
            catch (IOException e)
            {
                await cli.Error.WriteLineAsync($"error: reading the lake failed: {e.Message}").ConfigureAwait(false);
                return CliExitCodes.AwsError;
            }
            if (parse.GetValue(cli.Globals.Json))
                await cli.Output.WriteLineAsync(JsonSerializer.Serialize(report, CatalogJsonContext.Default.CatalogSyncReport)).ConfigureAwait(false);
            else
                Render(report, cli.Console);
            return CliExitCodes.Ok;
        }, ct));
        var catalog = new Command("catalog", "The lake in the AWS Glue Data Catalog (Athena, Spark SQL): see docs/catalog.md.") { sync };
        yield return catalog;
    }

    private static void Render(CatalogSyncReport report, IAnsiConsole console)
    {
        var would = report.DryRun ? "would be " : "";
        if (report.DatabaseCreated) console.MarkupLine($"Glue database [bold]{CommandRunner.Safe(report.Database)}[/] {would}created.");
        if (report.Tables.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Table", "Zone", "Action", "Location", "Changes");
            foreach (var t in report.Tables)
                table.AddRow(CommandRunner.Safe(t.Name), CommandRunner.Safe(t.Zone ?? "-"), Action(t.Action), CommandRunner.Safe(t.Location ?? "-"),
                    CommandRunner.Safe(t.Action == TableSyncAction.Missing ? "gone from the lake; kept (--prune deletes it)" : string.Join("; ", t.Changes)));
            console.Write(table);
        }
        foreach (var s in report.Skipped) console.MarkupLine($"skipped {CommandRunner.Safe(s.Location)}: {CommandRunner.Safe(s.Reason)}");
        var counts = Enum.GetValues<TableSyncAction>().Where(a => report.Count(a) > 0).Select(a => $"{report.Count(a)} {Name(a)}");
        console.MarkupLine($"{CommandRunner.Safe(report.Database)} ← {CommandRunner.Safe(report.Lake)}: {report.Tables.Count} table(s){(report.Tables.Count > 0 ? ": " + string.Join(", ", counts) : "")}"
            + (report.DryRun ? " [yellow](dry run: nothing written)[/]" : ""));
    }

    private static string Name(TableSyncAction action) => action.ToString().ToLowerInvariant();

    private static string Action(TableSyncAction action) => action switch
    {
        TableSyncAction.Created => "[green]created[/]",
        TableSyncAction.Updated => "[blue]updated[/]",
        TableSyncAction.Missing => "[yellow]missing[/]",
        TableSyncAction.Deleted => "[red]deleted[/]",
        _ => "unchanged",
    };
}

/// <summary>JSON of <c>catalog sync --json</c>: the sync report, actions by name (<c>Created</c>, <c>Updated</c>, <c>Unchanged</c>, <c>Missing</c>, <c>Deleted</c>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CatalogSyncReport))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext;
