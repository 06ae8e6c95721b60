using System.Collections.Concurrent;

namespace CovidSpark.Notifier.Delivery;

/// <summary>
/// Keeps posts to one webhook at least a minimum interval apart (Slack: about one message per second per webhook).
/// One instance per notifier; posts to the same key are serialised.
/// </summary>
public sealed class PaceGate
{
    private readonly TimeProvider _time;
    private readonly IDelay _delay;
    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>Creates the gate.</summary>
    public PaceGate(TimeProvider time, IDelay delay)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _delay = delay ?? throw new ArgumentNullException(nameof(delay));
    }

    /// <summary>
    /// Waits until a post to <paramref name="key"/> is allowed and holds the slot; dispose the result right after the post.
    /// </summary>
    public async Task<IDisposable> EnterAsync(string key, TimeSpan minInterval, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(key, _ => new Slot());
        await slot.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (slot.Last is { } last)
            {
                var wait = last + minInterval - _time.GetUtcNow();
                if (wait > TimeSpan.Zero) await _delay.DelayAsync(wait, cancellationToken).ConfigureAwait(false);
            }
            return new Release(slot, _time);
        }
        catch
        {
            slot.Lock.Release();
            throw;
        }
    }

    private sealed class Slot
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);
        public DateTimeOffset? Last { get; set; }
    }

    private sealed class Release(Slot slot, TimeProvider time) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0) return;
            slot.Last = time.GetUtcNow();
            slot.Lock.Release();
        }
    }
}
