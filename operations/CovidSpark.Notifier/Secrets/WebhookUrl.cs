namespace CovidSpark.Notifier.Secrets;

/// <summary>
/// A resolved webhook URL. The URL is a bearer secret (anyone holding it can post to the room), so
/// <see cref="ToString"/> only shows scheme and host, and the value is reachable only through <see cref="Reveal"/>.
/// </summary>
public sealed class WebhookUrl
{
    private readonly Uri _value;

    /// <summary>Wraps an absolute http(s) URL.</summary>
    /// <exception cref="ArgumentException">The value is not an absolute http(s) URL. The message does not repeat it.</exception>
    public WebhookUrl(string value)
    {
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException("The webhook value is not an absolute http(s) URL.", nameof(value));
        _value = uri;
    }

    /// <summary>The real URL, for the HTTP request only. Never log it.</summary>
    public Uri Reveal() => _value;

    /// <summary>What may be shown: <c>https://hooks.slack.com/…</c>.</summary>
    public string Redacted => $"{_value.Scheme}://{_value.Authority}/\u2026";

    /// <summary>Removes the URL (and its path, the secret part) from a text such as a third-party error message.</summary>
    public string Redact(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var full = _value.AbsoluteUri;
        var result = text.Replace(full, Redacted, StringComparison.OrdinalIgnoreCase)
                         .Replace(full.TrimEnd('/'), Redacted, StringComparison.OrdinalIgnoreCase);
        var path = _value.PathAndQuery;
        return path.Length > 1 ? result.Replace(path, "/\u2026", StringComparison.OrdinalIgnoreCase) : result;
    }

    /// <summary>The redacted form; never the URL.</summary>
    public override string ToString() => Redacted;
}
