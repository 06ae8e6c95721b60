namespace CovidSpark.Deploy.Tests.Infrastructure;

/// <summary>Skips a test at run time, with a reason, when something it needs is absent (xunit's dynamic-skip contract).</summary>
internal static class Require
{
    public static void Tool(string name, string why)
    {
        if (!Tools.OnPath(name)) throw new SkipTestException($"{name} is not installed: {why}");
    }

    public static void That(bool condition, string reason)
    {
        if (!condition) throw new SkipTestException(reason);
    }
}

/// <summary>Thrown to mark a test skipped; its message starts with xunit's dynamic-skip token.</summary>
internal sealed class SkipTestException(string reason) : Exception("$XunitDynamicSkip$" + reason);
