using CovidSpark.Functions.Hosting;

// provided.al2023 custom runtime: Lambda starts this "bootstrap" executable, which serves invocations through the Runtime API.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();
return await FunctionHost.RunAsync(Environment.GetEnvironmentVariable, Console.Out, ct: stop.Token);
