using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace CovidSpark.Jobs.Cli;

/// <summary>
/// Typed options whose parse errors name the option and the value in plain words ("--k 'abc' is not a whole number"), and the
/// checks of values that need more than a type: the engine's memory limit and the lake folder.
/// </summary>
internal static partial class OptionValues
{
    /// <summary>A whole-number option.</summary>
    public static Option<int> WholeNumber(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r => Parse(name, r) ?? defaultValue,
    };

    /// <summary>An optional whole-number option.</summary>
    public static Option<int?> OptionalWholeNumber(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => Parse(name, r),
    };

    private static int? Parse(string name, ArgumentResult r)
    {
        var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)) return v;
        r.AddError($"{name} '{text}' is not a whole number");
        return null;
    }

    /// <summary>DuckDB's memory limit syntax: a number and a unit (<c>512MB</c>, <c>1.5GB</c>, <c>2GiB</c>).</summary>
    [GeneratedRegex(@"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    public static partial Regex MemoryLimit();

    /// <summary>
    /// Why a local lake folder cannot be used (a regular file, or a folder this user cannot write to); null when it can. Creates the
    /// folder when it is missing and removes the probe file it writes, so a bad lake fails before any work rather than after the ETL.
    /// </summary>
    public static string? LakeProblem(string lake)
    {
        if (Storage.FileStorePaths.IsS3(lake)) return null;
        if (File.Exists(lake)) return $"--lake {lake} is a file, not a folder";
        try
        {
            Directory.CreateDirectory(lake);
            var probe = Path.Combine(lake, $".write-probe-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"--lake {lake} cannot be written to: {e.Message}";
        }
    }
}
