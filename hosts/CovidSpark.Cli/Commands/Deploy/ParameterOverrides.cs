using CovidSpark.Deploy;
using System.Text.RegularExpressions;

namespace CovidSpark.Cli.Commands.Deploy;

/// <summary>Parses <c>--parameter Key=Value</c> arguments into template parameter overrides.</summary>
public static partial class ParameterOverrides
{
    /// <summary>Parses every argument, reporting all problems at once.</summary>
    /// <exception cref="ArgumentException">An argument is not <c>Key=Value</c>, a key repeats, or a key is set by the deployment itself.</exception>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> arguments)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var argument in arguments)
        {
            var eq = argument.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? argument : argument[..eq];
            if (eq < 0 || !Key().IsMatch(key))
                problems.Add($"'{argument}' is not Key=Value with a template parameter name (letters and digits)");
            else if (Deployment.ManagedParameters.Contains(key))
                problems.Add($"'{key}' is set by the deployment itself (use --arch for Architecture)");
            else if (!result.TryAdd(key, argument[(eq + 1)..]))
                problems.Add($"'{key}' is given more than once");
        }
        if (problems.Count > 0) throw new ArgumentException("--parameter: " + string.Join("; ", problems));
        return result;
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,254}$")]
    private static partial Regex Key();
}
