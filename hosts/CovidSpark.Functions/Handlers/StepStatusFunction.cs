using System.Text.Json;
using CovidSpark.Functions.Hosting;
using CovidSpark.Lambda.Events;
using CovidSpark.Lambda.Runtime;
using CovidSpark.Launcher.Reporting;
using CovidSpark.Launcher.Tracking;
using Microsoft.Extensions.Logging;

namespace CovidSpark.Functions.Handlers;

/// <summary>
/// The step-status tracker Lambda: an EventBridge <c>EMR Step Status Change</c> event moves the ledger items of the step.
/// Subscribe it with a rule on <c>{"source":["aws.emr"],"detail-type":["EMR Step Status Change"]}</c>.
/// </summary>
public sealed class StepStatusFunction(FunctionServices services) : IInvocationHandler
{
    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        if (EventSniffer.Kind(invocation.Payload) != EventKind.EmrStepStatusChange)
            throw new InvalidEventException($"the step-status tracker accepts EventBridge '{DetailTypes.EmrStepStatusChange}' events only");
        var evt = EventSniffer.Read(invocation.Payload, LambdaEventJsonContext.Default.EventBridgeEventEmrStepStatusDetail);
        var d = evt.Detail ?? throw new InvalidEventException("the event has no detail");
        if (string.IsNullOrEmpty(d.StepId) || string.IsNullOrEmpty(d.ClusterId) || string.IsNullOrEmpty(d.State))
            throw new InvalidEventException("the event detail lacks stepId, clusterId or state");
        var tracker = new StepStatusTracker(services.Ledger, services.Loggers.CreateLogger<StepStatusTracker>());
        var result = await tracker.TrackAsync(new StepStatusChange(d.ClusterId, d.StepId, d.Name ?? "", d.State, d.Message, evt.Time), cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(TrackDocument.Of(result), ReportJsonContext.Default.TrackDocument);
    }
}
