namespace CovidSpark.Rehearsal.Hosting;

/// <summary>Finds what the rehearsal needs on disk: the jobs binary, the sample data and the CloudFormation template.</summary>
public static class LocalFiles
{
    /// <summary>Variable naming covidspark-jobs.dll explicitly.</summary>
    public const string JobsDllVariable = "COVIDSPARK_JOBS_DLL";

    /// <summary>The jobs program as built by <c>hosts/CovidSpark.Jobs.Cli</c>.</summary>
    public const string JobsDllName = "covidspark-jobs.dll";

    /// <summary>
    /// <paramref name="given"/>, else <c>COVIDSPARK_JOBS_DLL</c>, else covidspark-jobs.dll next to this program, else the newest build output
    /// <c>hosts/CovidSpark.Jobs.Cli/bin/{Debug,Release}/net10.0/linux-x64/</c> found from the working folder or the program's folder upwards.
    /// </summary>
    /// <exception cref="RehearsalException">Nothing found (build it: <c>dotnet build hosts/CovidSpark.Jobs.Cli</c>).</exception>
    public static string JobsDll(string? given, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(given))
            return File.Exists(given) ? Path.GetFullPath(given) : throw new RehearsalException("jobs binary", $"{given} does not exist");
        if (environment(JobsDllVariable) is { Length: > 0 } fromEnv)
            return File.Exists(fromEnv) ? Path.GetFullPath(fromEnv) : throw new RehearsalException("jobs binary", $"{JobsDllVariable}={fromEnv} does not exist");
        var beside = Path.Combine(AppContext.BaseDirectory, JobsDllName);
        if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))) return beside;
        foreach (var root in Upwards())
        {
            var newest = new[] { "Debug", "Release" }
                .Select(config => new FileInfo(Path.Combine(root, "hosts", "CovidSpark.Jobs.Cli", "bin", config, "net10.0", "linux-x64", JobsDllName)))
                .Where(f => f.Exists).MaxBy(f => f.LastWriteTimeUtc);
            if (newest is not null) return newest.FullName;
        }
        throw new RehearsalException("jobs binary", JobsDllName + " not found; build it (dotnet build hosts/CovidSpark.Jobs.Cli) or pass --jobs-dll / set " + JobsDllVariable);
    }

    /// <summary><paramref name="given"/>, else the first <c>data/sample</c> from the working folder or the program's folder upwards.</summary>
    /// <exception cref="RehearsalException">No sample folder with jhu/daily_reports.</exception>
    public static string SampleRoot(string? given)
    {
        var found = !string.IsNullOrWhiteSpace(given) ? given : Upwards().Select(r => Path.Combine(r, "data", "sample")).FirstOrDefault(Directory.Exists);
        if (found is null || !Directory.Exists(Path.Combine(found, "jhu", "daily_reports")))
            throw new RehearsalException("sample data", $"{found ?? "data/sample"} has no jhu/daily_reports folder; pass --sample <folder>");
        return Path.GetFullPath(found);
    }

    /// <summary><paramref name="given"/>, else the first <c>deploy/template.yaml</c> from the working folder or the program's folder upwards.</summary>
    /// <exception cref="RehearsalException">No template found.</exception>
    public static string Template(string? given)
    {
        var found = !string.IsNullOrWhiteSpace(given) ? given : Upwards().Select(r => Path.Combine(r, "deploy", "template.yaml")).FirstOrDefault(File.Exists);
        if (found is null || !File.Exists(found))
            throw new RehearsalException("template", $"{found ?? "deploy/template.yaml"} not found; pass --template <file> (the roles' policies are rehearsed from it)");
        return Path.GetFullPath(found);
    }

    private static IEnumerable<string> Upwards()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                yield return dir.FullName;
    }
}
