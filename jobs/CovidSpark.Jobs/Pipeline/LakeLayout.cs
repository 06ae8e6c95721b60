namespace CovidSpark.Jobs.Pipeline;

/// <summary>Where each table lives under the lake root: raw → trusted → refined, plus quarantine, runs and the report.</summary>
public sealed record LakeLayout(string Root)
{
    public string Trusted(string table) => Path.Combine(Root, "trusted", table);
    public string Refined(string table) => Path.Combine(Root, "refined", table);
    public string QuarantineFor(DateOnly date) => Path.Combine(Root, "quarantine", "daily_reports", $"report_date={date:yyyy-MM-dd}", "quarantine.csv");
    public string QuarantineIndicators => Path.Combine(Root, "quarantine", "indicators", "quarantine.csv");
    public string QuarantinedFile(string fileName) => Path.Combine(Root, "quarantine", "files", fileName);
    public string Runs => Path.Combine(Root, "_runs");
    public string Staging(string runId) => Path.Combine(Root, "_staging", runId);
    public string Report => Path.Combine(Root, "report.html");
}
