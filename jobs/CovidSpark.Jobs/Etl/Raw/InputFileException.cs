namespace CovidSpark.Jobs.Etl.Raw;

/// <summary>An input file cannot be used; names the file and, where known, the line.</summary>
public sealed class InputFileException(string path, int? line, string reason)
    : Spark.Errors.SparkJobsException($"{path}{(line is null ? "" : $":{line}")}: {reason}")
{
    public string FilePath { get; } = path;
    public int? Line { get; } = line;
    public string Reason { get; } = reason;
}
