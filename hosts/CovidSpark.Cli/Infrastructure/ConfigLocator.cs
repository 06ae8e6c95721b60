using System.CommandLine;
using CovidSpark.Launcher.Config;

namespace CovidSpark.Cli.Infrastructure;

/// <summary>
/// Finds emr-config.json when <c>--config</c> is not given: the working folder and each folder above it, then the program's
/// folder and each folder above it (the way the jobs find their sample data), so <c>covidspark launch</c> works from any folder of
/// the repository and from an installed tool. When it is nowhere, the error lists every folder it looked in.
/// </summary>
public static class ConfigLocator
{
    /// <summary>The file name looked for.</summary>
    public const string FileName = "emr-config.json";

    /// <summary>The path to load: <c>--config</c> as given when set, else the first emr-config.json found.</summary>
    /// <exception cref="EmrConfigException">No <c>--config</c> and no emr-config.json in any of the folders searched.</exception>
    public static string Resolve(ParseResult parse, GlobalOptions globals)
    {
        var given = parse.GetValue(globals.Config)!;
        if (parse.GetResult(globals.Config) is { Implicit: false } || Path.IsPathRooted(given) || given != FileName) return given;
        var searched = new List<string>();
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (searched.Contains(dir.FullName)) break;
                searched.Add(dir.FullName);
                var candidate = Path.Combine(dir.FullName, FileName);
                if (File.Exists(candidate)) return candidate;
            }
        }
        throw new EmrConfigException(FileName, [new ConfigProblem(FileName, "$",
            $"not found; looked in {string.Join(", ", searched)} (pass --config PATH)")]);
    }
}
