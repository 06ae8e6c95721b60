using CovidSpark.Aws.Emr;
using CovidSpark.Launcher.Config;
using CovidSpark.Launcher.Launch;
using CovidSpark.Launcher.Tracking;
using CovidSpark.Testing;

namespace CovidSpark.Launcher.Tests.Launch;

/// <summary>A ledger table, an EMR client on moto with a step-state overlay, and a config with a unique cluster name.</summary>
internal sealed class LaunchTestContext : IAsyncDisposable
{
    private readonly HttpClient _http = new();

    private LaunchTestContext(LedgerTestContext ledger, LauncherConfig config, MotoServer moto)
    {
        LedgerContext = ledger;
        Config = config;
        Emr = new OverlayEmrClient(new EmrClient(_http, AwsTestClients.Options(moto.Endpoint)));
        Time = ledger.Time;
        Launcher = new LaunchService(config, Emr, ledger.Ledger, Time, LauncherOptions.Default with { ClusterLeasePoll = TimeSpan.FromMilliseconds(50) }, null,
            new CovidSpark.Ledger.DynamoDbClusterLock(ledger.Db, ledger.Table, ledger.Time));
        Tracker = new StepStatusTracker(ledger.Ledger);
        Reconcile = new ReconcileService(Emr, ledger.Ledger, Time);
    }

    public LedgerTestContext LedgerContext { get; }
    public CovidSpark.Ledger.JobLedger Ledger => LedgerContext.Ledger;
    public LauncherConfig Config { get; }
    public OverlayEmrClient Emr { get; }
    public ManualTimeProvider Time { get; }
    public LaunchService Launcher { get; }
    public StepStatusTracker Tracker { get; }
    public ReconcileService Reconcile { get; }

    public static async Task<LaunchTestContext> CreateAsync(MotoServer moto, string mode = "reuse", int maxActiveSteps = 256, int chunkDays = 0)
    {
        var ledger = await LedgerTestContext.CreateAsync(moto, new DateTimeOffset(2021, 1, 1, 6, 0, 0, TimeSpan.Zero));
        var config = EmrConfigLoader.Parse(TestConfigs.Json("cs-" + Guid.NewGuid().ToString("N")[..10], mode, maxActiveSteps, chunkDays, ledger.Table));
        return new LaunchTestContext(ledger, config, moto);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await LedgerContext.DisposeAsync();
    }
}
