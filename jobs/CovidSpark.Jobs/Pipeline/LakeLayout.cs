using CovidSpark.Jobs.Storage;

namespace CovidSpark.Jobs.Pipeline;

/// <summary>
/// Where each table lives under the lake root (a local folder or <c>s3://bucket/prefix</c>): raw → trusted → refined,
/// plus quarantine, run manifests and the report.
/// </summary>
public sealed record LakeLayout
{
    public LakeLayout(string root) => Root = FileStorePaths.Normalise(root);

    public string Root { get; }

    /// <summary>The run and job the commits of writes to this lake record (none: untagged commits).</summary>
    public LakeCommit? Commit { get; init; }

    /// <summary>This lake, its writes tagged with a job of a run.</summary>
    public LakeLayout ForJob(string runId, string job, IReadOnlyCollection<DateOnly> reportDates) =>
        this with { Commit = new LakeCommit(runId, job, reportDates) };
    public string Trusted(string table) => FileStorePaths.Combine(Root, "trusted", table);
    public string Refined(string table) => FileStorePaths.Combine(Root, "refined", table);
    /// <summary>The Delta table of the daily reports' quarantine records (<see cref="Etl.QuarantineTable"/>), partitioned by report date.</summary>
    public string QuarantineReports => FileStorePaths.Combine(Root, "quarantine", "daily_reports");
    /// <summary>
    /// The Delta table of the indicators file's rejected rows (<see cref="Etl.QuarantineTable"/>'s record columns, not
    /// partitioned): each run that rejects rows, or finds the table, replaces it whole.
    /// </summary>
    public string QuarantineIndicators => FileStorePaths.Combine(Root, "quarantine", "indicators");
    public string QuarantinedFile(string fileName) => FileStorePaths.Combine(Root, "quarantine", "files", fileName);
    public string Runs => FileStorePaths.Combine(Root, "_runs");
    public string Staging(string runId) => FileStorePaths.Combine(Root, "_staging", runId);
    public string Report => FileStorePaths.Combine(Root, "report.html");
}
