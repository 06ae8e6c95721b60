using System.Text.RegularExpressions;
using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Formatting;

/// <summary>
/// Links from a job message to the AWS console: the EMR cluster/step page and the step's logs. Every link is built here from
/// ids (a cluster id, a region, an S3 bucket and prefix) checked against their AWS formats; the only URL taken from the
/// ledger as it is must point to the AWS console itself. So a crafted ledger item cannot put a link to anywhere else in a room.
/// </summary>
public static partial class ConsoleLinks
{
    /// <summary>
    /// The EMR console page of the job's cluster, whose Steps tab lists the step and its log files
    /// (null when no valid cluster id is known yet).
    /// </summary>
    public static Uri? EmrStep(JobSnapshot job, string region)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.ClusterId is not { } cluster || !ClusterId().IsMatch(cluster) || !Region().IsMatch(region)) return null;
        return new Uri($"https://{region}.console.aws.amazon.com/emr/home?region={region}#/clusterDetails/{cluster}");
    }

    /// <summary>
    /// A browsable link to the step's logs: <c>s3://bucket/prefix</c> becomes the S3 console folder view, an https URL of the
    /// AWS console (<c>console.aws.amazon.com</c>) is used as is; anything else gives null (the text is still shown, escaped).
    /// </summary>
    public static Uri? Logs(JobSnapshot job, string region)
    {
        ArgumentNullException.ThrowIfNull(job);
        var uri = job.LogUri;
        if (string.IsNullOrWhiteSpace(uri)) return null;
        if (uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("s3n://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = uri[(uri.IndexOf("://", StringComparison.Ordinal) + 3)..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var bucket = slash < 0 ? rest : rest[..slash];
            var prefix = slash < 0 ? "" : rest[(slash + 1)..];
            if (!Bucket().IsMatch(bucket) || !Region().IsMatch(region)) return null;
            if (prefix.Length > 0 && !prefix.EndsWith('/')) prefix += "/";
            return new Uri($"https://s3.console.aws.amazon.com/s3/buckets/{bucket}?region={region}&prefix={Uri.EscapeDataString(prefix)}");
        }
        return Uri.TryCreate(uri, UriKind.Absolute, out var web) && web.Scheme == Uri.UriSchemeHttps && web.IsDefaultPort && string.IsNullOrEmpty(web.UserInfo)
            && (web.IdnHost == "console.aws.amazon.com" || web.IdnHost.EndsWith(".console.aws.amazon.com", StringComparison.Ordinal))
            ? web : null;
    }

    [GeneratedRegex("^j-[A-Z0-9]{1,64}$")]
    private static partial Regex ClusterId();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$")]
    private static partial Regex Region();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex Bucket();
}
