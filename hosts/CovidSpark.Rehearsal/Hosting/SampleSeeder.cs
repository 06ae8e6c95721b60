using Amazon.S3;
using Amazon.S3.Model;
using CovidSpark.Launcher.Config;
using CovidSpark.Launcher.Planning;

namespace CovidSpark.Rehearsal.Hosting;

/// <summary>One object put into the local S3.</summary>
/// <param name="Bucket">Bucket.</param>
/// <param name="Key">Key.</param>
/// <param name="File">Local file uploaded.</param>
public sealed record SeededObject(string Bucket, string Key, string File);

/// <summary>
/// Puts the sample inputs where the step templates read them: for each scheduled job's rendered arguments, an <c>s3://</c>
/// <c>--input</c> folder gets the sample's daily reports, <c>--lookup</c> the UID lookup table and <c>--indicators</c> the OWID file.
/// </summary>
public static class SampleSeeder
{
    /// <summary>Creates the buckets (if needed) and uploads; returns what was uploaded.</summary>
    /// <exception cref="RehearsalException">A sample file the templates need is missing.</exception>
    public static async Task<IReadOnlyList<SeededObject>> SeedAsync(IAmazonS3 s3, LauncherConfig config, DateRange range, string sampleRoot, CancellationToken ct)
    {
        var objects = Plan(config, range, sampleRoot);
        foreach (var bucket in objects.Select(o => o.Bucket).Distinct(StringComparer.Ordinal))
        {
            try { await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, ct).ConfigureAwait(false); }
            catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists") { }
        }
        foreach (var o in objects)
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = o.Bucket, Key = o.Key, FilePath = o.File }, ct).ConfigureAwait(false);
        return objects;
    }

    /// <summary>What <see cref="SeedAsync"/> would upload.</summary>
    /// <exception cref="RehearsalException">A sample file the templates need is missing.</exception>
    public static IReadOnlyList<SeededObject> Plan(LauncherConfig config, DateRange range, string sampleRoot)
    {
        var result = new List<SeededObject>();
        foreach (var job in config.ScheduledJobs)
        {
            var args = config.Job(job).Render(new StepValues(job, range.From, range.To, config.Bucket, config.LedgerTable)).HadoopJarStep.Args ?? [];
            for (var i = 0; i + 1 < args.Count; i++)
            {
                if (!TrySplit(args[i + 1], out var bucket, out var key)) continue;
                switch (args[i])
                {
                    case "--input" or "-i":
                        var reports = Path.Combine(sampleRoot, "jhu", "daily_reports");
                        var prefix = key.Length == 0 || key.EndsWith('/') ? key : key + "/";
                        result.AddRange(Directory.GetFiles(reports, "*.csv").Order(StringComparer.Ordinal).Select(f => new SeededObject(bucket, prefix + Path.GetFileName(f), f)));
                        break;
                    case "--lookup":
                        result.Add(new SeededObject(bucket, key, Required(Path.Combine(sampleRoot, "jhu", "UID_ISO_FIPS_LookUp_Table.csv"))));
                        break;
                    case "--indicators":
                        var owid = Directory.Exists(Path.Combine(sampleRoot, "owid")) ? Directory.GetFiles(Path.Combine(sampleRoot, "owid"), "*.csv").Order(StringComparer.Ordinal).FirstOrDefault() : null;
                        result.Add(new SeededObject(bucket, key, Required(owid ?? Path.Combine(sampleRoot, "owid", "*.csv"))));
                        break;
                }
            }
        }
        return result.DistinctBy(o => (o.Bucket, o.Key)).ToList();
    }

    /// <summary>
    /// Plays a JHU re-issue of <paramref name="date"/>'s report: in every uploaded copy of it, the Confirmed count of the first row
    /// without quoted fields goes up by 1,000. Returns what changed, for the timeline.
    /// </summary>
    /// <exception cref="RehearsalException">The date's report was not uploaded, or it has no row that can be changed.</exception>
    public static async Task<string> ReissueAsync(IAmazonS3 s3, LauncherConfig config, DateOnly date, string sampleRoot, CancellationToken ct)
    {
        var name = date.ToString("MM-dd-yyyy", System.Globalization.CultureInfo.InvariantCulture) + ".csv";
        var copies = Plan(config, new DateRange(date, date), sampleRoot).Where(o => Path.GetFileName(o.Key) == name).ToList();
        if (copies.Count == 0) throw new RehearsalException("sample data", $"{name} is not among the uploaded reports");
        var lines = await File.ReadAllLinesAsync(copies[0].File, ct).ConfigureAwait(false);
        var header = lines[0].TrimStart('\uFEFF').Split(',');
        var confirmed = Array.FindIndex(header, h => h.Trim().Equals("Confirmed", StringComparison.OrdinalIgnoreCase));
        var row = Array.FindIndex(lines, 1, l => !l.Contains('"', StringComparison.Ordinal) && l.Split(',').Length == header.Length
            && long.TryParse(l.Split(',')[confirmed], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _));
        if (confirmed < 0 || row < 0) throw new RehearsalException("sample data", $"{name} has no row whose Confirmed count can be changed");
        var fields = lines[row].Split(',');
        var before = long.Parse(fields[confirmed], System.Globalization.CultureInfo.InvariantCulture);
        fields[confirmed] = (before + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        lines[row] = string.Join(',', fields);
        var body = string.Join("\n", lines) + "\n";
        foreach (var copy in copies)
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = copy.Bucket, Key = copy.Key, ContentBody = body }, ct).ConfigureAwait(false);
        return $"line {row + 1} of {name}: Confirmed {before} → {before + 1000}";
    }

    private static string Required(string file) =>
        File.Exists(file) ? file : throw new RehearsalException("sample data", $"{file} is missing; the step templates read it");

    private static bool TrySplit(string uri, out string bucket, out string key)
    {
        (bucket, key) = ("", "");
        if (!uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase)) return false;
        var rest = uri[5..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        (bucket, key) = slash < 0 ? (rest, "") : (rest[..slash], rest[(slash + 1)..]);
        return bucket.Length > 0;
    }
}
