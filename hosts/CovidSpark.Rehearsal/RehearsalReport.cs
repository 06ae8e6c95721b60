using System.Text.Json.Serialization;
using CovidSpark.Rehearsal.Iam;
using CovidSpark.Rehearsal.Timeline;

namespace CovidSpark.Rehearsal;

/// <summary>How one (job, date) ended in the ledger.</summary>
/// <param name="Job">Job name.</param>
/// <param name="Date">Data date.</param>
/// <param name="State">Final ledger state.</param>
/// <param name="Attempt">Ledger attempt.</param>
/// <param name="RowsIn">Rows the job read.</param>
/// <param name="RowsOut">Rows it wrote.</param>
/// <param name="RowsQuarantined">Rows it quarantined.</param>
/// <param name="Notifications">Cards the Teams webhook received for it, by state (e.g. SUBMITTED: 1).</param>
public sealed record JobOutcome(string Job, DateOnly Date, string State, int Attempt, long? RowsIn, long? RowsOut, long? RowsQuarantined, IReadOnlyDictionary<string, int> Notifications)
{
    /// <summary>Its Slack threads (one per run; none for a date of a backfill step, which is in the backfill's summary message).</summary>
    public IReadOnlyList<SlackThreadSummary> SlackThreads { get; init; } = [];
}

/// <summary>Everything one rehearsal did and whether it passed.</summary>
public sealed record RehearsalReport
{
    /// <summary>Rehearsal id (also in the table and cluster names).</summary>
    public required string Id { get; init; }

    /// <summary>The local cloud used.</summary>
    public required string Endpoint { get; init; }

    /// <summary>moto_server's process id when it was started and left running (<c>--keep</c>).</summary>
    public int? KeptMotoPid { get; init; }

    /// <summary>The ledger table.</summary>
    public required string Table { get; init; }

    /// <summary>The EMR cluster the launcher created in moto.</summary>
    public string? ClusterId { get; init; }

    /// <summary>Lake and step logs, when kept.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The timeline, in order.</summary>
    public required IReadOnlyList<TimelineEvent> Timeline { get; init; }

    /// <summary>How each (job, date) ended.</summary>
    public required IReadOnlyList<JobOutcome> Jobs { get; init; }

    /// <summary>Teams cards expected: one per state change (SUBMITTED, RUNNING, final) of each (job, date).</summary>
    public int NotificationsExpected { get; init; }

    /// <summary>Cards the Teams webhook received.</summary>
    public int NotificationsReceived { get; init; }

    /// <summary>What each chat room (Teams webhook, Slack Web API) received.</summary>
    public IReadOnlyList<Hosting.RoomReport> Rooms { get; init; } = [];

    /// <summary>(job, date) pairs the repeated launch refused as duplicates.</summary>
    public int DuplicatesRefused { get; init; }

    /// <summary>Per function: the AWS actions it called and how they compare with its role in the template (null when IAM was not rehearsed).</summary>
    public IReadOnlyList<FunctionPermissions>? Permissions { get; init; }

    /// <summary>What did not go as it should; empty when the rehearsal passed.</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>Every job ended SUCCEEDED or PARTIAL, every state change was posted exactly once, the repeat launch was refused.</summary>
    public bool Passed => Problems.Count == 0;
}

/// <summary>Source-generated JSON for <c>covidspark rehearse --json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RehearsalReport))]
public sealed partial class RehearsalJsonContext : JsonSerializerContext;
