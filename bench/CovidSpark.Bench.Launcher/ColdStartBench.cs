using System.Diagnostics;
using CovidSpark.Testing;

namespace CovidSpark.Bench.Launcher;

/// <summary>
/// Lambda host start-up: runs the built <c>bootstrap</c> executable against a loopback Runtime API and measures process start →
/// first response posted (cold) and next-request → response of later invocations (warm). The event is an EMR step event for a
/// step the launcher did not submit, so the measure is the host, the runtime loop and the handler — not DynamoDB latency.
/// </summary>
internal static class ColdStartBench
{
    private const string Event = """{"version":"0","id":"e","detail-type":"EMR Step Status Change","source":"aws.emr","time":"2020-11-10T05:12:00Z","detail":{"stepId":"s-1","name":"not-ours","clusterId":"j-1","state":"COMPLETED"}}""";

    public static async Task RunAsync(string bootstrap, string configFile, TextWriter output, int runs = 5, int warm = 50)
    {
        var cold = new List<double>();
        var warmTimes = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var served = 0;
            var firstResponse = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var nextAt = new Dictionary<int, DateTimeOffset>();
            var stamps = new List<double>();
            await using var api = new LoopbackHttpServer(req =>
            {
                if (req.Method == "GET")
                {
                    var n = Interlocked.Increment(ref served);
                    if (n > warm + 1) { done.TrySetResult(); Thread.Sleep(Timeout.Infinite); }
                    lock (nextAt) nextAt[n] = req.ReceivedAt;
                    return new ScriptedResponse(200, Event, new Dictionary<string, string> { ["Lambda-Runtime-Aws-Request-Id"] = n.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Lambda-Runtime-Deadline-Ms"] = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) });
                }
                var id = int.Parse(req.Path.Split('/')[4], System.Globalization.CultureInfo.InvariantCulture);
                if (id == 1) firstResponse.TrySetResult(req.ReceivedAt);
                else lock (nextAt) stamps.Add((req.ReceivedAt - nextAt[id]).TotalMilliseconds);
                return new ScriptedResponse(202, "{}");
            });
            var psi = new ProcessStartInfo(bootstrap) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.Environment["AWS_LAMBDA_RUNTIME_API"] = api.BaseUri.Authority;
            psi.Environment["_HANDLER"] = "step-status";
            psi.Environment["AWS_REGION"] = "us-east-1";
            psi.Environment["AWS_ACCESS_KEY_ID"] = "bench";
            psi.Environment["AWS_SECRET_ACCESS_KEY"] = "bench";
            psi.Environment["COVIDSPARK_CONFIG"] = configFile;
            psi.Environment["COVIDSPARK_LOG_LEVEL"] = "Warning";
            var started = DateTimeOffset.UtcNow;
            using var process = Process.Start(psi)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var first = await firstResponse.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            cold.Add((first - started).TotalMilliseconds);
            lock (nextAt) warmTimes.AddRange(stamps);
        }
        cold.Sort();
        warmTimes.Sort();
        output.WriteLine($"| `{Path.GetFileName(Path.GetDirectoryName(bootstrap))}/bootstrap` | {cold[cold.Count / 2]:0} ms (min {cold[0]:0}, max {cold[^1]:0}) | {warmTimes[warmTimes.Count / 2]:0.00} ms (p90 {warmTimes[(int)(warmTimes.Count * 0.9)]:0.00}) |");
    }
}
