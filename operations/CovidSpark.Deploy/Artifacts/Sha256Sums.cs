using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace CovidSpark.Deploy.Artifacts;

/// <summary>
/// The <c>SHA256SUMS</c> file <c>scripts/package.sh</c> writes (<c>sha256sum</c> format: 64 hex digits, two spaces or
/// space-asterisk, file name), and SHA-256 of files.
/// </summary>
public static partial class Sha256Sums
{
    /// <summary>The file name used next to the bundles.</summary>
    public const string FileName = "SHA256SUMS";

    /// <summary>Parses the file's text into file name → lower-case hex digest.</summary>
    /// <exception cref="ArtifactException">A line is not in <c>sha256sum</c> format or a name appears twice.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string text, string source)
    {
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            var m = Line().Match(line);
            if (!m.Success)
                throw new ArtifactException(source, $"line {lineNumber} is not '<sha256>  <file>': '{line}'");
            var name = m.Groups[2].Value;
            if (!sums.TryAdd(name, m.Groups[1].Value.ToLowerInvariant()))
                throw new ArtifactException(source, $"line {lineNumber}: '{name}' is listed twice");
        }
        return sums;
    }

    /// <summary>Lower-case hex SHA-256 of a file's bytes.</summary>
    public static async Task<string> ComputeAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    [GeneratedRegex(@"^([0-9A-Fa-f]{64}) [ *]([^/\\]+)$")]
    private static partial Regex Line();
}
