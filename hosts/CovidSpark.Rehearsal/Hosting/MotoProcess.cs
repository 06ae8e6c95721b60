using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CovidSpark.Rehearsal.Hosting;

/// <summary>A <c>moto_server</c> process on 127.0.0.1 and a free port: the local cloud (EMR, DynamoDB + Streams, S3, SSM).</summary>
public sealed class MotoProcess : IAsyncDisposable
{
    private readonly Process _process;

    private MotoProcess(Process process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>Where moto answers.</summary>
    public Uri Endpoint { get; }

    /// <summary>Process id (for <c>--keep</c>: stop it with <c>kill &lt;pid&gt;</c>).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts moto_server and waits until it answers (at most 60 s).</summary>
    /// <exception cref="RehearsalException">moto_server is not installed, exited, or did not answer in time.</exception>
    public static async Task<MotoProcess> StartAsync(CancellationToken ct)
    {
        var port = FreePort();
        var psi = new ProcessStartInfo("moto_server") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) }) psi.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(psi) ?? throw new RehearsalException("moto_server", "the process did not start"); }
        catch (System.ComponentModel.Win32Exception e) { throw new RehearsalException("moto_server", "moto_server is not on PATH (pip install 'moto[server]') or pass --endpoint-url of a running one", e); }
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var moto = new MotoProcess(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await WaitUntilUpAsync(moto, ct).ConfigureAwait(false);
            return moto;
        }
        catch
        {
            await moto.StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the process (and its children).</summary>
    public Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        return Task.CompletedTask;
    }

    /// <summary>Releases the handle; the process keeps running unless <see cref="StopAsync"/> was called.</summary>
    public ValueTask DisposeAsync()
    {
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static async Task WaitUntilUpAsync(MotoProcess moto, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (moto._process.HasExited)
                throw new RehearsalException("moto_server", $"exited with code {moto._process.ExitCode} before it answered on {moto.Endpoint}");
            try
            {
                using var resp = await http.GetAsync(new Uri(moto.Endpoint, "/moto-api/data.json"), ct).ConfigureAwait(false);
                if (resp.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            await Task.Delay(100, ct).ConfigureAwait(false);
        }
        throw new RehearsalException("moto_server", $"did not answer on {moto.Endpoint} within 60 s");
    }
}
