using System.Collections.Immutable;
using System.Globalization;

namespace CovidSpark.Spark.Connect;

/// <summary>
/// A parsed Spark Connect connection string, <c>sc://host:port/;param=value;...</c>, following Spark's
/// client connection-string specification: port 15002 by default; reserved parameters <c>token</c>,
/// <c>use_ssl</c>, <c>user_id</c>, <c>user_agent</c>, <c>session_id</c> and <c>grpc_max_message_size</c>;
/// every other parameter is sent as a gRPC header on every call (EMR managed endpoints need
/// <c>x-aws-proxy-auth</c> this way).
/// </summary>
/// <remarks>
/// A <c>token</c> is sent as <c>authorization: Bearer &lt;token&gt;</c> and turns TLS on, as in Spark's clients,
/// unless <c>use_ssl=false</c> is given explicitly (a local proxy that terminates TLS; a warning is logged) or the host is
/// this machine (<c>localhost</c>, <c>127.0.0.1</c>, <c>::1</c>): a Spark 4 server bound to loopback with
/// <c>spark.connect.authenticate.token</c> speaks plaintext, and the token never leaves the machine.
/// Parameter values are URL-decoded, so a token may contain <c>%3B</c> for <c>;</c>.
/// </remarks>
public sealed record SparkConnectConnectionString
{
    /// <summary>The port Spark Connect servers listen on unless told otherwise.</summary>
    public const int DefaultPort = 15002;

    /// <summary>Spark's clients accept messages up to 128 MiB; so do we unless <c>grpc_max_message_size</c> says otherwise.</summary>
    public const int DefaultMaxMessageSize = 128 * 1024 * 1024;

    /// <summary>Server host name or IP address (IPv6 without brackets).</summary>
    public required string Host { get; init; }

    /// <summary>Server port; <see cref="DefaultPort"/> when the string has none.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>TLS (<c>https</c>) rather than plaintext HTTP/2 (h2c).</summary>
    public bool UseSsl { get; init; }

    /// <summary>Bearer token; never logged.</summary>
    public string? Token { get; init; }

    /// <summary>Goes into every request's <c>UserContext.user_id</c>; with <see cref="SessionId"/> it names the server-side session.</summary>
    public required string UserId { get; init; }

    /// <summary>Sent as <c>client_type</c> (logging only on the server).</summary>
    public string UserAgent { get; init; } = "covidspark-dotnet";

    /// <summary>The session id; Spark requires a UUID.</summary>
    public Guid SessionId { get; init; } = Guid.NewGuid();

    /// <summary>Largest gRPC message received or sent, in bytes (Arrow batches arrive as single messages).</summary>
    public int MaxMessageSize { get; init; } = DefaultMaxMessageSize;

