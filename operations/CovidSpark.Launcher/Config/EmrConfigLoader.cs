using System.Text.Json;

namespace CovidSpark.Launcher.Config;

/// <summary>Reads and validates emr-config.json; every problem is reported at once with file, JSON path and reason.</summary>
public static class EmrConfigLoader
{
    /// <summary>Loads a file.</summary>
    /// <exception cref="EmrConfigException">Missing file, malformed JSON or invalid content (all problems listed).</exception>
    public static async Task<LauncherConfig> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EmrConfigException(path, [new ConfigProblem(path, "$", $"cannot be read: {e.Message}")]);
        }
        return Parse(text, path);
    }

    /// <summary>Loads a file synchronously (process start-up, e.g. a Lambda's init phase).</summary>
    /// <exception cref="EmrConfigException">Missing file, malformed JSON or invalid content (all problems listed).</exception>
    public static LauncherConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EmrConfigException(path, [new ConfigProblem(path, "$", $"cannot be read: {e.Message}")]);
        }
        return Parse(text, path);
    }

    /// <summary>Validates JSON text; <paramref name="file"/> names it in problems.</summary>
    /// <exception cref="EmrConfigException">Malformed JSON or invalid content (all problems listed).</exception>
    public static LauncherConfig Parse(string json, string file = "emr-config.json")
    {
        EmrConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(json, EmrConfigJsonContext.Default.EmrConfig);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, column {(e.BytePositionInLine ?? 0) + 1})" : "";
            throw new EmrConfigException(file, [new ConfigProblem(file, e.Path ?? "$", $"invalid JSON{where}: {FirstSentence(e.Message)}")]);
        }
        if (config is null) throw new EmrConfigException(file, [new ConfigProblem(file, "$", "the document is null; expected an object")]);
        var validator = new EmrConfigValidator(file);
        var result = validator.Validate(config);
        return result ?? throw new EmrConfigException(file, validator.Problems);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
