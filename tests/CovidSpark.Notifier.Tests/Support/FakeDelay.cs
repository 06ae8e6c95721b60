using System.Collections.Concurrent;
using CovidSpark.Notifier.Delivery;

namespace CovidSpark.Notifier.Tests.Support;

/// <summary>Waits no real time: records each wait and moves the fake clock forward by it.</summary>
public sealed class FakeDelay(ManualClock time) : IDelay
{
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _waits.Enqueue(delay);
        if (delay > TimeSpan.Zero) time.Advance(delay);
        return Task.CompletedTask;
    }
}
