namespace CovidSpark.Notifier.Delivery;

/// <summary>Waits. Production waits on the <see cref="TimeProvider"/>; tests record the wait and advance a fake clock.</summary>
public interface IDelay
{
    /// <summary>Waits <paramref name="delay"/>.</summary>
    Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken);
}

/// <summary>Real waiting on a <see cref="TimeProvider"/>.</summary>
public sealed class TimeProviderDelay(TimeProvider time) : IDelay
{
    /// <inheritdoc />
    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancellationToken);
}
