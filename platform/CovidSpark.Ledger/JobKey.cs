using System.Globalization;
using System.Text.RegularExpressions;

namespace CovidSpark.Ledger;

/// <summary>Identifies one ledger item: a job name and the data date it processes; stored as <c>pk = "&lt;job&gt;#&lt;yyyy-MM-dd&gt;"</c>.</summary>
public readonly partial record struct JobKey
{
    /// <summary>Creates a key after checking the job name (lowercase letters, digits, '-' and '_', 1–64 chars).</summary>
    /// <exception cref="ArgumentException">The job name is not valid.</exception>
    public JobKey(string job, DateOnly dataDate)
    {
        if (!IsValidJobName(job))
            throw new ArgumentException($"job name '{job}' is not valid: use 1-64 lowercase letters, digits, '-' or '_'", nameof(job));
        Job = job;
        DataDate = dataDate;
    }

    /// <summary>Job name from emr-config.json, e.g. <c>pipeline</c>.</summary>
    public string Job { get; }

    /// <summary>The report date the job processes.</summary>
    public DateOnly DataDate { get; }

    /// <summary>The hash key value, e.g. <c>pipeline#2020-11-09</c>.</summary>
    public string PartitionKey => $"{Job}#{DateText}";

    /// <summary>The date as <c>yyyy-MM-dd</c>.</summary>
    public string DateText => DataDate.ToString(LedgerFormats.Date, CultureInfo.InvariantCulture);

    public override string ToString() => PartitionKey;

    /// <summary>True for names the ledger and EMR step names accept.</summary>
    public static bool IsValidJobName(string? job) => job is not null && JobName().IsMatch(job);

    [GeneratedRegex("^[a-z0-9_-]{1,64}$")]
    private static partial Regex JobName();
}
