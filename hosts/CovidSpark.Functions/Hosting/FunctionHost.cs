using CovidSpark.Functions.Handlers;
using CovidSpark.Hosting.Logging;
using CovidSpark.Lambda.Runtime;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Functions.Hosting;

/// <summary>Wires environment → services → handler → runtime loop. <see cref="Program"/> calls it; tests call it in-process.</summary>
public static class FunctionHost
{
    /// <summary>Runs the function until cancelled (or <see cref="LambdaRuntimeOptions.MaxInvocations"/>); returns the exit code.</summary>
    public static async Task<int> RunAsync(Func<string, string?> environment, TextWriter log, LambdaRuntimeOptions? options = null,
        TimeProvider? time = null, HandlerRegistry? registry = null, CancellationToken ct = default)
    {
        time ??= TimeProvider.System;
        using var loggers = HostLogging.JsonLines(log, HostLogging.ParseLevel(environment(FunctionEnvironment.LogLevel), LogLevel.Information), time);
        var runtimeApi = environment(FunctionEnvironment.RuntimeApi);
        if (string.IsNullOrWhiteSpace(runtimeApi))
        {
            await log.WriteLineAsync($"{FunctionEnvironment.RuntimeApi} is not set: this executable runs inside AWS Lambda (provided.al2023) or under a Runtime API emulator.").ConfigureAwait(false);
            return 2;
        }
        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var services = new FunctionServices(environment, time, loggers);
        var handlers = registry ?? FunctionHandlers.Create();
        var loop = new LambdaRuntimeLoop(new LambdaRuntimeClient(http, runtimeApi), time, loggers.CreateLogger<LambdaRuntimeLoop>());
        return await loop.RunAsync(() => handlers.Create(environment(FunctionEnvironment.Handler), services), options, ct).ConfigureAwait(false);
    }
}
