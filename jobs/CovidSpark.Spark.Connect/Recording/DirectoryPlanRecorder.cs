using System.Globalization;

namespace CovidSpark.Spark.Connect.Recording;

/// <summary>
/// The <c>--plan-out DIR</c> recorder: writes every plan as <c>DIR/0001-query.bin</c> (the binary
/// <c>spark.connect.Plan</c>) and <c>DIR/0001-query.json</c> (readable protobuf JSON), numbered in send order.
/// The folder is created if missing; files of an earlier run with the same numbers are overwritten.
/// </summary>
public sealed class DirectoryPlanRecorder : IPlanRecorder
{
    /// <summary>Records into <paramref name="directory"/>.</summary>
    public DirectoryPlanRecorder(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The absolute output folder.</summary>
    public string Directory { get; }

    /// <inheritdoc/>
    public async ValueTask RecordAsync(RecordedPlan plan, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var stem = Path.Combine(Directory, FileStem(plan));
        await File.WriteAllBytesAsync(stem + ".bin", plan.Plan, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(stem + ".json", plan.Json + Environment.NewLine, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>File name without extension: <c>0001-query</c>, <c>0002-command</c>, <c>0003-schema</c>.</summary>
    public static string FileStem(RecordedPlan plan) =>
        plan.Sequence.ToString("0000", CultureInfo.InvariantCulture) + "-" + plan.Kind.ToString().ToLowerInvariant();
}
