using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace CovidSpark.Ledger;

/// <summary>The one place where <see cref="JobRecord"/> and DynamoDB items are translated into each other.</summary>
internal static class JobRecordMapper
{
    public static Dictionary<string, AttributeValue> ToItem(JobRecord r)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [LedgerSchema.Pk] = S(r.Key.PartitionKey),
            [LedgerSchema.Job] = S(r.Key.Job),
            [LedgerSchema.DataDate] = S(r.Key.DateText),
            [LedgerSchema.State] = S(r.State.ToWire()),
            [LedgerSchema.Version] = N(r.Version),
            [LedgerSchema.Attempt] = N(r.Attempt),
        };
        if (r.PreviousAttempts.Count > 0)
            item[LedgerSchema.PreviousAttempts] = new AttributeValue { L = r.PreviousAttempts.Select(PreviousToMap).ToList() };
        Put(item, LedgerSchema.ClusterId, r.ClusterId);
        Put(item, LedgerSchema.StepId, r.StepId);
        Put(item, LedgerSchema.SubmitToken, r.SubmitToken);
        Put(item, LedgerSchema.LeaseExpiresAt, Instant(r.LeaseExpiresAt));
        Put(item, LedgerSchema.RangeFrom, r.RangeFrom is { } f ? LedgerFormats.FormatDate(f) : null);
        Put(item, LedgerSchema.RangeTo, r.RangeTo is { } t ? LedgerFormats.FormatDate(t) : null);
        Put(item, LedgerSchema.SubmittedAt, Instant(r.SubmittedAt));
        Put(item, LedgerSchema.StartedAt, Instant(r.StartedAt));
        Put(item, LedgerSchema.EndedAt, Instant(r.EndedAt));
        Put(item, LedgerSchema.UpdatedAt, Instant(r.UpdatedAt));
        if (r.DurationMs is { } d) item[LedgerSchema.DurationMs] = N(d);
        if (r.Counts is { } c)
        {
            item[LedgerSchema.RowsIn] = N(c.RowsIn);
            item[LedgerSchema.RowsOut] = N(c.RowsOut);
            item[LedgerSchema.RowsQuarantined] = N(c.RowsQuarantined);
        }
        Put(item, LedgerSchema.Manifest, r.Manifest);
        Put(item, LedgerSchema.Message, r.Message);
        Put(item, LedgerSchema.LogUri, r.LogUri);
        if (r.ExpiresAt is { } e) item[LedgerSchema.ExpiresAt] = N(e);
        return item;
    }

    /// <summary>Reads an item; returns null for items that are not job records (e.g. notifier sent-marks without <c>state</c>).</summary>
    public static JobRecord? FromItem(IReadOnlyDictionary<string, AttributeValue>? item)
    {
        if (item is null || item.Count == 0) return null;
        var job = Str(item, LedgerSchema.Job);
        if (job is null || !LedgerFormats.TryParseDate(Str(item, LedgerSchema.DataDate), out var date)) return null;
        if (!JobStates.TryParse(Str(item, LedgerSchema.State), out var state)) return null;
        JobCounts? counts = Num(item, LedgerSchema.RowsIn) is { } rin
            ? new JobCounts(rin, Num(item, LedgerSchema.RowsOut) ?? 0, Num(item, LedgerSchema.RowsQuarantined) ?? 0)
            : null;
        return new JobRecord
        {
            Key = new JobKey(job, date),
            State = state,
            Version = Num(item, LedgerSchema.Version) ?? 0,
            Attempt = (int)(Num(item, LedgerSchema.Attempt) ?? 1),
            PreviousAttempts = item.TryGetValue(LedgerSchema.PreviousAttempts, out var prev) && prev.L is { } list
                ? list.Select(v => PreviousFromMap(v.M)).OfType<PreviousAttempt>().ToList()
                : [],
            ClusterId = Str(item, LedgerSchema.ClusterId),
            StepId = Str(item, LedgerSchema.StepId),
            SubmitToken = Str(item, LedgerSchema.SubmitToken),
            LeaseExpiresAt = LedgerFormats.ParseInstant(Str(item, LedgerSchema.LeaseExpiresAt)),
            RangeFrom = LedgerFormats.TryParseDate(Str(item, LedgerSchema.RangeFrom), out var rf) ? rf : null,
            RangeTo = LedgerFormats.TryParseDate(Str(item, LedgerSchema.RangeTo), out var rt) ? rt : null,
            SubmittedAt = LedgerFormats.ParseInstant(Str(item, LedgerSchema.SubmittedAt)),
            StartedAt = LedgerFormats.ParseInstant(Str(item, LedgerSchema.StartedAt)),
            EndedAt = LedgerFormats.ParseInstant(Str(item, LedgerSchema.EndedAt)),
            DurationMs = Num(item, LedgerSchema.DurationMs),
            Counts = counts,
            Manifest = Str(item, LedgerSchema.Manifest),
            Message = Str(item, LedgerSchema.Message),
            LogUri = Str(item, LedgerSchema.LogUri),
            UpdatedAt = LedgerFormats.ParseInstant(Str(item, LedgerSchema.UpdatedAt)),
            ExpiresAt = Num(item, LedgerSchema.ExpiresAt),
        };
    }

    public static Dictionary<string, AttributeValue> KeyOf(JobKey key) => new() { [LedgerSchema.Pk] = S(key.PartitionKey) };

    private static AttributeValue PreviousToMap(PreviousAttempt p)
    {
        var m = new Dictionary<string, AttributeValue> { ["attempt"] = N(p.Attempt), ["state"] = S(p.State.ToWire()) };
        Put(m, "cluster_id", p.ClusterId);
        Put(m, "step_id", p.StepId);
        Put(m, "submitted_at", Instant(p.SubmittedAt));
        Put(m, "ended_at", Instant(p.EndedAt));
        Put(m, "message", p.Message);
        return new AttributeValue { M = m };
    }

    private static PreviousAttempt? PreviousFromMap(Dictionary<string, AttributeValue>? m) =>
        m is null || !JobStates.TryParse(Str(m, "state"), out var state)
            ? null
            : new PreviousAttempt((int)(Num(m, "attempt") ?? 0), state, Str(m, "cluster_id"), Str(m, "step_id"),
                LedgerFormats.ParseInstant(Str(m, "submitted_at")), LedgerFormats.ParseInstant(Str(m, "ended_at")), Str(m, "message"));

    internal static AttributeValue S(string s) => new() { S = s };
    internal static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };

    private static string? Instant(DateTimeOffset? at) => at is { } v ? LedgerFormats.FormatInstant(v) : null;

    private static void Put(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) item[name] = S(value);
    }

    private static string? Str(IReadOnlyDictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) ? v.S : null;

    private static long? Num(IReadOnlyDictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && long.TryParse(v.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
