using System.Globalization;
using System.Text;

namespace CovidSpark.Delta;

/// <summary>
/// Path rules of the protocol: an add/remove <c>path</c> is a URI, relative to the table root unless absolute, so
/// characters outside the URI path set are percent-encoded; partition folders are Hive-style (<c>col=value</c>) with
/// Hive's escaping of special characters; partition values in the log are strings.
/// </summary>
public static class DeltaPaths
{
    private const string UriPathSafe = "-._~!$&'()*+,;=:@/";

    /// <summary>Percent-encodes a relative file path for the log (UTF-8, '/' kept).</summary>
    public static string Encode(string relativePath)
    {
        var sb = new StringBuilder(relativePath.Length);
        foreach (var b in Encoding.UTF8.GetBytes(relativePath))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || UriPathSafe.Contains(c))) sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Decodes a log path to the file's path relative to the table root ('/'-separated), or an absolute path.</summary>
    public static string Decode(string logPath)
    {
        if (logPath.StartsWith("file:", StringComparison.Ordinal))
        {
            // file:/a/b, file:///a/b and file://host/a/b all name a local absolute path
            var rest = logPath["file:".Length..];
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                var slash = rest.IndexOf('/', 2);
                rest = slash < 0 ? "/" : rest[slash..];
            }
            return Uri.UnescapeDataString(rest);
        }
        return Uri.UnescapeDataString(logPath);
    }

    /// <summary>Whether a decoded log path is absolute (a file elsewhere, or another scheme such as s3://).</summary>
    public static bool IsAbsolute(string decodedPath) => decodedPath.StartsWith('/') || decodedPath.Contains("://", StringComparison.Ordinal);

    private const string HiveSpecial = "\"#%'*/:=?\\\u007f{[]^";

    /// <summary>A Hive partition folder segment <c>col=value</c>, special characters escaped as %XX (a null value is <c>__HIVE_DEFAULT_PARTITION__</c>).</summary>
    public static string PartitionSegment(string column, string? value) =>
        $"{EscapeHive(column)}={(value is null ? "__HIVE_DEFAULT_PARTITION__" : EscapeHive(value))}";

    private static string EscapeHive(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c < 0x20 || HiveSpecial.Contains(c)) sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
