using System.Diagnostics;
using System.Globalization;
using CovidSpark.Deploy.Artifacts;
using CovidSpark.Deploy.Tests.Infrastructure;
using CovidSpark.Testing;
using Xunit.Abstractions;

namespace CovidSpark.Deploy.Tests;

/// <summary>
/// The one slow test: scripts/package.sh publishes the Lambda host self-contained for linux-x64, and the packaged
/// <c>bootstrap</c> answers an invocation handed out by a local server playing the Lambda Runtime API.
/// </summary>
public sealed class LambdaBundleTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("covidspark-lambda-bundle-").FullName;
    private readonly ManualResetEventSlim _release = new();

    [FunctionsBundleFact]
    public async Task Packaged_functions_bundle_answers_an_invocation_from_the_runtime_api()
    {

        var clock = Stopwatch.StartNew();
        var package = await Tools.RunAsync("bash", [RepoPaths.PackageScript, "--only", "functions", "--arch", "x64", "--out", Path.Combine(_dir, "artifacts")],
            timeout: TimeSpan.FromMinutes(8));
        output.WriteLine($"package.sh --only functions --arch x64 took {clock.Elapsed.TotalSeconds:F0} s");
        Assert.True(package.ExitCode == 0, package.All);

        var release = await ReleaseArtifacts.LoadAsync(Path.Combine(_dir, "artifacts"));      // checksums, manifest, execute bit
        var bundle = release.FunctionsBundle(LambdaArchitecture.X64);
        Assert.Equal(("covidspark-functions", "linux-x64", "bootstrap"), (bundle.Manifest.Name, bundle.Manifest.RuntimeIdentifier, bundle.Manifest.EntryPoint));
        var task = Path.Combine(_dir, "task");                                                   // what Lambda unpacks to /var/task
        Assert.Equal(0, (await Tools.RunAsync("unzip", ["-q", bundle.Path, "-d", task])).ExitCode);

        var calls = 0;
        await using var runtimeApi = new LoopbackHttpServer(request => RuntimeApi(request, ref calls));
        var psi = new ProcessStartInfo(Path.Combine(task, "bootstrap")) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = task };
        foreach (var (k, v) in new Dictionary<string, string>
        {
            ["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{runtimeApi.BaseUri.Port}",
            ["_HANDLER"] = "step-status",
            ["LAMBDA_TASK_ROOT"] = task,
            ["AWS_LAMBDA_FUNCTION_NAME"] = "covidspark-step-status",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "testing",
            ["AWS_SECRET_ACCESS_KEY"] = "testing",
            ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",   // nothing listens: the event must not need AWS
            ["COVIDSPARK_TABLE"] = "covidspark-jobs",
        }) psi.Environment[k] = v;

        clock.Restart();
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !process.HasExited && !runtimeApi.Requests.Any(r => r.Method == "POST"))
                await Task.Delay(50);
            output.WriteLine($"process start to first answer: {clock.ElapsedMilliseconds} ms");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            _release.Set();
        }
        await process.WaitForExitAsync();
        var log = await stderr + await stdout;
        var posts = runtimeApi.Requests.Where(r => r.Method == "POST").ToList();
        var answer = Assert.Single(posts, p => p.Path.StartsWith("/2018-06-01/runtime/invocation/", StringComparison.Ordinal));
        Assert.True(answer.Path == "/2018-06-01/runtime/invocation/req-1/response", $"expected a response, got {answer.Path}: {answer.Body}\n{log}");
    }

    private ScriptedResponse RuntimeApi(RecordedRequest request, ref int calls)
    {
        if (request.Method == "GET" && request.Path == "/2018-06-01/runtime/invocation/next")
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                var deadline = DateTimeOffset.UtcNow.AddSeconds(30).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                return new ScriptedResponse(200, StepEvent, new Dictionary<string, string>
                {
                    ["Lambda-Runtime-Aws-Request-Id"] = "req-1",
                    ["Lambda-Runtime-Deadline-Ms"] = deadline,
                    ["Lambda-Runtime-Invoked-Function-Arn"] = "arn:aws:lambda:us-east-1:123456789012:function:covidspark-step-status",
                    ["Lambda-Runtime-Trace-Id"] = "Root=1-5f84c7a9-0123456789abcdef01234567;Sampled=0",
                    ["Content-Type"] = "application/json",
                });
            }
            _release.Wait(TimeSpan.FromSeconds(60));   // like Lambda: no next event until the test is over
            return new ScriptedResponse(500, "test over");
        }
        return new ScriptedResponse(202, """{"status":"OK"}""");
    }

    /// <summary>An EMR step event for a step the launcher did not submit: the tracker answers without touching AWS.</summary>
    private const string StepEvent = """
        {"version":"0","id":"999cccaa-eaaa-0000-1111-123456789012","detail-type":"EMR Step Status Change","source":"aws.emr",
         "account":"123456789012","time":"2020-11-10T05:41:07Z","region":"us-east-1","resources":[],
         "detail":{"severity":"INFO","actionOnFailure":"CONTINUE","stepId":"s-1234567890ABC","name":"someone else's step",
                   "clusterId":"j-123456789ABCD","state":"COMPLETED","message":"Step s-1234567890ABC completed."}}
        """;

    public void Dispose()
    {
        _release.Set();
        _release.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
