namespace CovidSpark.Testing;

/// <summary>How the timers of a <see cref="ManualClock"/> (<c>Task.Delay(…, clock)</c>, <c>PeriodicTimer</c>, timed cancellation) run.</summary>
public enum ClockTimers
{
    /// <summary>
    /// A timer fires only when <see cref="ManualClock.Advance"/> moves the clock past its due time, on the advancing thread,
    /// in due order: a test decides when a wait ends. Timestamps (<c>GetTimestamp</c>, <c>GetElapsedTime</c>) follow the clock.
    /// </summary>
    OnAdvance,

    /// <summary>
    /// Timers and timestamps run in real time; only the wall clock (<c>GetUtcNow</c>) is manual. For code that polls with
    /// short real waits (the launcher's cluster lease) while the test moves the date the code reads.
    /// </summary>
    RealTime,
}

/// <summary>
/// The tests' clock: <c>GetUtcNow</c> moves only when <see cref="Advance"/> is called; its timers either wait for
/// <see cref="Advance"/> or run in real time, chosen per clock (<see cref="ClockTimers"/>).
/// </summary>
public sealed class ManualClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;

    public ManualClock(DateTimeOffset start, ClockTimers timers)
    {
        _now = start.ToUniversalTime();
        Timers = timers;
    }

    public ClockTimers Timers { get; }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override TimeZoneInfo LocalTimeZone => Timers == ClockTimers.RealTime ? base.LocalTimeZone : TimeZoneInfo.Utc;

    public override long TimestampFrequency => Timers == ClockTimers.RealTime ? base.TimestampFrequency : TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Timers == ClockTimers.RealTime ? base.GetTimestamp() : GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward; with <see cref="ClockTimers.OnAdvance"/>, fires every timer due on the way, in due order.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate) target = _now + by;
        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    if (target > _now) _now = target;
                    return;
                }
                if (due.DueAt > _now) _now = due.DueAt;
                if (due.Period > TimeSpan.Zero && due.Period != Timeout.InfiniteTimeSpan) due.DueAt += due.Period;
                else _timers.Remove(due);
            }
            due.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (Timers == ClockTimers.RealTime) return base.CreateTimer(callback, state, dueTime, period);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan) return;
            timer.DueAt = _now + dueTime;
            timer.Period = period;
            _timers.Add(timer);
        }
        if (dueTime == TimeSpan.Zero) Advance(TimeSpan.Zero);
    }

    private void Unschedule(ManualTimer timer)
    {
        lock (_gate) _timers.Remove(timer);
    }

    private sealed class ManualTimer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }
        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            clock.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => clock.Unschedule(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
