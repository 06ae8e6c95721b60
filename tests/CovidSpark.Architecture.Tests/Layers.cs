namespace CovidSpark.Architecture.Tests;

/// <summary>
/// The layers of docs/architecture.md as data: which folder (wing) a project may reference, and inside the job library which
/// project may reference which. One table, read by the tests; change it together with the picture in the docs.
/// </summary>
internal static class Layers
{
    /// <summary>The wings a project of each wing may reference (its own wing included where listed).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> WingMayReference = new Dictionary<string, string[]>
    {
        ["jobs"] = ["jobs"],
        ["platform"] = ["platform"],
        ["operations"] = ["platform", "operations"],
        ["adapters"] = ["jobs", "platform"],
        ["hosts"] = ["jobs", "platform", "operations", "adapters", "hosts"],
        // Benchmarks are developer tools over product code; of tests/ they may use only the fixtures kit (see BenchMayReferenceInTests).
        ["bench"] = ["jobs", "platform", "operations", "adapters", "hosts", "tests"],
        ["tests"] = ["jobs", "platform", "operations", "adapters", "hosts", "tests"],
    };

    /// <summary>
    /// Inside <c>jobs/</c>: the API and plan at the bottom, engines above it, the jobs over the API only (a host picks the engine).
    /// A jobs/ project missing here is a failure: place it first.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> JobsMayReference = new Dictionary<string, string[]>
    {
        ["CovidSpark.Spark"] = [],
        // The Delta log library needs the API assembly only for the jobs side's exception root (SparkJobsException).
        ["CovidSpark.Delta"] = ["CovidSpark.Spark"],
        ["CovidSpark.Spark.DuckDb"] = ["CovidSpark.Spark", "CovidSpark.Delta"],
        ["CovidSpark.Spark.Connect"] = ["CovidSpark.Spark"],
        ["CovidSpark.Jobs"] = ["CovidSpark.Spark"],
    };

    /// <summary>The only tests/ project a benchmark may reference: the local stand-ins (loopback HTTP server), never a test project.</summary>
    public static readonly string[] BenchMayReferenceInTests = ["CovidSpark.Testing"];

    /// <summary>The wings whose projects are the product (what test projects are named after).</summary>
    public static readonly string[] ProductWings = ["jobs", "platform", "operations", "adapters", "hosts"];

    /// <summary>
    /// Test projects (they reference Microsoft.NET.Test.Sdk) that test no single product project: this project checks the
    /// whole repository. Every other test project is <c>&lt;product project&gt;.Tests</c> and references that project.
    /// </summary>
    public static readonly string[] TestProjectsOfTheWholeRepository = ["CovidSpark.Architecture.Tests"];

    /// <summary>Package name prefixes the job library's wing never references: jobs run on a laptop and on EMR alike, without AWS.</summary>
    public static readonly string[] PackagesForbiddenInJobs = ["AWSSDK.", "Amazon."];
}
