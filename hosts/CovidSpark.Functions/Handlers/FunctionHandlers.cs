using CovidSpark.Functions.Hosting;
using CovidSpark.Notifier.Hosting;

namespace CovidSpark.Functions.Handlers;

/// <summary>Every handler this bootstrap can run, one registration per line. Set the function's Handler (<c>_HANDLER</c>) to the name.</summary>
public static class FunctionHandlers
{
    /// <summary>The registry of all handlers.</summary>
    public static HandlerRegistry Create() => new HandlerRegistry()
        .Add("launcher", s => new LauncherFunction(s))
        .Add("notifier", s => JsonTextHandler.From(s.Track(NotifierRuntime.FromEnvironment(s.Environment, s.Loggers, s.Aws)).Function().HandleJsonAsync))
        .Add("step-status", s => new StepStatusFunction(s));
}
