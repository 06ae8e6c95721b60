using CovidSpark.Notifier.Transitions;

namespace CovidSpark.Notifier.Formatting;

/// <summary>Links from a job message to the AWS console: the EMR cluster/step page and the step's logs.</summary>
public static class ConsoleLinks
{
    /// <summary>
    /// The EMR console page of the job's cluster, whose Steps tab lists the step and its log files
    /// (null when no cluster id is known yet).
    /// </summary>
    public static Uri? EmrStep(JobSnapshot job, string region)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (string.IsNullOrWhiteSpace(job.ClusterId)) return null;
        var r = Uri.EscapeDataString(region);
        var cluster = Uri.EscapeDataString(job.ClusterId);
        return new Uri($"https://{r}.console.aws.amazon.com/emr/home?region={r}#/clusterDetails/{cluster}");
    }

    /// <summary>
    /// A browsable link to the step's logs: <c>s3://bucket/prefix</c> becomes the S3 console folder view,
    /// an http(s) URI is used as is; anything else gives null (the text is still shown).
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
            if (prefix.Length > 0 && !prefix.EndsWith('/')) prefix += "/";
            return new Uri($"https://s3.console.aws.amazon.com/s3/buckets/{Uri.EscapeDataString(bucket)}?region={Uri.EscapeDataString(region)}&prefix={Uri.EscapeDataString(prefix)}");
        }
        return Uri.TryCreate(uri, UriKind.Absolute, out var web) && (web.Scheme == Uri.UriSchemeHttps || web.Scheme == Uri.UriSchemeHttp) ? web : null;
    }
}
