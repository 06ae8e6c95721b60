using System.Text.RegularExpressions;
using CovidSpark.Aws.Emr.Model;
using CovidSpark.Ledger;

namespace CovidSpark.Launcher.Config;

/// <summary>Values substituted into step templates.</summary>
/// <param name="Job">Job name.</param>
/// <param name="From">First data date of the step.</param>
/// <param name="To">Last data date of the step.</param>
/// <param name="Bucket">The configured bucket.</param>
/// <param name="LedgerTable">The ledger table.</param>
/// <param name="SubmitToken">The submission's token, for <c>{submitToken}</c> (the job passes it back as <c>--ledger-token</c>, so the ledger
/// knows the run is this step's and not a manual run); null while only planning (a dry run shows the placeholder).</param>
public sealed record StepValues(string Job, DateOnly From, DateOnly To, string Bucket, string LedgerTable, string? SubmitToken = null);

/// <summary>
/// A validated job step template. <see cref="Render"/> replaces placeholders inside each argument separately and returns
/// an argument array: values never pass through a shell, so nothing in a date or a name can inject a command.
/// </summary>
public sealed partial record StepTemplate(string Job, string Jar, IReadOnlyList<string> Args, string ActionOnFailure)
{
    /// <summary>Placeholders a template may use.</summary>
    public static IReadOnlySet<string> Placeholders { get; } = new HashSet<string>(StringComparer.Ordinal) { "date", "from", "to", "bucket", "ledgerTable", "job", "submitToken" };

    /// <summary>The EMR step for the given values; its name encodes job and range (see <see cref="Planning.StepNames"/>).</summary>
    public StepConfig Render(StepValues values)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["date"] = LedgerFormats.FormatDate(values.From),
            ["from"] = LedgerFormats.FormatDate(values.From),
            ["to"] = LedgerFormats.FormatDate(values.To),
            ["bucket"] = values.Bucket,
            ["ledgerTable"] = values.LedgerTable,
            ["job"] = values.Job,
        };
        if (values.SubmitToken is { } token) map["submitToken"] = token;
        var args = Args.Select(a => Substitute(a, map)).ToList();
        return new StepConfig(Planning.StepNames.Format(values.Job, values.From, values.To, values.SubmitToken), new HadoopJarStepConfig(Jar, args), ActionOnFailure);
    }

    /// <summary>Replaces <c>{name}</c> tokens; unknown tokens are left as they are (the validator rejects them up front).</summary>
    public static string Substitute(string text, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    /// <summary>The placeholder names used in <paramref name="text"/>.</summary>
    public static IEnumerable<string> PlaceholdersIn(string text) => Placeholder().Matches(text).Select(m => m.Groups[1].Value);

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
