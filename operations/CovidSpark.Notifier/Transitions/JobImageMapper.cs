using System.Globalization;
using CovidSpark.Notifier.Errors;
using CovidSpark.Notifier.Events;
using CovidSpark.Ledger;

namespace CovidSpark.Notifier.Transitions;

/// <summary>
/// The one place where a stream image (attribute-value JSON) becomes a <see cref="JobSnapshot"/>,
/// following the attribute names of docs/ledger.md.
/// </summary>
public static class JobImageMapper
{
    /// <summary>Key prefix of the notifier's own sent marks.</summary>
    public const string NotifyMarkPrefix = "notify#";

    /// <summary>Key prefix of stream-reader checkpoints.</summary>
    public const string CheckpointPrefix = "checkpoint#";

    /// <summary>
    /// <c>true</c> when the image is a job item: it has a <c>state</c> attribute and its key is not one of the
    /// notifier's own items (<c>notify#…</c>, <c>checkpoint#…</c>).
    /// </summary>
    public static bool IsJobItem(IReadOnlyDictionary<string, StreamAttributeValue>? image)
    {
        if (image is null) return false;
        var pk = Text(image, LedgerSchema.Pk);
        if (pk is not null && (pk.StartsWith(NotifyMarkPrefix, StringComparison.Ordinal) || pk.StartsWith(CheckpointPrefix, StringComparison.Ordinal)))
            return false;
        return image.ContainsKey(LedgerSchema.State);
    }

    /// <summary>Reads only the <c>state</c> attribute of an image; null when it has none.</summary>
    public static JobState? ReadState(IReadOnlyDictionary<string, StreamAttributeValue>? image)
    {
        var text = image is null ? null : Text(image, LedgerSchema.State);
        return string.IsNullOrWhiteSpace(text) ? null : JobStates.TryParse(text, out var state) ? state : null;
    }

    /// <summary>Maps a job item's image.</summary>
    /// <exception cref="MalformedJobImageException">A required attribute (pk, job, data_date, state, attempt) is missing or unreadable.</exception>
    public static JobSnapshot Map(IReadOnlyDictionary<string, StreamAttributeValue> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pk = Text(image, LedgerSchema.Pk);
        if (string.IsNullOrEmpty(pk)) throw new MalformedJobImageException(null, LedgerSchema.Pk, "is missing");
        var state = Required(image, pk, LedgerSchema.State);
        var attempt = Number(image, pk, LedgerSchema.Attempt) ?? throw new MalformedJobImageException(pk, LedgerSchema.Attempt, "is missing");
        if (attempt is < 1 or > int.MaxValue) throw new MalformedJobImageException(pk, LedgerSchema.Attempt, $"must be a positive integer, not {attempt}");
        var durationMs = Number(image, pk, LedgerSchema.DurationMs);
        var (refreshFrom, refreshTo) = RefreshRange(Text(image, LedgerSchema.Manifest));
        return new JobSnapshot
        {
            Pk = pk,
            Job = Required(image, pk, LedgerSchema.Job),
            DataDate = Date(image, pk, LedgerSchema.DataDate) ?? throw new MalformedJobImageException(pk, LedgerSchema.DataDate, "is missing"),
            State = JobStates.TryParse(state, out var parsed) ? parsed
                : throw new MalformedJobImageException(pk, LedgerSchema.State, $"holds '{state}', which is not a job state ({string.Join(", ", JobStates.All.Select(x => x.ToWire()))})"),
            Attempt = (int)attempt,
            ClusterId = Text(image, LedgerSchema.ClusterId),
            StepId = Text(image, LedgerSchema.StepId),
            RangeFrom = Date(image, pk, LedgerSchema.RangeFrom),
            RangeTo = Date(image, pk, LedgerSchema.RangeTo),
            SubmittedAt = Timestamp(image, pk, LedgerSchema.SubmittedAt),
            StartedAt = Timestamp(image, pk, LedgerSchema.StartedAt),
            EndedAt = Timestamp(image, pk, LedgerSchema.EndedAt),
            Duration = durationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            RowsIn = Number(image, pk, LedgerSchema.RowsIn),
            RowsOut = Number(image, pk, LedgerSchema.RowsOut),
            RowsQuarantined = Number(image, pk, LedgerSchema.RowsQuarantined),
            Message = Text(image, LedgerSchema.Message),
            LogUri = Text(image, LedgerSchema.LogUri),
            RefreshFrom = refreshFrom,
            RefreshTo = refreshTo,
            PreviousAttempts = Previous(image),
        };
    }

