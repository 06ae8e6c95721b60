using System.Text;
using CovidSpark.Lambda.Runtime;

namespace CovidSpark.Functions.Handlers;

/// <summary>Adapts a handler written as "event JSON text in, response JSON text out" (e.g. the notifier's <c>HandleJsonAsync</c>).</summary>
public sealed class JsonTextHandler(Func<string, CancellationToken, Task<string>> handle) : IInvocationHandler
{
    /// <summary>Wraps <paramref name="handle"/>.</summary>
    public static JsonTextHandler From(Func<string, CancellationToken, Task<string>> handle) => new(handle);

    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken) =>
        Encoding.UTF8.GetBytes(await handle(Encoding.UTF8.GetString(invocation.Payload.Span), cancellationToken).ConfigureAwait(false));
}
