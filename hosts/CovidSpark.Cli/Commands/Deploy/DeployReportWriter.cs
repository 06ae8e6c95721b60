using System.Text.Json;
using CovidSpark.Deploy;
using CovidSpark.Deploy.Upload;

namespace CovidSpark.Cli.Commands.Deploy;

/// <summary>Prints a <see cref="DeployReport"/> for people (aligned text) or scripts (JSON).</summary>
public static class DeployReportWriter
{
    /// <summary>Writes the readable summary.</summary>
    public static void WriteText(DeployReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var written = report.Upload.Objects.Count(o => o.Outcome == UploadOutcome.Uploaded);
        var copied = report.Upload.Objects.Count(o => o.Outcome == UploadOutcome.Copied);
        var unchanged = report.Upload.Objects.Count(o => o.Outcome == UploadOutcome.Unchanged);
        output.WriteLine($"Stack {report.StackName} deployed{(report.CreatedInfrastructureFirst ? " (created: bucket, table and roles first, then the functions)" : "")}.");
        output.WriteLine($"  release        {report.ReleaseId}");
        output.WriteLine($"  bucket         s3://{report.Bucket}");
        output.WriteLine($"  functions code s3://{report.Bucket}/{report.FunctionsBundleKey}");
        output.WriteLine($"  uploads        {written} uploaded, {copied} copied, {unchanged} unchanged");
        foreach (var o in report.Upload.Objects.Where(o => o.Outcome != UploadOutcome.Unchanged && !o.Key.EndsWith('/')))
            output.WriteLine($"    {o.Outcome.ToString().ToLowerInvariant(),-9} {o.Key} ({o.Bytes:N0} bytes)");
        foreach (var c in report.ConfigChanges)
            output.WriteLine($"  emr-config.json {c.Path}: '{c.Before}' -> '{c.After}'");
        if (report.Outputs.Count == 0) return;
        output.WriteLine("  outputs");
        var width = report.Outputs.Keys.Max(k => k.Length);
        foreach (var (key, value) in report.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
            output.WriteLine($"    {key.PadRight(width)}  {value}");
    }

    /// <summary>Writes the report as one JSON document.</summary>
    public static void WriteJson(DeployReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("stack", report.StackName);
            json.WriteString("bucket", report.Bucket);
            json.WriteString("releaseId", report.ReleaseId);
            json.WriteString("functionsBundleKey", report.FunctionsBundleKey);
            json.WriteBoolean("createdInfrastructureFirst", report.CreatedInfrastructureFirst);
            json.WriteStartArray("objects");
            foreach (var o in report.Upload.Objects)
            {
                json.WriteStartObject();
                json.WriteString("key", o.Key);
                json.WriteString("outcome", o.Outcome.ToString().ToLowerInvariant());
                json.WriteNumber("bytes", o.Bytes);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("configChanges");
            foreach (var c in report.ConfigChanges)
            {
                json.WriteStartObject();
                json.WriteString("path", c.Path);
                json.WriteString("before", c.Before);
                json.WriteString("after", c.After);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartObject("outputs");
            foreach (var (key, value) in report.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal)) json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