    /// <summary>Extra gRPC headers (lower-case names), from parameters that are not reserved.</summary>
    public ImmutableSortedDictionary<string, string> Headers { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>The HTTP address of the gRPC channel.</summary>
    public Uri Address => new($"{(UseSsl ? "https" : "http")}://{(Host.Contains(':') ? $"[{Host}]" : Host)}:{Port}");

    /// <summary>Parses <c>sc://host[:port][/][;key=value]*</c>.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <param name="defaultUserId">User id when the string has none (Spark's clients use the OS user name).</param>
    /// <exception cref="ArgumentException">The string is malformed; the message says which part and why.</exception>
    public static SparkConnectConnectionString Parse(string connectionString, string? defaultUserId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        const string scheme = "sc://";
        if (!connectionString.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            throw Bad(connectionString, "it must start with sc://");
        var rest = connectionString[scheme.Length..];
        var semi = rest.IndexOf(';');
        var authority = (semi < 0 ? rest : rest[..semi]).TrimEnd('/');
        var parameters = semi < 0 ? "" : rest[(semi + 1)..];
        if (authority.Contains('/'))
            throw Bad(connectionString, "a path is not allowed after host:port (parameters follow ';')");
        var (host, port) = ParseAuthority(connectionString, authority);

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in parameters.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw Bad(connectionString, $"parameter '{pair.Split('=')[0]}' needs the form key=value");
            var key = Uri.UnescapeDataString(pair[..eq].Trim());
            if (!values.TryAdd(key, Uri.UnescapeDataString(pair[(eq + 1)..].Trim())))
                throw Bad(connectionString, $"parameter '{key}' is given twice");
        }

        string? Take(string key) => values.Remove(key, out var v) ? v : null;
        var token = Take("token");
        var useSslText = Take("use_ssl");
        bool? useSsl = useSslText is null ? null
            : bool.TryParse(useSslText, out var b) ? b
            : throw Bad(connectionString, $"use_ssl must be true or false, not '{useSslText}'");
        var sessionText = Take("session_id");
        var sessionId = sessionText is null ? Guid.NewGuid()
            : Guid.TryParseExact(sessionText, "D", out var g) ? g
            : throw Bad(connectionString, $"session_id must be a UUID such as 00112233-4455-6677-8899-aabbccddeeff (Spark rejects anything else), not '{sessionText}'");
        var sizeText = Take("grpc_max_message_size");
        var maxSize = sizeText is null ? DefaultMaxMessageSize
            : int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
            : throw Bad(connectionString, $"grpc_max_message_size must be a positive number of bytes, not '{sizeText}'");
        var userId = Take("user_id") ?? defaultUserId ?? Environment.UserName;
        var userAgent = Take("user_agent");

        var headers = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            var name = key.ToLowerInvariant();
            if (name.Length == 0 || !name.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.') || name.EndsWith("-bin", StringComparison.Ordinal))
                throw Bad(connectionString, $"parameter '{key}' cannot be a gRPC header (use letters, digits, '-', '_' or '.')");
            if (name == "authorization" && token is not null)
                throw Bad(connectionString, "give either token or an authorization header, not both");
            headers[name] = value;
        }

        return new SparkConnectConnectionString
        {
            Host = host,
            Port = port,
            Token = token,
            UseSsl = useSsl ?? (token is not null && !IsLoopback(host)),
            UserId = userId,
            UserAgent = userAgent ?? "covidspark-dotnet",
            SessionId = sessionId,
            MaxMessageSize = maxSize,
            Headers = headers.ToImmutable(),
        };
    }

    /// <summary>True for a host name or address that always means this machine.</summary>
    public static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host, out var ip) && System.Net.IPAddress.IsLoopback(ip));

    private static (string Host, int Port) ParseAuthority(string original, string authority)
    {
        if (authority.Length == 0) throw Bad(original, "the host is missing");
        string host;
        string? portText = null;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']');
            if (close < 0) throw Bad(original, "an IPv6 host needs a closing ']'");
            host = authority[1..close];
            var after = authority[(close + 1)..];
            if (after.Length > 0)
                portText = after.StartsWith(':') ? after[1..] : throw Bad(original, "expected ':port' after the IPv6 host");
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
            portText = colon < 0 ? null : authority[(colon + 1)..];
        }
        if (host.Length == 0) throw Bad(original, "the host is missing");
        var port = portText is null ? DefaultPort
            : int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536 ? p
            : throw Bad(original, $"port must be a number from 1 to 65535, not '{portText}'");
        return (host, port);
    }

    private static ArgumentException Bad(string original, string why) =>
        new($"Invalid Spark Connect connection string '{Redact(original)}': {why}.", "connectionString");

    /// <summary>The string with the token and header values masked, for errors and logs.</summary>
    public static string Redact(string connectionString)
    {
        var parts = connectionString.Split(';');
        for (var i = 1; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=');
            if (eq > 0) parts[i] = parts[i][..(eq + 1)] + "***";
        }
        return string.Join(';', parts);
    }

    /// <summary>Printable form without secrets.</summary>
    public override string ToString() =>
        $"sc://{Host}:{Port}/;use_ssl={(UseSsl ? "true" : "false")};user_id={UserId};session_id={SessionId}"
        + (Token is null ? "" : ";token=***") + string.Concat(Headers.Keys.Select(k => $";{k}=***"));
}
