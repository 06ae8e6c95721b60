namespace CovidSpark.Rehearsal.Timeline;

/// <summary>The rehearsal's events in the order they were observed; safe to add to from the webhook's listener thread.</summary>
public sealed class RehearsalTimeline(TimeProvider time)
{
    private readonly List<TimelineEvent> _events = [];
    private readonly Lock _gate = new();

    /// <summary>Records an event now.</summary>
    public TimelineEvent Add(string actor, string kind, string text, string? job = null, DateOnly? date = null, string? state = null) =>
        AddAt(time.GetUtcNow(), actor, kind, text, job, date, state);

    /// <summary>Records an event observed at <paramref name="at"/>.</summary>
    public TimelineEvent AddAt(DateTimeOffset at, string actor, string kind, string text, string? job = null, DateOnly? date = null, string? state = null)
    {
        lock (_gate)
        {
            var e = new TimelineEvent(_events.Count + 1, at, actor, kind, text, job, date, state);
            _events.Add(e);
            return e;
        }
    }

    /// <summary>Every event, by time, then by observation order.</summary>
    public IReadOnlyList<TimelineEvent> Events
    {
        get
        {
            lock (_gate) return [.. _events.OrderBy(e => e.Time).ThenBy(e => e.Sequence)];
        }
    }
}
