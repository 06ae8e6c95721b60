using Amazon.Runtime;

namespace CovidSpark.Aws;

/// <summary>Credentials from <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>[/<c>AWS_SESSION_TOKEN</c>] read through an injectable lookup (as Lambda sets them).</summary>
public static class EnvironmentCredentials
{
    /// <summary>The credentials the variables describe, or null when they are absent (then the SDK's default chain applies).</summary>
    public static AWSCredentials? TryCreate(Func<string, string?> environment)
    {
        var key = environment("AWS_ACCESS_KEY_ID");
        var secret = environment("AWS_SECRET_ACCESS_KEY");
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret)) return null;
        var token = environment("AWS_SESSION_TOKEN");
        return string.IsNullOrEmpty(token) ? new BasicAWSCredentials(key, secret) : new SessionAWSCredentials(key, secret, token);
    }
}
