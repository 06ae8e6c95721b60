using CovidSpark.Notifier.Errors;

namespace CovidSpark.Notifier.Routing;

/// <summary>The notifier configuration is invalid; lists every problem found, each naming the setting.</summary>
public sealed class NotifierConfigException : NotifierException
{
    /// <summary>Creates the exception.</summary>
    public NotifierConfigException(string source, IReadOnlyList<string> problems)
        : base($"Notifier configuration ({source}) is invalid:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems))
    {
        Source = source;
        Problems = problems;
    }

    /// <summary>Where the configuration came from (a file path or the variable name).</summary>
    public new string Source { get; }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <inheritdoc />
    public override bool IsTransient => false;
}
