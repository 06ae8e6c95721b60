using System.Diagnostics;
using Xunit;
using System.Net;
using System.Net.Sockets;

namespace CovidSpark.Testing;

/// <summary>
/// A real <c>moto_server</c> process on 127.0.0.1 and a free port: the local AWS (EMR, DynamoDB + Streams,
/// S3, SSM) for tests. Use it as an xunit class or collection fixture; it is stopped on dispose.
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    private Process? _process;

    /// <summary>The endpoint to pass as the SDK's ServiceURL / our clients' endpoint override.</summary>
    public Uri Endpoint { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>Fake credentials moto accepts (it does not verify signatures).</summary>
    public const string AccessKey = "testing";
    public const string SecretKey = "testing";
    public const string Region = "us-east-1";

    public async Task InitializeAsync()
    {
        var port = FreePort();
        // moto_server serves each request on its own thread and its DynamoDB has no lock: under load a conditional put can see
        // "absent" in two threads at once (two winners of one claim), and two stream records can get one sequence number.
        // DynamoDB itself is atomic, so tests run moto's own server with one request at a time.
        var psi = new ProcessStartInfo("python3", ["-c", SingleThreadedMoto, "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(psi) ?? throw new InvalidOperationException("moto_server could not be started (is python3 with moto installed?)");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"moto_server exited with code {_process.ExitCode} before it answered on port {port}");
            try
            {
                using var resp = await http.GetAsync(new Uri(Endpoint, "/moto-api/data.json"));
                if (resp.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"moto_server did not answer on {Endpoint} within 60 s");
    }

    /// <summary>moto_server's own entry point with werkzeug's <c>threaded</c> switched off.</summary>
    private const string SingleThreadedMoto =
        "import sys, moto.server as m; run = m.run_simple; m.run_simple = lambda *a, **k: run(*a, **{**k, 'threaded': False}); m.main(sys.argv[1:])";

    /// <summary>Wipes every resource moto holds, so one server can serve several independent tests.</summary>
    public async Task ResetAsync()
    {
        using var http = new HttpClient();
        using var resp = await http.PostAsync(new Uri(Endpoint, "/moto-api/reset"), content: null);
        resp.EnsureSuccessStatusCode();
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
