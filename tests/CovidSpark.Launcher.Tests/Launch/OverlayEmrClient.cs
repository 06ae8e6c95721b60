using System.Collections.Concurrent;
using CovidSpark.Aws;
using CovidSpark.Aws.Emr;
using CovidSpark.Aws.Emr.Model;

namespace CovidSpark.Launcher.Tests.Launch;

/// <summary>
/// Forwards to the real EMR client (moto) but lets a test play the part of EMR's step runner — moto never finishes a step —
/// by overlaying step states, and inject failures. Counts calls per operation.
/// </summary>
internal sealed class OverlayEmrClient(IEmrClient inner) : IEmrClient
{
    private readonly ConcurrentDictionary<string, string> _states = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();

    public Func<string, Exception?> Fault { get; set; } = _ => null;

    public void SetStepState(string stepId, string state) => _states[stepId] = state;

    public int Calls(string operation) => _calls.GetValueOrDefault(operation);

    public int TotalCalls => _calls.Values.Sum();

    private void Enter(string operation)
    {
        _calls.AddOrUpdate(operation, 1, (_, n) => n + 1);
        if (Fault(operation) is { } e) throw e;
    }

    private StepSummary Overlay(StepSummary s) =>
        _states.TryGetValue(s.Id, out var state)
            ? s with { Status = s.Status with { State = state, Timeline = (s.Status.Timeline ?? new Timeline()) with { EndDateTime = StepStates.IsActive(state) ? null : DateTimeOffset.UnixEpoch.AddSeconds(1_600_000_000) } } }
            : s;

    public Task<ListClustersResponse> ListClustersAsync(ListClustersRequest request, CancellationToken ct = default) { Enter("ListClusters"); return inner.ListClustersAsync(request, ct); }
    public Task<DescribeClusterResponse> DescribeClusterAsync(DescribeClusterRequest request, CancellationToken ct = default) { Enter("DescribeCluster"); return inner.DescribeClusterAsync(request, ct); }
    public Task<RunJobFlowResponse> RunJobFlowAsync(RunJobFlowRequest request, CancellationToken ct = default) { Enter("RunJobFlow"); return inner.RunJobFlowAsync(request, ct); }
    public Task<AddJobFlowStepsResponse> AddJobFlowStepsAsync(AddJobFlowStepsRequest request, CancellationToken ct = default) { Enter("AddJobFlowSteps"); return inner.AddJobFlowStepsAsync(request, ct); }
    public Task<CancelStepsResponse> CancelStepsAsync(CancelStepsRequest request, CancellationToken ct = default) { Enter("CancelSteps"); return inner.CancelStepsAsync(request, ct); }

    public async Task<ListStepsResponse> ListStepsAsync(ListStepsRequest request, CancellationToken ct = default)
    {
        Enter("ListSteps");
        // Overlaid states must be filtered here, since moto filters by its own (never-changing) states.
        var all = await inner.ListStepsAsync(request with { StepStates = null }, ct);
        var steps = (all.Steps ?? []).Select(Overlay).Where(s => request.StepStates is null || request.StepStates.Contains(s.Status.State)).ToList();
        return all with { Steps = steps };
    }

    public async Task<DescribeStepResponse> DescribeStepAsync(DescribeStepRequest request, CancellationToken ct = default)
    {
        Enter("DescribeStep");
        var r = await inner.DescribeStepAsync(request, ct);
        return r with { Step = Overlay(r.Step) };
    }
}
