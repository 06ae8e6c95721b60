using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CovidSpark.Lambda.Runtime;

/// <summary>How the loop runs.</summary>
/// <param name="MaxInvocations">Stop after this many invocations (tests, benchmarks); null = until cancelled.</param>
/// <param name="DeadlineMargin">The handler's token is cancelled this long before the invocation's deadline, leaving time to report.</param>
public sealed record LambdaRuntimeOptions(int? MaxInvocations = null, TimeSpan? DeadlineMargin = null)
{
    public TimeSpan Margin => DeadlineMargin ?? TimeSpan.FromMilliseconds(500);
}

/// <summary>
/// The custom-runtime main loop for provided.al2023: initialise the handler (reporting an init error if that fails), then
/// forever take the next invocation, run the handler under a deadline-bound token and post its response or error.
/// </summary>
public sealed partial class LambdaRuntimeLoop(LambdaRuntimeClient runtime, TimeProvider time, ILogger<LambdaRuntimeLoop>? logger = null)
{
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Runs until cancelled or <see cref="LambdaRuntimeOptions.MaxInvocations"/>; returns the process exit code (0, or 1 after an init error).</summary>
    public async Task<int> RunAsync(Func<IInvocationHandler> createHandler, LambdaRuntimeOptions? options = null, CancellationToken ct = default)
    {
        options ??= new LambdaRuntimeOptions();
        IInvocationHandler handler;
        try
        {
            handler = createHandler();
        }
        catch (Exception e)
        {
            LogInitFailed(_logger, e.GetType().Name, e.Message);
            await runtime.ReportInitErrorAsync(LambdaError.From(e), ct).ConfigureAwait(false);
            return 1;
        }

        for (var n = 0; options.MaxInvocations is not { } max || n < max; n++)
        {
            LambdaInvocation invocation;
            try
            {
                invocation = await runtime.NextAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 0;
            }
            await InvokeAsync(handler, invocation, options, ct).ConfigureAwait(false);
        }
        return 0;
    }

    private async Task InvokeAsync(IInvocationHandler handler, LambdaInvocation invocation, LambdaRuntimeOptions options, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var budget = invocation.Deadline == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : invocation.Deadline - time.GetUtcNow() - options.Margin;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (budget != Timeout.InfiniteTimeSpan) deadline.CancelAfter(budget > TimeSpan.Zero ? budget : TimeSpan.Zero);
        try
        {
            var response = await handler.HandleAsync(invocation, deadline.Token).ConfigureAwait(false);
            await runtime.RespondAsync(invocation.RequestId, response, ct).ConfigureAwait(false);
            LogInvoked(_logger, invocation.RequestId, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var error = e is OperationCanceledException
                ? new LambdaError("DeadlineExceeded", $"the handler did not finish before the invocation deadline ({invocation.Deadline:O})", [])
                : LambdaError.From(e);
            LogInvocationFailed(_logger, invocation.RequestId, error.ErrorType, error.ErrorMessage);
            await runtime.ReportErrorAsync(invocation.RequestId, error, ct).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Critical, Message = "Function initialisation failed: {ErrorType}: {Message}")]
    private static partial void LogInitFailed(ILogger logger, string errorType, string message);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Invocation {RequestId} answered in {ElapsedMs:0.0} ms")]
    private static partial void LogInvoked(ILogger logger, string requestId, double elapsedMs);

    [LoggerMessage(EventId = 602, Level = LogLevel.Error, Message = "Invocation {RequestId} failed: {ErrorType}: {Message}")]
    private static partial void LogInvocationFailed(ILogger logger, string requestId, string errorType, string message);
}