    /// <summary>
    /// <c>refresh_from</c> / <c>refresh_to</c> of the manifest summary (a JSON object of strings the jobs write). The summary is
    /// informational: one that is not JSON, or dates that do not parse, leave the range out rather than failing the message.
    /// </summary>
    private static (DateOnly? From, DateOnly? To) RefreshRange(string? manifest)
    {
        if (string.IsNullOrWhiteSpace(manifest)) return (null, null);
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(manifest);
            if (doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object) return (null, null);
            DateOnly? Get(string name) =>
                doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String
                && LedgerFormats.TryParseDate(v.GetString(), out var d) ? d : null;
            var (from, to) = (Get("refresh_from"), Get("refresh_to"));
            return from is not null && to is not null && from <= to ? (from, to) : (null, null);
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>(attempt, state) of each earlier attempt; entries without both are left out (the list is informational).</summary>
    private static List<(int, JobState)> Previous(IReadOnlyDictionary<string, StreamAttributeValue> image) =>
        image.TryGetValue(LedgerSchema.PreviousAttempts, out var v) && v.L is { } list
            ? [.. list.Select(e => e.M).OfType<Dictionary<string, StreamAttributeValue>>()
                .Where(m => m.TryGetValue(LedgerSchema.Attempt, out var a) && a.N is not null && m.TryGetValue(LedgerSchema.State, out var st) && JobStates.TryParse(st.S, out _))
                .Select(m => (int.TryParse(m[LedgerSchema.Attempt].N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0, JobStates.Parse(m[LedgerSchema.State].S)))
                .Where(p => p.Item1 > 0)
                .OrderBy(p => p.Item1)]
            : [];

    private static string? Text(IReadOnlyDictionary<string, StreamAttributeValue> image, string name) =>
        image.TryGetValue(name, out var v) ? v.S : null;

    private static string Required(IReadOnlyDictionary<string, StreamAttributeValue> image, string pk, string name)
    {
        if (!image.TryGetValue(name, out var v)) throw new MalformedJobImageException(pk, name, "is missing");
        if (string.IsNullOrWhiteSpace(v.S)) throw new MalformedJobImageException(pk, name, "must be a non-empty string (S)");
        return v.S;
    }

    private static long? Number(IReadOnlyDictionary<string, StreamAttributeValue> image, string pk, string name)
    {
        if (!image.TryGetValue(name, out var v) || v.Null == true) return null;
        if (v.N is null) throw new MalformedJobImageException(pk, name, "must be a number (N)");
        if (long.TryParse(v.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)) return whole;
        if (decimal.TryParse(v.N, NumberStyles.Float, CultureInfo.InvariantCulture, out var dec)) return (long)Math.Round(dec);
        throw new MalformedJobImageException(pk, name, $"holds '{v.N}', which is not a number");
    }

    private static DateOnly? Date(IReadOnlyDictionary<string, StreamAttributeValue> image, string pk, string name)
    {
        var text = Text(image, name);
        if (text is null) return null;
        return LedgerFormats.TryParseDate(text, out var d)
            ? d
            : throw new MalformedJobImageException(pk, name, $"holds '{text}', expected yyyy-MM-dd");
    }

    private static DateTimeOffset? Timestamp(IReadOnlyDictionary<string, StreamAttributeValue> image, string pk, string name)
    {
        var text = Text(image, name);
        if (text is null) return null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new MalformedJobImageException(pk, name, $"holds '{text}', expected ISO-8601 UTC");
    }
}
